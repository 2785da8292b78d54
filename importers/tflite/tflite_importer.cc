#include "importers/tflite/tflite_importer.h"

#include "importers/tflite/tflite_model.h"

namespace graphgen {

SniffResult TfliteImporter::Sniff(std::string_view head) const {
  // FlatBuffers put the root table's offset first and the file identifier after it.
  if (head.size() >= 8 && head.substr(4, 4) == "TFL3") return {true, ""};
  return {false, "no 'TFL3' identifier at byte 4"};
}

StatusOr<LayerGraph> TfliteImporter::Import(const std::string& bytes, const ImportOptions& options,
                                            Warnings* warnings) const {
  return ConvertTfliteModel(bytes, options, warnings);
}

}  // namespace graphgen
