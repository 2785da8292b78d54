#include "fuzz/fuzz_importer.h"

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "fuzz/fuzz_checks.h"
#include "importers/registry.h"

namespace graphgen {
namespace fuzz {

ImportOptions FuzzImportOptions() {
  ImportOptions options;
  options.max_nodes = 20'000;
  // ONNX shape inference is Debian's uninstrumented libonnx, run in a child process
  // (importers/onnx/onnx_shape_inference.h); forking per input cuts throughput fiftyfold (100
  // against 5,000 inputs a second). The pipeline target keeps it on.
  options.infer_shapes = false;
  return options;
}

const Importer& ImporterNamed(std::string_view name) {
  // Built once; importers are stateless.
  static const auto* importers = new std::vector<std::unique_ptr<Importer>>(AllImporters());
  for (const auto& importer : *importers) {
    if (importer->Name() == name) return *importer;
  }
  Fail("no importer is named '" + std::string(name) + "'");
}

int FuzzImporter(const Importer& importer, const uint8_t* data, size_t size) {
  const std::string bytes(reinterpret_cast<const char*>(data), size);
  const std::string_view head(bytes.data(), std::min<size_t>(bytes.size(), 4096));
  const SniffResult sniff = importer.Sniff(head);
  if (!sniff.match && sniff.why_not.empty()) Fail("a failed sniff gave no reason");
  // Import even what the sniff rejects: Import must hold up on its own.
  Warnings warnings;
  const ImportOptions options = FuzzImportOptions();
  auto graph = importer.Import(bytes, options, &warnings);
  if (!graph.ok()) {
    CheckImportError(graph.status());
    return 0;
  }
  CheckGraph(*graph);
  return 0;
}

}  // namespace fuzz
}  // namespace graphgen
