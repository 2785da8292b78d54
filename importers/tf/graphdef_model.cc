#include "importers/tf/graphdef_model.h"

#include <algorithm>
#include <cstdio>
#include <string>
#include <unordered_map>
#include <vector>

#include "graphgen/text.h"
#include "importers/model_checks.h"

namespace graphgen {
namespace {

constexpr int kMaxOutputIndex = 4096;
constexpr int kMaxAttributesKept = 32;
constexpr size_t kMaxListItemsShown = 16;

DType ConvertDType(tf::DataType t) {
  // Reference types (DT_FLOAT_REF = 101) hold the same elements as their base type.
  const int base = static_cast<int>(t) > 100 ? static_cast<int>(t) - 100 : static_cast<int>(t);
  switch (base) {
    case tf::DT_FLOAT:
      return DType::kFloat32;
    case tf::DT_DOUBLE:
      return DType::kFloat64;
    case tf::DT_HALF:
      return DType::kFloat16;
    case tf::DT_BFLOAT16:
      return DType::kBFloat16;
    case tf::DT_INT8:
      return DType::kInt8;
    case tf::DT_INT16:
      return DType::kInt16;
    case tf::DT_INT32:
      return DType::kInt32;
    case tf::DT_INT64:
      return DType::kInt64;
    case tf::DT_UINT8:
      return DType::kUInt8;
    case tf::DT_UINT16:
      return DType::kUInt16;
    case tf::DT_UINT32:
      return DType::kUInt32;
    case tf::DT_UINT64:
      return DType::kUInt64;
    case tf::DT_BOOL:
      return DType::kBool;
    case tf::DT_STRING:
      return DType::kString;
    case tf::DT_COMPLEX64:
      return DType::kComplex64;
    case tf::DT_COMPLEX128:
      return DType::kComplex128;
    case tf::DT_QINT8:
      return DType::kInt8;
    case tf::DT_QUINT8:
      return DType::kUInt8;
    default:
      return DType::kUnknown;
  }
}

std::string Q(const std::string& s) { return "'" + Quote(s) + "'"; }

std::string Describe(const tf::NodeDef& n) {
  return "node " + Q(n.name()) + " (" + Quote(n.op()) + ")";
}

// The attribute names of a node in sorted order: protobuf maps iterate in no fixed order.
std::vector<std::string> SortedAttrNames(const tf::NodeDef& n) {
  std::vector<std::string> names;
  for (const auto& [name, value] : n.attr()) names.push_back(name);
  std::sort(names.begin(), names.end());
  return names;
}

class Converter {
 public:
  explicit Converter(const ImportOptions& options) : options_(options) {}

