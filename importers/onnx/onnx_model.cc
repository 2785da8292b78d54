#include "importers/onnx/onnx_model.h"

#include <cstdio>
#include <map>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/checked_math.h"
#include "core/text.h"
#include "importers/common/model_checks.h"
#include "importers/onnx/onnx_shape_inference.h"
#include "onnx/checker.h"
#include "onnx/defs/schema.h"

namespace graphgen {
namespace {

constexpr int kMaxAttributesKept = 32;
constexpr size_t kMaxListItemsShown = 16;
// CPU seconds shape inference may take before the diagram goes without it.
constexpr int kShapeInferenceSeconds = 60;

DType ConvertDType(int32_t t) {
  using T = onnx::TensorProto;
  switch (t) {
    case T::FLOAT:
      return DType::kFloat32;
    case T::FLOAT16:
      return DType::kFloat16;
    case T::BFLOAT16:
      return DType::kBFloat16;
    case T::DOUBLE:
      return DType::kFloat64;
    case T::INT8:
      return DType::kInt8;
    case T::INT16:
      return DType::kInt16;
    case T::INT32:
      return DType::kInt32;
    case T::INT64:
      return DType::kInt64;
    case T::UINT8:
      return DType::kUInt8;
    case T::UINT16:
      return DType::kUInt16;
    case T::UINT32:
      return DType::kUInt32;
    case T::UINT64:
      return DType::kUInt64;
    case T::BOOL:
      return DType::kBool;
    case T::STRING:
      return DType::kString;
    case T::COMPLEX64:
      return DType::kComplex64;
    case T::COMPLEX128:
      return DType::kComplex128;
    default:
      return DType::kUnknown;
  }
}

std::string Q(const std::string& s) { return "'" + Quote(s) + "'"; }

std::string DescribeNode(const onnx::NodeProto& n, int index) {
  if (!n.name().empty()) return "node " + Q(n.name()) + " (" + Quote(n.op_type()) + ")";
  return "node #" + std::to_string(index) + " (" + Quote(n.op_type()) + ")";
}

// A weight: an initializer, seen by the nodes of its graph and of nested subgraphs.
struct Weight {
  int64_t elements = 0;
  DType dtype = DType::kUnknown;
  bool claimed = false;  // the first consumer owns its parameters
  // A rank-0 tensor: an epsilon, an exponent, a clip bound, a scale. Hyperparameters of
  // the op, not learned weights (learned weights have a shape, even a 1-channel bias).
  bool scalar = false;
  bool IsParameter() const { return IsParameterDType(dtype) && !scalar; }
};

// Names visible in one graph, falling back to the enclosing graph's (ONNX outer scope).
struct NameScope {
  const NameScope* outer = nullptr;
  // Lookup only; nothing iterates these, so their order cannot leak into output.
  std::unordered_map<std::string, int> tensors;
  std::unordered_map<std::string, Weight> weights;

  int FindTensor(const std::string& name) const {
    for (const NameScope* s = this; s != nullptr; s = s->outer) {
      if (auto it = s->tensors.find(name); it != s->tensors.end()) return it->second;
    }
    return -1;
  }
  Weight* FindWeight(const std::string& name) {
    for (NameScope* s = this; s != nullptr; s = const_cast<NameScope*>(s->outer)) {
      if (auto it = s->weights.find(name); it != s->weights.end()) return &it->second;
    }
    return nullptr;
  }
};

class Converter {
 public:
  explicit Converter(const ImportOptions& options) : options_(options) {}

  StatusOr<LayerGraph> Convert(const onnx::ModelProto& model) {
    graph_.format = "ONNX";
    graph_.graph_name = Quote(model.graph().name(), 200);
    graph_.producer =
        Quote(model.producer_name() +
                  (model.producer_version().empty() ? "" : " " + model.producer_version()),
              200);
    if (model.graph().node_size() == 0) return BadInput("the graph has no nodes");
    NameScope root;
    GRAPHGEN_RETURN_IF_ERROR(ConvertGraph(model.graph(), 0, &root, 0));
    return std::move(graph_);
  }

