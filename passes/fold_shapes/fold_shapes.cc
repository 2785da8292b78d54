#include "passes/fold_shapes/fold_shapes.h"

#include <algorithm>
#include <string>

#include "core/op_table.h"

namespace graphgen {
namespace {

// Shape ops listed per reader.
constexpr size_t kMaxListed = 32;

bool InSubgraph(const LayerGraph& g, int scope) {
  for (int s = scope; s > 0; s = g.scopes[s].parent) {
    if (g.scopes[s].kind == ScopeKind::kSubgraph) return true;
  }
  return false;
}

// Nodes in an order where producers come first (Kahn's algorithm over tensor links);
// nodes on a cycle (malformed files) come last, in model order.
std::vector<int> TopologicalOrder(const LayerGraph& g) {
  const int n = static_cast<int>(g.nodes.size());
  std::vector<int> pending(n, 0);
  for (int i = 0; i < n; ++i) {
    for (int t : g.nodes[i].inputs) pending[i] += g.tensors[t].producer >= 0;
  }
  std::vector<int> order;
  order.reserve(n);
  for (int i = 0; i < n; ++i) {
    if (pending[i] == 0) order.push_back(i);
  }
  for (size_t k = 0; k < order.size(); ++k) {
    for (int t : g.nodes[order[k]].outputs) {
      for (int c : g.tensors[t].consumers) {
        if (--pending[c] == 0) order.push_back(c);
      }
    }
  }
  if (static_cast<int>(order.size()) < n) {
    std::vector<bool> placed(n, false);
    for (int i : order) placed[i] = true;
    for (int i = 0; i < n; ++i) {
      if (!placed[i]) order.push_back(i);
    }
  }
  return order;
}

}  // namespace

std::vector<bool> FindShapeArithmetic(const LayerGraph& g) {
  const int n = static_cast<int>(g.nodes.size());
  std::vector<bool> shape(n, false);
  std::vector<bool> owner(n, false);
  for (const Scope& s : g.scopes) {
    if (s.owner_node >= 0 && s.owner_node < n) owner[s.owner_node] = true;
  }
  for (int i : TopologicalOrder(g)) {
    const Node& node = g.nodes[i];
    if (node.kind != NodeKind::kOp || node.outputs.empty() || owner[i] ||
        InSubgraph(g, node.scope)) {
      continue;
    }
    const bool shape_reader = HasTrait(node.op_type, OpTrait::kReadsShapeOnly);
    bool inputs_ok = true;
    bool reads_shape_data = false;
    if (!shape_reader) {
      for (int t : node.inputs) {
        const int p = g.tensors[t].producer;
        if (p < 0) continue;  // a weight or an unresolved name
        if (shape[p]) {
          reads_shape_data = true;
        } else {
          inputs_ok = false;
          break;
        }
      }
    }
    if (!inputs_ok) continue;
    bool typed = true, untyped = false;
    for (int t : node.outputs) {
      const DType d = g.tensors[t].type.dtype;
      if (d == DType::kUnknown) {
        untyped = true;
      } else if (!IsShapeDType(d)) {
        typed = false;
      }
    }
    if (!typed) continue;
    // An output of unknown type is shape data only when the op computes on shape data.
    if (untyped && !shape_reader && !reads_shape_data) continue;
    shape[i] = true;
  }
  return shape;
}

FoldShapesResult FoldShapeArithmetic(LayerGraph& g) {
  FoldShapesResult result;
  std::vector<bool> fold = FindShapeArithmetic(g);
  const int n = static_cast<int>(g.nodes.size());
  // A graph output computed from shapes stays, with everything it needs.
  std::vector<int> keep;
  for (int i = 0; i < n; ++i) {
    if (!fold[i]) continue;
    for (int t : g.nodes[i].outputs) {
      for (int c : g.tensors[t].consumers) {
        if (g.nodes[c].kind == NodeKind::kOutput) keep.push_back(i);
      }
    }
  }
  while (!keep.empty()) {
    const int k = keep.back();
    keep.pop_back();
    if (!fold[k]) continue;
    fold[k] = false;
    for (int t : g.nodes[k].inputs) {
      const int p = g.tensors[t].producer;
      if (p >= 0 && fold[p]) keep.push_back(p);
    }
  }
  // A folded op is drawn as the op its result ends up in: the first reader down the
  // chain of its first readers that stays (the Resize whose size it computed). Each walk
  // stops at a node already resolved and resolves the nodes it passed.
  std::vector<int> new_id(n, -2);  // -2: not yet resolved
  for (int i = 0; i < n; ++i) {
    if (!fold[i]) new_id[i] = i;
  }
  std::vector<int> walk;
  for (int i = 0; i < n; ++i) {
    walk.clear();
    int at = i;
    while (at >= 0 && new_id[at] == -2 && walk.size() <= static_cast<size_t>(n)) {
      walk.push_back(at);
      int next = -1;
      for (int t : g.nodes[at].outputs) {
        if (!g.tensors[t].consumers.empty()) {
          next = g.tensors[t].consumers.front();
          break;
        }
      }
      at = next;
    }
    const int end = at >= 0 && new_id[at] != -2 ? new_id[at] : -1;
    for (int w : walk) new_id[w] = end;
  }
  for (int c = 0; c < n; ++c) {
    if (fold[c]) continue;
    Node& node = g.nodes[c];
    std::vector<int> kept;
    bool took = false;
    for (int t : node.inputs) {
      const int p = g.tensors[t].producer;
      if (p < 0 || !fold[p]) {
        kept.push_back(t);
        continue;
      }
      took = true;
      // The hover text shows a few; an op reading thousands lists no more than this.
      if (node.shape_ops.size() >= kMaxListed) continue;
      const FusedOp op{g.nodes[p].name, g.nodes[p].op_type, false};
      const bool listed = std::any_of(node.shape_ops.begin(), node.shape_ops.end(),
                                      [&](const FusedOp& o) { return o.name == op.name; });
      if (!listed) node.shape_ops.push_back(op);
    }
    if (took) {
      node.inputs = std::move(kept);
      ++result.consumers;
    }
  }
  for (int i = 0; i < n; ++i) result.folded += fold[i];
  if (result.folded == 0) return result;
  g.RedirectNodes(new_id);
  g.RemoveNodes(fold);
  return result;
}

Status FoldShapesPass::Run(LayerGraph& graph, PassContext& context) const {
  const FoldShapesResult r = FoldShapeArithmetic(graph);
  context.shape_ops_folded = r.folded;
  if (r.folded > 0) {
    graph.notes.push_back("shape arithmetic: " + std::to_string(r.folded) + " ops folded into " +
                          std::to_string(r.consumers));
  }
  return OkStatus();
}

}  // namespace graphgen
