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
  // Weights every folded block read (an unrolled GRU's kernels) now feed one block.
  if (!runs.empty() && !options.show_constants) FoldConstants(graph);
  if (options.depth >= 0) {
    CollapseDepth(graph, options.depth);
    return OkStatus();
  }
  if (options.fit_boxes <= 0 || ops <= static_cast<size_t>(options.fit_boxes)) return OkStatus();
  const size_t limit = static_cast<size_t>(options.fit_boxes);
  // Blocks alike but for their widths (DenseNet's layers, each reading more channels)
  // fold only when identical ones were not enough, and their label says so.
  std::vector<FoldedRun> alike_runs;
  if (graph.nodes.size() > limit && fold.min_repeats >= 2) {
    fold.alike = true;
    alike_runs = FoldRepeats(graph, fold);
    if (!alike_runs.empty() && !options.show_constants) FoldConstants(graph);
    for (const FoldedRun& run : alike_runs) {
      graph.notes.push_back("folded " + Quote(run.name, 80) +
                            " (widths vary): " + std::to_string(run.repeats) + " blocks of " +
                            std::to_string(run.block_ops) + " ops");
    }
  }
  int depth = -1;
  if (graph.nodes.size() > limit) {
    depth = DepthThatFits(graph, limit);
    if (depth >= 0) CollapseDepth(graph, depth);
  }
  if (warnings == nullptr) return OkStatus();
  std::string what;
  const auto add = [&what](const std::string& s) { what += (what.empty() ? "" : ", ") + s; };
  const auto runs_of = [](size_t n) { return std::to_string(n) + (n == 1 ? " run" : " runs"); };
  if (!runs.empty()) add(runs_of(runs.size()) + " of identical blocks folded");
  if (!alike_runs.empty()) {
    add(runs_of(alike_runs.size()) + " of blocks alike but for their widths folded");
  }
  if (depth >= 0) add("scopes below depth " + std::to_string(depth) + " collapsed");
  std::string message = GroupedCount(static_cast<int64_t>(ops)) + " nodes drawn as " +
                        GroupedCount(static_cast<int64_t>(graph.nodes.size())) + " boxes";
  if (!what.empty()) message += " (" + what + ")";
  if (graph.nodes.size() > limit) {
    message += "; more than " + std::to_string(limit) +
               " remain: no name scopes left to collapse and no more repeated blocks to fold, "
               "--layer-range START:END draws a part";
    if (what.empty()) {
      warnings->push_back(message);
      return OkStatus();
    }
  }
  warnings->push_back(message + "; --depth all --fold off draws every node");
  return OkStatus();
}

}  // namespace graphgen