 private:
  // Dims of an initializer or constant: every one must be a sane size, and their product
  // must fit in int64. Nothing is allocated from them.
  StatusOr<int64_t> ElementCount(const google::protobuf::RepeatedField<int64_t>& dims,
                                 const std::string& what) {
    GRAPHGEN_RETURN_IF_ERROR(CheckRank(dims.size(), what, options_));
    int64_t count = 1;
    for (int i = 0; i < dims.size(); ++i) {
      const int64_t d = dims[i];
      GRAPHGEN_RETURN_IF_ERROR(CheckDim(d, i, 0, what, options_));
      if (__builtin_mul_overflow(count, d, &count)) {
        return BadInput(what + ": the product of its dimensions overflows int64");
      }
    }
    return count;
  }

  StatusOr<TensorType> ConvertType(const onnx::TypeProto& type, const std::string& what) {
    TensorType out;
    if (!type.has_tensor_type()) return out;  // sequences, maps: drawn without a shape
    const auto& tt = type.tensor_type();
    out.dtype = ConvertDType(tt.elem_type());
    if (!tt.has_shape()) return out;
    const auto& shape = tt.shape();
    GRAPHGEN_RETURN_IF_ERROR(CheckRank(shape.dim_size(), what, options_));
    out.rank_known = true;
    for (int i = 0; i < shape.dim_size(); ++i) {
      const auto& d = shape.dim(i);
      Dim dim;
      if (d.has_dim_value()) {
        GRAPHGEN_RETURN_IF_ERROR(CheckDim(d.dim_value(), i, 0, what, options_));
        dim.value = d.dim_value();
      } else if (d.has_dim_param()) {
        GRAPHGEN_RETURN_IF_ERROR(CheckName(d.dim_param(), what + ": dimension name", options_));
        // ONNX shape inference names a dim it cannot compute "unk__N": nobody knows it, so
        // it prints as '?' like any unknown dim. Names the model gives print as written.
        if (d.dim_param().rfind("unk__", 0) != 0) dim.symbol = Quote(d.dim_param(), 32);
      }
      out.dims.push_back(std::move(dim));
    }
    return out;
  }

  // The attribute with its display form and, for numbers, its typed value.
  static Attribute TypedAttribute(const onnx::AttributeProto& a) {
    using A = onnx::AttributeProto;
    Attribute out;
    out.name = Quote(a.name(), 64);
    out.value = AttributeValue(a);
    switch (a.type()) {
      case A::INT:
        out.kind = AttrKind::kInt;
        out.ints.push_back(a.i());
        break;
      case A::FLOAT:
        out.kind = AttrKind::kFloat;
        out.floats.push_back(a.f());
        break;
      case A::INTS:
        out.kind = AttrKind::kInts;
        for (int i = 0; i < a.ints_size() && out.ints.size() < kMaxAttributeNumbers; ++i) {
          out.ints.push_back(a.ints(i));
        }
        break;
      case A::FLOATS:
        out.kind = AttrKind::kFloats;
        for (int i = 0; i < a.floats_size() && out.floats.size() < kMaxAttributeNumbers; ++i) {
          out.floats.push_back(a.floats(i));
        }
        break;
      default:
        break;
    }
    return out;
  }

  static std::string AttributeValue(const onnx::AttributeProto& a) {
    using A = onnx::AttributeProto;
    const auto list = [](const auto& items, auto format) {
      std::string out = "[";
      for (int i = 0; i < items.size(); ++i) {
        if (static_cast<size_t>(i) == kMaxListItemsShown) {
          out += ", ...";
          break;
        }
        if (i > 0) out += ", ";
        out += format(items[i]);
      }
      return out + "]";
    };
    const auto fmt_float = [](float f) {
      char buf[32];
      std::snprintf(buf, sizeof(buf), "%g", static_cast<double>(f));
      return std::string(buf);
    };
    const auto fmt_int = [](int64_t v) { return std::to_string(v); };
    const auto fmt_str = [](const std::string& s) { return "\"" + Quote(s, 48) + "\""; };
    switch (a.type()) {
      case A::INT:
        return fmt_int(a.i());
      case A::FLOAT:
        return fmt_float(a.f());
      case A::STRING:
        return fmt_str(a.s());
      case A::INTS:
        return list(a.ints(), fmt_int);
      case A::FLOATS:
        return list(a.floats(), fmt_float);
      case A::STRINGS:
        return list(a.strings(), fmt_str);
      case A::TENSOR: {
        std::string dims;
        for (int i = 0; i < a.t().dims_size() && i < 8; ++i) {
          dims += (i > 0 ? "\xC3\x97" : "") + std::to_string(a.t().dims(i));
        }
        return std::string("tensor ") + DTypeName(ConvertDType(a.t().data_type())) +
               (dims.empty() ? "" : " " + dims);
      }
      case A::GRAPH:
        return "graph (" + std::to_string(a.g().node_size()) + " nodes)";
      case A::GRAPHS:
        return std::to_string(a.graphs_size()) + " graphs";
      default:
        return "...";
    }
  }

