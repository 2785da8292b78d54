#include "render/summary/summary.h"

#include <algorithm>
#include <set>
#include <vector>

#include "core/checked_math.h"
#include "core/text.h"
#include "passes/fuse_chains/fuse_chains.h"

namespace graphgen {
namespace {

constexpr size_t kNameWidth = 44;
constexpr size_t kShapeWidth = 26;
constexpr size_t kParamWidth = 14;
constexpr size_t kConnectedWidth = 30;
// A cell wraps over at most this many lines; past that its text is clipped. A layer's type
// is kept whole either way: "a/very/long/scope/... (Conv)".
constexpr size_t kMaxCellLines = 3;

// Display width in characters (UTF-8 code points), for column alignment.
size_t Columns(const std::string& s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

std::string Pad(std::string s, size_t width) {
  const size_t cols = Columns(s);
  if (cols < width) s.append(width - cols, ' ');
  return s;
}

// `text` over lines one column narrower than `width` (a space separates columns).
std::vector<std::string> Wrap(const std::string& text, size_t width) {
  std::vector<std::string> lines;
  for (std::string_view piece : SplitForLines(text, width - 1)) lines.emplace_back(piece);
  return lines;
}

// "name (type)" wrapped in the layer column; a long name is clipped, never the type.
std::vector<std::string> LayerCell(const std::string& name, const std::string& type) {
  // The type is the file's too (an op type, a custom op's name): sanitised like the name.
  const std::string suffix = " (" + SanitizeUtf8(type) + ")";
  const size_t room = kMaxCellLines * (kNameWidth - 1);
  // Quote adds "..." to a clipped name; the wrap may start the suffix on a fresh line.
  const size_t name_room = room > suffix.size() + 15 ? room - suffix.size() - 3 : 12;
  return Wrap(Quote(name, name_room) + suffix, kNameWidth);
}

// "N×3×224×224" as Keras prints shapes: "(None, 3, 224, 224)", every dim that is not a
// number (symbolic or unknown) as None, "()" for a scalar, "(5,)" for one dim.
std::string KerasShape(const std::string& shape) {
  if (shape == "scalar") return "()";
  if (shape.empty() || shape == "?") return shape;
  std::vector<std::string> dims;
  size_t start = 0;
  const std::string times = "\xC3\x97";
  while (true) {
    const size_t end = shape.find(times, start);
    const std::string dim = shape.substr(start, end == std::string::npos ? end : end - start);
    const bool number = !dim.empty() && std::all_of(dim.begin(), dim.end(),
                                                    [](char c) { return c >= '0' && c <= '9'; });
    dims.push_back(number ? dim : "None");
    if (end == std::string::npos) break;
    start = end + times.size();
  }
  std::string out = "(";
  for (size_t i = 0; i < dims.size(); ++i) out += (i > 0 ? ", " : "") + dims[i];
  return out + (dims.size() == 1 ? ",)" : ")");
}

// One table row: each cell a column of lines.
struct Row {
  std::vector<std::string> layer, shapes, params, connected;
};

class SummaryWriter {
 public:
  SummaryWriter(const LayerGraph& graph, const SummaryOptions& options) : g_(graph), o_(options) {
    // Keras shows "Connected to" for models that are not a plain stack: here, when a
    // layer reads more than one tensor.
    for (const Node& node : g_.nodes) {
      if (node.kind != NodeKind::kOutput && node.inputs.size() > 1) connected_ = true;
    }
  }

  std::string Format(const std::string& title) {
    const size_t width =
        kNameWidth + kShapeWidth + kParamWidth + (connected_ ? kConnectedWidth : 0);
    const std::string name = g_.graph_name.empty() ? title : g_.graph_name;
    std::string about = g_.format;
    if (!g_.producer.empty()) about += (about.empty() ? "" : ", ") + Quote(g_.producer, 80);
    if (name != title) about += (about.empty() ? "" : "; ") + Quote(title, 120);
    std::string out =
        "Model: \"" + Quote(name, 120) + "\"" + (about.empty() ? "" : " (" + about + ")") + "\n";
    out += std::string(width, '_') + "\n";
    Row header;
    header.layer = {"Layer (type)"};
    header.shapes = {"Output Shape"};
    header.params = {"Param #"};
    header.connected = {"Connected to"};
    out += Lines(header);
    out += std::string(width, '=') + "\n";
    for (const Row& row : Rows()) out += Lines(row);
    out += std::string(width, '=') + "\n";
    const int64_t total = g_.TotalParams(), frozen = g_.TotalFrozenParams();
    // A saturated total says it is a bound ("≥ 9.2e18") once, with no human form after it.
    out += "Total params: " + GroupedCount(total) +
           (total == kSaturatedCount ? "" : " (" + HumanCount(total) + ")") + "\n";
    out += "Trainable params: " + GroupedCount(total == kSaturatedCount ? total : total - frozen) +
           "\n";
    out += "Non-trainable params: " + GroupedCount(frozen) + "\n";
    out += "Nodes: " + GroupedCount(static_cast<int64_t>(g_.nodes.size())) +
           "  Edges: " + GroupedCount(g_.EdgeCount()) + "\n";
    out += std::string(width, '_') + "\n";
    return out;
  }

 private:
  std::string Shape(const std::string& graphgen_shape) const {
    return o_.keras_shapes ? KerasShape(graphgen_shape) : graphgen_shape;
  }

  std::vector<std::string> ShapeCell(const std::string& shape) const {
    std::vector<std::string> lines = Wrap(Shape(shape), kShapeWidth);
    if (lines.size() > kMaxCellLines) lines.resize(kMaxCellLines);
    return lines;
  }

  // The layers a node reads from, each once, in input order.
  std::vector<std::string> ConnectedCell(const Node& node) const {
    std::vector<std::string> names;
    std::set<int> seen;
    for (int t : node.inputs) {
      const int p = g_.tensors[t].producer;
      if (p < 0 || !seen.insert(p).second) continue;
      names.push_back(Quote(g_.DisplayName(p), kConnectedWidth - 2));
    }
    return names;
  }

  std::vector<Row> Rows() const {
    std::vector<Row> rows;
    // A folded run is one row: its outermost fold scope, at its first node.
    std::vector<bool> row_done(g_.scopes.size(), false);
    for (size_t i = 0; i < g_.nodes.size(); ++i) {
      const Node& node = g_.nodes[i];
      int fold = -1;
      for (int s = node.scope; s > 0; s = g_.scopes[s].parent) {
        if (g_.scopes[s].kind == ScopeKind::kRepeat) fold = s;
      }
      Row row;
      if (fold >= 0) {
        if (row_done[fold]) continue;
        row_done[fold] = true;
        const Scope& scope = g_.scopes[fold];
        // "encoder/layers (×12, 36 ops each)".
        const std::string type = "\xC3\x97" + std::to_string(scope.repeat.repeats) +
                                 (scope.repeat.alike ? " alike" : "") + ", " +
                                 std::to_string(scope.repeat.block_ops) + " ops each";
        const Scope& parent = g_.scopes[scope.parent];
        const std::string run = (scope.parent > 0 ? parent.path + "/" : "") +
                                (scope.repeat.name.empty() ? scope.name : scope.repeat.name);
        row.layer = LayerCell(run, type);
        row.shapes = ShapeCell(scope.repeat.shape_out);
        row.params = {GroupedCount(scope.repeat.params)};
        if (connected_) row.connected = ConnectedCell(node);
        rows.push_back(std::move(row));
        continue;
      }
      std::string type = ChainLabel(node);  // a fused chain is one row: "Conv · BN · Relu"
      if (node.kind == NodeKind::kGroup) type = std::to_string(node.op_count) + " ops";
      row.layer = LayerCell(g_.DisplayName(static_cast<int>(i)), type);
      const std::vector<int>& tensors = node.kind == NodeKind::kOutput ? node.inputs : node.outputs;
      for (int t : tensors) {
        for (std::string& line : ShapeCell(FormatShape(g_.tensors[t].type))) {
          row.shapes.push_back(std::move(line));
        }
      }
      row.params = {GroupedCount(SaturatingMul(node.params, node.copies))};
      if (connected_) row.connected = ConnectedCell(node);
      rows.push_back(std::move(row));
    }
    return rows;
  }

  std::string Lines(const Row& row) const {
    const size_t height = std::max({row.layer.size(), row.shapes.size(), row.params.size(),
                                    connected_ ? row.connected.size() : size_t{0}, size_t{1}});
    const auto at = [](const std::vector<std::string>& cell, size_t k) {
      return k < cell.size() ? cell[k] : std::string();
    };
    std::string out;
    for (size_t k = 0; k < height; ++k) {
      std::string line = Pad(at(row.layer, k), kNameWidth) + Pad(at(row.shapes, k), kShapeWidth);
      if (connected_) {
        line += Pad(at(row.params, k), kParamWidth) + at(row.connected, k);
      } else {
        line += at(row.params, k);
      }
      while (!line.empty() && line.back() == ' ') line.pop_back();
      out += line + "\n";
    }
    return out;
  }

  const LayerGraph& g_;
  const SummaryOptions& o_;
  bool connected_ = false;
};

}  // namespace

std::string FormatSummary(const LayerGraph& graph, const std::string& title,
                          const SummaryOptions& options) {
  return SummaryWriter(graph, options).Format(title);
}

}  // namespace graphgen
