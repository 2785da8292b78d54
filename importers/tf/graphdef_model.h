// Turns a TensorFlow GraphDef into a LayerGraph; shared by the binary (.pb) and text
// (.pbtxt) GraphDef importers, and later by SavedModel and TF.js.
#ifndef IMPORTERS_TF_GRAPHDEF_MODEL_H_
#define IMPORTERS_TF_GRAPHDEF_MODEL_H_

#include "importers/importer.h"
#include "importers/tf/tf_graph.pb.h"

namespace graphgen {

// Nodes become ops (Placeholder becomes a graph input); data inputs ("x", "x:1") become
// edges; control inputs ("^x") are not drawn. Shapes come from `_output_shapes`, a
// Placeholder's `shape` and a Const's tensor. TensorFlow graphs may hold cycles (while
// loops), which are drawn, not rejected.
StatusOr<LayerGraph> ConvertGraphDef(const tf::GraphDef& graph, const ImportOptions& options,
                                     Warnings* warnings);

}  // namespace graphgen

#endif  // IMPORTERS_TF_GRAPHDEF_MODEL_H_
