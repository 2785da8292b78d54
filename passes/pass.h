// The pass interface: one step between import and drawing, with the options every pass
// reads and the context the steps share. Each pass lives in its own folder and implements
// Pass; passes.cc lists them in order.
#ifndef PASSES_PASS_H_
#define PASSES_PASS_H_

#include <string>
#include <string_view>
#include <vector>

#include "core/layer_graph.h"
#include "core/status.h"

namespace graphgen {

// When chains of ops are fused into one box each (fuse_chains.h; --fuse).
enum class FuseMode {
  kAuto,  // only when folding and collapsing scopes leave more than fit_boxes boxes
  kOn,    // always
  kOff,   // never
};

struct PassOptions {
  // Draw a layer an exporter wrote as several ops as one box, and exporters' spellings of
  // a layer by its name (--patterns on|off; default on). Off draws the ops as written.
  bool patterns = true;
  // Draw the integer shape computations (Shape, Gather, Concat feeding a Reshape...)
  // instead of folding them into the ops that read them (--show-plumbing; default off).
  bool show_plumbing = false;
  // Draw Constant nodes that feed one consumer instead of folding them into it as
  // weights (--show-constants; default off, like initializers).
  bool show_constants = false;
  // Draw the bodies of If / Loop / Scan as clusters under their node (--expand-nested;
  // default on). Off, a control-flow node is one box.
  bool expand_nested = true;
  // Keep control dependencies (TensorFlow "^name" inputs), drawn dotted
  // (--no-control-edges: off; default on, as TensorBoard draws them).
  bool control_edges = true;
  // Collapse scopes deeper than this into one node each (--depth N; -1 = no collapsing).
  int depth = -1;
  // With depth -1: when more than this many boxes would be drawn, fold runs of blocks
  // alike but for their widths (FoldOptions::alike), then collapse at the deepest depth
  // that fits, and say so, or say that it still does not fit (--depth auto, the default:
  // 300; 0 = never, --depth all).
  int fit_boxes = 300;
  // Draw a Conv, Gemm or MatMul and the normalisation, activation and weighted
  // element-wise ops only it feeds as one box, "Conv · BN · Relu" (--fuse auto|on|off;
  // default kAuto: part of --depth auto, so it never acts with depth >= 0 or fit_boxes 0,
  // and --depth all --fold off still draws every op).
  FuseMode fuse = FuseMode::kAuto;
  // Fold runs of at least this many identical consecutive blocks into one block ×N
  // (--fold auto = 3, --fold min=K, --fold off = 0).
  int fold_min = 3;
  // Runs kept expanded (--unfold NAME, repeatable): see FoldOptions::unfold.
  std::vector<std::string> unfold;
  // Only nodes from the first match of `range_start` to the last match of `range_end`,
  // in model order (--layer-range START:END; empty = from the start / to the end).
  std::string range_start;
  std::string range_end;
};

// What passes tell each other and the user as they run.
struct PassContext {
  const PassOptions* options = nullptr;
  // Lines a user must read (the picture was shrunk to fit), printed as warnings.
  std::vector<std::string>* warnings = nullptr;
  // Operation nodes before anything was folded, fused or collapsed (set by the pass list
  // before the first size-reducing pass): the "N nodes drawn as M boxes" count.
  size_t ops_before_reducing = 0;
  // Runs of identical blocks the folding pass folded (names, for the fit report).
  size_t identical_runs = 0;
  // Boxes op patterns made (and the ops they hold), and shape ops folded away.
  int pattern_boxes = 0;
  int pattern_ops = 0;
  int shape_ops_folded = 0;
  // Chains fused by --fuse on, and one of their labels.
  int fused_chains = 0;
  std::string fused_example;
};

// Where a pass runs relative to the grouping, which reads the whole model between the two.
enum class PassStage {
  kModel,    // says what the model is: weights, scopes, shape arithmetic, op patterns
  kDrawing,  // draws it smaller (folds, fuses, collapses), keeping the grouping's parts apart
};

class Pass {
 public:
  virtual ~Pass() = default;
  // A short name for --timing and messages: "fold-constants".
  virtual std::string_view Name() const = 0;
  // Whether the pass runs for these options; a pass that does nothing says so here, so
  // timings and reports list only what ran.
  virtual bool Enabled(const PassOptions& options) const = 0;
  // Whether the pass draws fewer boxes than it was given (folds, fuses, collapses): the
  // pass list counts the ops before the first such pass, for "N nodes drawn as M boxes".
  virtual bool ReducesBoxes() const { return false; }
  // kDrawing passes run after the grouping and all kModel passes (passes.cc checks the
  // order), and never merge nodes of different Node::partition.
  virtual PassStage Stage() const { return PassStage::kModel; }
  // Rewrites the graph. Errors are option errors (a --layer-range matching nothing).
  virtual Status Run(LayerGraph& graph, PassContext& context) const = 0;
};

}  // namespace graphgen

#endif  // PASSES_PASS_H_
