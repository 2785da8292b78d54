#include "importers/onnx/onnx_text_importer.h"

#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <stdexcept>
#include <string>

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

// ONNX's parser reads numbers with std::stol / std::stoll / std::stof, whose overflow is
// an exception saying only "stol" (issue 21). This finds the first number literal that
// does not fit (an integer past int64, a float past float's range) and says where:
// "line 3, column 19: integer out of range: 99999999999999999999". Empty if none.
std::string DescribeOutOfRangeNumber(const std::string& text) {
  size_t line = 1, line_start = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\n') {
      line += 1;
      line_start = i + 1;
      continue;
    }
    if (c == '#') {  // a comment: to the end of the line
      while (i + 1 < text.size() && text[i + 1] != '\n') ++i;
      continue;
    }
    if (c == '"') {  // a string
      while (i + 1 < text.size() && text[i + 1] != '"') {
        if (text[++i] == '\n') {
          line += 1;
          line_start = i + 1;
        }
      }
      ++i;
      continue;
    }
    const bool sign = (c == '-' || c == '+') && i + 1 < text.size() &&
                      std::isdigit(static_cast<unsigned char>(text[i + 1]));
    if (!sign && !std::isdigit(static_cast<unsigned char>(c))) continue;
    if (i > 0 && (IsIdChar(text[i - 1]) || text[i - 1] == '.')) {
      while (i + 1 < text.size() && IsIdChar(text[i + 1])) ++i;  // part of a name: x1
      continue;
    }
    size_t end = i + 1;
    bool is_float = false;
    while (end < text.size()) {
      const char d = text[end];
      if (std::isdigit(static_cast<unsigned char>(d))) {
        ++end;
      } else if (d == '.' || d == 'e' || d == 'E') {
        is_float = true;
        ++end;
      } else if ((d == '-' || d == '+') && (text[end - 1] == 'e' || text[end - 1] == 'E')) {
        ++end;
      } else {
        break;
      }
    }
    const std::string literal = text.substr(i, end - i);
    errno = 0;
    if (is_float) {
      std::strtof(literal.c_str(), nullptr);
    } else {
      std::strtoll(literal.c_str(), nullptr, 10);
    }
    if (errno == ERANGE) {
      return "line " + std::to_string(line) + ", column " + std::to_string(i - line_start + 1) +
             ": " + (is_float ? "float" : "integer") + " out of range: " + Quote(literal, 40);
    }
    i = end - 1;
  }
  return "";
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
  } catch (const std::out_of_range& e) {
    const std::string where = DescribeOutOfRangeNumber(bytes);
    return BadInput("ONNX text does not parse: " + (where.empty() ? Quote(e.what(), 300) : where));
  } catch (const std::exception& e) {
    return BadInput(std::string("ONNX text does not parse: ") + Quote(e.what(), 300));
  }
  if (ApplyNodeLabels(labels, &model) != labels.size()) {
    warnings->push_back("some [node] labels did not match a node; those nodes are unnamed");
  }
  return ConvertOnnxModel(std::move(model), options, warnings);
}

}  // namespace graphgen