  StatusOr<LayerGraph> Convert(const tf::GraphDef& def) {
    graph_.format = "TensorFlow GraphDef";
    if (def.versions().producer() > 0) {
      graph_.notes.push_back("producer " + std::to_string(def.versions().producer()));
    }
    if (def.node_size() == 0) return BadInput("the graph has no nodes");
    if (def.node_size() > options_.max_nodes) {
      return LimitExceeded("the model has more than " + std::to_string(options_.max_nodes) +
                           " nodes (raise it with --max-nodes)");
    }
    std::unordered_map<std::string, int> by_name;  // lookup only
    for (int i = 0; i < def.node_size(); ++i) {
      const tf::NodeDef& n = def.node(i);
      GRAPHGEN_RETURN_IF_ERROR(
          CheckName(n.name(), "node #" + std::to_string(i) + ": name", options_));
      GRAPHGEN_RETURN_IF_ERROR(CheckName(n.op(), Describe(n) + ": op", options_));
      if (n.name().empty()) return BadInput("node #" + std::to_string(i) + " has no name");
      if (n.op().empty()) return BadInput(Describe(n) + ": empty op");
      GRAPHGEN_RETURN_IF_ERROR(CheckScopeDepth(n.name(), Describe(n) + ": name", options_));
      GRAPHGEN_RETURN_IF_ERROR(CheckAttributeCount(n.attr_size(), Describe(n), options_));
      for (const std::string& key : SortedAttrNames(n)) {
        const tf::AttrValue& v = n.attr().at(key);
        const std::string what = Describe(n) + ": attribute " + Q(key);
        GRAPHGEN_RETURN_IF_ERROR(CheckStringValue(v.s(), what, options_));
        for (const std::string& item : v.list().s()) {
          GRAPHGEN_RETURN_IF_ERROR(CheckStringValue(item, what, options_));
        }
      }
      auto [it, inserted] = by_name.emplace(n.name(), i);
      if (!inserted) {
        return BadInput("two nodes are named " + Q(n.name()) + " (#" + std::to_string(it->second) +
                        " " + Quote(def.node(it->second).op()) + " and #" + std::to_string(i) +
                        " " + Quote(n.op()) + ")");
      }
      Node node;
      node.name = n.name();
      node.op_type = n.op();
      if (n.op() == "Placeholder") node.kind = NodeKind::kInput;
      GRAPHGEN_RETURN_IF_ERROR(ReadAttributes(n, &node));
      graph_.AddNode(std::move(node));
    }
    outputs_.resize(def.node_size());
    for (int i = 0; i < def.node_size(); ++i) {
      const tf::NodeDef& n = def.node(i);
      for (const std::string& input : n.input()) {
        if (input.empty()) continue;
        if (input[0] == '^') continue;  // a control dependency: ordering, not data
        std::string producer = input;
        int index = 0;
        const size_t colon = input.rfind(':');
        if (colon != std::string::npos && colon + 1 < input.size() &&
            input.find_first_not_of("0123456789", colon + 1) == std::string::npos) {
          producer = input.substr(0, colon);
          if (input.size() - colon - 1 > 5 ||
              (index = std::stoi(input.substr(colon + 1))) > kMaxOutputIndex) {
            return BadInput(Describe(n) + ": input " + Q(input) + " names an absurd output");
          }
        }
        auto it = by_name.find(producer);
        if (it == by_name.end()) {
          GRAPHGEN_RETURN_IF_ERROR(CheckName(input, Describe(n) + ": input name", options_));
          return BadInput(Describe(n) + ": input " + Q(input) + " is produced by no node");
        }
        graph_.Connect(Output(it->second, index), i);
      }
    }
    // Outputs nobody reads still carry the shapes the file records.
    for (int i = 0; i < def.node_size(); ++i) {
      const int declared = static_cast<int>(declared_types_[i].size());
      for (int k = 0; k < declared && k <= kMaxOutputIndex; ++k) Output(i, k);
      for (size_t k = 0; k < outputs_[i].size(); ++k) {
        if (outputs_[i][k] < 0) Output(i, static_cast<int>(k));
      }
      graph_.nodes[i].outputs = outputs_[i];
    }
    return std::move(graph_);
  }

 private:
  StatusOr<TensorType> ConvertShape(const tf::TensorShapeProto& shape, DType dtype,
                                    const std::string& what) {
    TensorType t;
    t.dtype = dtype;
    if (shape.unknown_rank()) return t;
    GRAPHGEN_RETURN_IF_ERROR(CheckRank(shape.dim_size(), what, options_));
    t.rank_known = true;
    for (int i = 0; i < shape.dim_size(); ++i) {
      const int64_t size = shape.dim(i).size();
      GRAPHGEN_RETURN_IF_ERROR(CheckDim(size, i, -1, what, options_));  // -1: unknown
      t.dims.push_back(Dim{size, ""});
    }
    return t;
  }

  static std::string AttrText(const tf::AttrValue& v) {
    const auto fmt_shape = [](const tf::TensorShapeProto& s) {
      if (s.unknown_rank()) return std::string("?");
      std::string out = "[";
      for (int i = 0; i < s.dim_size(); ++i) {
        out += (i > 0 ? ", " : "") +
               (s.dim(i).size() < 0 ? std::string("?") : std::to_string(s.dim(i).size()));
      }
      return out + "]";
    };
    switch (v.value_case()) {
      case tf::AttrValue::kS:
        return "\"" + Quote(v.s(), 48) + "\"";
      case tf::AttrValue::kI:
        return std::to_string(v.i());
      case tf::AttrValue::kF: {
        char buf[32];
        std::snprintf(buf, sizeof(buf), "%g", static_cast<double>(v.f()));
        return buf;
      }
      case tf::AttrValue::kB:
        return v.b() ? "true" : "false";
      case tf::AttrValue::kType:
        return DTypeName(ConvertDType(v.type()));
      case tf::AttrValue::kShape:
        return fmt_shape(v.shape());
      case tf::AttrValue::kTensor:
        return std::string("tensor ") + DTypeName(ConvertDType(v.tensor().dtype())) + " " +
               fmt_shape(v.tensor().tensor_shape());
      case tf::AttrValue::kFunc:
        return "function " + Quote(v.func().name(), 48);
      case tf::AttrValue::kList: {
        const auto& l = v.list();
        std::vector<std::string> items;
        for (const auto& s : l.s()) items.push_back("\"" + Quote(s, 32) + "\"");
        for (int64_t i : l.i()) items.push_back(std::to_string(i));
        for (int t : l.type())
          items.push_back(DTypeName(ConvertDType(static_cast<tf::DataType>(t))));
        for (const auto& s : l.shape()) items.push_back(fmt_shape(s));
        std::string out = "[";
        for (size_t i = 0; i < items.size() && i <= kMaxListItemsShown; ++i) {
          out += (i > 0 ? ", " : "") + (i == kMaxListItemsShown ? "..." : items[i]);
        }
        return out + "]";
      }
      default:
        return "";
    }
  }