  Status ConvertGraph(const onnx::GraphProto& g, int scope, NameScope* names, int depth) {
    const size_t first_tensor = graph_.tensors.size();

    // Types recorded in the file (or added by shape inference), by tensor name.
    std::unordered_map<std::string, const onnx::TypeProto*> types;
    for (const auto& vi : g.value_info()) types[vi.name()] = &vi.type();
    for (const auto& vi : g.input()) types[vi.name()] = &vi.type();
    for (const auto& vi : g.output()) types[vi.name()] = &vi.type();

    for (const auto& init : g.initializer()) {
      GRAPHGEN_RETURN_IF_ERROR(CheckName(init.name(), "initializer " + Q(init.name()), options_));
      auto count = ElementCount(init.dims(), "initializer " + Q(init.name()));
      if (!count.ok()) return count.status();
      names->weights[init.name()] =
          Weight{*count, ConvertDType(init.data_type()), false, init.dims_size() == 0};
    }
    for (const auto& sparse : g.sparse_initializer()) {
      const std::string& name = sparse.values().name();
      GRAPHGEN_RETURN_IF_ERROR(CheckName(name, "sparse initializer " + Q(name), options_));
      auto count = ElementCount(sparse.dims(), "sparse initializer " + Q(name));
      if (!count.ok()) return count.status();
      names->weights[name] = Weight{*count, ConvertDType(sparse.values().data_type()), false};
    }

    // Graph inputs that are not initializers become Input nodes (IR < 4 lists both).
    for (const auto& in : g.input()) {
      if (names->weights.count(in.name())) continue;
      GRAPHGEN_RETURN_IF_ERROR(CheckName(in.name(), "graph input " + Q(in.name()), options_));
      if (in.name().empty()) return BadInput("a graph input has an empty name");
      if (names->tensors.count(in.name())) {
        return BadInput("graph input " + Q(in.name()) + " is listed twice");
      }
      Node node;
      node.kind = NodeKind::kInput;
      node.name = in.name();
      node.op_type = "Input";
      node.scope = scope;
      GRAPHGEN_RETURN_IF_ERROR(AddNodeChecked(std::move(node)));
      const int t = graph_.AddTensor(in.name());
      graph_.tensors[t].producer = static_cast<int>(graph_.nodes.size()) - 1;
      graph_.nodes.back().outputs.push_back(t);
      names->tensors[in.name()] = t;
    }

    // Register every node and its outputs first, so inputs can be resolved whatever the
    // node order, and a use before definition shows up as a cycle, not a dangling input.
    std::vector<int> node_ids;
    std::unordered_map<std::string, int> producer_proto;  // tensor -> node index in g
    for (int i = 0; i < g.node_size(); ++i) {
      const onnx::NodeProto& np = g.node(i);
      const std::string desc = DescribeNode(np, i);
      GRAPHGEN_RETURN_IF_ERROR(
          CheckName(np.name(), "node #" + std::to_string(i) + ": name", options_));
      GRAPHGEN_RETURN_IF_ERROR(CheckName(np.op_type(), desc + ": op type", options_));
      GRAPHGEN_RETURN_IF_ERROR(CheckName(np.domain(), desc + ": domain", options_));
      if (np.op_type().empty()) return BadInput(desc + ": empty op type");
      GRAPHGEN_RETURN_IF_ERROR(CheckScopeDepth(np.name(), desc + ": name", options_));
      GRAPHGEN_RETURN_IF_ERROR(CheckAttributeCount(np.attribute_size(), desc, options_));
      for (const auto& a : np.attribute()) {
        const std::string what = desc + ": attribute " + Q(a.name());
        GRAPHGEN_RETURN_IF_ERROR(CheckStringValue(a.s(), what, options_));
        for (const std::string& item : a.strings()) {
          GRAPHGEN_RETURN_IF_ERROR(CheckStringValue(item, what, options_));
        }
      }
      Node node;
      node.name = np.name();
      node.op_type = np.op_type();
      node.domain = np.domain();
      node.scope = scope;
      for (const auto& a : np.attribute()) {
        if (a.name() == "activation" && a.type() == onnx::AttributeProto::STRING) {
          node.activation = Quote(a.s(), 32);
        } else if (a.name() == "activations" && a.type() == onnx::AttributeProto::STRINGS) {
          for (int k = 0; k < a.strings_size() && k < 4; ++k) {
            node.activation += (k > 0 ? ", " : "") + Quote(a.strings(k), 32);
          }
        }
        if (static_cast<int>(node.attributes.size()) < kMaxAttributesKept) {
          node.attributes.push_back(TypedAttribute(a));
        }
      }
      GRAPHGEN_RETURN_IF_ERROR(AddNodeChecked(std::move(node)));
      const int id = static_cast<int>(graph_.nodes.size()) - 1;
      node_ids.push_back(id);
      for (const std::string& out : np.output()) {
        if (out.empty()) continue;  // an optional output left out
        GRAPHGEN_RETURN_IF_ERROR(CheckName(out, desc + ": output name", options_));
        if (names->tensors.count(out) || names->weights.count(out)) {
          const auto prev = producer_proto.find(out);
          return BadInput("tensor " + Q(out) + " is produced twice: by " +
                          (prev != producer_proto.end()
                               ? DescribeNode(g.node(prev->second), prev->second)
                               : std::string("a graph input or initializer")) +
                          " and by " + desc);
        }
        const int t = graph_.AddTensor(out);
        graph_.tensors[t].producer = id;
        graph_.nodes[id].outputs.push_back(t);
        names->tensors[out] = t;
        producer_proto[out] = i;
      }
      // A Constant's value gives its output's type even without shape inference.
      if (np.op_type() == "Constant" && np.domain().empty() && !graph_.nodes[id].outputs.empty()) {
        for (const auto& a : np.attribute()) {
          if (a.name() != "value" || a.type() != onnx::AttributeProto::TENSOR) continue;
          auto count = ElementCount(a.t().dims(), desc + ": value");
          if (!count.ok()) return count.status();
          Tensor& t = graph_.tensors[graph_.nodes[id].outputs[0]];
          t.type.dtype = ConvertDType(a.t().data_type());
          t.type.rank_known = true;
          for (int64_t d : a.t().dims()) t.type.dims.push_back(Dim{d, ""});
        }
      }
    }

    // Node names must be unique within a graph (ONNX IR, "Names Within a Graph").
    std::unordered_map<std::string, int> seen_names;
    for (int i = 0; i < g.node_size(); ++i) {
      const std::string& name = g.node(i).name();
      if (name.empty()) continue;
      auto [it, inserted] = seen_names.emplace(name, i);
      if (!inserted) {
        return BadInput("two nodes are named " + Q(name) + " (#" + std::to_string(it->second) +
                        " " + Quote(g.node(it->second).op_type()) + " and #" + std::to_string(i) +
                        " " + Quote(g.node(i).op_type()) + ")");
      }
    }

    // Wire inputs, then descend into subgraphs, whose nodes may use any name above.
    for (int i = 0; i < g.node_size(); ++i) {
      const onnx::NodeProto& np = g.node(i);
      const int id = node_ids[i];
      const std::string desc = DescribeNode(np, i);
      for (int slot = 0; slot < np.input_size(); ++slot) {
        const std::string& in = np.input(slot);
        if (in.empty()) continue;  // an optional input left out
        if (Weight* w = names->FindWeight(in)) {
          if (!w->claimed) {
            w->claimed = true;
            // Saturating: each weight's count fits int64, their sum need not.
            if (w->IsParameter()) {
              graph_.nodes[id].params = SaturatingAdd(graph_.nodes[id].params, w->elements);
            }
            if (w->IsParameter() && IsRunningStatistic(np.op_type(), slot)) {
              graph_.nodes[id].frozen_params =
                  SaturatingAdd(graph_.nodes[id].frozen_params, w->elements);
            }
          } else if (w->IsParameter()) {
            graph_.nodes[id].shared_params =
                SaturatingAdd(graph_.nodes[id].shared_params, w->elements);
          }
          continue;
        }
        const int t = names->FindTensor(in);
        if (t < 0) {
          GRAPHGEN_RETURN_IF_ERROR(CheckName(in, desc + ": input name", options_));
          return BadInput(desc + ": input " + Q(in) + " is produced by no node");
        }
        graph_.Connect(t, id);
      }
      // Context from the outer two levels is enough to find the spot; a chain per
      // level would make a deeply nested file's error line unreadable.
      const auto context = [&](const Status& s) { return depth < 2 ? s.WithContext(desc) : s; };
      for (const auto& a : np.attribute()) {
        if (a.type() == onnx::AttributeProto::GRAPH) {
          GRAPHGEN_RETURN_IF_ERROR(context(ConvertSubgraph(a.g(), a.name(), id, names, depth)));
        } else if (a.type() == onnx::AttributeProto::GRAPHS) {
          for (int k = 0; k < a.graphs_size(); ++k) {
            GRAPHGEN_RETURN_IF_ERROR(context(ConvertSubgraph(
                a.graphs(k), a.name() + "[" + std::to_string(k) + "]", id, names, depth)));
          }
        }
      }
    }

    for (const auto& out : g.output()) {
      GRAPHGEN_RETURN_IF_ERROR(CheckName(out.name(), "graph output " + Q(out.name()), options_));
      Node node;
      node.kind = NodeKind::kOutput;
      node.name = out.name();
      node.op_type = "Output";
      node.scope = scope;
      const int t = names->FindTensor(out.name());
      if (t < 0 && !names->FindWeight(out.name())) {
        return BadInput("graph output " + Q(out.name()) + " is produced by no node");
      }
      GRAPHGEN_RETURN_IF_ERROR(AddNodeChecked(std::move(node)));
      if (t >= 0) graph_.Connect(t, static_cast<int>(graph_.nodes.size()) - 1);
    }

    for (size_t t = first_tensor; t < graph_.tensors.size(); ++t) {
      Tensor& tensor = graph_.tensors[t];
      auto it = types.find(tensor.name);
      if (it == types.end()) continue;
      auto type = ConvertType(*it->second, "tensor " + Q(tensor.name));
      if (!type.ok()) return type.status();
      if (type->dtype != DType::kUnknown || type->rank_known) tensor.type = std::move(*type);
    }
    return CheckAcyclic(g, node_ids);
  }

