#include "render/tfevents/tfevents_writer.h"

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>

#include <cstdio>
#include <map>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "core/text.h"
#include "render/tfevents/tfrecord.h"
#include "third_party/tensorflow/tf_event.pb.h"

namespace graphgen {
namespace {

constexpr size_t kMaxWriterBytes = 128;      // TensorBoard ignores longer writer names
constexpr size_t kMaxAttrValueBytes = 1000;  // model attributes stay under 1 KB each

// A model attribute as TensorBoard's node panel shows it best: numbers the importer read
// typed (i, f, list of i or f, as TensorFlow writes strides and kernel sizes), anything
// else, and a list the importer cut at kMaxAttributeNumbers, as its display text.
void SetAttrValue(const Attribute& a, tf::AttrValue* value) {
  switch (a.kind) {
    case AttrKind::kInt:
      if (a.ints.size() == 1) return value->set_i(a.ints[0]);
      break;
    case AttrKind::kFloat:
      if (a.floats.size() == 1) return value->set_f(static_cast<float>(a.floats[0]));
      break;
    case AttrKind::kInts:
      if (a.ints.size() < kMaxAttributeNumbers) {
        auto* list = value->mutable_list();
        for (int64_t i : a.ints) list->add_i(i);
        return;
      }
      break;
    case AttrKind::kFloats:
      if (a.floats.size() < kMaxAttributeNumbers) {
        auto* list = value->mutable_list();
        for (double f : a.floats) list->add_f(static_cast<float>(f));
        return;
      }
      break;
    case AttrKind::kOther:
      break;
  }
  value->set_s(Quote(a.value, kMaxAttrValueBytes));
}
constexpr const char* kFileVersion = "brain.Event:2";
constexpr const char* kProvenanceTag = "graphgen/provenance";

// Attribute keys graphgen writes itself; a model attribute of the same name (the
// GraphDef importer's display form of "T", say) gives way to the typed one.
constexpr const char* kReservedKeys[] = {"_output_shapes", "T",      "dtype",    "parameters",
                                         "activation",     "domain", "op_count", "fused"};

bool IsReservedKey(const std::string& key) {
  for (const char* reserved : kReservedKeys) {
    if (key == reserved) return true;
  }
  return false;
}

tf::DataType ToTfType(DType d) {
  switch (d) {
    case DType::kUnknown:
      return tf::DT_INVALID;
    case DType::kFloat32:
      return tf::DT_FLOAT;
    case DType::kFloat16:
      return tf::DT_HALF;
    case DType::kBFloat16:
      return tf::DT_BFLOAT16;
    case DType::kFloat64:
      return tf::DT_DOUBLE;
    case DType::kInt8:
      return tf::DT_INT8;
    case DType::kInt16:
      return tf::DT_INT16;
    case DType::kInt32:
      return tf::DT_INT32;
    case DType::kInt64:
      return tf::DT_INT64;
    case DType::kUInt8:
      return tf::DT_UINT8;
    case DType::kUInt16:
      return tf::DT_UINT16;
    case DType::kUInt32:
      return tf::DT_UINT32;
    case DType::kUInt64:
      return tf::DT_UINT64;
    case DType::kBool:
      return tf::DT_BOOL;
    case DType::kString:
      return tf::DT_STRING;
    case DType::kComplex64:
      return tf::DT_COMPLEX64;
    case DType::kComplex128:
      return tf::DT_COMPLEX128;
  }
  return tf::DT_INVALID;
}

// Length of the UTF-8 sequence a lead byte announces, or 0 for a byte that cannot lead.
size_t Utf8LeadLength(unsigned char c) {
  if (c >= 0xC2 && c <= 0xDF) return 2;
  if (c >= 0xE0 && c <= 0xEF) return 3;
  if (c >= 0xF0 && c <= 0xF4) return 4;
  return 0;
}

bool MustEscape(unsigned char c) {
  return c <= 0x20 || c == 0x7F || c == '%' || c == '/' || c == ':' || c == '^' || c == '"' ||
         c == '\\' || c == '\'';
}

void AppendPercent(unsigned char c, std::string* out) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  out->push_back('%');
  out->push_back(kHex[c >> 4]);
  out->push_back(kHex[c & 0xF]);
}

// Splits at `sep`, dropping empty parts.
std::vector<std::string> Split(const std::string& s, char sep) {
  std::vector<std::string> parts;
  std::string cur;
  for (char c : s) {
    if (c == sep) {
      if (!cur.empty()) parts.push_back(cur);
      cur.clear();
    } else {
      cur += c;
    }
  }
  if (!cur.empty()) parts.push_back(cur);
  return parts;
}

// A node's own name without its scopes: for ops split the way name_scopes.cc splits it,
// for graph inputs and outputs at '/' only (their '.' is part of the name).
std::string Leaf(const LayerGraph& graph, int id) {
  const Node& n = graph.nodes[id];
  if (n.kind == NodeKind::kOp || n.kind == NodeKind::kGroup) {
    const std::vector<std::string> parts =
        Split(n.name, n.name.find('/') != std::string::npos ? '/' : '.');
    if (!parts.empty()) return parts.back();
  } else {
    const std::vector<std::string> parts = Split(n.name, '/');
    if (!parts.empty()) return parts.back();
  }
  return n.op_type + "_" + std::to_string(id);
}

// The escaped scope components of `scope`, outermost first.
std::vector<std::string> ScopeComponents(const LayerGraph& graph, int scope) {
  std::vector<std::string> parts;
  for (int s = scope; s > 0 && s < static_cast<int>(graph.scopes.size());
       s = graph.scopes[s].parent) {
    const Scope& sc = graph.scopes[s];
    // A subgraph scope is named "<owner's full name>.<attr>"; it becomes the box of its
    // owner, "<owner leaf>/<attr>", so the owner and its bodies fold into one box.
    if (sc.kind == ScopeKind::kSubgraph && sc.owner_node >= 0 &&
        sc.owner_node < static_cast<int>(graph.nodes.size())) {
      const std::string owner = graph.DisplayName(sc.owner_node);
      if (sc.name.size() > owner.size() + 1 && sc.name.compare(0, owner.size(), owner) == 0) {
        std::string attr = EscapeTfNameComponent(sc.name.substr(owner.size() + 1));
        if (!attr.empty()) parts.push_back(std::move(attr));
        std::string leaf = EscapeTfNameComponent(Leaf(graph, sc.owner_node));
        if (!leaf.empty()) parts.push_back(std::move(leaf));
        continue;
      }
    }
    std::string escaped = EscapeTfNameComponent(sc.name);
    if (!escaped.empty()) parts.push_back(std::move(escaped));
  }
  return std::vector<std::string>(parts.rbegin(), parts.rend());
}

std::string Join(const std::vector<std::string>& parts) {
  std::string out;
  for (const std::string& p : parts) out += (out.empty() ? "" : "/") + p;
  return out;
}

void SetShape(const TensorType& type, tf::TensorShapeProto* shape) {
  if (!type.rank_known) {
    shape->set_unknown_rank(true);
    return;
  }
  for (const Dim& d : type.dims) {
    tf::TensorShapeProto::Dim* dim = shape->add_dim();
    dim->set_size(d.value >= 0 ? d.value : -1);
    if (d.value < 0 && !d.symbol.empty()) dim->set_name(Quote(d.symbol, 64));
  }
}

// Names as the header describes: unique, and never equal to another node's scope.
std::vector<std::string> FinalNames(const std::vector<std::vector<std::string>>& paths,
                                    const std::vector<std::string>& leaves) {
  std::unordered_set<std::string> prefixes;  // membership only; never iterated
  for (const auto& parts : paths) {
    std::string prefix;
    for (size_t i = 0; i + 1 < parts.size(); ++i) {
      prefix += (i > 0 ? "/" : "") + parts[i];
      prefixes.insert(prefix);
    }
  }
  // A renamed or suffixed name only adds scopes that are already in `prefixes` (the
  // base name itself, or the same scopes), so checking against it once is enough.
  std::unordered_set<std::string> used;
  std::unordered_map<std::string, int> next_suffix;  // lookup only
  std::vector<std::string> names;
  names.reserve(paths.size());
  for (size_t i = 0; i < paths.size(); ++i) {
    std::string base = Join(paths[i]);
    if (prefixes.count(base)) base += "/(" + leaves[i] + ")";
    // Suffixes continue where the last node with this base stopped, so many nodes that
    // escape to one name (a hostile file's "s/x", "s//x", "s///x", ...) stay linear.
    int& k = next_suffix[base];
    std::string name = base;
    while (used.count(name) || prefixes.count(name)) name = base + "_" + std::to_string(++k);
    used.insert(name);
    names.push_back(std::move(name));
  }
  return names;
}

void SetType(tf::NodeDef* node, const char* key, DType dtype) {
  if (dtype == DType::kUnknown) return;
  (*node->mutable_attr())[key].set_type(ToTfType(dtype));
}

}  // namespace

