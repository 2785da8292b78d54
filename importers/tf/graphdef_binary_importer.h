// TensorFlow GraphDef in protobuf binary form (.pb: frozen or plain graphs).
#ifndef IMPORTERS_TF_GRAPHDEF_BINARY_IMPORTER_H_
#define IMPORTERS_TF_GRAPHDEF_BINARY_IMPORTER_H_

#include <string_view>
#include <vector>

#include "importers/importer.h"

namespace graphgen {

class GraphDefBinaryImporter : public Importer {
 public:
  std::string_view Name() const override { return "TensorFlow GraphDef"; }
  std::vector<std::string_view> Extensions() const override { return {"pb"}; }
  SniffResult Sniff(std::string_view head) const override;
  StatusOr<LayerGraph> Import(const std::string& bytes, const ImportOptions& options,
                              Warnings* warnings) const override;
};

}  // namespace graphgen

#endif  // IMPORTERS_TF_GRAPHDEF_BINARY_IMPORTER_H_
