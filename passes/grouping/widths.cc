// Evidence source for the dense reading: the feature width of every vector, from shapes,
// or from a dense layer's parameter count where shapes are missing.
#include <cstdint>
#include <vector>

#include "core/op_table.h"
#include "passes/grouping/grouping.h"
#include "passes/grouping/grouping_internal.h"

namespace graphgen {

using grouping_internal::Rank;

std::vector<int64_t> ComputeWidths(const LayerGraph& g) {
  std::vector<int64_t> width(g.tensors.size(), -1);
  for (int id : TopologicalOrder(g)) {
    const Node& node = g.nodes[id];
    if (node.kind == NodeKind::kOutput) continue;
    int main = -1;
    for (int t : node.inputs) {
      if (width[t] > 0) {
        main = t;
        break;
      }
    }
    for (int t : node.outputs) {
      const Tensor& out = g.tensors[t];
      const int rank = Rank(out);
      const bool floating = out.type.dtype == DType::kUnknown || IsParameterDType(out.type.dtype);
      if (!floating) continue;
      if (rank >= 2 && rank <= 3 && out.type.dims.back().value > 0) {
        width[t] = out.type.dims.back().value;
        continue;
      }
      if (rank >= 0 && (rank < 2 || rank > 3)) continue;
      if (node.kind != NodeKind::kOp || main < 0) continue;
      const OpCategory cat = CategoryOf(node.op_type);
      if (cat == OpCategory::kLinear && node.inputs.size() == 1 && node.params > 0) {
        const int64_t in = width[main];
        if (node.params % in == 0) {
          width[t] = node.params / in;
        } else if (node.params % (in + 1) == 0) {
          width[t] = node.params / (in + 1);
        }
      } else if (cat == OpCategory::kElementwise || cat == OpCategory::kActivation ||
                 cat == OpCategory::kNormalization ||
                 HasTrait(node.op_type, OpTrait::kKeepsWidth)) {
        width[t] = width[main];
      }
    }
  }
  return width;
}

}  // namespace graphgen
