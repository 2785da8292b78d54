#include "passes/op_patterns/op_patterns.h"

#include <algorithm>
#include <cctype>

#include "core/checked_math.h"
#include "core/text.h"
#include "passes/op_patterns/op_patterns_internal.h"

namespace graphgen {
namespace {

std::string Trim(std::string_view s) {
  size_t a = 0, b = s.size();
  while (a < b && std::isspace(static_cast<unsigned char>(s[a]))) ++a;
  while (b > a && std::isspace(static_cast<unsigned char>(s[b - 1]))) --b;
  return std::string(s.substr(a, b - a));
}

std::vector<std::string> Split(std::string_view s, char sep) {
  std::vector<std::string> parts;
  size_t start = 0;
  while (start <= s.size()) {
    size_t end = s.find(sep, start);
    if (end == std::string_view::npos) end = s.size();
    parts.push_back(Trim(s.substr(start, end - start)));
    start = end + 1;
  }
  return parts;
}

// Readers of one tensor tried for one step.
constexpr int kMaxCandidates = 64;

// The matcher over one graph: which node each tensor's readers are, who is taken.
class Matcher {
 public:
  explicit Matcher(const LayerGraph& g) : g_(g), taken_(g.nodes.size(), false) {}

  // The nodes of a match of `p` anchored at `anchor` (one per step, -1 for a missing
  // optional step), or empty when there is none.
  std::vector<int> Match(const OpPattern& p, int anchor) const {
    const Node& a = g_.nodes[anchor];
    if (a.kind != NodeKind::kOp || taken_[anchor] || !HasOp(p.steps[0], a.op_type)) return {};
    // The anchor's refs are all x: x is its first data input.
    const int x = FirstDataInput(a);
    if (x < 0) return {};
    const int from = g_.tensors[x].producer;
    if (from >= 0 && std::find(p.not_after.begin(), p.not_after.end(), g_.nodes[from].op_type) !=
                         p.not_after.end()) {
      return {};
    }
    std::vector<int> nodes(p.steps.size(), -1);
    std::vector<int> value(p.steps.size(), -1);  // each step's output tensor
    if (!Fits(p.steps[0], anchor, x, value, nodes)) return {};
    nodes[0] = anchor;
    value[0] = a.outputs.empty() ? -1 : a.outputs[0];
    for (size_t k = 1; k < p.steps.size(); ++k) {
      const PatternStep& step = p.steps[k];
      const int lead = Resolve(step.refs[0], x, value);
      int found = -1;
      if (lead >= 0) {
        // A layer's inner tensors have a few readers; a tensor read by thousands (a
        // stranger's file) is looked at no further than this, which keeps matching linear.
        int looked = 0;
        for (int c : g_.tensors[lead].consumers) {
          if (++looked > kMaxCandidates) break;
          if (std::find(nodes.begin(), nodes.end(), c) != nodes.end()) continue;
          if (Fits(step, c, x, value, nodes)) {
            found = c;
            break;
          }
        }
      }
      if (found < 0) {
        if (!step.optional) return {};
        value[k] = lead;  // a missing step passes its first input on
        continue;
      }
      nodes[k] = found;
      value[k] = g_.nodes[found].outputs[0];
    }
    if (!Contained(nodes, value.back())) return {};
    return nodes;
  }

  void Take(const std::vector<int>& nodes) {
    for (int n : nodes) {
      if (n >= 0) taken_[n] = true;
    }
  }

 private:
  static bool HasOp(const PatternStep& step, const std::string& op) {
    return std::find(step.ops.begin(), step.ops.end(), op) != step.ops.end();
  }

  static int Resolve(int ref, int x, const std::vector<int>& value) {
    return ref < 0 ? x : value[ref];
  }

  // A tensor no op computes: an initializer, or a constant's output.
  bool IsWeight(int t) const {
    const int p = g_.tensors[t].producer;
    if (p < 0) return true;
    const Node& n = g_.nodes[p];
    return n.kind == NodeKind::kOp && n.inputs.empty() &&
           (n.op_type == "Constant" || n.op_type == "Const" || n.op_type == "Identity");
  }

  int FirstDataInput(const Node& n) const {
    for (int t : n.inputs) {
      if (!IsWeight(t)) return t;
    }
    return -1;
  }

  // Whether node `id` is the step: its op, one output, unmatched, and its data inputs are
  // the step's refs (in order unless any_order), anything more being weights.
  bool Fits(const PatternStep& step, int id, int x, const std::vector<int>& value,
            const std::vector<int>& nodes) const {
    const Node& n = g_.nodes[id];
    if (n.kind != NodeKind::kOp || taken_[id] || !HasOp(step, n.op_type)) return false;
    if (n.outputs.empty() || n.scope != ScopeOf(nodes, id)) return false;
    // Extra outputs are allowed only when nothing reads them (Dropout's mask).
    for (size_t o = 1; o < n.outputs.size(); ++o) {
      if (!g_.tensors[n.outputs[o]].consumers.empty()) return false;
    }
    std::vector<int> want;
    for (int r : step.refs) {
      const int t = Resolve(r, x, value);
      if (t < 0) return false;
      want.push_back(t);
    }
    std::vector<int> data;
    for (int t : n.inputs) {
      if (std::find(want.begin(), want.end(), t) != want.end() || !IsWeight(t)) data.push_back(t);
    }
    if (step.any_order) {
      std::vector<int> a = want, b = data;
      std::sort(a.begin(), a.end());
      std::sort(b.begin(), b.end());
      return a == b;
    }
    return data == want;
  }

