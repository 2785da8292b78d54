// ONNX protobuf files (.onnx): ModelProto in binary wire format.
#ifndef IMPORTERS_ONNX_ONNX_BINARY_IMPORTER_H_
#define IMPORTERS_ONNX_ONNX_BINARY_IMPORTER_H_

#include "importers/importer.h"

namespace graphgen {

class OnnxBinaryImporter : public Importer {
 public:
  std::string_view Name() const override { return "ONNX binary"; }
  SniffResult Sniff(std::string_view head) const override;
  StatusOr<LayerGraph> Import(const std::string& bytes, const ImportOptions& options,
                              Warnings* warnings) const override;
};

}  // namespace graphgen

#endif  // IMPORTERS_ONNX_ONNX_BINARY_IMPORTER_H_
