// Keras model JSON (model.to_json(), Keras 2 and 3) and the TensorFlow.js layers-model
// model.json whose modelTopology holds it. Layers become nodes, inbound_nodes edges,
// nested Sequential/Functional models clusters; parameters come from the
// weightsManifest when there is one, else from layer configs and inferred shapes.
#ifndef IMPORTERS_KERAS_KERAS_JSON_IMPORTER_H_
#define IMPORTERS_KERAS_KERAS_JSON_IMPORTER_H_

#include <string_view>
#include <vector>

#include "importers/importer.h"

namespace graphgen {

class KerasJsonImporter : public Importer {
 public:
  std::string_view Name() const override { return "Keras model JSON"; }
  std::vector<std::string_view> Extensions() const override { return {"json"}; }
  SniffResult Sniff(std::string_view head) const override;
  StatusOr<LayerGraph> Import(const std::string& bytes, const ImportOptions& options,
                              Warnings* warnings) const override;
};

}  // namespace graphgen

#endif  // IMPORTERS_KERAS_KERAS_JSON_IMPORTER_H_
