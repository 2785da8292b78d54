// Evidence source: global pooling. A result pooled to 1x1 has no resolution: a global pool
// op, a pooling or reduction down to one point or to fewer axes, or, without shapes, a
// pooling window as large as the map at its level (Keras' AveragePooling2D(pool_size=64)
// on a 64x64 map, the squeeze of a squeeze-excite block), not a drop by six halvings.
// The level walk (spatial_levels.cc) asks here before anything else for every output.
#include <cmath>
#include <vector>

#include "core/op_table.h"
#include "passes/grouping/grouping.h"
#include "passes/grouping/grouping_internal.h"
#include "passes/grouping/grouping_weights.h"

namespace graphgen {
namespace grouping_internal {
namespace {

// Without shapes: whether the pooling window's side (geometric mean of its extents over
// 1) covers the map at `map_level`, the image input's side `ref_side` halved that often.
bool WindowCoversMap(const Node& node, int map_level, double ref_side) {
  const Attribute* k = FindSpelledAttribute(node, kPoolWindowAttribute);
  double log_sum = 0;
  int n = 0;
  for (double v : k != nullptr ? AttributeNumbers(*k) : std::vector<double>()) {
    if (v > 1) {
      log_sum += std::log(v);
      ++n;
    }
  }
  const double map_side = ref_side / static_cast<double>(1LL << map_level);
  return n > 0 && std::exp(log_sum / n) >= kGlobalWindowShare * map_side;
}

}  // namespace

bool IsGlobalPoolingResult(const LayerGraph& g, const Node& node, const SpatialLevels& s,
                           const OutputView& out, double ref_side) {
  const std::string& op = node.op_type;
  const OpCategory cat = CategoryOf(op);
  const int main = out.main;
  const bool reduces = cat == OpCategory::kPooling || cat == OpCategory::kReduction;
  if (cat == OpCategory::kPooling && main >= 0 && out.side <= 0 && ref_side > 0 &&
      s.level[main] >= 0 && s.level[main] < 31 && WindowCoversMap(node, s.level[main], ref_side)) {
    return true;
  }
  return HasTrait(op, OpTrait::kGlobalPool) ||
         (reduces && main >= 0 && out.side > 0 && out.side < kGlobalSideBelow &&
          out.in_side >= kGlobalFromSideAtLeast) ||
         (reduces && main >= 0 && out.rank >= 0 && out.rank < Rank(g.tensors[main]));
}

}  // namespace grouping_internal
}  // namespace graphgen
