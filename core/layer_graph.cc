#include "core/layer_graph.h"

#include <set>

#include "core/checked_math.h"

namespace graphgen {

const char* DTypeName(DType dtype) {
  switch (dtype) {
    case DType::kUnknown:
      return "?";
    case DType::kFloat32:
      return "float32";
    case DType::kFloat16:
      return "float16";
    case DType::kBFloat16:
      return "bfloat16";
    case DType::kFloat64:
      return "float64";
    case DType::kInt8:
      return "int8";
    case DType::kInt16:
      return "int16";
    case DType::kInt32:
      return "int32";
    case DType::kInt64:
      return "int64";
    case DType::kUInt8:
      return "uint8";
    case DType::kUInt16:
      return "uint16";
    case DType::kUInt32:
      return "uint32";
    case DType::kUInt64:
      return "uint64";
    case DType::kBool:
      return "bool";
    case DType::kString:
      return "string";
    case DType::kComplex64:
      return "complex64";
    case DType::kComplex128:
      return "complex128";
  }
  return "?";
}

bool IsShapeDType(DType dtype) {
  switch (dtype) {
    case DType::kInt8:
    case DType::kInt16:
    case DType::kInt32:
    case DType::kInt64:
    case DType::kUInt8:
    case DType::kUInt16:
    case DType::kUInt32:
    case DType::kUInt64:
    case DType::kBool:
      return true;
    default:
      return false;
  }
}

bool IsParameterDType(DType dtype) {
  switch (dtype) {
    case DType::kInt32:
    case DType::kInt64:
    case DType::kBool:
    case DType::kString:
      return false;
    default:
      return true;
  }
}

std::string FormatShape(const TensorType& type) {
  if (!type.rank_known) return "?";
  if (type.dims.empty()) return "scalar";
  std::string out;
  for (size_t i = 0; i < type.dims.size(); ++i) {
    if (i > 0) out += "\xC3\x97";  // U+00D7 MULTIPLICATION SIGN
    const Dim& d = type.dims[i];
    if (d.value >= 0) {
      out += std::to_string(d.value);
    } else if (!d.symbol.empty()) {
      out += d.symbol;
    } else {
      out += '?';
    }
  }
  return out;
}

LayerGraph::LayerGraph() {
  Scope root;
  root.kind = ScopeKind::kRoot;
  scopes.push_back(root);
}

int LayerGraph::AddNode(Node node) {
  nodes.push_back(std::move(node));
  return static_cast<int>(nodes.size()) - 1;
}

int LayerGraph::AddTensor(std::string name) {
  Tensor t;
  t.name = std::move(name);
  tensors.push_back(std::move(t));
  return static_cast<int>(tensors.size()) - 1;
}

int LayerGraph::ChildScope(int parent, const std::string& name, ScopeKind kind) {
  const auto key = std::make_tuple(parent, static_cast<int>(kind), name);
  if (auto it = scope_index_.find(key); it != scope_index_.end()) return it->second;
  Scope s;
  s.kind = kind;
  s.name = name;
  s.parent = parent;
  s.depth = scopes[parent].depth + 1;
  s.path = scopes[parent].path.empty() ? name : scopes[parent].path + "/" + name;
  scopes.push_back(s);
  const int id = static_cast<int>(scopes.size()) - 1;
  scopes[parent].children.push_back(id);
  scope_index_.emplace(key, id);
  return id;
}

bool LayerGraph::HasChildScope(int parent, const std::string& name) const {
  for (ScopeKind kind :
       {ScopeKind::kRoot, ScopeKind::kModule, ScopeKind::kSubgraph, ScopeKind::kRepeat}) {
    if (scope_index_.count(std::make_tuple(parent, static_cast<int>(kind), name))) return true;
  }
  return false;
}

void LayerGraph::Connect(int tensor, int node) {
  tensors[tensor].consumers.push_back(node);
  nodes[node].inputs.push_back(tensor);
}

void LayerGraph::RebuildTensorLinks() {
  for (Tensor& t : tensors) {
    t.producer = -1;
    t.consumers.clear();
  }
  for (size_t n = 0; n < nodes.size(); ++n) {
    for (int t : nodes[n].outputs) tensors[t].producer = static_cast<int>(n);
    for (int t : nodes[n].inputs) tensors[t].consumers.push_back(static_cast<int>(n));
  }
}

void LayerGraph::RemoveNodes(const std::vector<bool>& remove) {
  std::vector<int> new_id(nodes.size(), -1);
  std::vector<Node> kept;
  for (size_t i = 0; i < nodes.size(); ++i) {
    if (remove[i]) continue;
    new_id[i] = static_cast<int>(kept.size());
    kept.push_back(std::move(nodes[i]));
  }
  nodes = std::move(kept);
  RebuildTensorLinks();
  for (Scope& s : scopes) {
    if (s.owner_node >= 0) s.owner_node = new_id[s.owner_node];
  }
  std::vector<std::pair<int, int>> nesting;
  for (const auto& [from, to] : nesting_edges) {
    if (new_id[from] >= 0 && new_id[to] >= 0) nesting.emplace_back(new_id[from], new_id[to]);
  }
  nesting_edges = std::move(nesting);
  std::vector<std::pair<int, int>> control;
  for (const auto& [from, to] : control_edges) {
    if (new_id[from] >= 0 && new_id[to] >= 0) control.emplace_back(new_id[from], new_id[to]);
  }
  control_edges = std::move(control);
  for (int& box : imported_node_box) {
    if (box >= 0) box = box < static_cast<int>(new_id.size()) ? new_id[box] : -1;
  }
}

void LayerGraph::TrackImportedNodes() {
  imported_node_box.resize(nodes.size());
  for (size_t i = 0; i < nodes.size(); ++i) imported_node_box[i] = static_cast<int>(i);
}

void LayerGraph::RedirectNodes(const std::vector<int>& new_id) {
  std::vector<std::pair<int, int>> control;
  std::set<std::pair<int, int>> seen;
  for (const auto& [from, to] : control_edges) {
    const int a = from >= 0 && from < static_cast<int>(new_id.size()) ? new_id[from] : -1;
    const int b = to >= 0 && to < static_cast<int>(new_id.size()) ? new_id[to] : -1;
    if (a < 0 || b < 0 || a == b || !seen.emplace(a, b).second) continue;
    control.emplace_back(a, b);
  }
  control_edges = std::move(control);
  for (int& box : imported_node_box) {
    if (box >= 0) box = box < static_cast<int>(new_id.size()) ? new_id[box] : -1;
  }
}

int64_t LayerGraph::TotalParams() const {
  int64_t total = 0;
  // Saturates: a file can declare weights whose element counts sum past int64.
  for (const Node& n : nodes) total = SaturatingAdd(total, SaturatingMul(n.params, n.copies));
  return total;
}

int64_t LayerGraph::TotalFrozenParams() const {
  int64_t total = 0;
  for (const Node& n : nodes)
    total = SaturatingAdd(total, SaturatingMul(n.frozen_params, n.copies));
  return total;
}

bool IsRunningStatistic(const std::string& op_type, size_t slot) {
  return (slot == 3 || slot == 4) &&
         (op_type == "BatchNormalization" || op_type == "FusedBatchNorm" ||
          op_type == "FusedBatchNormV2" || op_type == "FusedBatchNormV3");
}

int64_t LayerGraph::EdgeCount() const {
  int64_t count = 0;
  for (const Tensor& t : tensors) {
    if (t.producer >= 0) count += static_cast<int64_t>(t.consumers.size());
  }
  return count;
}

std::string LayerGraph::DisplayName(int node) const {
  const Node& n = nodes[node];
  if (!n.name.empty()) return n.name;
  return n.op_type + "_" + std::to_string(node);
}

const Attribute* FindAttribute(const Node& node, const std::string& name) {
  for (const Attribute& a : node.attributes) {
    if (a.name == name) return &a;
  }
  return nullptr;
}

std::vector<double> AttributeNumbers(const Attribute& attribute) {
  std::vector<double> out;
  for (int64_t v : attribute.ints) out.push_back(static_cast<double>(v));
  for (double v : attribute.floats) out.push_back(v);
  return out;
}

}  // namespace graphgen
