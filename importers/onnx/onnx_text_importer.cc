#include "importers/onnx/onnx_text_importer.h"

#include <cctype>
#include <cstring>

#include "core/text.h"
#include "importers/onnx/onnx_model.h"
#include "importers/onnx/onnx_text_labels.h"
#include "onnx/defs/parser.h"

namespace graphgen {
namespace {

bool IsIdStart(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; }
bool IsIdChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

// Bounds ONNX's text parser cannot be trusted with, checked in one pass before it runs:
// - It recurses once per bracket level with no limit of its own: If bodies nested 20,000
//   deep overflowed the stack (found building the hostile manifest). A subgraph level
//   opens at most four brackets ("<then_branch = g (...) => (...) { ... }>"), so past
//   that many per --max-depth level it is no model we draw.
// - It copies a token for its error context: 100 MB of one identifier took 9 s. A token
//   longer than any name we accept (--max-name-bytes) or a string longer than
//   --max-string-bytes is refused first.
Status CheckTextBounds(const std::string& text, const ImportOptions& options) {
  const int64_t depth_limit = int64_t{4} * options.max_nesting_depth + 16;
  const size_t token_limit = options.max_name_bytes + 64;
  int64_t depth = 0;
  size_t token = 0;  // length of the current run of token characters
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    const bool token_char = !std::isspace(static_cast<unsigned char>(c)) &&
                            std::strchr("()[]{}<>\"#,=;:", c) == nullptr;
    token = token_char ? token + 1 : 0;
    if (token > token_limit) {
      return LimitExceeded(
          "ONNX text has a token of more than " + std::to_string(token_limit) + " bytes at byte " +
          std::to_string(i + 1 - token) + ", longer than the name limit of " +
          std::to_string(options.max_name_bytes) + " (raise it with --max-name-bytes)");
    }
    if (c == '#') {
      while (i < text.size() && text[i] != '\n') ++i;
    } else if (c == '"') {
      size_t end = text.find('"', i + 1);
      if (end == std::string::npos) end = text.size();
      if (static_cast<int64_t>(end - i - 1) > options.max_string_bytes) {
        return LimitExceeded("ONNX text has a string of " + std::to_string(end - i - 1) +
                             " bytes at byte " + std::to_string(i) + ", more than the limit of " +
                             std::to_string(options.max_string_bytes) +
                             " (raise it with --max-string-bytes)");
      }
      i = end;
    } else if (c == '(' || c == '[' || c == '{' || c == '<') {
      if (++depth > depth_limit) {
        return LimitExceeded(
            "ONNX text nests brackets more than " + std::to_string(depth_limit) + " deep at byte " +
            std::to_string(i) + ": subgraphs nested past the limit of " +
            std::to_string(options.max_nesting_depth) + " (raise it with --max-depth)");
      }
    } else if (c == '>' && i > 0 && text[i - 1] == '=') {
      // "=>" between a graph's inputs and outputs closes nothing.
    } else if (c == ')' || c == ']' || c == '}' || c == '>') {
      if (depth > 0) --depth;
    }
  }
  return OkStatus();
}

}  // namespace

SniffResult OnnxTextImporter::Sniff(std::string_view head) const {
  size_t i = 0;
  while (i < head.size()) {
    const char c = head[i];
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
      ++i;
    } else if (c == '#') {  // a comment line
      while (i < head.size() && head[i] != '\n') ++i;
    } else {
      break;
    }
  }
  if (i >= head.size()) return {false, "no text before the end of the file"};
  // A model starts with its "<ir_version: ...>" header or directly with a graph:
  // "name (inputs) => (outputs)".
  if (head[i] == '<') return {true, ""};
  if (IsIdStart(head[i])) {
    size_t j = i;
    while (j < head.size() && IsIdChar(head[j])) ++j;
    while (j < head.size() && (head[j] == ' ' || head[j] == '\t')) ++j;
    if (j < head.size() && head[j] == '(') return {true, ""};
  }
  return {false, "does not start with '<' or 'name (' as ONNX text does"};
}

StatusOr<LayerGraph> OnnxTextImporter::Import(const std::string& bytes,
                                              const ImportOptions& options,
                                              Warnings* warnings) const {
  if (std::memchr(bytes.data(), '\0', bytes.size()) != nullptr) {
    return BadInput("ONNX text contains a NUL byte");
  }
  GRAPHGEN_RETURN_IF_ERROR(CheckTextBounds(bytes, options));
  std::vector<NodeLabel> labels;
  const std::string text = StripNodeLabels(bytes, &labels);
  onnx::ModelProto model;
  onnx::OnnxParser parser(text.c_str());
  try {
    const auto status = parser.Parse(model);
    if (!status.IsOK()) {
      return BadInput("ONNX text does not parse: " + Quote(status.ErrorMessage(), 300));
    }
  } catch (const std::exception& e) {
    return BadInput(std::string("ONNX text does not parse: ") + Quote(e.what(), 300));
  }
  if (ApplyNodeLabels(labels, &model) != labels.size()) {
    warnings->push_back("some [node] labels did not match a node; those nodes are unnamed");
  }
  return ConvertOnnxModel(std::move(model), options, warnings);
}

}  // namespace graphgen
