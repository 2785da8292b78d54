#include "passes/passes.h"

#include "passes/collapse_depth/collapse_depth.h"
#include "passes/fit_to_page/fit_to_page.h"
#include "passes/fold_constants/fold_constants.h"
#include "passes/fold_repeats/fold_repeats.h"
#include "passes/fold_shapes/fold_shapes.h"
#include "passes/fuse_chains/fuse_chains.h"
#include "passes/graph_passes.h"
#include "passes/op_patterns/op_patterns.h"

namespace graphgen {

std::vector<std::unique_ptr<Pass>> AllPasses() {
  std::vector<std::unique_ptr<Pass>> passes;
  passes.push_back(std::make_unique<DropControlEdgesPass>());
  passes.push_back(std::make_unique<FoldConstantsPass>());
  passes.push_back(std::make_unique<DropSubgraphsPass>());
  passes.push_back(std::make_unique<NameScopesPass>());
  passes.push_back(std::make_unique<LayerRangePass>());
  passes.push_back(std::make_unique<FoldShapesPass>());
  passes.push_back(std::make_unique<OpPatternsPass>());
  passes.push_back(std::make_unique<FoldRepeatsPass>());
  passes.push_back(std::make_unique<FuseChainsPass>());
  passes.push_back(std::make_unique<CollapseDepthPass>());
  passes.push_back(std::make_unique<FitToPagePass>());
  return passes;
}

Status RunPasses(LayerGraph& graph, const PassOptions& options,
                 std::vector<std::string>* warnings) {
  PassContext context;
  context.options = &options;
  context.warnings = warnings;
  bool counted = false;
  for (const auto& pass : AllPasses()) {
    if (pass->ReducesBoxes() && !counted) {
      context.ops_before_reducing = graph.nodes.size();
      counted = true;
    }
    if (!pass->Enabled(options)) continue;
    GRAPHGEN_RETURN_IF_ERROR(pass->Run(graph, context));
  }
  return OkStatus();
}

}  // namespace graphgen
