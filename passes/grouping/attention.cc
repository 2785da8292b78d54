// Evidence source: cross-attention memory. A softmax whose keys are projected from another
// tensor than its queries reads a memory; when that memory is another stack's output, the
// two stacks are an encoder and the decoder reading it.
#include <vector>

#include "core/op_table.h"
#include "passes/grouping/grouping.h"
#include "passes/grouping/grouping_internal.h"
#include "passes/grouping/grouping_weights.h"

namespace graphgen {

using grouping_internal::IsPlumbing;
using grouping_internal::kMaxScoreHops;
using grouping_internal::StreamOf;

namespace {

// Additive attention at `softmax`: scores v·tanh(W·query + U·memory), so back
// from the softmax through plumbing, the squashing and the scoring vector v to the sum of
// two projections of different streams; the memory is the stream the weights are then
// applied to (the context product weights·memory). softmax -1 when not found.
CrossAttention AdditiveAttention(const LayerGraph& g, int softmax) {
  using grouping_internal::Canonical;
  CrossAttention none;
  int t = g.nodes[softmax].inputs[0];
  int sum = -1;
  for (int hops = 0; hops < kMaxScoreHops && t >= 0 && sum < 0; ++hops) {
    const int p = g.tensors[t].producer;
    if (p < 0) return none;
    const Node& pn = g.nodes[p];
    if (HasTrait(pn.op_type, OpTrait::kSameSizeMerge) && pn.inputs.size() == 2 &&
        CategoryOf(pn.op_type) == OpCategory::kElementwise) {
      sum = p;
      break;
    }
    const OpCategory cat = CategoryOf(pn.op_type);
    const bool steps_back =
        IsPlumbing(pn) || cat == OpCategory::kActivation || grouping_internal::IsProjection(pn);
    if (!steps_back || pn.inputs.empty()) return none;
    t = pn.inputs[0];
  }
  if (sum < 0) return none;
  int proj[2] = {-1, -1};
  const int stream[2] = {StreamOf(g, g.nodes[sum].inputs[0], &proj[0]),
                         StreamOf(g, g.nodes[sum].inputs[1], &proj[1])};
  if (stream[0] < 0 || stream[1] < 0 || stream[0] == stream[1]) return none;
  // The context: a product of the weights (through plumbing) with one of the streams.
  std::vector<int> weights = {g.nodes[softmax].outputs.empty() ? -1 : g.nodes[softmax].outputs[0]};
  for (int hops = 0; hops < kMaxScoreHops && !weights.empty(); ++hops) {
    std::vector<int> next;
    for (int w : weights) {
      if (w < 0) continue;
      for (int c : g.tensors[w].consumers) {
        const Node& cn = g.nodes[c];
        if (CategoryOf(cn.op_type) == OpCategory::kLinear && cn.inputs.size() == 2) {
          const int other = cn.inputs[0] == w ? cn.inputs[1] : cn.inputs[0];
          const int v = Canonical(g, other);
          for (int k = 0; k < 2; ++k) {
            if (v == stream[k]) return CrossAttention{softmax, stream[k], proj[k]};
          }
        } else if (IsPlumbing(cn) && !cn.outputs.empty() && next.size() < 8) {
          next.push_back(cn.outputs[0]);
        }
      }
    }
    weights = std::move(next);
  }
  return none;
}

}  // namespace

std::vector<CrossAttention> FindCrossAttention(const LayerGraph& g) {
  std::vector<CrossAttention> found;
  for (size_t i = 0; i < g.nodes.size(); ++i) {
    const Node& node = g.nodes[i];
    if (node.kind != NodeKind::kOp || node.inputs.empty()) continue;
    // An attention box (passes/op_patterns) says itself whether its keys and values come
    // from a memory: its second input, the queries' source being its first.
    if (const Attribute* kind = FindAttribute(node, "attention")) {
      if (kind->value == "cross" && node.inputs.size() >= 2) {
        found.push_back(CrossAttention{static_cast<int>(i), node.inputs[1], static_cast<int>(i)});
      }
      continue;
    }
    if (!HasTrait(node.op_type, OpTrait::kSoftmax)) continue;
    // Back from the softmax through masks and scaling to the scores product Q·Kᵀ.
    int score = -1;
    int t = node.inputs[0];
    for (int hops = 0; hops < kMaxScoreHops && score < 0 && t >= 0; ++hops) {
      const int p = g.tensors[t].producer;
      if (p < 0) break;
      const Node& pn = g.nodes[p];
      if (CategoryOf(pn.op_type) == OpCategory::kLinear && pn.inputs.size() == 2) {
        score = p;
        break;
      }
      if (!IsPlumbing(pn) || pn.inputs.empty()) break;
      t = -1;
      for (int in : pn.inputs) {
        const int q = g.tensors[in].producer;
        if (q >= 0 && CategoryOf(g.nodes[q].op_type) == OpCategory::kLinear &&
            g.nodes[q].inputs.size() == 2) {
          t = in;
          break;
        }
      }
      if (t < 0) t = pn.inputs[0];
    }
    if (score < 0) {
      const CrossAttention additive = AdditiveAttention(g, static_cast<int>(i));
      if (additive.softmax >= 0) found.push_back(additive);
      continue;
    }
    int q_proj = -1, k_proj = -1;
    const int q = StreamOf(g, g.nodes[score].inputs[0], &q_proj);
    const int k = StreamOf(g, g.nodes[score].inputs[1], &k_proj);
    if (q < 0 || k < 0 || q == k) continue;
    found.push_back(CrossAttention{static_cast<int>(i), k, k_proj});
  }
  return found;
}

}  // namespace graphgen
