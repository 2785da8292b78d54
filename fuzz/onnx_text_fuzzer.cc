// Fuzz target: the ONNX text importer (ONNX's own parser plus our node labels).
#include <cstddef>
#include <cstdint>

#include "fuzz/fuzz_importer.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const graphgen::Importer& importer = graphgen::fuzz::ImporterNamed("ONNX text");
  return graphgen::fuzz::FuzzImporter(importer, data, size);
}