  Status ConvertSubgraph(const onnx::GraphProto& body, const std::string& attr, int owner,
                         NameScope* outer, int depth) {
    if (depth + 1 > options_.max_nesting_depth) {
      return LimitExceeded("subgraphs are nested more than " +
                           std::to_string(options_.max_nesting_depth) +
                           " deep (raise it with --max-depth)");
    }
    const int owner_scope = graph_.nodes[owner].scope;
    const int scope = graph_.ChildScope(
        owner_scope, graph_.DisplayName(owner) + "." + Quote(attr, 64), ScopeKind::kSubgraph);
    graph_.scopes[scope].owner_node = owner;
    NameScope names;
    names.outer = outer;
    const size_t first = graph_.nodes.size();
    Status status = ConvertGraph(body, scope, &names, depth + 1);
    if (depth < 2) status = status.WithContext("subgraph " + Q(attr));
    GRAPHGEN_RETURN_IF_ERROR(status);
    // Hang the body under its node: link the owner to the body's entry nodes.
    for (size_t n = first; n < graph_.nodes.size(); ++n) {
      if (graph_.nodes[n].scope != scope) continue;
      bool entry = true;
      for (int t : graph_.nodes[n].inputs) {
        const int p = graph_.tensors[t].producer;
        if (p >= static_cast<int>(first)) entry = false;
      }
      if (entry) graph_.nesting_edges.emplace_back(owner, static_cast<int>(n));
      // A tensor the body reads from outside is read by the owner, for the cycle check:
      // an If whose branch reads a node fed by the If is a cycle through its subgraph.
      for (int t : graph_.nodes[n].inputs) {
        if (graph_.tensors[t].producer < static_cast<int>(first)) captured_[owner].push_back(t);
      }
    }
    return OkStatus();
  }

