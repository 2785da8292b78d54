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
