// --depth N: every scope deeper than N becomes one node standing for all the ops in it,
// with their summed parameters and a count of the ops it hides.
#ifndef PASSES_COLLAPSE_DEPTH_COLLAPSE_DEPTH_H_
#define PASSES_COLLAPSE_DEPTH_COLLAPSE_DEPTH_H_

#include "core/layer_graph.h"
#include "passes/pass.h"

namespace graphgen {

// Replaces the nodes inside each scope at depth `depth + 1` (root = 0) by one kGroup
// node, placed where the scope's first node was; a scope holding a single op keeps it. The group's
// inputs are the tensors its members read from outside; its outputs those read outside. Depth 0
// collapses every top-level scope. A scope whose ops belong to different parts of the model
// (Node::partition: encoder and decoder) is never one node: its child scopes are collapsed
// instead, and its own ops stay.
void CollapseDepth(LayerGraph& graph, int depth);

// "collapse-depth": CollapseDepth at --depth N.
class CollapseDepthPass : public Pass {
 public:
  std::string_view Name() const override { return "collapse-depth"; }
  bool Enabled(const PassOptions& options) const override { return options.depth >= 0; }
  bool ReducesBoxes() const override { return true; }
  PassStage Stage() const override { return PassStage::kDrawing; }
  Status Run(LayerGraph& graph, PassContext& context) const override;
};

}  // namespace graphgen

#endif  // PASSES_COLLAPSE_DEPTH_COLLAPSE_DEPTH_H_
