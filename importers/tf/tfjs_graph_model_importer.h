// TensorFlow.js graph-model (model.json): modelTopology is a GraphDef in protobuf JSON
// form; weightsManifest gives the weights' shapes. The .bin weight shards are never read.
#ifndef IMPORTERS_TF_TFJS_GRAPH_MODEL_IMPORTER_H_
#define IMPORTERS_TF_TFJS_GRAPH_MODEL_IMPORTER_H_

#include <string_view>
#include <vector>

#include "importers/importer.h"

namespace graphgen {

class TfjsGraphModelImporter : public Importer {
 public:
  std::string_view Name() const override { return "TensorFlow.js graph-model"; }
  std::vector<std::string_view> Extensions() const override { return {"json"}; }
  SniffResult Sniff(std::string_view head) const override;
  StatusOr<LayerGraph> Import(const std::string& bytes, const ImportOptions& options,
                              Warnings* warnings) const override;
};

}  // namespace graphgen

#endif  // IMPORTERS_TF_TFJS_GRAPH_MODEL_IMPORTER_H_
