#include "importers/tf/graphdef_binary_importer.h"

#include "importers/common/proto_sniff.h"
#include "importers/tf/graphdef_model.h"

namespace graphgen {
namespace {

constexpr const char* kMalformed = "not a valid GraphDef protobuf (truncated or corrupt)";

int GraphDefFieldWireType(uint64_t field) {
  switch (field) {
    case 1:  // node
    case 2:  // library
    case 4:  // versions
      return 2;
    case 3:  // version (deprecated)
      return 0;
    default:
      return -1;
  }
}

}  // namespace

SniffResult GraphDefBinaryImporter::Sniff(std::string_view head) const {
  std::string why_not = CheckProtoFields(head, GraphDefFieldWireType, "GraphDef");
  return {why_not.empty(), why_not};
}

StatusOr<LayerGraph> GraphDefBinaryImporter::Import(const std::string& bytes,
                                                    const ImportOptions& options,
                                                    Warnings* warnings) const {
  tf::GraphDef graph;
  GRAPHGEN_RETURN_IF_ERROR(
      CheckWireObjects(bytes, tf::GraphDef::descriptor(), options, kMalformed));
  if (!ParseWholeMessage(bytes, options.max_nesting_depth, &graph)) {
    return BadInput(kMalformed);
  }
  return ConvertGraphDef(graph, options, warnings);
}

}  // namespace graphgen