std::function<std::vector<std::string>(const LayerGraph& graph, int node)> PrefixPerNode(
    std::vector<std::vector<std::string>> prefixes) {
  return [prefixes = std::move(prefixes)](const LayerGraph& graph, int node) {
    if (node < 0 || static_cast<size_t>(node) >= prefixes.size() || prefixes[node].empty()) {
      return std::vector<std::string>();
    }
    int outer = graph.nodes[node].scope;
    while (outer > 0 && graph.scopes[outer].parent > 0) outer = graph.scopes[outer].parent;
    if (outer > 0 && graph.scopes[outer].name == prefixes[node][0]) {
      return std::vector<std::string>();
    }
    return prefixes[node];
  };
}

std::string EscapeTfNameComponent(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      if (MustEscape(c)) {
        AppendPercent(c, &out);
      } else {
        out.push_back(static_cast<char>(c));
      }
      ++i;
      continue;
    }
    const size_t len = Utf8LeadLength(c);
    if (len > 0 && i + len <= s.size() && FindInvalidUtf8(s.substr(i, len)) == std::string::npos) {
      out.append(s.data() + i, len);
      i += len;
    } else {
      AppendPercent(c, &out);
      ++i;
    }
  }
  return out;
}

std::string TfEventsFileName(int64_t timestamp) {
  char buf[64];
  std::snprintf(buf, sizeof(buf), "events.out.tfevents.%010lld.graphgen",
                static_cast<long long>(timestamp));
  return buf;
}

