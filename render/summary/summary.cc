#include "render/summary/summary.h"

#include <algorithm>
#include <vector>

#include "core/checked_math.h"
#include "core/text.h"
#include "passes/fuse_chains/fuse_chains.h"

namespace graphgen {
namespace {

constexpr size_t kNameWidth = 44;
constexpr size_t kShapeWidth = 26;
constexpr size_t kParamWidth = 14;

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

std::string Fit(const std::string& s, size_t width) { return Quote(s, width - 5); }

}  // namespace

std::string FormatSummary(const LayerGraph& graph, const std::string& title) {
  const size_t total_width = kNameWidth + kShapeWidth + kParamWidth;
  std::string out;
  out += "Model: \"" + Quote(title, 120) + "\" (" + graph.format +
         (graph.producer.empty() ? "" : ", " + graph.producer) + ")\n";
  out += std::string(total_width, '_') + "\n";
  out += Pad("Layer (type)", kNameWidth) + Pad("Output Shape", kShapeWidth) + "Param #\n";
  out += std::string(total_width, '=') + "\n";
  // A folded run is one row: its outermost fold scope, at its first node.
  std::vector<bool> row_done(graph.scopes.size(), false);
  for (size_t i = 0; i < graph.nodes.size(); ++i) {
    const Node& node = graph.nodes[i];
    int fold = -1;
    for (int s = node.scope; s > 0; s = graph.scopes[s].parent) {
      if (graph.scopes[s].kind == ScopeKind::kRepeat) fold = s;
    }
    if (fold >= 0) {
      if (row_done[fold]) continue;
      row_done[fold] = true;
      const Scope& scope = graph.scopes[fold];
      // "encoder/layers (×12, 36 ops each)": the count stays when a long path is clipped.
      const std::string type = "\xC3\x97" + std::to_string(scope.repeat.repeats) +
                               (scope.repeat.alike ? " alike" : "") + ", " +
                               std::to_string(scope.repeat.block_ops) + " ops each";
      const Scope& parent = graph.scopes[scope.parent];
      const std::string run = (scope.parent > 0 ? parent.path + "/" : "") +
                              (scope.repeat.name.empty() ? scope.name : scope.repeat.name);
      const size_t room = kNameWidth - std::min(kNameWidth - 12, Columns(type) + 3);
      const std::string name = Fit(run, room) + " (" + type + ")";
      out += Pad(name, kNameWidth) + Pad(Fit(scope.repeat.shape_out, kShapeWidth), kShapeWidth) +
             GroupedCount(scope.repeat.params) + "\n";
      continue;
    }
    std::string type = ChainLabel(node);  // a fused chain is one row: "Conv · BN · Relu"
    if (node.kind == NodeKind::kGroup) type = std::to_string(node.op_count) + " ops";
    const std::string name =
        Fit(graph.DisplayName(static_cast<int>(i)) + " (" + type + ")", kNameWidth);
    const int64_t params = SaturatingMul(node.params, node.copies);
    const std::vector<int>& tensors = node.kind == NodeKind::kOutput ? node.inputs : node.outputs;
    std::vector<std::string> shapes;
    for (int t : tensors) shapes.push_back(Fit(FormatShape(graph.tensors[t].type), kShapeWidth));
    if (shapes.empty()) shapes.push_back("");
    for (size_t k = 0; k < shapes.size(); ++k) {
      out += Pad(k == 0 ? name : "", kNameWidth) + Pad(shapes[k], kShapeWidth) +
             (k == 0 ? GroupedCount(params) : "") + "\n";
    }
  }
  out += std::string(total_width, '=') + "\n";
  const int64_t total = graph.TotalParams();
  out += "Total params: " + GroupedCount(total) +
         (total == kSaturatedCount ? "" : " (" + HumanCount(total) + ")") + "\n";
  out += "Nodes: " + GroupedCount(static_cast<int64_t>(graph.nodes.size())) +
         "  Edges: " + GroupedCount(graph.EdgeCount()) + "\n";
  out += std::string(total_width, '_') + "\n";
  return out;
}

}  // namespace graphgen
