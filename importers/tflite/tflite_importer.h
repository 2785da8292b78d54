// TensorFlow Lite models (.tflite): a FlatBuffer with the identifier "TFL3" at byte 4.
#ifndef IMPORTERS_TFLITE_TFLITE_IMPORTER_H_
#define IMPORTERS_TFLITE_TFLITE_IMPORTER_H_

#include <string_view>
#include <vector>

#include "importers/importer.h"

namespace graphgen {

class TfliteImporter : public Importer {
 public:
  std::string_view Name() const override { return "TensorFlow Lite"; }
  std::vector<std::string_view> Extensions() const override { return {"tflite"}; }
  SniffResult Sniff(std::string_view head) const override;
  StatusOr<LayerGraph> Import(const std::string& bytes, const ImportOptions& options,
                              Warnings* warnings) const override;
};

}  // namespace graphgen

#endif  // IMPORTERS_TFLITE_TFLITE_IMPORTER_H_
