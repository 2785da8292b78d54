#include "importers/tf/graphdef_text_importer.h"

#include "importers/tf/graphdef_model.h"
#include "importers/tf/tf_text.h"

namespace graphgen {

SniffResult GraphDefTextImporter::Sniff(std::string_view head) const {
  if (TextStartsWithField(head, {"node", "library", "versions", "version"})) return {true, ""};
  return {false, "does not start with 'node {' as a GraphDef text file does"};
}

StatusOr<LayerGraph> GraphDefTextImporter::Import(const std::string& bytes,
                                                  const ImportOptions& options,
                                                  Warnings* warnings) const {
  tf::GraphDef graph;
  GRAPHGEN_RETURN_IF_ERROR(ParseTfText(bytes, "GraphDef", options.max_nesting_depth, &graph));
  return ConvertGraphDef(graph, options, warnings);
}

}  // namespace graphgen