TfGraph BuildTfGraph(const LayerGraph& graph, const TfEventsOptions& options) {
  const int n = static_cast<int>(graph.nodes.size());

  // The GraphDef's nodes in order: each tensor nobody in the graph produces gets a
  // Placeholder just before its first consumer, then come the model's nodes.
  struct Entry {
    int node = -1;    // LayerGraph node, or
    int tensor = -1;  // a tensor without producer
  };
  std::vector<Entry> entries;
  std::vector<int> placeholder_of(graph.tensors.size(), -1);  // tensor -> entry
  std::vector<std::vector<std::string>> paths;
  std::vector<std::string> leaves;
  for (int i = 0; i < n; ++i) {
    for (int t : graph.nodes[i].inputs) {
      if (graph.tensors[t].producer >= 0 || placeholder_of[t] >= 0) continue;
      placeholder_of[t] = static_cast<int>(entries.size());
      entries.push_back({-1, t});
      std::vector<std::string> parts;
      for (const std::string& part : Split(graph.tensors[t].name, '/')) {
        parts.push_back(EscapeTfNameComponent(part));
      }
      if (parts.empty()) parts.push_back("tensor_" + std::to_string(t));
      leaves.push_back(parts.back());
      paths.push_back(std::move(parts));
    }
    entries.push_back({i, -1});
    std::vector<std::string> parts;
    if (options.name_prefix) {
      for (const std::string& p : options.name_prefix(graph, i)) {
        std::string escaped = EscapeTfNameComponent(p);
        if (!escaped.empty()) parts.push_back(std::move(escaped));
      }
    }
    for (std::string& p : ScopeComponents(graph, graph.nodes[i].scope)) {
      parts.push_back(std::move(p));
    }
    const Node& node = graph.nodes[i];
    if (node.kind == NodeKind::kInput || node.kind == NodeKind::kOutput) {
      // Graph inputs and outputs are not moved into scopes by name_scopes.cc, but a
      // name like "gpu_0/data_0" reads best as TensorFlow would show it.
      const std::vector<std::string> name_parts = Split(node.name, '/');
      for (size_t k = 0; k + 1 < name_parts.size(); ++k) {
        parts.push_back(EscapeTfNameComponent(name_parts[k]));
      }
    }
    std::string leaf = EscapeTfNameComponent(Leaf(graph, i));
    if (leaf.empty()) leaf = "node_" + std::to_string(i);
    parts.push_back(leaf);
    leaves.push_back(std::move(leaf));
    paths.push_back(std::move(parts));
  }
  const std::vector<std::string> names = FinalNames(paths, leaves);

  TfGraph out;
  out.node_index.assign(n, -1);
  for (size_t e = 0; e < entries.size(); ++e) {
    if (entries[e].node >= 0) out.node_index[entries[e].node] = static_cast<int>(e);
  }
  // "name" for output 0, "name:k" for output k of the producer.
  const auto input_name = [&](int t) {
    const int p = graph.tensors[t].producer;
    if (p < 0) return names[placeholder_of[t]];
    const std::vector<int>& outs = graph.nodes[p].outputs;
    size_t k = 0;
    while (k < outs.size() && outs[k] != t) ++k;
    const std::string& name = names[out.node_index[p]];
    return k == 0 || k == outs.size() ? name : name + ":" + std::to_string(k);
  };
  std::vector<std::vector<int>> control_from(n);
  for (const auto& [from, to] : graph.nesting_edges) {
    if (from >= 0 && from < n && to >= 0 && to < n) control_from[to].push_back(from);
  }
  for (const auto& [from, to] : graph.control_edges) {
    if (from >= 0 && from < n && to >= 0 && to < n) control_from[to].push_back(from);
  }

  for (size_t e = 0; e < entries.size(); ++e) {
    tf::NodeDef* nd = out.def.add_node();
    nd->set_name(names[e]);
    if (entries[e].tensor >= 0) {
      const Tensor& t = graph.tensors[entries[e].tensor];
      nd->set_op("Placeholder");
      SetType(nd, "dtype", t.type.dtype);
      SetShape(t.type, (*nd->mutable_attr())["_output_shapes"].mutable_list()->add_shape());
      continue;
    }
    const int id = entries[e].node;
    const Node& node = graph.nodes[id];
    nd->set_op(node.op_type.empty() ? std::string("Unknown") : Quote(node.op_type, 256));
    for (int t : node.inputs) nd->add_input(input_name(t));
    std::set<int> controls;  // each control input once, in id order
    for (int from : control_from[id]) controls.insert(from);
    for (int from : controls) nd->add_input("^" + names[out.node_index[from]]);

    auto& attr = *nd->mutable_attr();
    for (const Attribute& a : node.attributes) {
      if (a.name.empty() || IsReservedKey(a.name)) continue;
      SetAttrValue(a, &attr[Quote(a.name, 64)]);
    }
    DType dtype = DType::kUnknown;
    if (!node.outputs.empty()) dtype = graph.tensors[node.outputs[0]].type.dtype;
    if (dtype == DType::kUnknown && !node.inputs.empty()) {
      dtype = graph.tensors[node.inputs[0]].type.dtype;
    }
    SetType(nd, node.kind == NodeKind::kInput ? "dtype" : "T", dtype);
    if (!node.outputs.empty()) {
      auto* shapes = attr["_output_shapes"].mutable_list();
      for (int t : node.outputs) SetShape(graph.tensors[t].type, shapes->add_shape());
    }
    if (node.params > 0) attr["parameters"].set_i(node.params);
    if (!node.activation.empty()) attr["activation"].set_s(Quote(node.activation, 256));
    if (!node.domain.empty()) attr["domain"].set_s(Quote(node.domain, 256));
    if (node.kind == NodeKind::kGroup) attr["op_count"].set_i(node.op_count);
    // A fused chain (--fuse): the ops the node stands for after its own, in chain order.
    if (!node.fused.empty()) {
      auto* list = attr["fused"].mutable_list();
      for (const FusedOp& op : node.fused) {
        list->add_s(Quote(
            op.op_type + (op.name.empty() ? "" : " " + op.name) + (op.weight ? " (weight)" : ""),
            kMaxAttrValueBytes));
      }
    }
  }
  out.def.mutable_versions()->set_producer(1);
  return out;
}

