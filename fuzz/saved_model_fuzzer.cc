// Fuzz target: the TensorFlow SavedModel importers, saved_model.pb bytes (binary) and
// saved_model.pbtxt (text). Every input goes through both: each must refuse the other's
// bytes cleanly, and mutations cross between the two corpora.
#include <cstddef>
#include <cstdint>

#include "fuzz/fuzz_importer.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const graphgen::Importer& binary = graphgen::fuzz::ImporterNamed("TensorFlow SavedModel");
  static const graphgen::Importer& text =
      graphgen::fuzz::ImporterNamed("TensorFlow SavedModel text");
  graphgen::fuzz::FuzzImporter(binary, data, size);
  return graphgen::fuzz::FuzzImporter(text, data, size);
}
