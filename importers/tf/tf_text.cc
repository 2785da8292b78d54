#include "importers/tf/tf_text.h"

#include <google/protobuf/io/tokenizer.h>
#include <google/protobuf/text_format.h>

#include <algorithm>
#include <cctype>

#include "core/checked_math.h"
#include "core/text.h"

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

bool TextStartsWithField(std::string_view head, std::initializer_list<std::string_view> fields) {
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
  while (j < head.size() && (std::isalpha(static_cast<unsigned char>(head[j])) || head[j] == '_')) {
    ++j;
  }
  const std::string_view word = head.substr(i, j - i);
  while (j < head.size() && (head[j] == ' ' || head[j] == '\t')) ++j;
  const bool opens = j < head.size() && (head[j] == '{' || head[j] == ':' || head[j] == '<');
  if (!opens) return false;
  for (std::string_view f : fields) {
    if (word == f) return true;
  }
  return false;
}

Status ParseTfText(const std::string& bytes, const std::string& what, int max_nesting_depth,
                   google::protobuf::Message* message) {
  google::protobuf::TextFormat::Parser parser;
  FirstError errors;
  parser.RecordErrorsTo(&errors);
  // TensorFlow has fields we do not declare; they carry nothing a diagram needs.
  parser.AllowUnknownField(true);
  parser.AllowUnknownExtension(true);
  // A TensorFlow graph nests a few messages per level (node, attr, value, func or list).
  const int recursion_limit = std::max(100, ClampToInt(int64_t{8} * max_nesting_depth + 16));
  parser.SetRecursionLimit(recursion_limit);
  if (!parser.ParseFromString(bytes, message)) {
    if (errors.text.find("recursion limit") != std::string::npos) {
      return LimitExceeded(what + " text nests messages more than " +
                           std::to_string(recursion_limit) + " deep (" + errors.text +
                           "); nesting past the limit of " + std::to_string(max_nesting_depth) +
                           " (raise it with --max-depth)");
    }
    return BadInput(what + " text does not parse: " +
                    (errors.text.empty() ? std::string("syntax error") : errors.text));
  }
  return OkStatus();
}

}  // namespace graphgen
