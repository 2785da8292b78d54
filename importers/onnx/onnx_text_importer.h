// ONNX textual syntax (.onnxtxt), parsed by ONNX's own OnnxParser.
#ifndef IMPORTERS_ONNX_ONNX_TEXT_IMPORTER_H_
#define IMPORTERS_ONNX_ONNX_TEXT_IMPORTER_H_

#include <string_view>
#include <vector>

#include "importers/importer.h"

namespace graphgen {

class OnnxTextImporter : public Importer {
 public:
  std::string_view Name() const override { return "ONNX text"; }
  std::vector<std::string_view> Extensions() const override { return {"onnxtxt"}; }
  SniffResult Sniff(std::string_view head) const override;
  StatusOr<LayerGraph> Import(const std::string& bytes, const ImportOptions& options,
                              Warnings* warnings) const override;
};

}  // namespace graphgen

#endif  // IMPORTERS_ONNX_ONNX_TEXT_IMPORTER_H_