  Status ReadAttributes(const tf::NodeDef& n, Node* node) {
    std::vector<TensorType> types;
    DType dtype = DType::kUnknown;
    for (const char* key : {"T", "dtype", "out_type"}) {
      auto it = n.attr().find(key);
      if (it != n.attr().end() && it->second.value_case() == tf::AttrValue::kType) {
        dtype = ConvertDType(it->second.type());
        break;
      }
    }
    for (const std::string& key : SortedAttrNames(n)) {
      const tf::AttrValue& v = n.attr().at(key);
      if (key == "_output_shapes" && v.value_case() == tf::AttrValue::kList) {
        for (const auto& s : v.list().shape()) {
          auto t = ConvertShape(s, dtype, Describe(n) + ": output shape");
          if (!t.ok()) return t.status();
          types.push_back(std::move(*t));
        }
        continue;
      }
      if (key == "fused_ops" && v.value_case() == tf::AttrValue::kList) {
        for (const auto& op : v.list().s()) {
          if (op != "BiasAdd" && op != "BiasAddV1") node->activation = Quote(op, 32);
        }
      }
      if (!key.empty() && key[0] == '_') continue;  // runtime bookkeeping
      if (static_cast<int>(node->attributes.size()) < kMaxAttributesKept) {
        node->attributes.push_back({Quote(key, 64), AttrText(v)});
      }
    }
    // A Const's value and a Placeholder's shape say what the output is.
    if (types.empty()) {
      auto value = n.attr().find("value");
      auto shape = n.attr().find("shape");
      if (value != n.attr().end() && value->second.value_case() == tf::AttrValue::kTensor) {
        const auto& tensor = value->second.tensor();
        auto t = ConvertShape(tensor.tensor_shape(), ConvertDType(tensor.dtype()),
                              Describe(n) + ": value");
        if (!t.ok()) return t.status();
        types.push_back(std::move(*t));
      } else if (shape != n.attr().end() && shape->second.value_case() == tf::AttrValue::kShape) {
        auto t = ConvertShape(shape->second.shape(), dtype, Describe(n) + ": shape");
        if (!t.ok()) return t.status();
        types.push_back(std::move(*t));
      }
    }
    declared_types_.push_back(std::move(types));
    return OkStatus();
  }

  // The tensor for output `index` of node `node`, created on first use.
  int Output(int node, int index) {
    auto& outs = outputs_[node];
    if (static_cast<int>(outs.size()) <= index) outs.resize(index + 1, -1);
    if (outs[index] < 0) {
      const std::string& name = graph_.nodes[node].name;
      outs[index] = graph_.AddTensor(index == 0 ? name : name + ":" + std::to_string(index));
      graph_.tensors[outs[index]].producer = node;
      if (index < static_cast<int>(declared_types_[node].size())) {
        graph_.tensors[outs[index]].type = declared_types_[node][index];
      }
    }
    return outs[index];
  }

  const ImportOptions& options_;
  LayerGraph graph_;
  std::vector<std::vector<TensorType>> declared_types_;  // per node, per output
  std::vector<std::vector<int>> outputs_;                // per node, per output: tensor
};

}  // namespace

StatusOr<LayerGraph> ConvertGraphDef(const tf::GraphDef& graph, const ImportOptions& options,
                                     Warnings* warnings) {
  (void)warnings;
  return Converter(options).Convert(graph);
}

}  // namespace graphgen
