#include "passes/graph_passes.h"

#include "core/name_scopes.h"
#include "passes/layer_range.h"

namespace graphgen {

Status DropControlEdgesPass::Run(LayerGraph& graph, PassContext& /*context*/) const {
  graph.control_edges.clear();
  return OkStatus();
}

Status NameScopesPass::Run(LayerGraph& graph, PassContext& /*context*/) const {
  AssignNameScopes(graph);
  return OkStatus();
}

Status LayerRangePass::Run(LayerGraph& graph, PassContext& context) const {
  return KeepLayerRange(graph, context.options->range_start, context.options->range_end);
}

}  // namespace graphgen
