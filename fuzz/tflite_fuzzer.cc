// Fuzz target: the TensorFlow Lite importer (.tflite FlatBuffers).
#include <cstddef>
#include <cstdint>

#include "fuzz/fuzz_importer.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const graphgen::Importer& importer = graphgen::fuzz::ImporterNamed("TensorFlow Lite");
  return graphgen::fuzz::FuzzImporter(importer, data, size);
}
