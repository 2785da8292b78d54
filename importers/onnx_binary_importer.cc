#include "importers/onnx_binary_importer.h"

#include <google/protobuf/io/coded_stream.h>

#include <cstdio>

#include "importers/onnx_model.h"

namespace graphgen {
namespace {

// Wire type of each ModelProto field (onnx.proto); -1 for numbers ModelProto lacks.
int ModelFieldWireType(uint64_t field) {
  switch (field) {
    case 1:   // ir_version
    case 5:   // model_version
      return 0;
    case 2:   // producer_name
    case 3:   // producer_version
    case 4:   // domain
    case 6:   // doc_string
    case 7:   // graph
    case 8:   // opset_import
    case 14:  // metadata_props
    case 20:  // training_info
    case 25:  // functions
      return 2;
    default:
      return -1;
  }
}

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

SniffResult OnnxBinaryImporter::Sniff(std::string_view head) const {
  if (head.empty()) return {false, "the file is empty"};
  // Walk the first fields: each must be a ModelProto field with its wire type.
  size_t pos = 0;
  for (int fields = 0; fields < 4 && pos < head.size(); ++fields) {
    uint64_t tag;
    if (!ReadVarint(head, &pos, &tag)) break;  // cut by the end of the head: fine
    const uint64_t field = tag >> 3;
    const int wire = static_cast<int>(tag & 7);
    if (ModelFieldWireType(field) != wire) {
      char buf[128];
      std::snprintf(buf, sizeof(buf),
                    "byte %zu starts no ModelProto field (tag 0x%llx: field %llu, wire "
                    "type %d)",
                    pos == 0 ? 0 : pos - 1, static_cast<unsigned long long>(tag),
                    static_cast<unsigned long long>(field), wire);
      return {false, buf};
    }
    uint64_t value;
    if (!ReadVarint(head, &pos, &value)) break;
    if (wire == 2) {
      if (value > head.size() - pos) break;  // the field runs past the head
      pos += value;
    }
  }
  return {true, ""};
}

StatusOr<LayerGraph> OnnxBinaryImporter::Import(const std::string& bytes,
                                                const ImportOptions& options,
                                                Warnings* warnings) const {
  onnx::ModelProto model;
  google::protobuf::io::CodedInputStream stream(
      reinterpret_cast<const uint8_t*>(bytes.data()), static_cast<int>(bytes.size()));
  // Subgraphs nest messages; keep protobuf's recursion bound in line with ours.
  stream.SetRecursionLimit(std::max(100, options.max_nesting_depth * 8 + 16));
  if (!model.ParseFromCodedStream(&stream) || !stream.ConsumedEntireMessage()) {
    return BadInput("not a valid ONNX protobuf (truncated or corrupt ModelProto)");
  }
  return ConvertOnnxModel(std::move(model), options, warnings);
}

}  // namespace graphgen
