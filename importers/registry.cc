#include "importers/registry.h"

#include <sys/stat.h>

#include <algorithm>
#include <string_view>

#include "core/file_io.h"
#include "importers/common/model_checks.h"
#include "importers/keras/keras_archive_importer.h"
#include "importers/keras/keras_json_importer.h"
#include "importers/onnx/onnx_binary_importer.h"
#include "importers/onnx/onnx_text_importer.h"
#include "importers/tf/graphdef_binary_importer.h"
#include "importers/tf/graphdef_text_importer.h"
#include "importers/tf/meta_graph_importer.h"
#include "importers/tf/saved_model_importer.h"
#include "importers/tf/tfjs_graph_model_importer.h"
#include "importers/tflite/tflite_importer.h"

namespace graphgen {
namespace {

constexpr size_t kSniffBytes = 4096;

// A UTF-8 byte order mark, which editors on Windows put before text (ONNX text, pbtxt,
// JSON). No binary format graphgen reads can start with it: skipped before sniffing.
constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

bool StartsWithBom(std::string_view bytes) { return bytes.substr(0, 3) == kUtf8Bom; }

bool AnySniffMatches(std::string_view head, std::string* reasons);

// A file whose first non-blank byte is '{' is JSON: only the JSON formats can be meant,
// and their reasons alone make a line a reader can act on.
bool LooksLikeJson(std::string_view head) {
  const size_t first = head.find_first_not_of(" \t\r\n");
  return first != std::string_view::npos && head[first] == '{';
}

bool ReadsJson(const Importer& importer) {
  for (std::string_view ext : importer.Extensions()) {
    if (ext == "json") return true;
  }
  return false;
}

Status UnknownFormat(std::string_view head, const std::string& reasons) {
  if (LooksLikeJson(head)) {
    return BadInput(
        "JSON, but neither a TF.js graph-model nor a Keras (or TF.js layers-model) "
        "model.json (" +
        reasons + ")");
  }
  return BadInput("unknown model format (" + reasons + ")");
}

bool IsDirectory(const std::string& path) {
  struct stat st;
  return stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

// A SavedModel directory stands for the saved_model.pb (or .pbtxt) in it.
StatusOr<std::string> ModelFileIn(const std::string& dir) {
  for (const char* name : {"saved_model.pb", "saved_model.pbtxt"}) {
    const std::string path = dir + (dir.empty() || dir.back() == '/' ? "" : "/") + name;
    struct stat st;
    if (stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode)) return path;
  }
  return BadInput(
      "is a directory without saved_model.pb or saved_model.pbtxt, so not a SavedModel");
}

}  // namespace

std::vector<std::unique_ptr<Importer>> AllImporters() {
  std::vector<std::unique_ptr<Importer>> importers;
  // TFLite first: its sniff is exact (the identifier at byte 4), and the protobuf formats'
  // sniffs read a FlatBuffer's first bytes as fields.
  importers.push_back(std::make_unique<TfliteImporter>());
  importers.push_back(std::make_unique<OnnxBinaryImporter>());
  importers.push_back(std::make_unique<OnnxTextImporter>());
  // SavedModel and MetaGraphDef before GraphDef: a GraphDef's sniff would take their
  // first bytes too, and each of them rejects a plain GraphDef.
  importers.push_back(std::make_unique<SavedModelBinaryImporter>());
  importers.push_back(std::make_unique<SavedModelTextImporter>());
  importers.push_back(std::make_unique<MetaGraphBinaryImporter>());
  importers.push_back(std::make_unique<MetaGraphTextImporter>());
  importers.push_back(std::make_unique<GraphDefBinaryImporter>());
  importers.push_back(std::make_unique<GraphDefTextImporter>());
  importers.push_back(std::make_unique<TfjsGraphModelImporter>());
  importers.push_back(std::make_unique<KerasJsonImporter>());
  importers.push_back(std::make_unique<KerasArchiveImporter>());
  return importers;
}

StatusOr<LayerGraph> ImportModel(const std::string& path, const ImportOptions& options,
                                 Warnings* warnings) {
  std::string file = path;
  if (IsDirectory(path)) {
    auto in_dir = ModelFileIn(path);
    if (!in_dir.ok()) return in_dir.status();
    file = *in_dir;
  }
  // Sniff the first bytes before reading the rest: a file no format claims is refused
  // without reading (or holding) the other 2 GB of it.
  int64_t size = 0;
  auto head = ReadFileHead(file, kSniffBytes, options.max_file_bytes, &size);
  if (!head.ok()) return head.status();
  const std::string_view sniffed =
      StartsWithBom(*head) ? std::string_view(*head).substr(kUtf8Bom.size()) : *head;
  if (std::string reasons; !AnySniffMatches(sniffed, &reasons)) {
    return UnknownFormat(sniffed, reasons);
  }
  auto bytes = ReadFile(file, options.max_file_bytes);
  if (!bytes.ok()) return bytes.status();
  return ImportModelFromBytes(*bytes, options, warnings);
}

StatusOr<LayerGraph> ImportModelFromBytes(const std::string& bytes, const ImportOptions& options,
                                          Warnings* warnings) {
  if (StartsWithBom(bytes)) {
    return ImportModelFromBytes(bytes.substr(kUtf8Bom.size()), options, warnings);
  }
  if (static_cast<int64_t>(bytes.size()) > options.max_file_bytes) {
    return LimitExceeded("the model is " + std::to_string(bytes.size()) +
                         " bytes, more than the limit of " +
                         std::to_string(options.max_file_bytes) + " (raise it with --max-file-mb)");
  }
  const std::string_view head(bytes.data(), std::min(bytes.size(), kSniffBytes));
  std::string reasons;
  Status first_failure;
  Status recognised_failure;
  int tried = 0;
  int recognised = 0;
  const bool json = LooksLikeJson(head);
  for (const auto& importer : AllImporters()) {
    const SniffResult sniff = importer->Sniff(head);
    if (!sniff.match) {
      if (json && !ReadsJson(*importer)) continue;
      reasons += std::string(reasons.empty() ? "" : "; ") + "not " + std::string(importer->Name()) +
                 ": " + sniff.why_not;
      continue;
    }
    ++tried;
    Warnings attempt_warnings;
    auto graph = importer->Import(bytes, options, &attempt_warnings);
    if (graph.ok()) {
      // Every importer's graph, whatever its format, within the edge limit.
      GRAPHGEN_RETURN_IF_ERROR(CheckEdgeCount(graph->EdgeCount(), options));
      warnings->insert(warnings->end(), attempt_warnings.begin(), attempt_warnings.end());
      return graph;
    }
    // A limit is a verdict on the file, whatever format it is.
    if (graph.status().code() == StatusCode::kLimitExceeded) return graph.status();
    if (first_failure.ok()) first_failure = graph.status();
    if (graph.status().recognised()) {
      ++recognised;
      if (recognised_failure.ok()) recognised_failure = graph.status();
    }
    reasons += std::string(reasons.empty() ? "" : "; ") + std::string(importer->Name()) + ": " +
               graph.status().message();
  }
  // One format claimed the file, or recognised it (parsed it as its message, holding a
  // model): its own error is the clearest line.
  if (tried == 1) return first_failure;
  if (recognised == 1) return recognised_failure;
  return UnknownFormat(head, reasons);
}

namespace {

// Whether any importer's Sniff accepts `head`; if none does, *reasons lists why not, in
// the words ImportModelFromBytes uses.
bool AnySniffMatches(std::string_view head, std::string* reasons) {
  for (const auto& importer : AllImporters()) {
    const SniffResult sniff = importer->Sniff(head);
    if (sniff.match) return true;
    if (LooksLikeJson(head) && !ReadsJson(*importer)) continue;
    *reasons += std::string(reasons->empty() ? "" : "; ") + "not " + std::string(importer->Name()) +
                ": " + sniff.why_not;
  }
  return false;
}

}  // namespace

}  // namespace graphgen
