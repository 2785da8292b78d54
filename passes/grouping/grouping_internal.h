// Internal to the grouping pass: the helpers its evidence sources, readings and combiner
// share (tensor facts, graph walks, the global-pooling rule, name keys), declared once so
// each file can own one concept. Nothing outside passes/grouping includes it; the public
// API is grouping.h.
#ifndef PASSES_GROUPING_GROUPING_INTERNAL_H_
#define PASSES_GROUPING_GROUPING_INTERNAL_H_

#include <string>
#include <vector>

#include "core/layer_graph.h"
#include "core/op_table.h"
#include "passes/grouping/grouping.h"

namespace graphgen {
namespace grouping_internal {

// ---- Tensors and attributes (spatial_levels.cc) ----

// The tensor's rank, or -1 when unknown.
int Rank(const Tensor& t);
// A feature map's rank: NCHW / NHWC, or their 3-D counterparts.
bool SpatialRank(int rank);
// "1/4" for level 2, "×2" for level -1, "?" beyond reach.
std::string LevelText(int level);
// The attribute under its first spelling present, or null.
const Attribute* FindSpelledAttribute(const Node& node, const AttributeSpellings& names);

// ---- Global pooling (global_pooling.cc) ----

// What the level walk knows of one output when it reaches it.
struct OutputView {
  int tensor = -1;
  int rank = -1;        // -1 unknown
  double side = -1;     // geometric mean of the spatial dims; -1 unknown
  int main = -1;        // the node's first input with a level, or -1
  double in_side = -1;  // main's side; -1 unknown or no main
};

// Whether the output is a global pooling result (1x1, no resolution): by the op, by a
// reduction to 1x1 or to fewer axes, or, without shapes, by a pooling window as large as
// the map at its level. `ref_side` is the image input's side, -1 unknown.
bool IsGlobalPoolingResult(const LayerGraph& g, const Node& node, const SpatialLevels& s,
                           const OutputView& out, double ref_side);

// ---- Graph walks (graph_walks.cc) ----

// The nodes reachable from `seeds` (included) against the data flow or along it.
std::vector<bool> Closure(const LayerGraph& g, const std::vector<int>& seeds, bool backward);
// Shape, element-wise, split and dropout ops: what attention and state walks pass through.
bool IsPlumbing(const Node& n);
// A node computing sizes, not features: Shape-like ops, or one whose every output is a
// known integer or boolean tensor.
bool ComputesShape(const LayerGraph& g, const Node& n);
// A dense layer: a linear op with one data input (its weights are folded in).
bool IsProjection(const Node& n);
// Through single-consumer reshapes back to the tensor they reshape.
int Canonical(const LayerGraph& g, int t);
// Walks back from `t` through plumbing to the first projection; returns its input tensor
// and sets *projection, or -1.
int StreamOf(const LayerGraph& g, int t, int* projection);

// ---- Names (names.cc) ----

// The strongest role hint among a node's scope words; paired idioms ("down"/"up") only
// when `idioms`.
NameHint BestHint(const std::string& node_name, bool idioms);
// A node's block key: the scope path through its first numbered component
// ("transformer/encoder/layers.0"), a folded block's fold scope, or "".
std::string NodeBlockKey(const LayerGraph& g, int n);

}  // namespace grouping_internal
}  // namespace graphgen

#endif  // PASSES_GROUPING_GROUPING_INTERNAL_H_
