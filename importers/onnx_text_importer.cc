#include "importers/onnx_text_importer.h"

#include <cctype>
#include <cstring>

#include "graphgen/text.h"
#include "importers/onnx_model.h"
#include "importers/onnx_text_labels.h"
#include "onnx/defs/parser.h"

namespace graphgen {
namespace {

bool IsIdStart(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; }
bool IsIdChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

// ONNX's text parser recurses once per bracket level with no limit of its own: a file of
// 20,000 nested If bodies overflows the stack (found by hand while building the hostile
// manifest). Each subgraph level opens at most four brackets ("<then_branch = g (...)
// => (...) { ... }>"), so past that many per --max-depth level it is no model we draw.
Status CheckBracketDepth(const std::string& text, int max_nesting_depth) {
  const int64_t limit = int64_t{4} * max_nesting_depth + 16;
  int64_t depth = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '#') {
      while (i < text.size() && text[i] != '\n') ++i;
    } else if (c == '"') {
      const size_t end = text.find('"', i + 1);
      if (end == std::string::npos) break;
      i = end;
    } else if (c == '(' || c == '[' || c == '{' || c == '<') {
      if (++depth > limit) {
        return LimitExceeded("ONNX text nests brackets more than " + std::to_string(limit) +
                             " deep at byte " + std::to_string(i) +
                             ": subgraphs nested past the limit of " +
                             std::to_string(max_nesting_depth) + " (raise it with --max-depth)");
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
  GRAPHGEN_RETURN_IF_ERROR(CheckBracketDepth(bytes, options.max_nesting_depth));
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
