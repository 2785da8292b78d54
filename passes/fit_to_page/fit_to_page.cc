#include "passes/fit_to_page/fit_to_page.h"

#include <algorithm>

#include "core/text.h"
#include "passes/collapse_depth/collapse_depth.h"
#include "passes/fold_constants/fold_constants.h"
#include "passes/fold_repeats/fold_repeats.h"
#include "passes/fuse_chains/fuse_chains.h"

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

// What fitting did to a graph too big for the page.
struct Fit {
  std::vector<FoldedRun> alike_runs;
  int depth = -1;  // scopes below this depth collapsed; -1: none
};

// Folds blocks alike but for their widths (DenseNet's layers, each reading more channels),
// only when identical ones were not enough, then collapses scopes at the deepest depth
// that fits.
Fit ShrinkToFit(LayerGraph& graph, FoldOptions fold, size_t limit, bool show_constants) {
  Fit fit;
  if (graph.nodes.size() > limit && fold.min_repeats >= 2) {
    fold.alike = true;
    fit.alike_runs = FoldRepeats(graph, fold);
    if (!fit.alike_runs.empty() && !show_constants) FoldConstants(graph);
    for (const FoldedRun& run : fit.alike_runs) {
      graph.notes.push_back("folded " + Quote(graph.scopes[run.scope].name, 80) + ", " +
                            std::to_string(run.block_ops) + " ops per block");
    }
  }
  if (graph.nodes.size() > limit) {
    fit.depth = DepthThatFits(graph, limit);
    if (fit.depth >= 0) CollapseDepth(graph, fit.depth);
  }
  return fit;
}

}  // namespace

Status FitToPagePass::Run(LayerGraph& graph, PassContext& context) const {
  const PassOptions& options = *context.options;
  const size_t ops = context.ops_before_reducing;
  if (ops <= static_cast<size_t>(options.fit_boxes)) return OkStatus();
  const size_t limit = static_cast<size_t>(options.fit_boxes);
  const FoldOptions fold = FoldOptionsFor(options);
  // A model that fits by folding and collapsing draws as it always did; fusing, which
  // hides fewer ops, comes first only when those fall short.
  const bool may_fuse = options.fuse == FuseMode::kAuto && graph.nodes.size() > limit;
  LayerGraph unfused;
  if (may_fuse) unfused = graph;
  Fit fit = ShrinkToFit(graph, fold, limit, options.show_constants);
  if (may_fuse && graph.nodes.size() > limit) {
    LayerGraph trial = std::move(unfused);
    const FuseResult trial_fused = FuseChainsWithNote(trial);
    if (trial_fused.chains > 0) {
      graph = std::move(trial);
      context.fused_chains = trial_fused.chains;
      context.fused_example = trial_fused.example;
      fit = ShrinkToFit(graph, fold, limit, options.show_constants);
    }
  }
  if (context.warnings == nullptr) return OkStatus();
  std::string what;
  const auto add = [&what](const std::string& s) { what += (what.empty() ? "" : ", ") + s; };
  const auto runs_of = [](size_t n) { return std::to_string(n) + (n == 1 ? " run" : " runs"); };
  if (context.identical_runs > 0)
    add(runs_of(context.identical_runs) + " of identical blocks folded");
  if (context.fused_chains > 0) {
    add(std::to_string(context.fused_chains) + (context.fused_chains == 1 ? " chain" : " chains") +
        " of ops drawn as one box each, as '" + Quote(context.fused_example, 80) + "'");
  }
  if (!fit.alike_runs.empty()) {
    add(runs_of(fit.alike_runs.size()) + " of blocks alike but for their widths folded");
  }
  if (fit.depth >= 0) add("scopes below depth " + std::to_string(fit.depth) + " collapsed");
  // Layers drawn as one box and shape arithmetic folded: --patterns off --show-plumbing
  // undo them, and the hint below says so when they happened.
  const bool layers = context.pattern_boxes > 0 || context.shape_ops_folded > 0;
  if (context.pattern_boxes > 0) {
    add(std::to_string(context.pattern_ops) + " ops drawn as " +
        std::to_string(context.pattern_boxes) + " layers");
  }
  if (context.shape_ops_folded > 0) {
    add(std::to_string(context.shape_ops_folded) + " shape ops folded");
  }
  std::string message = GroupedCount(static_cast<int64_t>(ops)) + " nodes drawn as " +
                        GroupedCount(static_cast<int64_t>(graph.nodes.size())) + " boxes";
  if (!what.empty()) message += " (" + what + ")";
  if (graph.nodes.size() > limit) {
    message += "; more than " + std::to_string(limit) +
               " remain: no name scopes left to collapse, no more repeated blocks to fold" +
               (options.fuse == FuseMode::kOff ? "" : " and no chains to fuse") +
               ", --layer-range START:END draws a part";
    if (what.empty()) {
      context.warnings->push_back(message);
      return OkStatus();
    }
  }
  // --fuse on is the user's own choice, which --depth all leaves alone.
  context.warnings->push_back(
      message + "; --depth all --fold off" + (options.fuse == FuseMode::kOn ? " --fuse off" : "") +
      (layers ? " --patterns off --show-plumbing" : "") + " draws every node");
  return OkStatus();
}

}  // namespace graphgen
