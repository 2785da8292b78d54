#include "passes/fold_constants/fold_constants.h"

#include <string>
#include <vector>

#include "core/checked_math.h"
#include "core/op_table.h"

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

// Ops that hand their input on unchanged: TensorFlow reads a frozen weight through one
// ("w/read" = Identity(w)), so a read of a folded constant is a weight too.
bool IsPassThrough(const std::string& op) {
  return op == "Identity" || op == "ReadVariableOp" || op == "Snapshot" || op == "StopGradient";
}

// A variable is a weight however many ops read it, like a shared initializer.
bool IsVariable(const std::string& op) {
  return op == "VariableV2" || op == "Variable" || op == "VarHandleOp";
}

}  // namespace

void FoldConstants(LayerGraph& graph) {
  const int n = static_cast<int>(graph.nodes.size());
  std::vector<bool> folded(n, false);
  std::vector<int> into(n);  // the node a folded one became a weight of
  // Producers precede consumers in valid models, but do not rely on it: repeat until
  // nothing changes (each round folds at least one node, so this ends).
  bool changed = true;
  while (changed) {
    changed = false;
    for (int i = 0; i < n; ++i) {
      Node& node = graph.nodes[i];
      if (folded[i] || node.kind != NodeKind::kOp || node.outputs.empty()) continue;
      const bool constant = CategoryOf(node.op_type) == OpCategory::kConstant;
      const bool pass_through = IsPassThrough(node.op_type) && !node.inputs.empty();
      if (!constant && !pass_through) continue;
      bool inputs_folded = true;
      for (int t : node.inputs) {
        const int p = graph.tensors[t].producer;
        if (p >= 0 && !folded[p]) inputs_folded = false;
      }
      if (!inputs_folded) continue;
      // A constant folds into its one consumer; a read of a weight is the weight, which
      // may be shared like an initializer (its parameters go to the first reader, a
      // variable's to its first read when it has one).
      const bool single_use = constant && !IsVariable(node.op_type);
      int consumer = -1;
      bool foldable = true;
      for (int t : node.outputs) {
        for (int c : graph.tensors[t].consumers) {
          if (graph.nodes[c].kind != NodeKind::kOp) foldable = false;
          if (consumer < 0 || (!IsPassThrough(graph.nodes[consumer].op_type) &&
                               IsPassThrough(graph.nodes[c].op_type))) {
            consumer = c;
          }
          if (single_use && c != consumer) foldable = false;
        }
        if (single_use && graph.tensors[t].consumers.size() != 1) foldable = false;
      }
      if (!foldable || consumer < 0) continue;
      int64_t elements = node.params;
      for (int t : node.outputs) {
        // A rank-0 constant (an epsilon, an exponent, a scale) is a hyperparameter of the
        // op that reads it, not a weight.
        const TensorType& type = graph.tensors[t].type;
        const bool scalar = type.rank_known && type.dims.empty();
        if (constant && IsParameterDType(type.dtype) && !scalar) {
          elements += KnownElements(graph.tensors[t].type);
        }
      }
      Node& target = graph.nodes[consumer];
      if (target.copies > 1 && elements > 0) {
        // A weight every copy of a folded block reads (an unrolled RNN's kernel, left
        // shared until folding made it single-use) exists once: the node now holds all
        // its copies' parameters and ops, and each run around it gains the weight.
        target.params = SaturatingMul(target.params, target.copies);
        target.frozen_params = SaturatingMul(target.frozen_params, target.copies);
        target.op_count = SaturatingMul(target.op_count, target.copies);
        target.shared_params = 0;
        target.copies = 1;
        for (int s = target.scope; s > 0; s = graph.scopes[s].parent) {
          if (graph.scopes[s].kind == ScopeKind::kRepeat) {
            graph.scopes[s].repeat.params = SaturatingAdd(graph.scopes[s].repeat.params, elements);
          }
        }
      }
      target.params = SaturatingAdd(target.params, elements);
      for (size_t slot = 0; slot < target.inputs.size(); ++slot) {
        const int t = target.inputs[slot];
        if (graph.tensors[t].producer == i && IsRunningStatistic(target.op_type, slot)) {
          target.frozen_params = SaturatingAdd(target.frozen_params, elements);
          break;
        }
      }
      // The other readers use the same weights without owning them (folding compares).
      for (int t : node.outputs) {
        for (int c : graph.tensors[t].consumers) {
          if (c != consumer) {
            graph.nodes[c].shared_params = SaturatingAdd(graph.nodes[c].shared_params, elements);
          }
        }
      }
      folded[i] = true;
      into[i] = consumer;
      changed = true;
    }
  }
  // A folded constant's output is a weight of its consumer: not an input edge.
  for (int i = 0; i < n; ++i) {
    if (!folded[i]) continue;
    for (int t : graph.nodes[i].outputs) {
      for (int c : graph.tensors[t].consumers) {
        if (folded[c]) continue;
        auto& inputs = graph.nodes[c].inputs;
        std::vector<int> kept;
        for (int in : inputs) {
          if (in != t) kept.push_back(in);
        }
        inputs = std::move(kept);
      }
    }
  }
  // A constant stands where its weight went: the first unfolded node down the chain of
  // consumers (a weight read through Identity ends at the Identity's reader). Each step
  // goes to a node folded later or not at all, so n steps always suffice.
  std::vector<int> stand_in(n);
  for (int i = 0; i < n; ++i) {
    int at = i;
    for (int step = 0; step < n && folded[at]; ++step) at = into[at];
    stand_in[i] = folded[at] ? -1 : at;
  }
  graph.RedirectNodes(stand_in);
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
  if (!any) return;
  // A body's ops are drawn as the node that holds the outermost body.
  std::vector<int> stand_in(graph.nodes.size());
  for (size_t i = 0; i < graph.nodes.size(); ++i) {
    stand_in[i] = static_cast<int>(i);
    if (!remove[i]) continue;
    stand_in[i] = -1;
    for (int s = graph.nodes[i].scope; s > 0; s = graph.scopes[s].parent) {
      if (graph.scopes[s].kind == ScopeKind::kSubgraph) stand_in[i] = graph.scopes[s].owner_node;
    }
    if (stand_in[i] >= 0 && remove[stand_in[i]]) stand_in[i] = -1;
  }
  graph.RedirectNodes(stand_in);
  // Outer-scope tensors that only a body used now feed nothing; that is fine.
  graph.RemoveNodes(remove);
}

Status FoldConstantsPass::Run(LayerGraph& graph, PassContext& /*context*/) const {
  FoldConstants(graph);
  return OkStatus();
}

Status DropSubgraphsPass::Run(LayerGraph& graph, PassContext& /*context*/) const {
  DropSubgraphs(graph);
  return OkStatus();
}

}  // namespace graphgen
