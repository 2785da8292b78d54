#include "importers/onnx/onnx_text_labels.h"

#include <cctype>

namespace graphgen {
namespace {

bool IsIdChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == '/' ||
         c == ':' || c == '-';
}

// Reads a quotable id (plain or "quoted") at `i`; returns the position after it.
size_t ReadId(std::string_view s, size_t i, std::string* id) {
  if (i < s.size() && s[i] == '"') {
    const size_t end = s.find('"', i + 1);
    if (end == std::string_view::npos) return std::string_view::npos;
    *id = std::string(s.substr(i + 1, end - i - 1));
    return end + 1;
  }
  size_t j = i;
  while (j < s.size() && IsIdChar(s[j])) ++j;
  *id = std::string(s.substr(i, j - i));
  return j;
}

size_t SkipBlanks(std::string_view s, size_t i) {
  while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i]))) ++i;
  return i;
}

void Collect(onnx::GraphProto* g, std::vector<onnx::NodeProto*>* nodes) {
  for (auto& node : *g->mutable_node()) {
    nodes->push_back(&node);
    for (auto& attr : *node.mutable_attribute()) {
      if (attr.has_g()) Collect(attr.mutable_g(), nodes);
      for (auto& sub : *attr.mutable_graphs()) Collect(&sub, nodes);
    }
  }
}

}  // namespace

std::string StripNodeLabels(std::string_view text, std::vector<NodeLabel>* labels) {
  std::string out(text);
  char last = '\0';  // the last significant character before the current one
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '#') {  // a comment runs to the end of the line
      while (i + 1 < text.size() && text[i + 1] != '\n') ++i;
      continue;
    }
    if (c == '"') {  // a string: skip it whole
      const size_t end = text.find('"', i + 1);
      if (end == std::string_view::npos) break;
      i = end;
      last = '"';
      continue;
    }
    if (std::isspace(static_cast<unsigned char>(c))) continue;
    if (c == '[' && (last == '{' || last == '}' || last == ')' || last == '>')) {
      NodeLabel label;
      size_t j = ReadId(text, SkipBlanks(text, i + 1), &label.name);
      if (j != std::string_view::npos) j = SkipBlanks(text, j);
      if (j != std::string_view::npos && j < text.size() && text[j] == ']') {
        const size_t after = SkipBlanks(text, j + 1);
        if (after < text.size() && text[after] != '=') {
          ReadId(text, after, &label.first_output);
        }
        for (size_t k = i; k <= j; ++k) out[k] = ' ';
        labels->push_back(std::move(label));
        i = j;
        last = ']';
        continue;
      }
    }
    last = c;
  }
  return out;
}

size_t ApplyNodeLabels(const std::vector<NodeLabel>& labels, onnx::ModelProto* model) {
  std::vector<onnx::NodeProto*> nodes;
  Collect(model->mutable_graph(), &nodes);
  size_t next = 0;
  for (onnx::NodeProto* node : nodes) {
    if (next >= labels.size()) break;
    const std::string first = node->output_size() > 0 ? node->output(0) : "";
    if (first == labels[next].first_output) node->set_name(labels[next++].name);
  }
  return next;
}

}  // namespace graphgen
