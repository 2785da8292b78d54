// Recognising a protobuf message type from its first bytes: the leading fields must be
// ones the message declares, each with its declared wire type.
#ifndef IMPORTERS_PROTO_SNIFF_H_
#define IMPORTERS_PROTO_SNIFF_H_

#include <cstdint>
#include <string>
#include <string_view>

namespace graphgen {

// Wire type (0 varint, 1 fixed64, 2 length-delimited, 5 fixed32) a message declares for
// a field number, or -1 when it has no such field.
using WireTypeOf = int (*)(uint64_t field);

// Empty when the first fields of `head` (up to four, or as many as fit) all match
// `wire_type_of`; else why not, naming the first byte that does not.
std::string CheckProtoFields(std::string_view head, WireTypeOf wire_type_of,
                             const char* message_name);

}  // namespace graphgen

#endif  // IMPORTERS_PROTO_SNIFF_H_
