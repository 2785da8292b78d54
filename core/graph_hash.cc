#include "core/graph_hash.h"

#include <cstdio>
#include <map>
#include <utility>

#include "core/text.h"

namespace graphgen {
namespace {

constexpr uint64_t kFnv64Prime = 0x100000001b3ULL;

uint32_t Fold(uint64_t h) { return static_cast<uint32_t>(h ^ (h >> 32)); }

// Canonical serialization: every field is self-delimiting, so "ab"+"c" and "a"+"bc"
// serialize differently.
class Writer {
 public:
  void Str(std::string_view s) {
    out_ += std::to_string(s.size());
    out_ += ':';
    out_.append(s.data(), s.size());
  }
  void Int(int64_t v) {
    out_ += std::to_string(v);
    out_ += ';';
  }
  void Type(const TensorType& t) {
    Int(static_cast<int>(t.dtype));
    if (!t.rank_known) {
      Str("?");
      return;
    }
    Int(static_cast<int64_t>(t.dims.size()));
    for (const Dim& d : t.dims) {
      Int(d.value);
      if (d.value < 0) Str(d.symbol);
    }
  }
  const std::string& text() const { return out_; }
  void Clear() { out_.clear(); }

 private:
  std::string out_;
};

const char* KindTag(NodeKind kind) {
  switch (kind) {
    case NodeKind::kOp:
      return "op";
    case NodeKind::kInput:
      return "input";
    case NodeKind::kOutput:
      return "output";
    case NodeKind::kGroup:
      return "group";
  }
  return "?";
}

std::string Hex(uint64_t v, int digits) {
  char buf[17];
  std::snprintf(buf, sizeof(buf), "%0*llx", digits, static_cast<unsigned long long>(v));
  return buf;
}

bool ParseHex32(std::string_view s, uint32_t* v) {
  if (s.size() != 8) return false;
  uint32_t r = 0;
  for (char c : s) {
    int d;
    if (c >= '0' && c <= '9') {
      d = c - '0';
    } else if (c >= 'a' && c <= 'f') {
      d = c - 'a' + 10;
    } else {
      return false;
    }
    r = (r << 4) | static_cast<uint32_t>(d);
  }
  *v = r;
  return true;
}

// "3 nodes changed (a, b, c, …)": the count, then up to `max_names` names.
std::string Counted(const std::vector<std::string>& names, const std::string& what,
                    size_t max_names) {
  std::string s = std::to_string(names.size()) + " " + what;
  if (names.empty() || max_names == 0) return s;
  s += " (";
  for (size_t i = 0; i < names.size() && i < max_names; ++i) {
    if (i > 0) s += ", ";
    s += Quote(names[i], 40);
  }
  if (names.size() > max_names) s += ", ...";
  return s + ")";
}

}  // namespace

uint64_t Fnv1a64(std::string_view data, uint64_t seed) {
  uint64_t h = seed;
  for (unsigned char c : data) {
    h ^= c;
    h *= kFnv64Prime;
  }
  return h;
}

GraphFingerprint FingerprintGraph(const LayerGraph& graph) {
  GraphFingerprint fp;
  Writer whole;
  whole.Str("graphgen-graph-v1");
  whole.Str(graph.format);
  whole.Str(graph.graph_name);
  whole.Int(static_cast<int64_t>(graph.nodes.size()));
  uint64_t h = Fnv1a64(whole.text());

  // Unnamed nodes are told apart by their position among unnamed nodes of the same op in
  // the same scope, which survives edits elsewhere in the model.
  std::map<std::pair<std::string, std::string>, int> unnamed_seen;
  const auto tensor_name = [&](int t) -> std::string_view {
    return t >= 0 && t < static_cast<int>(graph.tensors.size())
               ? std::string_view(graph.tensors[t].name)
               : std::string_view("?");
  };
  Writer w;
  for (const Node& n : graph.nodes) {
    const std::string& scope_path = n.scope >= 0 && n.scope < static_cast<int>(graph.scopes.size())
                                        ? graph.scopes[n.scope].path
                                        : std::string();
    NodeHash nh;

    w.Clear();
    w.Str(KindTag(n.kind));
    if (!n.name.empty()) {
      w.Str(n.name);
    } else {
      const int ordinal = unnamed_seen[{n.op_type, scope_path}]++;
      w.Str("");
      w.Str(n.op_type);
      w.Str(scope_path);
      w.Int(ordinal);
    }
    const std::string id_text = w.text();
    nh.id = Fold(Fnv1a64(id_text));

    w.Clear();
    w.Str(n.op_type);
    w.Str(n.domain);
    w.Str(scope_path);
    w.Int(n.params);
    w.Int(n.op_count);
    w.Str(n.activation);
    w.Int(static_cast<int64_t>(n.attributes.size()));
    for (const Attribute& a : n.attributes) {
      w.Str(a.name);
      w.Str(a.value);
    }
    w.Int(static_cast<int64_t>(n.inputs.size()));
    for (int t : n.inputs) w.Str(tensor_name(t));
    w.Int(static_cast<int64_t>(n.outputs.size()));
    for (int t : n.outputs) w.Str(tensor_name(t));
    const std::string structure_text = w.text();
    nh.structure = Fold(Fnv1a64(structure_text));

    w.Clear();
    for (int t : n.outputs) {
      if (t >= 0 && t < static_cast<int>(graph.tensors.size())) {
        w.Type(graph.tensors[t].type);
      } else {
        w.Str("?");
      }
    }
    nh.shapes = Fold(Fnv1a64(w.text()));

    // The whole hash takes the full records, not the folded parts.
    h = Fnv1a64(id_text, h);
    h = Fnv1a64(structure_text, h);
    h = Fnv1a64(w.text(), h);
    fp.nodes.push_back(nh);
  }
  w.Clear();
  w.Int(static_cast<int64_t>(graph.nesting_edges.size()));
  for (const auto& [from, to] : graph.nesting_edges) {
    w.Int(from);
    w.Int(to);
  }
  // Only graphs with control dependencies hash them, so every other graph's hash (and
  // the diagrams that record it) stays what it was before they were read.
  if (!graph.control_edges.empty()) {
    w.Str("control");
    w.Int(static_cast<int64_t>(graph.control_edges.size()));
    for (const auto& [from, to] : graph.control_edges) {
      w.Int(from);
      w.Int(to);
    }
  }
  fp.hash = Fnv1a64(w.text(), h);
  return fp;
}

std::string FormatGraphHash(uint64_t hash) { return "fnv1a64:" + Hex(hash, 16); }

std::string FormatNodeHashes(const std::vector<NodeHash>& nodes) {
  std::string s;
  s.reserve(nodes.size() * 25);
  for (size_t i = 0; i < nodes.size(); ++i) {
    if (i > 0) s += '.';
    s += Hex(nodes[i].id, 8);
    s += Hex(nodes[i].structure, 8);
    s += Hex(nodes[i].shapes, 8);
  }
  return s;
}

bool ParseNodeHashes(std::string_view text, std::vector<NodeHash>* nodes) {
  nodes->clear();
  if (text.empty()) return true;
  size_t pos = 0;
  while (true) {
    if (text.size() - pos < 24) return false;
    NodeHash nh;
    if (!ParseHex32(text.substr(pos, 8), &nh.id) ||
        !ParseHex32(text.substr(pos + 8, 8), &nh.structure) ||
        !ParseHex32(text.substr(pos + 16, 8), &nh.shapes)) {
      return false;
    }
    nodes->push_back(nh);
    pos += 24;
    if (pos == text.size()) return true;
    if (text[pos] != '.') return false;
    ++pos;
  }
}

std::string DescribeNodeChanges(const std::vector<NodeHash>& before,
                                const std::vector<NodeHash>& now, const LayerGraph& graph,
                                size_t max_names) {
  // Match by id in model order; a repeated id matches its occurrences in turn.
  std::map<uint32_t, std::vector<size_t>> old_by_id;
  for (size_t i = before.size(); i-- > 0;) old_by_id[before[i].id].push_back(i);
  std::vector<std::string> changed, reshaped, added;
  size_t matched = 0;
  for (size_t i = 0; i < now.size(); ++i) {
    const std::string name = i < graph.nodes.size() ? graph.DisplayName(static_cast<int>(i)) : "?";
    auto it = old_by_id.find(now[i].id);
    if (it == old_by_id.end() || it->second.empty()) {
      added.push_back(name);
      continue;
    }
    const NodeHash& old = before[it->second.back()];
    it->second.pop_back();
    ++matched;
    if (old.structure != now[i].structure) {
      changed.push_back(name);
    } else if (old.shapes != now[i].shapes) {
      reshaped.push_back(name);
    }
  }
  const size_t removed = before.size() - matched;
  std::string s;
  const auto add = [&](const std::string& part) {
    if (!s.empty()) s += ", ";
    s += part;
  };
  const auto nodes = [](size_t n, const char* what) {
    return std::string(n == 1 ? "node " : "nodes ") + what;
  };
  if (!changed.empty()) add(Counted(changed, nodes(changed.size(), "changed"), max_names));
  if (!reshaped.empty()) {
    add(Counted(reshaped, nodes(reshaped.size(), "with new shapes"), max_names));
  }
  if (!added.empty()) add(Counted(added, nodes(added.size(), "added"), max_names));
  if (removed > 0) add(std::to_string(removed) + " " + nodes(removed, "removed"));
  if (s.empty() && !(before == now)) s = "node order changed";
  return s;
}

}  // namespace graphgen
