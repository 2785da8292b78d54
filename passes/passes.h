// The ordered list of passes between import and drawing, and the one call that runs them.
// Each pass is its own folder implementing Pass (pass.h); a new one is a line in passes.cc.
#ifndef PASSES_PASSES_H_
#define PASSES_PASSES_H_

#include <memory>
#include <string>
#include <vector>

#include "core/layer_graph.h"
#include "core/status.h"
#include "passes/grouping/grouping.h"
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

// What the grouping found, on the whole model and on the boxes drawn.
struct GroupedModel {
  // Found on the graph after the kModel passes, before any kDrawing pass: node ids of
  // that graph, whose display names are `names`.
  Grouping model;
  std::vector<std::string> names;
  // The same grouping on the drawn graph's boxes (ProjectGrouping).
  Grouping drawn;
  // Per node of the grouped graph: the drawn box that stands for it, or -1.
  std::vector<int> box_of_model;
  // Per node of the graph as given (imported): the grouped graph's node that stands for
  // it, or -1 (a node outside --layer-range, in a hidden subgraph).
  std::vector<int> model_of_imported;
};

// RunPasses with the grouping in its place: the kModel passes, then FindGroups on the
// whole model (Node::partition set from its roles), then the kDrawing passes, which keep
// the parts apart, and the grouping carried to the drawn boxes. The graph as given is
// taken as imported: on return graph.imported_node_box maps each of its nodes to its box.
// With options.mode kOff nothing is found and the passes run as RunPasses runs them.
// When `model_graph` is not null it gets a copy of the graph the grouping read (the whole
// op graph after constant folding and op patterns, under the model's scopes, nothing
// folded, fused or collapsed; node ids those of out->model): what TensorBoard is given,
// since it folds and expands scopes itself. Null (the default) copies nothing, so a run
// that writes no event file pays no memory for it.
Status RunPassesGrouped(LayerGraph& graph, const PassOptions& options,
                        const GroupingOptions& grouping, std::vector<std::string>* warnings,
                        GroupedModel* out, LayerGraph* model_graph = nullptr);

// Every pass, in the order RunPasses runs them (for tests and --timing).
std::vector<std::unique_ptr<Pass>> AllPasses();

}  // namespace graphgen

#endif  // PASSES_PASSES_H_
