// Turns a TensorFlow GraphDef into a LayerGraph; shared by the GraphDef (.pb, .pbtxt),
// SavedModel, MetaGraphDef and TF.js graph-model importers. Function calls are drawn as
// clusters holding the called function's body; a signature selects what is drawn.
#ifndef IMPORTERS_TF_GRAPHDEF_MODEL_H_
#define IMPORTERS_TF_GRAPHDEF_MODEL_H_

#include <string>
#include <utility>
#include <vector>

#include "importers/importer.h"
#include "third_party/tensorflow/tf_graph.pb.h"

namespace graphgen {

// A SignatureDef reduced to what drawing needs: its inputs and outputs, as
// (key, tensor name "node:k") pairs in key order.
struct TfSignature {
  std::string name;
  std::vector<std::pair<std::string, std::string>> inputs;
  std::vector<std::pair<std::string, std::string>> outputs;
};

// Which part of the graph to draw.
struct GraphDefSelection {
  // Draw only the nodes that compute these signatures' outputs, each input a graph
  // input and each output a graph output. Empty: see drop_training.
  std::vector<TfSignature> signatures;
  // With several signatures: each in its own cluster (--signature all).
  bool cluster_each = false;
  // Without signatures: leave out training, saving and initialisation ops (gradients/,
  // save/, Assign*, Apply*, NoOp) and what only they use. Off: every node is drawn.
  bool drop_training = false;
};

// Nodes become ops (Placeholder becomes a graph input); data inputs ("x", "x:1",
// "x:out:1" in function bodies) become edges; control inputs ("^x") become
// control_edges (into a call: to the body ops reading its arguments; out of a call: from
// the ops making its results), kept only between drawn nodes; one naming no node is an
// error, like a data input.
// Shapes come from `_output_shapes`, a Placeholder's `shape`, a Const's tensor and a
// variable's `shape`. A StatefulPartitionedCall / PartitionedCall (attr `f`), or a node
// whose op is a library function, becomes a kSubgraph scope holding the function's body,
// recursively; calls forming a cycle are an error, nesting deeper than
// options.max_nesting_depth a limit error. TensorFlow graphs may hold cycles (while
// loops), which are drawn, not rejected. When nodes are dropped, a note says how many.
StatusOr<LayerGraph> ConvertGraphDef(const tf::GraphDef& graph, const GraphDefSelection& selection,
                                     const ImportOptions& options, Warnings* warnings);

// The whole graph.
StatusOr<LayerGraph> ConvertGraphDef(const tf::GraphDef& graph, const ImportOptions& options,
                                     Warnings* warnings);

}  // namespace graphgen

#endif  // IMPORTERS_TF_GRAPHDEF_MODEL_H_
