#include "graphgen/fold_constants.h"

#include <vector>

#include "graphgen/op_table.h"

namespace graphgen {
namespace {

// Elements of a fully known shape, or 0 when unknown or absurd.
int64_t KnownElements(const TensorType& type) {
  if (!type.rank_known) return 0;
  int64_t count = 1;
  for (const Dim& d : type.dims) {
    if (d.value < 0 || __builtin_mul_overflow(count, d.value, &count)) return 0;
  }
  return count;
}

}  // namespace

void FoldConstants(LayerGraph& graph) {
  const int n = static_cast<int>(graph.nodes.size());
  std::vector<bool> folded(n, false);
  // Producers precede consumers in valid models, but do not rely on it: repeat until
  // nothing changes (each round folds at least one node, so this ends).
  bool changed = true;
  while (changed) {
    changed = false;
    for (int i = 0; i < n; ++i) {
      Node& node = graph.nodes[i];
      if (folded[i] || node.kind != NodeKind::kOp ||
          CategoryOf(node.op_type) != OpCategory::kConstant || node.outputs.empty()) {
        continue;
      }
      bool inputs_folded = true;
      for (int t : node.inputs) {
        const int p = graph.tensors[t].producer;
        if (p >= 0 && !folded[p]) inputs_folded = false;
      }
      if (!inputs_folded) continue;
      int consumer = -1;
      bool single = true;
      for (int t : node.outputs) {
        const auto& consumers = graph.tensors[t].consumers;
        if (consumers.size() != 1 || graph.nodes[consumers[0]].kind != NodeKind::kOp ||
            (consumer >= 0 && consumers[0] != consumer)) {
          single = false;
          break;
        }
        consumer = consumers[0];
      }
      if (!single || consumer < 0) continue;
      int64_t elements = node.params;
      for (int t : node.outputs) {
        if (IsParameterDType(graph.tensors[t].type.dtype)) {
          elements += KnownElements(graph.tensors[t].type);
        }
      }
      graph.nodes[consumer].params += elements;
      folded[i] = true;
      changed = true;
    }
  }
  // A folded constant's output is a weight of its consumer: not an input edge.
  for (int i = 0; i < n; ++i) {
    if (!folded[i]) continue;
    for (int t : graph.nodes[i].outputs) {
      for (int c : graph.tensors[t].consumers) {
        auto& inputs = graph.nodes[c].inputs;
        std::vector<int> kept;
        for (int in : inputs) {
          if (in != t) kept.push_back(in);
        }
        inputs = std::move(kept);
      }
    }
  }
  graph.RemoveNodes(folded);
}

void DropSubgraphs(LayerGraph& graph) {
  std::vector<bool> remove(graph.nodes.size(), false);
  bool any = false;
  for (size_t i = 0; i < graph.nodes.size(); ++i) {
    for (int s = graph.nodes[i].scope; s > 0; s = graph.scopes[s].parent) {
      if (graph.scopes[s].kind == ScopeKind::kSubgraph) {
        remove[i] = true;
        any = true;
        break;
      }
    }
  }
  // Outer-scope tensors that only a body used now feed nothing; that is fine.
  if (any) graph.RemoveNodes(remove);
}

}  // namespace graphgen