  // The scope every step must share: the first matched node's (the anchor's), or the
  // candidate's own while there is none yet.
  int ScopeOf(const std::vector<int>& nodes, int candidate) const {
    for (int n : nodes) {
      if (n >= 0) return g_.nodes[n].scope;
    }
    return g_.nodes[candidate].scope;
  }

  // Every output of the match's ops but the last step's is read only inside the match.
  bool Contained(const std::vector<int>& nodes, int result) const {
    for (int n : nodes) {
      if (n < 0) continue;
      for (int t : g_.nodes[n].outputs) {
        if (t == result) continue;
        for (int c : g_.tensors[t].consumers) {
          if (std::find(nodes.begin(), nodes.end(), c) == nodes.end()) return false;
        }
      }
    }
    return true;
  }

  const LayerGraph& g_;
  std::vector<bool> taken_;
};

// The box's name: the module that holds these ops and nothing else ("/embeddings/LayerNorm"
// for "/embeddings/LayerNorm/ReduceMean"), else the anchor's own name (a Linear inside an
// attention module is not the module).
std::string BoxName(const LayerGraph& g, const std::vector<int>& members, int anchor,
                    size_t ops_in_scope) {
  const int scope = g.nodes[anchor].scope;
  if (scope == 0 || ops_in_scope != members.size() || !g.scopes[scope].children.empty()) {
    return g.nodes[anchor].name;
  }
  return SharedModuleName(g, members, anchor);
}

}  // namespace

std::string SharedModuleName(const LayerGraph& g, const std::vector<int>& members, int anchor) {
  const std::string& first = g.nodes[members[0]].name;
  size_t common = first.size();
  for (int m : members) {
    const std::string& name = g.nodes[m].name;
    size_t i = 0;
    while (i < common && i < name.size() && name[i] == first[i]) ++i;
    common = i;
  }
  const size_t cut = first.substr(0, common).find_last_of("/.");
  if (cut != std::string::npos && cut > 0) return first.substr(0, cut);
  return g.nodes[anchor].name;
}

void MakeBox(LayerGraph& graph, const BoxSpec& spec, const std::vector<size_t>& ops_in_scope,
             std::vector<bool>* remove, std::vector<int>* new_id) {
  std::vector<int> members = spec.members;
  std::sort(members.begin(), members.end());
  // External inputs in first-use order, members in model order.
  std::vector<int> inputs;
  for (int m : members) {
    for (int t : graph.nodes[m].inputs) {
      const int p = graph.tensors[t].producer;
      const bool inside = p >= 0 && std::binary_search(members.begin(), members.end(), p);
      if (!inside && std::find(inputs.begin(), inputs.end(), t) == inputs.end()) {
        inputs.push_back(t);
      }
    }
  }
  Node box = graph.nodes[spec.last];
  box.op_type = spec.op_type;
  box.detail = spec.detail;
  box.name = !spec.name.empty() ? spec.name
                                : BoxName(graph, members, spec.anchor,
                                          ops_in_scope[graph.nodes[spec.anchor].scope]);
  box.inputs = inputs;
  box.params = box.frozen_params = box.shared_params = box.op_count = 0;
  box.attributes =
      spec.keep_anchor_attributes ? graph.nodes[spec.anchor].attributes : std::vector<Attribute>();
  box.pattern_ops.clear();
  box.shape_ops.clear();
  for (int m : members) {
    const Node& n = graph.nodes[m];
    box.params = SaturatingAdd(box.params, n.params);
    box.frozen_params = SaturatingAdd(box.frozen_params, n.frozen_params);
    box.shared_params = SaturatingAdd(box.shared_params, n.shared_params);
    box.op_count = SaturatingAdd(box.op_count, n.op_count);
    if (box.activation.empty()) box.activation = n.activation;
    // A member that was itself a box (a Linear inside attention) lists its own ops.
    if (n.pattern_ops.empty()) {
      box.pattern_ops.push_back({n.name, n.op_type, false});
    } else {
      box.pattern_ops.insert(box.pattern_ops.end(), n.pattern_ops.begin(), n.pattern_ops.end());
    }
    for (const FusedOp& op : n.shape_ops) {
      const bool listed = std::any_of(box.shape_ops.begin(), box.shape_ops.end(),
                                      [&](const FusedOp& o) { return o.name == op.name; });
      if (!listed) box.shape_ops.push_back(op);
    }
    if (m != spec.last) {
      (*remove)[m] = true;
      (*new_id)[m] = spec.last;
    }
  }
  graph.nodes[spec.last] = std::move(box);
}

StatusOr<OpPattern> ParseOpPattern(const OpPatternSpec& spec) {
  OpPattern p;
  p.name = std::string(spec.name);
  const auto bad = [&](const std::string& why) {
    return Internal("op pattern '" + p.name + "' (" + std::string(spec.steps) + "): " + why);
  };
  for (const std::string& text : Split(spec.steps, ';')) {
    const size_t open = text.find('('), close = text.rfind(')');
    if (open == std::string::npos || close != text.size() - 1 || close < open) {
      return bad("step '" + text + "' is not OPS(REFS)");
    }
    PatternStep step;
    std::string ops = text.substr(0, open);
    while (!ops.empty() && (ops.back() == '*' || ops.back() == '?')) {
      (ops.back() == '*' ? step.any_order : step.optional) = true;
      ops.pop_back();
    }
    step.ops = Split(ops, '|');
    for (const std::string& ref : Split(text.substr(open + 1, close - open - 1), ',')) {
      if (ref == "x") {
        step.refs.push_back(-1);
      } else if (!ref.empty() && std::all_of(ref.begin(), ref.end(), ::isdigit) &&
                 std::stoi(ref) < static_cast<int>(p.steps.size())) {
        step.refs.push_back(std::stoi(ref));
      } else {
        return bad("step '" + text + "' refers to '" + ref + "', not x or an earlier step");
      }
    }
    if (p.steps.empty()) {
      if (step.optional) return bad("the anchor cannot be optional");
      for (int r : step.refs) {
        if (r != -1) return bad("the anchor's inputs can only be x");
      }
    }
    p.steps.push_back(std::move(step));
  }
  if (p.steps.empty()) return bad("no steps");
  if (!spec.not_after.empty()) p.not_after = Split(spec.not_after, '|');
  if (p.steps.back().optional && p.steps.size() == 1) return bad("nothing to match");
  return p;
}

PatternResult ApplyOpPatterns(LayerGraph& graph) {
  PatternResult result;
  const std::map<std::string, std::string> renames = OpRenameTable();
  for (Node& n : graph.nodes) {
    if (n.kind != NodeKind::kOp) continue;
    const auto it = renames.find(n.op_type);
    if (it == renames.end()) continue;
    n.pattern_ops.push_back({n.name, n.op_type, false});
    n.op_type = it->second;
    ++result.renamed;
  }
  Matcher matcher(graph);
  std::vector<size_t> ops_in_scope(graph.scopes.size(), 0);
  for (const Node& n : graph.nodes) ops_in_scope[n.scope] += n.kind == NodeKind::kOp;
  std::vector<bool> remove(graph.nodes.size(), false);
  std::vector<int> new_id(graph.nodes.size());
  for (size_t i = 0; i < new_id.size(); ++i) new_id[i] = static_cast<int>(i);
  for (const OpPatternSpec& spec : OpPatternTable()) {
    auto pattern = ParseOpPattern(spec);
    if (!pattern.ok()) continue;  // op_patterns_test parses every row
    for (size_t a = 0; a < graph.nodes.size(); ++a) {
      std::vector<int> nodes = matcher.Match(*pattern, static_cast<int>(a));
      if (nodes.empty()) continue;
      matcher.Take(nodes);
      std::vector<int> members;
      for (int n : nodes) {
        if (n >= 0) members.push_back(n);
      }
      int last = -1;
      for (int n : nodes) last = n >= 0 ? n : last;
      BoxSpec box;
      box.op_type = pattern->name == "@0" ? graph.nodes[nodes[0]].op_type : pattern->name;
      box.members = members;
      box.anchor = nodes[0];
      box.last = last;
      box.keep_anchor_attributes = pattern->name == "@0";
      MakeBox(graph, box, ops_in_scope, &remove, &new_id);
      ++result.matches[graph.nodes[last].op_type];
    }
  }
  if (!result.matches.empty()) {
    graph.RedirectNodes(new_id);
    graph.RemoveNodes(remove);  // relinks the tensors
  }
  // Attention is found on the graph its projections were drawn in (Linear boxes).
  ApplyAttentionPatterns(graph, &result.matches);
  return result;
}

Status OpPatternsPass::Run(LayerGraph& graph, PassContext& context) const {
  const size_t before = graph.nodes.size();
  const PatternResult result = ApplyOpPatterns(graph);
  std::string what;
  for (const auto& [name, count] : result.matches) {
    what += (what.empty() ? "" : ", ") + std::to_string(count) + " " + name;
    context.pattern_boxes += count;
  }
  context.pattern_ops += static_cast<int>(before - graph.nodes.size()) + context.pattern_boxes;
  if (!what.empty()) graph.notes.push_back("op patterns: " + what);
  return OkStatus();
}

}  // namespace graphgen
