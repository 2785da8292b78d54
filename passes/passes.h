// The ordered list of passes between import and drawing, and the one call that runs them.
// Each pass is its own folder implementing Pass (pass.h); a new one is a line in passes.cc.
#ifndef PASSES_PASSES_H_
#define PASSES_PASSES_H_

#include <memory>
#include <string>
#include <vector>

#include "core/layer_graph.h"
#include "core/status.h"
#include "passes/pass.h"

namespace graphgen {

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

// Every pass, in the order RunPasses runs them (for tests and --timing).
std::vector<std::unique_ptr<Pass>> AllPasses();

}  // namespace graphgen

#endif  // PASSES_PASSES_H_
