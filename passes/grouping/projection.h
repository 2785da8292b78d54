// Carrying a grouping found on the whole model to the smaller graph that is drawn: the
// roles, stages and typed edges of the nodes that folding, fusing and depth collapse
// merged into boxes. Grouping runs before those passes (they would hide the structure it
// reads); the picture needs it on their result.
#ifndef PASSES_GROUPING_PROJECTION_H_
#define PASSES_GROUPING_PROJECTION_H_

#include <vector>

#include "core/layer_graph.h"
#include "passes/grouping/grouping.h"

namespace graphgen {

// Node::partition for every node of `graph`, from the grouping found on it: the node's
// role (0 when none or when nothing was found).
void MarkPartitions(LayerGraph& graph, const Grouping& grouping);

// `model` moved onto `drawn`, where box_of_model[n] is the drawn box that stands for node n
// of the graph the grouping was found on (-1: not drawn). A box takes the role of its
// nodes (drawing passes keep one part per box; should two differ, the first in model
// order wins) and the stage of its first staged node. Stages left without a box are
// dropped; a stage that took in the boxes of later stages (Encoder layers 0–5 folded into
// one block) is labelled with the first and last of their labels, or with the run's own
// name ("layers ×6") when its boxes are one folded run. Typed edges move to
// their boxes; one that now starts and ends in one box goes. The verdict, confidence,
// basis and evidence are the model's.
Grouping ProjectGrouping(const Grouping& model, const std::vector<int>& box_of_model,
                         const LayerGraph& drawn);

}  // namespace graphgen

#endif  // PASSES_GROUPING_PROJECTION_H_
