// Shape arithmetic folded away: the integer and boolean computations an exporter writes to
// work out shapes, sizes, indices, pads and masks (Shape -> Gather -> Unsqueeze -> Concat ->
// Reshape; ConstantOfShape -> Equal -> Where -> Expand) are not layers. Like weights, they
// fold into the ops that read them, whose hover text lists them; --show-plumbing draws them.
#ifndef PASSES_FOLD_SHAPES_FOLD_SHAPES_H_
#define PASSES_FOLD_SHAPES_FOLD_SHAPES_H_

#include <vector>

#include "core/layer_graph.h"
#include "passes/pass.h"

namespace graphgen {

// Which nodes compute shape data: an op whose every output is an integer or boolean tensor
// (or, where the file gives no type, an op reading only such data) and whose data inputs
// are shape data, constants or weights. Shape and Size read their input's shape, not its
// values, so they count whatever they read. An op reading a graph input is data (token
// ids, an attention mask), never shape arithmetic. Ops inside subgraph bodies and ops that
// own a subgraph are left alone. Linear in the graph's size.
std::vector<bool> FindShapeArithmetic(const LayerGraph& graph);

struct FoldShapesResult {
  int folded = 0;     // nodes folded away
  int consumers = 0;  // ops that took them
};

// Removes the nodes FindShapeArithmetic marks, except those a graph output needs. Each op
// reading one of their tensors drops that input and lists the producers in
// Node::shape_ops (name and op type, once each, in model order, at most 32).
FoldShapesResult FoldShapeArithmetic(LayerGraph& graph);

// "fold-shapes": FoldShapeArithmetic unless --show-plumbing.
class FoldShapesPass : public Pass {
 public:
  std::string_view Name() const override { return "fold-shapes"; }
  bool Enabled(const PassOptions& options) const override { return !options.show_plumbing; }
  bool ReducesBoxes() const override { return true; }
  Status Run(LayerGraph& graph, PassContext& context) const override;
};

}  // namespace graphgen

#endif  // PASSES_FOLD_SHAPES_FOLD_SHAPES_H_
