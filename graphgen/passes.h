// The passes between import and drawing, in the order they run, and the options that
// steer them. Each pass is its own library (fold_constants.h, name_scopes.h, ...).
#ifndef GRAPHGEN_PASSES_H_
#define GRAPHGEN_PASSES_H_

#include <string>
#include <vector>

#include "graphgen/layer_graph.h"
#include "graphgen/status.h"

namespace graphgen {

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
// feeds one), depth collapse (or fit). Errors are option errors (a range
// that matches nothing). `warnings` gets what a user must be told (the picture was shrunk
// to fit); what was folded goes to graph.notes, which --verbose prints.
Status RunPasses(LayerGraph& graph, const PassOptions& options,
                 std::vector<std::string>* warnings);

}  // namespace graphgen

#endif  // GRAPHGEN_PASSES_H_
