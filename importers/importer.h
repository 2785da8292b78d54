// The importer interface: one implementation per file format, tried in the order of
// the registry (registry.h). Sniff looks at the first bytes; Import reads the whole file.
#ifndef IMPORTERS_IMPORTER_H_
#define IMPORTERS_IMPORTER_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "graphgen/layer_graph.h"
#include "graphgen/status.h"

namespace graphgen {

// Limits and choices for reading a model. Model files come from strangers: every limit
// bounds work or memory, and exceeding one is an error naming the limit's flag.
struct ImportOptions {
  // Largest model file read, in bytes (--max-file-mb; default 2 GiB, protobuf's own cap).
  int64_t max_file_bytes = int64_t{2} << 30;
  // Most operations in one model, subgraphs included (--max-nodes).
  int64_t max_nodes = 2'000'000;
  // Deepest nesting of subgraphs in subgraphs (If in Loop in ...) (--max-depth).
  int max_nesting_depth = 32;
  // Highest tensor rank accepted (--max-rank).
  int max_rank = 64;
  // Largest single dimension accepted; larger ones are corrupt, not models.
  int64_t max_dim = int64_t{1} << 62;
  // Longest name (node, tensor, op type) accepted, in bytes.
  size_t max_name_bytes = 4096;
  // Draw a TensorFlow function call (StatefulPartitionedCall) or a nested Keras model as a
  // cluster holding its body (--expand-nested; default on). Off: one node each.
  bool expand_calls = true;
  // SavedModel: the tags of the MetaGraphDef to draw, comma-separated (--tags); empty:
  // the one tagged "serve", else the first.
  std::string tags;
  // SavedModel / MetaGraphDef: the signature to draw (--signature); empty:
  // "serving_default", else the first; "all": each in its own cluster.
  std::string signature;
  // Run ONNX shape inference to fill shapes the file does not record (default on).
  bool infer_shapes = true;
};

// Non-fatal findings of an import, printed as "graphgen: warning: FILE: ..." lines.
using Warnings = std::vector<std::string>;

struct SniffResult {
  bool match = false;
  std::string why_not;  // when !match: what in the first bytes rules this format out
};

class Importer {
 public:
  virtual ~Importer() = default;
  // The format's name for messages: "ONNX binary".
  virtual std::string_view Name() const = 0;
  // Whether `head` (the file's first bytes, at most 4 KiB) can start this format.
  virtual SniffResult Sniff(std::string_view head) const = 0;
  // Reads the whole file. Errors are kBadInput or kLimitExceeded with a message that
  // names the offending node or tensor; the caller adds the file name.
  virtual StatusOr<LayerGraph> Import(const std::string& bytes, const ImportOptions& options,
                                      Warnings* warnings) const = 0;
};

}  // namespace graphgen

#endif  // IMPORTERS_IMPORTER_H_
