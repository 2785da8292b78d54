#include "importers/tf/graphdef_text_importer.h"

#include <google/protobuf/io/tokenizer.h>
#include <google/protobuf/text_format.h>

#include <algorithm>
#include <cctype>

#include "graphgen/text.h"
#include "importers/tf/graphdef_model.h"

namespace graphgen {
namespace {

// Keeps the first parse error instead of letting protobuf print to stderr.
class FirstError : public google::protobuf::io::ErrorCollector {
 public:
  void AddError(int line, int column, const std::string& message) override {
    if (text.empty()) {
      text = "line " + std::to_string(line + 1) + ", column " + std::to_string(column + 1) + ": " +
             Quote(message, 200);
    }
  }
  void AddWarning(int, int, const std::string&) override {}
  std::string text;
};

}  // namespace

SniffResult GraphDefTextImporter::Sniff(std::string_view head) const {
  size_t i = 0;
  while (i < head.size()) {
    if (std::isspace(static_cast<unsigned char>(head[i]))) {
      ++i;
    } else if (head[i] == '#') {
      while (i < head.size() && head[i] != '\n') ++i;
    } else {
      break;
    }
  }
  size_t j = i;
  while (j < head.size() && (std::isalpha(static_cast<unsigned char>(head[j])) || head[j] == '_'))
    ++j;
  const std::string_view word = head.substr(i, j - i);
  while (j < head.size() && (head[j] == ' ' || head[j] == '\t')) ++j;
  const bool opens = j < head.size() && (head[j] == '{' || head[j] == ':' || head[j] == '<');
  if (opens && (word == "node" || word == "library" || word == "versions" || word == "version")) {
    return {true, ""};
  }
  return {false, "does not start with 'node {' as a GraphDef text file does"};
}

StatusOr<LayerGraph> GraphDefTextImporter::Import(const std::string& bytes,
                                                  const ImportOptions& options,
                                                  Warnings* warnings) const {
  tf::GraphDef graph;
  google::protobuf::TextFormat::Parser parser;
  FirstError errors;
  parser.RecordErrorsTo(&errors);
  // TensorFlow has fields we do not declare; they carry nothing a diagram needs.
  parser.AllowUnknownField(true);
  parser.AllowUnknownExtension(true);
  // The parser recurses once per nested message and protobuf 3.21's default limit is
  // INT_MAX: 10,000 nested function attributes overflowed the stack (hostile manifest).
  // A GraphDef nests a few messages per level (node, attr, value, func or list).
  const int recursion_limit = std::max(100, options.max_nesting_depth * 8 + 16);
  parser.SetRecursionLimit(recursion_limit);
  if (!parser.ParseFromString(bytes, &graph)) {
    if (errors.text.find("recursion limit") != std::string::npos) {
      return LimitExceeded(
          "GraphDef text nests messages more than " + std::to_string(recursion_limit) + " deep (" +
          errors.text + "); nesting past the limit of " +
          std::to_string(options.max_nesting_depth) + " (raise it with --max-depth)");
    }
    return BadInput("GraphDef text does not parse: " +
                    (errors.text.empty() ? std::string("syntax error") : errors.text));
  }
  return ConvertGraphDef(graph, options, warnings);
}

}  // namespace graphgen
