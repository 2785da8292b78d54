#include "importers/tf/saved_model_importer.h"

#include "importers/common/proto_sniff.h"
#include "importers/tf/meta_graph_model.h"
#include "importers/tf/tf_text.h"

namespace graphgen {
namespace {

int SavedModelFieldWireType(uint64_t field) {
  switch (field) {
    case 1:
      return 0;  // saved_model_schema_version
    case 2:
      return 2;  // meta_graphs
    default:
      return -1;
  }
}

StatusOr<LayerGraph> Convert(const tf::SavedModel& model, const ImportOptions& options,
                             Warnings* warnings) {
  auto meta = ChooseMetaGraph(model, options);
  if (!meta.ok()) return meta.status();
  return ConvertMetaGraph(**meta, "TensorFlow SavedModel", options, warnings);
}

bool HoldsAGraph(const tf::SavedModel& model) {
  for (const tf::MetaGraphDef& meta : model.meta_graphs()) {
    if (meta.has_graph_def() && meta.graph_def().node_size() > 0) return true;
  }
  return false;
}

}  // namespace

SniffResult SavedModelBinaryImporter::Sniff(std::string_view head) const {
  std::string why_not = CheckProtoFields(head, SavedModelFieldWireType, "SavedModel");
  return {why_not.empty(), why_not};
}

StatusOr<LayerGraph> SavedModelBinaryImporter::Import(const std::string& bytes,
                                                      const ImportOptions& options,
                                                      Warnings* warnings) const {
  // The same bound as a GraphDef's before protobuf allocates: a saved_model.pb is a
  // GraphDef (and a function library) wrapped twice, and as cheap to bloat.
  constexpr const char* kMalformed = "not a valid SavedModel protobuf (truncated or corrupt)";
  GRAPHGEN_RETURN_IF_ERROR(
      CheckWireObjects(bytes, tf::SavedModel::descriptor(), options, kMalformed));
  tf::SavedModel model;
  if (!ParseWholeMessage(bytes, options.max_nesting_depth, &model)) return BadInput(kMalformed);
  auto graph = Convert(model, options, warnings);
  // Bytes that parse as a SavedModel holding a graph are one: its error is the file's,
  // whatever else their first bytes could start (an ONNX ModelProto's do).
  if (!graph.ok() && HoldsAGraph(model)) return graph.status().Recognised();
  return graph;
}

SniffResult SavedModelTextImporter::Sniff(std::string_view head) const {
  if (TextStartsWithField(head, {"saved_model_schema_version", "meta_graphs"})) {
    return {true, ""};
  }
  return {false, "does not start with 'meta_graphs {' as a SavedModel text file does"};
}

StatusOr<LayerGraph> SavedModelTextImporter::Import(const std::string& bytes,
                                                    const ImportOptions& options,
                                                    Warnings* warnings) const {
  tf::SavedModel model;
  GRAPHGEN_RETURN_IF_ERROR(ParseTfText(bytes, "SavedModel", options.max_nesting_depth, &model));
  return Convert(model, options, warnings);
}

}  // namespace graphgen
