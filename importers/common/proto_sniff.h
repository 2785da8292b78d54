// Protobuf bytes from model files: recognising a message type from its first bytes (the
// leading fields must be ones it declares, with their wire types), and parsing it whole.
#ifndef IMPORTERS_COMMON_PROTO_SNIFF_H_
#define IMPORTERS_COMMON_PROTO_SNIFF_H_

#include <google/protobuf/descriptor.h>
#include <google/protobuf/message_lite.h>

#include <cstdint>
#include <string>
#include <string_view>

#include "core/status.h"
#include "importers/importer.h"

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

// Before parsing: counts the objects a parse of `bytes` as `type` would allocate — every
// message, string, bytes value and unknown field, at every depth — by walking the wire
// format, allocating nothing. Protobuf spends ~100 bytes on an object two file bytes can
// declare (an empty NodeDef is "\x0a\x00"): 100 MB of them took 112 s and 11 GB to parse.
// More than options.max_nodes / 2 + one per 8 bytes of file (a real model's objects are
// far sparser: names, shapes and weights take room) is a limit error naming --max-nodes.
// Wire data the parse would reject after the same work (a field running past its
// message: 100 MB of nodes in a graph whose length claims four bytes more took 50 s and
// 8 GB to fail) is kBadInput with `malformed_message`, at once. Messages nested deeper
// than ParseWholeMessage's recursion bound for options.max_nesting_depth are a limit
// error naming --max-depth, which the parse would only call truncated or corrupt.
Status CheckWireObjects(std::string_view bytes, const google::protobuf::Descriptor* type,
                        const ImportOptions& options, const std::string& malformed_message);

}  // namespace graphgen

#endif  // IMPORTERS_COMMON_PROTO_SNIFF_H_
