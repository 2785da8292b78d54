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
    if (score < 0) continue;
    int q_proj = -1, k_proj = -1;
    const int q = StreamOf(g, g.nodes[score].inputs[0], &q_proj);
    const int k = StreamOf(g, g.nodes[score].inputs[1], &k_proj);
    if (q < 0 || k < 0 || q == k) continue;
    found.push_back(CrossAttention{static_cast<int>(i), k, k_proj});
  }
  return found;
}

}  // namespace graphgen