  Status AddNodeChecked(Node node) {
    if (static_cast<int64_t>(graph_.nodes.size()) >= options_.max_nodes) {
      return LimitExceeded("the model has more than " + std::to_string(options_.max_nodes) +
                           " nodes (raise it with --max-nodes)");
    }
    graph_.AddNode(std::move(node));
    return OkStatus();
  }

  // What node `id` reads: its inputs and what its subgraphs read from outside them.
  std::vector<int> Reads(int id) const {
    std::vector<int> reads = graph_.nodes[id].inputs;
    if (auto it = captured_.find(id); it != captured_.end()) {
      reads.insert(reads.end(), it->second.begin(), it->second.end());
    }
    return reads;
  }

  // Kahn's algorithm over this graph's nodes; on a cycle, names the nodes around it.
  Status CheckAcyclic(const onnx::GraphProto& g, const std::vector<int>& node_ids) {
    const int n = static_cast<int>(node_ids.size());
    std::unordered_map<int, int> local;  // layer-graph id -> index in g
    for (int i = 0; i < n; ++i) local[node_ids[i]] = i;
    std::vector<int> indegree(n, 0);
    std::vector<std::vector<int>> succ(n);
    for (int i = 0; i < n; ++i) {
      for (int t : Reads(node_ids[i])) {
        auto it = local.find(graph_.tensors[t].producer);
        if (it == local.end()) continue;
        succ[it->second].push_back(i);
        ++indegree[i];
      }
    }
    std::vector<int> ready;
    for (int i = 0; i < n; ++i) {
      if (indegree[i] == 0) ready.push_back(i);
    }
    int done = 0;
    while (!ready.empty()) {
      const int i = ready.back();
      ready.pop_back();
      ++done;
      for (int j : succ[i]) {
        if (--indegree[j] == 0) ready.push_back(j);
      }
    }
    if (done == n) return OkStatus();
    // Walk backwards along unfinished predecessors until a node repeats.
    int start = 0;
    while (indegree[start] == 0) ++start;
    std::vector<int> path;
    std::vector<int> position(n, -1);
    int cur = start;
    while (position[cur] < 0) {
      position[cur] = static_cast<int>(path.size());
      path.push_back(cur);
      int next = -1;
      for (int t : Reads(node_ids[cur])) {
        auto it = local.find(graph_.tensors[t].producer);
        if (it != local.end() && indegree[it->second] > 0) {
          next = it->second;
          break;
        }
      }
      if (next < 0) break;
      cur = next;
    }
    std::string cycle;
    for (size_t k = path.size(); k-- > static_cast<size_t>(position[cur]);) {
      cycle += DescribeNode(g.node(path[k]), path[k]) + " -> ";
    }
    cycle += DescribeNode(g.node(path.back()), path.back());
    return BadInput("the graph has a cycle: " + cycle);
  }

