// Fuzz target: the JSON model importers, TF.js graph-model model.json (weights manifest
// and GraphDef as JSON) and Keras model JSON (model.to_json(), Keras 3, TF.js
// layers-model). Every input goes through both: each must refuse the other's JSON
// cleanly, and mutations cross between the two corpora.
#include <cstddef>
#include <cstdint>

#include "fuzz/fuzz_importer.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const graphgen::Importer& tfjs =
      graphgen::fuzz::ImporterNamed("TensorFlow.js graph-model");
  static const graphgen::Importer& keras = graphgen::fuzz::ImporterNamed("Keras model JSON");
  graphgen::fuzz::FuzzImporter(tfjs, data, size);
  return graphgen::fuzz::FuzzImporter(keras, data, size);
}
