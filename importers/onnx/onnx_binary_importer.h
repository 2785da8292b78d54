// ONNX protobuf files (.onnx): ModelProto in binary wire format.
#ifndef IMPORTERS_ONNX_ONNX_BINARY_IMPORTER_H_
#define IMPORTERS_ONNX_ONNX_BINARY_IMPORTER_H_

#include <string_view>
#include <vector>

#include "importers/importer.h"

namespace graphgen {

class OnnxBinaryImporter : public Importer {
 public:
  std::string_view Name() const override { return "ONNX binary"; }
  std::vector<std::string_view> Extensions() const override { return {"onnx"}; }
  SniffResult Sniff(std::string_view head) const override;
  StatusOr<LayerGraph> Import(const std::string& bytes, const ImportOptions& options,
                              Warnings* warnings) const override;
};

}  // namespace graphgen

#endif  // IMPORTERS_ONNX_ONNX_BINARY_IMPORTER_H_
