// The importer interface: one implementation per file format, tried in the order of
// the registry (registry.h). Sniff looks at the first bytes; Import reads the whole file.
#ifndef IMPORTERS_IMPORTER_H_
#define IMPORTERS_IMPORTER_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/layer_graph.h"
#include "core/status.h"

namespace graphgen {

// Limits and choices for reading a model. Model files come from strangers: every limit
// bounds work or memory, and exceeding one is a kLimitExceeded error (exit 3) whose
// message names the limit and the flag that raises it: "... (raise it with --max-edges)".
// The defaults admit every real model we know of (the largest in ../shared/corpus uses
// well under a tenth of each) and reject what only a corrupt or hostile file holds.
struct ImportOptions {
  // Largest model file read, in bytes (--max-file-mb; default 2 GiB, protobuf's own cap).
  // Checked against the file system's size before a byte is read.
  int64_t max_file_bytes = int64_t{2} << 30;
  // Most operations in one model, subgraphs, inputs and outputs included (--max-nodes;
  // default 2,000,000).
  int64_t max_nodes = 2'000'000;
  // Most producer -> consumer links, each use of a tensor counted once (--max-edges;
  // default 8,000,000).
  int64_t max_edges = 8'000'000;
  // Deepest nesting of subgraphs in subgraphs (If in Loop in ...), of function calls,
  // and of name scopes in one node name ("a/b/c/Conv" is 3 deep) (--max-depth; default 32).
  int max_nesting_depth = 32;
  // Highest tensor rank accepted (--max-rank; default 64).
  int max_rank = 64;
  // Largest single dimension accepted; larger ones are corrupt, not models (2^62).
  int64_t max_dim = int64_t{1} << 62;
  // Longest name (node, tensor, op type, domain, dimension) accepted, in bytes
  // (--max-name-bytes; default 4096).
  size_t max_name_bytes = 4096;
  // Most attributes on one node (--max-attributes; default 1000).
  int64_t max_attributes = 1000;
  // Longest string attribute value (or item of a string list), in bytes
  // (--max-string-bytes; default 16 MiB).
  int64_t max_string_bytes = int64_t{16} << 20;
  // Draw a TensorFlow function call (StatefulPartitionedCall) or a nested Keras model as a
  // cluster holding its body (--expand-nested; default on). Off: one node each.
  bool expand_calls = true;
  // SavedModel: the tags of the MetaGraphDef to draw, comma-separated (--tags); empty:
  // the one tagged "serve", else the first.
  std::string tags;
  // SavedModel / MetaGraphDef: the signature to draw (--signature); empty:
  // "serving_default", else the first; "all": each in its own cluster.
  std::string signature;
  // Run ONNX shape inference to fill shapes the file does not record (default on;
  // --no-shape-inference).
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
  // The extensions this format's files usually have, lower case without the dot ("onnx").
  // graphgen itself goes by the bytes (Sniff); tools that pick model files by name (the
  // pre-commit hook, docs builds) go by these.
  virtual std::vector<std::string_view> Extensions() const = 0;
  // Whether `head` (the file's first bytes, at most 4 KiB) can start this format.
  virtual SniffResult Sniff(std::string_view head) const = 0;
  // Reads the whole file. Errors are kBadInput or kLimitExceeded with a message that
  // names the offending node or tensor; the caller adds the file name.
  virtual StatusOr<LayerGraph> Import(const std::string& bytes, const ImportOptions& options,
                                      Warnings* warnings) const = 0;
};

}  // namespace graphgen

#endif  // IMPORTERS_IMPORTER_H_