std::string SerializeDeterministically(const google::protobuf::Message& message) {
  std::string bytes;
  {
    google::protobuf::io::StringOutputStream stream(&bytes);
    google::protobuf::io::CodedOutputStream coded(&stream);
    coded.SetSerializationDeterministic(true);
    message.SerializeToCodedStream(&coded);
  }
  return bytes;
}

std::string WriteTfEventFile(const LayerGraph& graph, const TfEventsOptions& options) {
  const double wall_time = static_cast<double>(options.wall_time);
  std::string file;

  tf::Event version;
  version.set_wall_time(wall_time);
  version.set_file_version(kFileVersion);
  version.mutable_source_metadata()->set_writer(Quote(options.writer, kMaxWriterBytes - 3));
  AppendTfRecord(SerializeDeterministically(version), &file);

  tf::Event graph_event;
  graph_event.set_wall_time(wall_time);
  const TfGraph tf_graph = BuildTfGraph(graph, options);
  graph_event.set_graph_def(SerializeDeterministically(tf_graph.def));
  AppendTfRecord(SerializeDeterministically(graph_event), &file);

  if (!options.provenance.empty()) {
    tf::Event summary_event;
    summary_event.set_wall_time(wall_time);
    tf::Summary::Value* value = summary_event.mutable_summary()->add_value();
    value->set_tag(kProvenanceTag);
    value->mutable_metadata()->mutable_plugin_data()->set_plugin_name("text");
    value->mutable_metadata()->set_data_class(2);  // DATA_CLASS_TENSOR, as the text plugin writes
    tf::TensorProto* tensor = value->mutable_tensor();
    tensor->set_dtype(tf::DT_STRING);
    tensor->mutable_tensor_shape();  // a scalar
    tensor->add_string_val(options.provenance);
    AppendTfRecord(SerializeDeterministically(summary_event), &file);
  }
  if (!options.histograms.empty()) {
    tf::Event histograms_event;
    histograms_event.set_wall_time(wall_time);
    for (const tf::Summary::Value& v : options.histograms) {
      *histograms_event.mutable_summary()->add_value() = v;
    }
    AppendTfRecord(SerializeDeterministically(histograms_event), &file);
  }
  return file;
}

}  // namespace graphgen
