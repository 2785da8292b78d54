// TensorBoard event files from a LayerGraph: the GraphDef that TensorBoard's Graphs tab
// draws (scopes as collapsible boxes, shapes on edges) and the TFRecord file around it.
//
// Node names. Every GraphDef node is named by its scope path and its own name:
//   [prefix components /] model scope components / leaf
// where the model scopes are the LayerGraph's (name_scopes.h: "/encoder/down1/conv1/Conv"
// becomes encoder/down1/conv1/Conv) and the leaf of an op is the last part of its name
// ("<op>_<index>" when it has none). The body of an If/Loop attribute is the scope
// "<owner leaf>/<attr>", so the owner (renamed "<owner leaf>/(<owner leaf>)" by the rule
// below) and its bodies fold into one box. Graph inputs and outputs, and the Placeholders
// standing for tensors no node produces, keep the scopes their names spell with '/'
// ("gpu_0/data_0"). Each component is escaped on its own, so TensorBoard sees '/' only
// between components:
//   * bytes of valid UTF-8 text are kept, except the ones below;
//   * '%', '/', ':', '^', '"', '\', '\'', space, control bytes and every byte of an
//     invalid UTF-8 sequence are written as %XX (two upper-case hex digits), as in URLs.
//   So "a:0" is a%3A0, "^x" is %5Ex, "a b" is a%20b, and byte 0xFF is %FF; empty
//   components ('/' runs, a leading or trailing '/') are dropped.
// Then, in model order, a node whose name is also the scope of another node gets
// "/(<leaf>)" appended, as TensorBoard's frontend would show it ("encoder/conv1" beside
// "encoder/conv1/kernel" becomes "encoder/conv1/(conv1)"), and a name already taken gets
// "_1", "_2", ... appended; so no two nodes collide and no node is hidden by a scope.
#ifndef RENDER_TFEVENTS_TFEVENTS_WRITER_H_
#define RENDER_TFEVENTS_TFEVENTS_WRITER_H_

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/layer_graph.h"
#include "third_party/tensorflow/tf_event.pb.h"
#include "third_party/tensorflow/tf_graph.pb.h"

namespace graphgen {

struct TfEventsOptions {
  // Seconds since 1970, written as every event's wall_time. The caller picks it
  // (SOURCE_DATE_EPOCH, else --timestamp, else now) so files can be byte-identical.
  int64_t wall_time = 0;
  // source_metadata.writer: who wrote the file. Clipped to TensorBoard's 128 characters.
  std::string writer = "graphgen";
  // Shown in TensorBoard's Text tab under tag "graphgen/provenance" (which model, which
  // graphgen options). Empty: no summary record is written.
  std::string provenance;
  // Scope components put before a node's own scope path, unescaped: the hook for a
  // grouping pass that names roles ({"encoder", "stage1"} gives encoder/stage1/...).
  // Unset, or an empty result: the model's own scopes only.
  std::function<std::vector<std::string>(const LayerGraph& graph, int node)> name_prefix;
  // Summary values written after the graph in one summary event at step 0, in this order:
  // the weight histograms (weight_histogram.h). Empty: no such event.
  std::vector<tf::Summary::Value> histograms;
};

// A name_prefix from per-node components (a grouping pass's role and stage, e.g.
// {"encoder", "stage1"}; empty for nodes without one). A prefix is left out for a node
// whose own outermost scope already is its first component, so a model that names its
// "encoder" scope itself is not shown as encoder/encoder/...
std::function<std::vector<std::string>(const LayerGraph& graph, int node)> PrefixPerNode(
    std::vector<std::vector<std::string>> prefixes);

// One node name component escaped as the header says ("a:0" -> "a%3A0").
std::string EscapeTfNameComponent(std::string_view component);

// "events.out.tfevents.<T>.graphgen" with T zero-padded to 10 digits like TensorFlow's
// writer, so TensorBoard's lexicographic file order is time order.
std::string TfEventsFileName(int64_t timestamp);

struct TfGraph {
  tf::GraphDef def;
  // For each LayerGraph node, its index in def.node(). Nodes for tensors no drawn node
  // produces (outside a --layer-range) are extra Placeholders and have no entry here.
  std::vector<int> node_index;
};

// The GraphDef TensorBoard draws: nodes in model order, inputs as "name", "name:k" and
// "^name" (a control-flow node to its subgraph), attrs "_output_shapes" (unknown dims -1,
// unknown rank flagged), "T" or "dtype", "parameters" (weights are never embedded),
// and the model's own attributes as strings of at most 1 KB.
TfGraph BuildTfGraph(const LayerGraph& graph, const TfEventsOptions& options);

// `message` serialized with map entries sorted by key, so equal messages give equal bytes.
std::string SerializeDeterministically(const google::protobuf::Message& message);

// The whole event file: a file_version record ("brain.Event:2", source_metadata.writer),
// one graph_def record, the provenance summary when there is one, then the histograms'
// summary when there are any.
std::string WriteTfEventFile(const LayerGraph& graph, const TfEventsOptions& options);

}  // namespace graphgen

#endif  // RENDER_TFEVENTS_TFEVENTS_WRITER_H_
