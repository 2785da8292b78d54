#include "graphgen/passes.h"

#include "graphgen/collapse_depth.h"
#include "graphgen/fold_constants.h"
#include "graphgen/layer_range.h"
#include "graphgen/name_scopes.h"

namespace graphgen {

Status RunPasses(LayerGraph& graph, const PassOptions& options,
                 std::vector<std::string>* warnings) {
  if (!options.show_constants) FoldConstants(graph);
  if (!options.expand_nested) DropSubgraphs(graph);
  AssignNameScopes(graph);
  if (!options.range_start.empty() || !options.range_end.empty()) {
    GRAPHGEN_RETURN_IF_ERROR(KeepLayerRange(graph, options.range_start, options.range_end));
  }
  if (options.depth >= 0) CollapseDepth(graph, options.depth);
  (void)warnings;
  return OkStatus();
}

}  // namespace graphgen
