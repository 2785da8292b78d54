// Keras 3 model archives (.keras; also what Keras 2.13-2.15 write): a zip holding
// metadata.json, config.json (the model's config, the same JSON model.to_json() writes) and
// the weights. Only config.json is read, from memory, never unpacked to disk; it is drawn
// by the Keras JSON reader.
#ifndef IMPORTERS_KERAS_KERAS_ARCHIVE_IMPORTER_H_
#define IMPORTERS_KERAS_KERAS_ARCHIVE_IMPORTER_H_

#include <string_view>
#include <vector>

#include "importers/importer.h"

namespace graphgen {

class KerasArchiveImporter : public Importer {
 public:
  std::string_view Name() const override { return "Keras archive"; }
  std::vector<std::string_view> Extensions() const override { return {"keras"}; }
  SniffResult Sniff(std::string_view head) const override;
  StatusOr<LayerGraph> Import(const std::string& bytes, const ImportOptions& options,
                              Warnings* warnings) const override;
};

}  // namespace graphgen

#endif  // IMPORTERS_KERAS_KERAS_ARCHIVE_IMPORTER_H_
