#include "importers/proto_sniff.h"

#include <google/protobuf/io/coded_stream.h>

#include <algorithm>
#include <cstdio>

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
                    "byte %zu starts no %s field (tag 0x%llx: field %llu, wire type %d)",
                    start, message_name, static_cast<unsigned long long>(tag),
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
  google::protobuf::io::CodedInputStream stream(
      reinterpret_cast<const uint8_t*>(bytes.data()), static_cast<int>(bytes.size()));
  // Each subgraph level nests a few messages (graph, node, attribute).
  stream.SetRecursionLimit(std::max(100, max_nesting_depth * 8 + 16));
  return message->ParseFromCodedStream(&stream) && stream.ConsumedEntireMessage();
}

}  // namespace graphgen
