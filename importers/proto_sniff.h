// Protobuf bytes from model files: recognising a message type from its first bytes (the
// leading fields must be ones it declares, with their wire types), and parsing it whole.
#ifndef IMPORTERS_PROTO_SNIFF_H_
#define IMPORTERS_PROTO_SNIFF_H_

#include <cstdint>
#include <string>
#include <string_view>

#include <google/protobuf/message_lite.h>

namespace graphgen {

// Wire type (0 varint, 1 fixed64, 2 length-delimited, 5 fixed32) a message declares for
// a field number, or -1 when it has no such field.
using WireTypeOf = int (*)(uint64_t field);

// Empty when the first fields of `head` (up to four, or as many as fit) all match
// `wire_type_of`; else why not, naming the first byte that does not.
std::string CheckProtoFields(std::string_view head, WireTypeOf wire_type_of,
                             const char* message_name);

// Parses all of `bytes` into `message`, with protobuf's nesting bound raised to fit
// `max_nesting_depth` levels of subgraphs. False when the bytes are not one whole message.
bool ParseWholeMessage(const std::string& bytes, int max_nesting_depth,
                       google::protobuf::MessageLite* message);

}  // namespace graphgen

#endif  // IMPORTERS_PROTO_SNIFF_H_
