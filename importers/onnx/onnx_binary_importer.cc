#include "importers/onnx/onnx_binary_importer.h"

#include "importers/common/proto_sniff.h"
#include "importers/onnx/onnx_model.h"

namespace graphgen {
namespace {

constexpr const char* kMalformed = "not a valid ONNX protobuf (truncated or corrupt ModelProto)";

// Wire type of each ModelProto field (onnx.proto); -1 for numbers ModelProto lacks.
int ModelFieldWireType(uint64_t field) {
  switch (field) {
    case 1:  // ir_version
    case 5:  // model_version
      return 0;
    case 2:   // producer_name
    case 3:   // producer_version
    case 4:   // domain
    case 6:   // doc_string
    case 7:   // graph
    case 8:   // opset_import
    case 14:  // metadata_props
    case 20:  // training_info
    case 25:  // functions
      return 2;
    default:
      return -1;
  }
}

}  // namespace

SniffResult OnnxBinaryImporter::Sniff(std::string_view head) const {
  std::string why_not = CheckProtoFields(head, ModelFieldWireType, "ModelProto");
  return {why_not.empty(), why_not};
}

StatusOr<LayerGraph> OnnxBinaryImporter::Import(const std::string& bytes,
                                                const ImportOptions& options,
                                                Warnings* warnings) const {
  onnx::ModelProto model;
  GRAPHGEN_RETURN_IF_ERROR(
      CheckWireObjects(bytes, onnx::ModelProto::descriptor(), options, kMalformed));
  if (!ParseWholeMessage(bytes, options.max_nesting_depth, &model)) {
    return BadInput(kMalformed);
  }
  // A ModelProto with a graph is an ONNX model: its error is the file's alone.
  const bool recognised = model.has_graph() && model.graph().node_size() > 0;
  auto graph = ConvertOnnxModel(std::move(model), options, warnings);
  if (!graph.ok() && recognised) return graph.status().Recognised();
  return graph;
}

}  // namespace graphgen
