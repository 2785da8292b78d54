#include "graphgen/passes.h"

#include <algorithm>

#include "graphgen/collapse_depth.h"
#include "graphgen/fold_constants.h"
#include "graphgen/fold_repeats.h"
#include "graphgen/layer_range.h"
#include "graphgen/name_scopes.h"
#include "graphgen/text.h"

namespace graphgen {
namespace {

int DeepestScope(const LayerGraph& graph) {
  int deepest = 0;
  for (const Scope& s : graph.scopes) deepest = std::max(deepest, s.depth);
  return deepest;
}

// The deepest --depth whose drawing has at most `limit` boxes; the shallowest one when
// none fits. -1 when collapsing would not remove a box.
int DepthThatFits(const LayerGraph& graph, size_t limit) {
  int best = -1;
  size_t best_boxes = graph.nodes.size();
  for (int depth = DeepestScope(graph) - 1; depth >= 0; --depth) {
    LayerGraph trial = graph;
    CollapseDepth(trial, depth);
    if (trial.nodes.size() < best_boxes) {
      best = depth;
      best_boxes = trial.nodes.size();
    }
    if (trial.nodes.size() <= limit && best == depth) break;
  }
  return best;
}

}  // namespace

Status RunPasses(LayerGraph& graph, const PassOptions& options,
                 std::vector<std::string>* warnings) {
  if (!options.control_edges) graph.control_edges.clear();
  if (!options.show_constants) FoldConstants(graph);
  if (!options.expand_nested) DropSubgraphs(graph);
  AssignNameScopes(graph);
  if (!options.range_start.empty() || !options.range_end.empty()) {
    GRAPHGEN_RETURN_IF_ERROR(KeepLayerRange(graph, options.range_start, options.range_end));
  }
  const size_t ops = graph.nodes.size();
  FoldOptions fold;
  fold.min_repeats = options.fold_min;
  fold.unfold = options.unfold;
  const std::vector<FoldedRun> runs = FoldRepeats(graph, fold);
  for (const FoldedRun& run : runs) {
    graph.notes.push_back("folded " + Quote(run.name, 80) + ": " + std::to_string(run.repeats) +
                          " blocks of " + std::to_string(run.block_ops) + " ops");
  }
  if (options.depth >= 0) {
    CollapseDepth(graph, options.depth);
    return OkStatus();
  }
  if (options.fit_boxes <= 0 || ops <= static_cast<size_t>(options.fit_boxes)) return OkStatus();
  int depth = -1;
  if (graph.nodes.size() > static_cast<size_t>(options.fit_boxes)) {
    depth = DepthThatFits(graph, static_cast<size_t>(options.fit_boxes));
    if (depth >= 0) CollapseDepth(graph, depth);
  }
  if (warnings != nullptr && (depth >= 0 || !runs.empty())) {
    std::string what;
    if (!runs.empty()) what += std::to_string(runs.size()) + " repeated runs folded";
    if (depth >= 0) {
      what += std::string(what.empty() ? "" : ", ") + "scopes below depth " +
              std::to_string(depth) + " collapsed";
    }
    warnings->push_back(GroupedCount(static_cast<int64_t>(ops)) + " nodes drawn as " +
                        GroupedCount(static_cast<int64_t>(graph.nodes.size())) + " boxes (" +
                        what + "); --depth all --fold off draws every node");
  }
  return OkStatus();
}

}  // namespace graphgen