  const ImportOptions& options_;
  LayerGraph graph_;
  // Node id -> tensors its subgraphs read from enclosing graphs. Lookup only.
  std::unordered_map<int, std::vector<int>> captured_;
};

int64_t ModelOpset(const onnx::ModelProto& model) {
  for (const auto& op : model.opset_import()) {
    if (op.domain().empty() || op.domain() == "ai.onnx") return op.version();
  }
  return -1;
}

// The ops the model's graph stands for once its model-local functions are inlined, as
// ONNX shape inference inlines them: 31 functions each calling the next twice are 2^31
// ops from a 2 KB file (issue 21; inference then ran until its CPU limit). Counted with
// one memo per function before anything expands, saturating; refused past --max-nodes,
// and a call cycle or a chain deeper than --max-depth is refused too.
class FunctionExpansion {
 public:
  FunctionExpansion(const onnx::ModelProto& model, const ImportOptions& options)
      : options_(options) {
    for (const onnx::FunctionProto& f : model.functions()) {
      functions_.emplace(std::make_pair(f.domain(), f.name()), &f);
    }
  }

  Status Check(const onnx::GraphProto& graph) {
    if (functions_.empty()) return OkStatus();
    auto ops = Nodes(graph.node());
    if (!ops.ok()) return ops.status();
    if (*ops > options_.max_nodes) {
      return LimitExceeded("model-local functions expand to " +
                           (*ops == kSaturatedCount ? "more than 2^63" : std::to_string(*ops)) +
                           " ops, more than the node limit of " +
                           std::to_string(options_.max_nodes) + " (raise it with --max-nodes)");
    }
    return OkStatus();
  }

