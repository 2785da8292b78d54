#include "importers/common/proto_sniff.h"

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/stubs/logging.h>

#include <algorithm>
#include <cstdio>

#include "core/checked_math.h"

namespace graphgen {
namespace {

bool ReadVarint(std::string_view s, size_t* pos, uint64_t* value) {
  uint64_t v = 0;
  for (int shift = 0; shift < 64 && *pos < s.size(); shift += 7) {
    const unsigned char b = static_cast<unsigned char>(s[(*pos)++]);
    v |= static_cast<uint64_t>(b & 0x7F) << shift;
    if ((b & 0x80) == 0) {
      *value = v;
      return true;
    }
  }
  return false;
}

}  // namespace

std::string CheckProtoFields(std::string_view head, WireTypeOf wire_type_of,
                             const char* message_name) {
  if (head.empty()) return "the file is empty";
  size_t pos = 0;
  for (int fields = 0; fields < 4 && pos < head.size(); ++fields) {
    const size_t start = pos;
    uint64_t tag;
    if (!ReadVarint(head, &pos, &tag)) break;  // cut by the end of the head: fine
    const uint64_t field = tag >> 3;
    const int wire = static_cast<int>(tag & 7);
    if (wire_type_of(field) != wire) {
      char buf[160];
      std::snprintf(buf, sizeof(buf),
                    "byte %zu starts no %s field (tag 0x%llx: field %llu, wire type %d)", start,
                    message_name, static_cast<unsigned long long>(tag),
                    static_cast<unsigned long long>(field), wire);
      return buf;
    }
    uint64_t value = 0;
    if (wire == 0) {
      if (!ReadVarint(head, &pos, &value)) break;
    } else if (wire == 1) {
      pos += 8;
    } else if (wire == 5) {
      pos += 4;
    } else if (wire == 2) {
      if (!ReadVarint(head, &pos, &value)) break;
      if (value > head.size() - pos) break;  // the field runs past the head
      pos += value;
    }
  }
  return "";
}

bool ParseWholeMessage(const std::string& bytes, int max_nesting_depth,
                       google::protobuf::MessageLite* message) {
  google::protobuf::io::CodedInputStream stream(reinterpret_cast<const uint8_t*>(bytes.data()),
                                                static_cast<int>(bytes.size()));
  // Each subgraph level nests a few messages (graph, node, attribute).
  stream.SetRecursionLimit(std::max(100, ClampToInt(int64_t{8} * max_nesting_depth + 16)));
  // Protobuf logs to stderr when a proto3 string field is not UTF-8 ("[libprotobuf
  // ERROR ...] String field 'graphgen.tf.NodeDef.name' contains invalid UTF-8"): a line
  // about its internals before ours. The failed parse is reported by the caller.
  const google::protobuf::LogSilencer quiet;
  return message->ParseFromCodedStream(&stream) && stream.ConsumedEntireMessage();
}

namespace {

// Reads a varint at *p (before end); false when it runs past end or past ten bytes.
// Raw pointers: this loop runs once per field of a 2 GB file, in unoptimised builds too.
inline bool Varint(const unsigned char** p, const unsigned char* end, uint64_t* value) {
  uint64_t v = 0;
  for (int shift = 0; shift < 64 && *p < end; shift += 7) {
    const unsigned char b = *(*p)++;
    v |= static_cast<uint64_t>(b & 0x7F) << shift;
    if ((b & 0x80) == 0) {
      *value = v;
      return true;
    }
  }
  return false;
}

// Whether a parse reads wire type `wire` into `field`; with any other wire type it keeps
// the field as an unknown one, like an undeclared field number.
bool WireTypeFits(const google::protobuf::FieldDescriptor* field, int wire) {
  using google::protobuf::FieldDescriptor;
  switch (field->type()) {
    case FieldDescriptor::TYPE_MESSAGE:
    case FieldDescriptor::TYPE_STRING:
    case FieldDescriptor::TYPE_BYTES:
      return wire == 2;
    case FieldDescriptor::TYPE_GROUP:
      return wire == 3;
    case FieldDescriptor::TYPE_DOUBLE:
    case FieldDescriptor::TYPE_FIXED64:
    case FieldDescriptor::TYPE_SFIXED64:
      return wire == 1 || (wire == 2 && field->is_packable());
    case FieldDescriptor::TYPE_FLOAT:
    case FieldDescriptor::TYPE_FIXED32:
    case FieldDescriptor::TYPE_SFIXED32:
      return wire == 5 || (wire == 2 && field->is_packable());
    default:  // varints: integers, bool, enum
      return wire == 0 || (wire == 2 && field->is_packable());
  }
}

// Adds the objects in the message [p, end) of type `type` to *count. False when the wire
// data is malformed (a field runs past its message, a bad field number, a group) or
// *count passed `limit`. Sets *too_deep when a message nests past `depth` levels.
bool CountObjects(const unsigned char* p, const unsigned char* end,
                  const google::protobuf::Descriptor* type, int depth, int64_t limit,
                  int64_t* count, bool* too_deep) {
  using google::protobuf::FieldDescriptor;
  uint64_t last_tag = 0;
  const FieldDescriptor* field = nullptr;
  bool unknown = true;
  while (p < end) {
    uint64_t tag;
    if (!Varint(&p, end, &tag)) return false;
    if ((tag >> 3) == 0 || (tag >> 3) > 536870911) return false;  // no such field number
    // Repeated fields repeat their tag: look a field up once per run of equal tags.
    if (tag != last_tag) {
      last_tag = tag;
      field = type != nullptr ? type->FindFieldByNumber(static_cast<int>(tag >> 3)) : nullptr;
      // Kept in the unknown field set: an undeclared number, or a declared one on the wire
      // as something else (1,000 "message" fields written as varints were 1,000 unknowns).
      unknown = field == nullptr || !WireTypeFits(field, static_cast<int>(tag & 7));
    }
    if (unknown) ++*count;
    uint64_t value;
    switch (tag & 7) {
      case 0:
        if (!Varint(&p, end, &value)) return false;
        break;
      case 1:
        if (end - p < 8) return false;
        p += 8;
        break;
      case 5:
        if (end - p < 4) return false;
        p += 4;
        break;
      case 2: {
        if (!Varint(&p, end, &value) || value > static_cast<uint64_t>(end - p)) return false;
        const unsigned char* payload = p;
        p += value;
        if (unknown) break;
        if (field->type() == FieldDescriptor::TYPE_MESSAGE) {
          ++*count;
          // A message one level past `depth`: protobuf's parse, bounded the same, would
          // fail as "truncated or corrupt"; the caller names the limit instead.
          if (depth == 0) *too_deep = true;
          if (depth > 0 &&
              !CountObjects(payload, p, field->message_type(), depth - 1, limit, count, too_deep)) {
            return false;
          }
        } else if (field->type() == FieldDescriptor::TYPE_STRING ||
                   field->type() == FieldDescriptor::TYPE_BYTES) {
          ++*count;
        }
        break;  // packed scalars take what they take in the file
      }
      default:
        return false;  // groups: neither ONNX nor TensorFlow uses them
    }
    if (*count > limit) return false;
  }
  return true;
}

}  // namespace

Status CheckWireObjects(std::string_view bytes, const google::protobuf::Descriptor* type,
                        const ImportOptions& options, const std::string& malformed_message) {
  const int64_t limit = options.max_nodes / 2 + static_cast<int64_t>(bytes.size() / 8);
  int64_t count = 0;
  // In int64: --max-depth may be as large as the flag table allows.
  const int depth = std::max(100, ClampToInt(int64_t{8} * options.max_nesting_depth + 16));
  const auto* begin = reinterpret_cast<const unsigned char*>(bytes.data());
  bool too_deep = false;
  const bool well_formed =
      CountObjects(begin, begin + bytes.size(), type, depth, limit, &count, &too_deep);
  if (count <= limit && too_deep) {
    // ParseWholeMessage's recursion limit is this depth (issue 21: an ONNX file with If
    // nested ~90 deep was called "truncated or corrupt", with no word of the limit).
    return LimitExceeded("the file nests protobuf messages more than " + std::to_string(depth) +
                         " deep: subgraphs nested past the limit of " +
                         std::to_string(options.max_nesting_depth) +
                         " (raise it with --max-depth)");
  }
  if (count <= limit) return well_formed ? OkStatus() : BadInput(malformed_message);
  return LimitExceeded("the file declares more than " + std::to_string(limit) +
                       " protobuf objects in " + std::to_string(bytes.size()) +
                       " bytes, more than the limit of " + std::to_string(options.max_nodes / 2) +
                       " plus one per 8 bytes (raise it with --max-nodes)");
}

}  // namespace graphgen
