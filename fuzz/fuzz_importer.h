// The body shared by the per-format importer fuzz targets: one importer from the
// registry, looked up by its Name(), fed the fuzzer's bytes through Sniff and Import, its
// result held to the contracts in fuzz_checks.h.
#ifndef FUZZ_FUZZ_IMPORTER_H_
#define FUZZ_FUZZ_IMPORTER_H_

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "importers/importer.h"

namespace graphgen {
namespace fuzz {

// Limits for fuzzing: the CLI's defaults, but with fewer nodes so one input cannot take
// seconds, and without ONNX shape inference (see the .cc); every limit still applies, so
// limit paths are fuzzed too.
ImportOptions FuzzImportOptions();

// The registered importer called `name` ("ONNX binary"); aborts if there is none, so a
// renamed importer breaks its fuzz target's replay test instead of fuzzing nothing.
const Importer& ImporterNamed(std::string_view name);

// Sniffs and, whatever the sniff says, imports `data` with `importer`, and checks the
// error or the graph. Always returns 0 (libFuzzer's convention).
int FuzzImporter(const Importer& importer, const uint8_t* data, size_t size);

}  // namespace fuzz
}  // namespace graphgen

#endif  // FUZZ_FUZZ_IMPORTER_H_