 private:
  using Key = std::pair<std::string, std::string>;  // (domain, name)

  StatusOr<int64_t> Nodes(const google::protobuf::RepeatedPtrField<onnx::NodeProto>& nodes) {
    int64_t total = 0;
    for (const onnx::NodeProto& node : nodes) {
      total = SaturatingAdd(total, 1);
      for (const onnx::AttributeProto& a : node.attribute()) {
        std::vector<const onnx::GraphProto*> graphs;
        if (a.has_g()) graphs.push_back(&a.g());
        for (const onnx::GraphProto& g : a.graphs()) graphs.push_back(&g);
        for (const onnx::GraphProto* g : graphs) {
          auto inner = Nodes(g->node());
          if (!inner.ok()) return inner;
          total = SaturatingAdd(total, *inner);
        }
      }
      auto fn = functions_.find(std::make_pair(node.domain(), node.op_type()));
      if (fn == functions_.end()) continue;
      auto body = Function(fn->first, *fn->second);
      if (!body.ok()) return body;
      total = SaturatingAdd(total, *body);
    }
    return total;
  }

  StatusOr<int64_t> Function(const Key& key, const onnx::FunctionProto& f) {
    if (auto done = memo_.find(key); done != memo_.end()) return done->second;
    for (const Key& k : active_) {
      if (k == key) return BadInput("model-local function " + Quote(key.second) + " calls itself");
    }
    if (static_cast<int64_t>(active_.size()) >= options_.max_nesting_depth) {
      return LimitExceeded("model-local function calls nest more than " +
                           std::to_string(options_.max_nesting_depth) +
                           " deep (raise it with --max-depth)");
    }
    active_.push_back(key);
    auto ops = Nodes(f.node());
    active_.pop_back();
    if (ops.ok()) memo_[key] = *ops;
    return ops;
  }

  const ImportOptions& options_;
  std::map<Key, const onnx::FunctionProto*> functions_;
  std::map<Key, int64_t> memo_;
  std::vector<Key> active_;  // the chain of calls being counted
};

}  // namespace

StatusOr<LayerGraph> ConvertOnnxModel(onnx::ModelProto model, const ImportOptions& options,
                                      Warnings* warnings) {
  if (!model.has_graph()) return BadInput("the model has no graph");
  const int64_t opset = ModelOpset(model);
  const auto& ranges = onnx::OpSchemaRegistry::DomainToVersionRange::Instance().Map();
  const auto known = ranges.find("");
  const int max_known = known != ranges.end() ? known->second.second : 0;
  if (opset > max_known) {
    warnings->push_back("opset " + std::to_string(opset) +
                        " is newer than this ONNX library knows (" + std::to_string(max_known) +
                        "): shapes it cannot infer are left out");
  }
  GRAPHGEN_RETURN_IF_ERROR(FunctionExpansion(model, options).Check(model.graph()));
  if (options.infer_shapes) {
    const std::string failed = InferShapesIsolated(&model, kShapeInferenceSeconds);
    if (!failed.empty()) {
      warnings->push_back("shape inference failed, shapes may be missing: " + failed);
    }
  }
  Converter converter(options);
  auto graph = converter.Convert(model);
  if (!graph.ok()) return graph;
  if (opset >= 0) graph->notes.push_back("opset " + std::to_string(opset));
  return graph;
}

}  // namespace graphgen
