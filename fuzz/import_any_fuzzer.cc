// Fuzz target: the registry's whole choice of format (ImportModelFromBytes): every sniff
// and every importer AllImporters() lists, so a format added to the registry is fuzzed
// here from the day it is listed (SavedModel, TF.js and Keras JSON included), before it
// has a target of its own.
#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz/fuzz_checks.h"
#include "fuzz/fuzz_importer.h"
#include "importers/registry.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string bytes(reinterpret_cast<const char*>(data), size);
  graphgen::Warnings warnings;
  auto graph =
      graphgen::ImportModelFromBytes(bytes, graphgen::fuzz::FuzzImportOptions(), &warnings);
  if (!graph.ok()) {
    graphgen::fuzz::CheckImportError(graph.status());
    return 0;
  }
  graphgen::fuzz::CheckGraph(*graph);
  return 0;
}
