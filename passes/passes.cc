#include "passes/passes.h"

#include "passes/collapse_depth/collapse_depth.h"
#include "passes/fit_to_page/fit_to_page.h"
#include "passes/fold_constants/fold_constants.h"
#include "passes/fold_repeats/fold_repeats.h"
#include "passes/fold_shapes/fold_shapes.h"
#include "passes/fuse_chains/fuse_chains.h"
#include "passes/graph_passes.h"
#include "passes/grouping/projection.h"
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

namespace {

// Runs the passes of one stage, sharing `context` with the other stage's run.
Status RunStage(LayerGraph& graph, PassStage stage, PassContext& context, bool& counted) {
  for (const auto& pass : AllPasses()) {
    if (pass->Stage() != stage) continue;
    if (pass->ReducesBoxes() && !counted) {
      context.ops_before_reducing = graph.nodes.size();
      counted = true;
    }
    if (!pass->Enabled(*context.options)) continue;
    GRAPHGEN_RETURN_IF_ERROR(pass->Run(graph, context));
  }
  return OkStatus();
}

}  // namespace

Status RunPasses(LayerGraph& graph, const PassOptions& options,
                 std::vector<std::string>* warnings) {
  PassContext context;
  context.options = &options;
  context.warnings = warnings;
  bool counted = false;
  GRAPHGEN_RETURN_IF_ERROR(RunStage(graph, PassStage::kModel, context, counted));
  return RunStage(graph, PassStage::kDrawing, context, counted);
}

Status RunPassesGrouped(LayerGraph& graph, const PassOptions& options,
                        const GroupingOptions& grouping, std::vector<std::string>* warnings,
                        GroupedModel* out, LayerGraph* model_graph) {
  PassContext context;
  context.options = &options;
  context.warnings = warnings;
  bool counted = false;
  graph.TrackImportedNodes();
  GRAPHGEN_RETURN_IF_ERROR(RunStage(graph, PassStage::kModel, context, counted));
  *out = GroupedModel();
  if (grouping.mode != GroupingMode::kOff) out->model = FindGroups(graph, grouping);
  MarkPartitions(graph, out->model);
  out->names.reserve(graph.nodes.size());
  for (size_t n = 0; n < graph.nodes.size(); ++n) {
    out->names.push_back(graph.DisplayName(static_cast<int>(n)));
  }
  // From here the tracking follows the grouped graph's nodes; composed back below.
  out->model_of_imported = std::move(graph.imported_node_box);
  if (model_graph != nullptr) {
    *model_graph = graph;
    // The copy is not tracked: its node ids are the grouped graph's own.
    model_graph->imported_node_box.clear();
  }
  graph.TrackImportedNodes();
  GRAPHGEN_RETURN_IF_ERROR(RunStage(graph, PassStage::kDrawing, context, counted));
  out->box_of_model = std::move(graph.imported_node_box);
  graph.imported_node_box.assign(out->model_of_imported.size(), -1);
  for (size_t i = 0; i < out->model_of_imported.size(); ++i) {
    const int m = out->model_of_imported[i];
    if (m >= 0) graph.imported_node_box[i] = out->box_of_model[m];
  }
  out->drawn = ProjectGrouping(out->model, out->box_of_model, graph);
  return OkStatus();
}

}  // namespace graphgen
