// Evidence source: recurrent state handed from one recurrent layer to another. Either a
// recurrent op's initial state read from another's final state (ONNX LSTM/GRU/RNN), or the
// same hand-off between unrolled steps (TensorFlow's static_rnn, hand-written cells): chains
// of gated state updates split where a step first reads a new graph input.
#include <algorithm>
#include <vector>

#include "core/op_table.h"
#include "passes/grouping/grouping.h"
#include "passes/grouping/grouping_internal.h"
#include "passes/grouping/grouping_weights.h"

namespace graphgen {

using grouping_internal::Canonical;
using grouping_internal::IsPlumbing;
using grouping_internal::kMaxGateHops;
using grouping_internal::kMaxUnrolledSteps;
using grouping_internal::kMaxWalk;

namespace {

// One data input, rearranged or cut: how a second stack takes one layer's state out of
// the stacked final state (Slice, Gather, Split, Squeeze, Reshape, Transpose).
bool Unpacks(const Node& n) {
  return n.inputs.size() == 1 &&
         (IsPlumbing(n) || CategoryOf(n.op_type) == OpCategory::kConcatSplit);
}

// Several inputs joined: how a multi-layer RNN stacks its layers' final states (Concat).
bool Packs(const Node& n) {
  return n.inputs.size() >= 2 && CategoryOf(n.op_type) == OpCategory::kConcatSplit;
}

// The recurrent op whose final state (an output other than its first) `t` is, through
// unpacking steps; -1 if none.
int StateSource(const LayerGraph& g, int t, int self) {
  for (int hops = 0; hops < kMaxWalk && t >= 0; ++hops) {
    const int p = g.tensors[t].producer;
    if (p < 0) return -1;
    const Node& pn = g.nodes[p];
    if (HasTrait(pn.op_type, OpTrait::kRecurrentWithState)) {
      const auto it = std::find(pn.outputs.begin(), pn.outputs.end(), t);
      const bool state = it != pn.outputs.begin() && it != pn.outputs.end();
      return state && p != self ? p : -1;
    }
    if (!Unpacks(pn)) return -1;
    t = pn.inputs[0];
  }
  return -1;
}

}  // namespace

std::vector<StateLink> FindStateLinks(const LayerGraph& g) {
  std::vector<StateLink> links;
  for (size_t i = 0; i < g.nodes.size(); ++i) {
    const Node& node = g.nodes[i];
    const int self = static_cast<int>(i);
    if (!HasTrait(node.op_type, OpTrait::kRecurrentWithState)) continue;
    for (size_t k = 1; k < node.inputs.size(); ++k) {
      // Back through the second stack's unpacking to the tensor the state crossed at.
      int t = node.inputs[k];
      int reader = self;
      for (int hops = 0; hops < kMaxWalk && t >= 0; ++hops) {
        const int p = g.tensors[t].producer;
        if (p < 0 || !Unpacks(g.nodes[p])) break;
        reader = p;
        t = g.nodes[p].inputs[0];
      }
      const int p = t >= 0 ? g.tensors[t].producer : -1;
      if (p < 0) continue;
      if (HasTrait(g.nodes[p].op_type, OpTrait::kRecurrentWithState)) {
        const int from = StateSource(g, t, self);
        if (from >= 0) links.push_back(StateLink{from, self, t, reader});
      } else if (Packs(g.nodes[p])) {
        // The last layer whose state the stack holds: the encoder's top.
        int from = -1;
        for (int in : g.nodes[p].inputs) {
          const int rnn = StateSource(g, in, self);
          if (rnn >= 0) from = rnn;
        }
        if (from >= 0) links.push_back(StateLink{from, self, t, reader});
      }
    }
  }
  for (const StateLink& l : FindUnrolledStateLinks(g)) links.push_back(l);
  return links;
}

namespace {

// Whether tensor t comes from a Sigmoid within a few plumbing steps (a gate; GRU's 1 - z
// goes through a Sub).
bool FromSigmoid(const LayerGraph& g, int t) {
  for (int hops = 0; hops < kMaxGateHops && t >= 0; ++hops) {
    const int p = g.tensors[t].producer;
    if (p < 0) return false;
    const Node& n = g.nodes[p];
    if (HasTrait(n.op_type, OpTrait::kGate)) return true;
    if (!HasTrait(n.op_type, OpTrait::kGateStep) || n.inputs.empty()) return false;
    t = n.inputs.back();
  }
  return false;
}

// A gated state update s' = gate * s + other * other' (an LSTM's cell state, a GRU's
// hidden state): sets *prev to the tensor s, or -1.
bool IsGatedUpdate(const LayerGraph& g, const Node& n, int* prev) {
  *prev = -1;
  if (!HasTrait(n.op_type, OpTrait::kStateSum) || n.inputs.size() != 2) return false;
  int gated_muls = 0;
  for (int in : n.inputs) {
    const int p = g.tensors[in].producer;
    if (p < 0 || !HasTrait(g.nodes[p].op_type, OpTrait::kGateProduct) ||
        g.nodes[p].inputs.size() != 2) {
      return false;
    }
    const Node& mul = g.nodes[p];
    const bool a = FromSigmoid(g, mul.inputs[0]), b = FromSigmoid(g, mul.inputs[1]);
    if (!a && !b) return false;
    ++gated_muls;
    // The carried state is the factor that is not a gate, from an earlier update.
    for (int k = 0; k < 2; ++k) {
      const int other = mul.inputs[1 - k];
      if (!(k == 0 ? a : b) || FromSigmoid(g, other)) continue;
      const int q = g.tensors[Canonical(g, other)].producer;
      if (q >= 0 && HasTrait(g.nodes[q].op_type, OpTrait::kStateSum)) *prev = Canonical(g, other);
    }
  }
  return gated_muls == 2;
}

// Which graph inputs one step reads, not counting what reaches it through earlier steps'
// state updates.
std::vector<int> InputsOfStep(const LayerGraph& g, const std::vector<bool>& is_update, int step) {
  std::vector<int> found;
  std::vector<bool> seen(g.nodes.size(), false);
  std::vector<int> stack = {step};
  seen[step] = true;
  while (!stack.empty()) {
    const int x = stack.back();
    stack.pop_back();
    if (g.nodes[x].kind == NodeKind::kInput) found.push_back(x);
    for (int t : g.nodes[x].inputs) {
      const int p = g.tensors[t].producer;
      if (p < 0 || seen[p] || (is_update[p] && p != step)) continue;
      seen[p] = true;
      stack.push_back(p);
    }
  }
  std::sort(found.begin(), found.end());
  return found;
}

// The state links from the encoder's last update `enc_last` into the decoder's first step
// `dec_first`.
void AppendHandOff(const LayerGraph& g, int enc_last, int dec_first,
                   std::vector<StateLink>* links) {
  const int c = g.nodes[enc_last].outputs.empty() ? -1 : g.nodes[enc_last].outputs[0];
  if (c < 0) return;
  // The decoder's first step: what it reads that the encoder's last update does not.
  std::vector<bool> up(g.nodes.size(), false);
  {
    std::vector<int> stack = {dec_first};
    up[dec_first] = true;
    while (!stack.empty()) {
      const int x = stack.back();
      stack.pop_back();
      for (int t : g.nodes[x].inputs) {
        const int p = g.tensors[t].producer;
        if (p >= 0 && !up[p] && p != enc_last) {
          up[p] = true;
          stack.push_back(p);
        }
      }
    }
  }
  // The hand-off: the cell state itself and the hidden state made from it
  // (h = o * tanh(c)); their readers in the decoder's first step are state edges.
  std::vector<int> handoff = {c};
  std::vector<int> inner;  // nodes computing h from c: the encoder's
  for (int t0 : g.tensors[c].consumers) {
    const Node& act = g.nodes[t0];
    if (CategoryOf(act.op_type) != OpCategory::kActivation || act.outputs.empty()) continue;
    for (int m : g.tensors[act.outputs[0]].consumers) {
      const Node& mul = g.nodes[m];
      if (!HasTrait(mul.op_type, OpTrait::kGateProduct) || mul.outputs.empty()) continue;
      inner.push_back(t0);
      inner.push_back(m);
      handoff.push_back(mul.outputs[0]);
    }
  }
  for (int t : handoff) {
    for (int consumer : g.tensors[t].consumers) {
      if (!up[consumer] && consumer != dec_first) continue;
      if (std::find(inner.begin(), inner.end(), consumer) != inner.end()) continue;
      links->push_back(StateLink{enc_last, consumer, t, consumer});
    }
  }
}

}  // namespace

std::vector<StateLink> FindUnrolledStateLinks(const LayerGraph& g) {
  std::vector<StateLink> links;
  const size_t n = g.nodes.size();
  // Gated updates and their predecessor update, in topological order.
  std::vector<int> prev_update(n, -1);
  std::vector<bool> is_update(n, false);
  const std::vector<int> topo = TopologicalOrder(g);
  for (int id : topo) {
    int prev = -1;
    if (!IsGatedUpdate(g, g.nodes[id], &prev)) continue;
    is_update[id] = true;
    if (prev >= 0) {
      const int p = g.tensors[prev].producer;
      if (p >= 0 && is_update[p]) prev_update[id] = p;
    }
  }
  std::vector<bool> has_next(n, false);
  for (size_t i = 0; i < n; ++i) {
    if (prev_update[i] >= 0) has_next[prev_update[i]] = true;
  }
  for (int last : topo) {
    if (!is_update[last] || has_next[last]) continue;
    std::vector<int> chain;
    for (int x = last; x >= 0 && chain.size() <= kMaxUnrolledSteps; x = prev_update[x]) {
      chain.push_back(x);
    }
    if (chain.size() < 2 || chain.size() > kMaxUnrolledSteps) continue;
    std::reverse(chain.begin(), chain.end());
    // The decoder starts at the first step that reads a graph input the steps before it
    // did not (the target sequence); a chain over one input is one recurrent stack.
    std::vector<int> before = InputsOfStep(g, is_update, chain[0]);
    for (size_t k = 1; k < chain.size(); ++k) {
      const std::vector<int> now = InputsOfStep(g, is_update, chain[k]);
      if (std::includes(before.begin(), before.end(), now.begin(), now.end())) {
        before = now;
        continue;
      }
      AppendHandOff(g, chain[k - 1], chain[k], &links);
      break;
    }
  }
  return links;
}

}  // namespace graphgen
