// TensorFlow SavedModel: saved_model.pb (binary) and saved_model.pbtxt (text). A
// SavedModel directory is resolved to one of these by the registry.
#ifndef IMPORTERS_TF_SAVED_MODEL_IMPORTER_H_
#define IMPORTERS_TF_SAVED_MODEL_IMPORTER_H_

#include <string_view>
#include <vector>

#include "importers/importer.h"

namespace graphgen {

class SavedModelBinaryImporter : public Importer {
 public:
  std::string_view Name() const override { return "TensorFlow SavedModel"; }
  std::vector<std::string_view> Extensions() const override { return {"pb"}; }
  SniffResult Sniff(std::string_view head) const override;
  StatusOr<LayerGraph> Import(const std::string& bytes, const ImportOptions& options,
                              Warnings* warnings) const override;
};

class SavedModelTextImporter : public Importer {
 public:
  std::string_view Name() const override { return "TensorFlow SavedModel text"; }
  std::vector<std::string_view> Extensions() const override { return {"pbtxt"}; }
  SniffResult Sniff(std::string_view head) const override;
  StatusOr<LayerGraph> Import(const std::string& bytes, const ImportOptions& options,
                              Warnings* warnings) const override;
};

}  // namespace graphgen

#endif  // IMPORTERS_TF_SAVED_MODEL_IMPORTER_H_
