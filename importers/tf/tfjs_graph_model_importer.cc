#include "importers/tf/tfjs_graph_model_importer.h"

#include <google/protobuf/util/json_util.h>

#include <string>
#include <unordered_map>

#include "core/text.h"
#include "importers/common/json_input.h"
#include "importers/tf/graphdef_model.h"

namespace graphgen {
namespace {

using nlohmann::json;

tf::DataType ManifestDType(const std::string& dtype) {
  if (dtype == "float32") return tf::DT_FLOAT;
  if (dtype == "int32") return tf::DT_INT32;
  if (dtype == "bool") return tf::DT_BOOL;
  if (dtype == "string") return tf::DT_STRING;
  if (dtype == "complex64") return tf::DT_COMPLEX64;
  return tf::DT_INVALID;
}

// The weights manifest: weight name -> its entry, for Const nodes whose values live in
// the shards. Later groups do not override earlier ones.
void ReadManifest(const json& doc, std::unordered_map<std::string, const json*>* weights) {
  auto manifest = doc.find("weightsManifest");
  if (manifest == doc.end() || !manifest->is_array()) return;
  for (const json& group : *manifest) {
    if (!group.is_object()) continue;
    auto list = group.find("weights");
    if (list == group.end() || !list->is_array()) continue;
    for (const json& w : *list) {
      if (!w.is_object()) continue;
      auto name = w.find("name");
      if (name != w.end() && name->is_string()) weights->emplace(name->get<std::string>(), &w);
    }
  }
}

// Gives a Const node the shape and type its manifest entry records, when its own value
// attribute lacks them (the converter leaves the tensor's shape; older ones not always).
Status ApplyManifest(const json& entry, tf::NodeDef* node) {
  auto shape = entry.find("shape");
  if (shape == entry.end() || !shape->is_array()) return OkStatus();
  tf::TensorProto* tensor = (*node->mutable_attr())["value"].mutable_tensor();
  if (tensor->has_tensor_shape()) return OkStatus();
  for (const json& d : *shape) {
    if (!d.is_number_integer()) {
      return BadInput("weightsManifest: weight '" + Quote(node->name()) +
                      "' has a shape that is not a list of integers");
    }
    tensor->mutable_tensor_shape()->add_dim()->set_size(d.get<int64_t>());
  }
  auto dtype = entry.find("dtype");
  if (tensor->dtype() == tf::DT_INVALID && dtype != entry.end() && dtype->is_string()) {
    tensor->set_dtype(ManifestDType(dtype->get<std::string>()));
  }
  return OkStatus();
}

}  // namespace

SniffResult TfjsGraphModelImporter::Sniff(std::string_view head) const {
  if (!LooksLikeJsonObject(head)) return {false, "does not start with '{' as JSON does"};
  if (head.find("\"modelTopology\"") != std::string_view::npos ||
      head.find("\"graph-model\"") != std::string_view::npos) {
    return {true, ""};
  }
  return {false, "a JSON object without \"modelTopology\" or \"graph-model\" near its start"};
}

StatusOr<LayerGraph> TfjsGraphModelImporter::Import(const std::string& bytes,
                                                    const ImportOptions& options,
                                                    Warnings* warnings) const {
  auto doc = ParseJson(bytes, options);
  if (!doc.ok()) return doc.status();
  if (!doc->is_object())
    return BadInput("model.json is a JSON " + JsonTypeName(*doc) + ", not an object");
  auto format = doc->find("format");
  if (format != doc->end() && format->is_string() && *format != "graph-model") {
    return BadInput("a TF.js " + Quote(format->get<std::string>(), 40) + ", not a graph-model");
  }
  auto topology = doc->find("modelTopology");
  if (topology == doc->end() || !topology->is_object()) {
    return BadInput("not a TF.js model.json: no \"modelTopology\" object");
  }
  auto nodes = topology->find("node");
  if (nodes == topology->end() || !nodes->is_array()) {
    return BadInput("not a TF.js graph-model: modelTopology has no \"node\" list");
  }
  tf::GraphDef graph;
  google::protobuf::util::JsonParseOptions parse_options;
  // Converters add fields of their own (and newer TensorFlow ones): tolerate them.
  parse_options.ignore_unknown_fields = true;
  const auto status =
      google::protobuf::util::JsonStringToMessage(topology->dump(), &graph, parse_options);
  if (!status.ok()) {
    return BadInput("modelTopology is not a GraphDef in JSON form: " +
                    Quote(std::string(status.message()), 200));
  }
  std::unordered_map<std::string, const json*> weights;
  ReadManifest(*doc, &weights);
  for (tf::NodeDef& node : *graph.mutable_node()) {
    if (node.op() != "Const") continue;
    auto it = weights.find(node.name());
    if (it != weights.end()) GRAPHGEN_RETURN_IF_ERROR(ApplyManifest(*it->second, &node));
  }
  auto layer_graph = ConvertGraphDef(graph, options, warnings);
  if (!layer_graph.ok()) return layer_graph.status();
  layer_graph->format = "TensorFlow.js graph-model";
  layer_graph->channels_last = true;  // TensorFlow's NHWC
  for (const char* key : {"convertedBy", "generatedBy"}) {
    auto v = doc->find(key);
    if (v != doc->end() && v->is_string()) {
      layer_graph->notes.push_back(std::string(key) + " " + Quote(v->get<std::string>(), 80));
    }
  }
  return layer_graph;
}

}  // namespace graphgen
