// Protobuf text form of TensorFlow messages (.pbtxt): a first-word sniff and a parse that
// tolerates fields we do not declare and reports the first syntax error by line/column.
#ifndef IMPORTERS_TF_TF_TEXT_H_
#define IMPORTERS_TF_TF_TEXT_H_

#include <google/protobuf/message.h>

#include <initializer_list>
#include <string>
#include <string_view>

#include "core/status.h"

namespace graphgen {

// Whether `head`, past blank and '#' comment lines, opens with one of `fields` followed
// by '{', '<' or ':'.
bool TextStartsWithField(std::string_view head, std::initializer_list<std::string_view> fields);

// Parses `bytes` into `message`; the error reads "<what> text does not parse: line L,
// column C: ...". Messages nested past a bound derived from `max_nesting_depth`
// (--max-depth) are a limit error: protobuf's own default is INT_MAX, and 10,000 nested
// function attributes overflowed the stack (hostile manifest).
Status ParseTfText(const std::string& bytes, const std::string& what, int max_nesting_depth,
                   google::protobuf::Message* message);

}  // namespace graphgen

#endif  // IMPORTERS_TF_TF_TEXT_H_
