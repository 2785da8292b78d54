// Provenance: the (key, value) pairs every diagram graphgen writes carries, so `--check`
// can say why a file on disk is stale. The keys are shared by the writers (render/) that
// embed them and by the check (graphgen/) that reads them back.
#ifndef CORE_PROVENANCE_H_
#define CORE_PROVENANCE_H_

#include <string>
#include <utility>
#include <vector>

namespace graphgen {

using Metadata = std::vector<std::pair<std::string, std::string>>;

// Provenance keys every output carries, in the order they are written.
inline constexpr const char* kMetaGenerator = "generator";       // "graphgen 0.1.0"
inline constexpr const char* kMetaModel = "model";               // the model's file name
inline constexpr const char* kMetaModelFormat = "model-format";  // "ONNX"
inline constexpr const char* kMetaModelHash = "model-hash";      // FormatGraphHash
inline constexpr const char* kMetaOptions = "options";           // "rankdir=TB show_shapes=1 ..."
inline constexpr const char* kMetaModelNodes = "model-nodes";    // FormatNodeHashes

}  // namespace graphgen

#endif  // CORE_PROVENANCE_H_
