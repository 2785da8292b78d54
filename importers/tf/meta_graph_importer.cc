#include "importers/tf/meta_graph_importer.h"

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/wire_format_lite.h>

#include <cctype>

#include "importers/common/proto_sniff.h"
#include "importers/tf/meta_graph_model.h"
#include "importers/tf/tf_text.h"

namespace graphgen {
namespace {

constexpr const char* kFormat = "TensorFlow MetaGraphDef";

// Every MetaGraphDef field is a message or a map: length-delimited.
int MetaGraphFieldWireType(uint64_t field) { return field >= 1 && field <= 7 ? 2 : -1; }

// A GraphDef also opens with a length-delimited field 1 (its first node). Inside, a
// NodeDef's field 2 is the op's name (text); a MetaInfoDef's is stripped_op_list, a
// message that opens with byte 0x0a.
bool OpensWithGraphDefNode(std::string_view head) {
  google::protobuf::io::CodedInputStream in(reinterpret_cast<const uint8_t*>(head.data()),
                                            static_cast<int>(head.size()));
  uint32_t length = 0;
  if (in.ReadTag() != ((1 << 3) | 2) || !in.ReadVarint32(&length)) return false;
  in.PushLimit(static_cast<int>(length));
  for (int fields = 0; fields < 4; ++fields) {
    const uint32_t tag = in.ReadTag();
    if (tag == 0) return false;
    if (tag == ((2 << 3) | 2)) {
      std::string op;
      if (!in.ReadVarint32(&length) || length == 0) return false;
      if (!in.ReadString(&op, 1)) return false;
      return std::isalpha(static_cast<unsigned char>(op[0])) || op[0] == '_';
    }
    if (!google::protobuf::internal::WireFormatLite::SkipField(&in, tag)) return false;
  }
  return false;
}

}  // namespace

SniffResult MetaGraphBinaryImporter::Sniff(std::string_view head) const {
  std::string why_not = CheckProtoFields(head, MetaGraphFieldWireType, "MetaGraphDef");
  if (why_not.empty() && OpensWithGraphDefNode(head)) {
    why_not = "opens with a GraphDef node, not meta_info_def";
  }
  return {why_not.empty(), why_not};
}

StatusOr<LayerGraph> MetaGraphBinaryImporter::Import(const std::string& bytes,
                                                     const ImportOptions& options,
                                                     Warnings* warnings) const {
  constexpr const char* kMalformed = "not a valid MetaGraphDef protobuf (truncated or corrupt)";
  GRAPHGEN_RETURN_IF_ERROR(
      CheckWireObjects(bytes, tf::MetaGraphDef::descriptor(), options, kMalformed));
  tf::MetaGraphDef meta;
  if (!ParseWholeMessage(bytes, options.max_nesting_depth, &meta)) return BadInput(kMalformed);
  // A GraphDef's bytes can parse as a MetaGraphDef (both start with field 1): what tells
  // them apart is a MetaGraphDef's graph_def, and one holding nodes is recognised.
  auto graph = ConvertMetaGraph(meta, kFormat, options, warnings);
  if (!graph.ok() && meta.has_graph_def() && meta.graph_def().node_size() > 0) {
    return graph.status().Recognised();
  }
  return graph;
}

SniffResult MetaGraphTextImporter::Sniff(std::string_view head) const {
  if (TextStartsWithField(head, {"meta_info_def", "graph_def"})) return {true, ""};
  return {false, "does not start with 'meta_info_def {' as a MetaGraphDef text file does"};
}

StatusOr<LayerGraph> MetaGraphTextImporter::Import(const std::string& bytes,
                                                   const ImportOptions& options,
                                                   Warnings* warnings) const {
  tf::MetaGraphDef meta;
  GRAPHGEN_RETURN_IF_ERROR(ParseTfText(bytes, "MetaGraphDef", options.max_nesting_depth, &meta));
  return ConvertMetaGraph(meta, kFormat, options, warnings);
}

}  // namespace graphgen
