// The passes between import and drawing, in the order they run, and the options that
// steer them. Each pass is its own library (fold_constants.h, name_scopes.h, ...).
#ifndef PASSES_PASSES_H_
#define PASSES_PASSES_H_

#include <string>
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

// Runs every pass in order: fold constants, hide subgraphs, scopes from names, layer
// range, fold repeated blocks (then constants again: a weight every block read now
// feeds one), fuse chains (--fuse on), depth collapse (or fit). Fitting tries, in order,
// until the drawing has at most fit_boxes boxes: folding blocks alike but for their
// widths, then collapsing scopes; when both still fall short and fuse is kAuto, it starts
// again from the identically folded graph with chains fused first, the change that hides
// least. Errors are option errors (a range that matches nothing). `warnings` gets what a
// user must be told (the picture was shrunk to fit); what was folded or fused goes to
// graph.notes, which --verbose prints.
Status RunPasses(LayerGraph& graph, const PassOptions& options, std::vector<std::string>* warnings);

}  // namespace graphgen

#endif  // PASSES_PASSES_H_
