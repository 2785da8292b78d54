// Attention, grown from its softmax. Scaled dot-product attention is
//   softmax(Q K^T / sqrt(d) [+ mask]) V
// and multi-head attention wraps it in projections: Q, K, V = x Wq, m Wk, m Wv (one packed
// product split in three, or three), each split into heads (Reshape, Transpose), the heads
// merged back (Transpose, Reshape) and projected (W_o). Exporters spell the plumbing many
// ways (docs/research/torch-onnx-exports.md): the scale before or after the product, as a
// Div or a Mul, the mask as an Add or a Where, K transposed by its own op or inside one
// permutation. So instead of a table row, the finder walks from the softmax through any
// plumbing to the two products, and from those to the projections, and takes the region if
// nothing outside reads into it.
#include <algorithm>
#include <string>
#include <vector>

#include "passes/op_patterns/op_patterns_internal.h"

namespace graphgen {
namespace {

bool Is(const std::string& op, std::initializer_list<const char*> names) {
  for (const char* n : names) {
    if (op == n) return true;
  }
  return false;
}

// Ops that move or relabel values without computing on them.
bool IsPlumbing(const std::string& op) {
  return Is(op, {"Reshape", "Transpose", "Squeeze", "Unsqueeze", "Identity", "Cast", "Dropout",
                 "Slice", "Split", "Gather", "ExpandDims", "StridedSlice", "Unpack", "SplitV",
                 "Flatten", "Contiguous"});
}

bool IsProduct(const std::string& op) {
  return Is(op, {"MatMul", "BatchMatMul", "BatchMatMulV2", "BatchMatMulV3", "Einsum"});
}

class AttentionFinder {
 public:
  explicit AttentionFinder(const LayerGraph& g) : g_(g), taken_(g.nodes.size(), false) {}

  // The members of the attention around softmax `s`, its last member, detail and name;
  // false when `s` is no attention's softmax or the region leaks.
  bool Find(int s, BoxSpec* box) {
    const Node& softmax = g_.nodes[s];
    if (softmax.kind != NodeKind::kOp || taken_[s] || softmax.op_type != "Softmax" ||
        softmax.outputs.size() != 1) {
      return false;
    }
    std::vector<int> region = {s};
    projections_ = 0;
    // Back from the softmax through the scale and the mask to the scores product.
    int t = softmax.inputs.empty() ? -1 : softmax.inputs[0];
    int scores = -1;
    for (int hops = 0; hops < 6 && t >= 0; ++hops) {
      const int p = g_.tensors[t].producer;
      if (p < 0 || taken_[p]) return false;
      const Node& n = g_.nodes[p];
      if (IsProduct(n.op_type)) {
        scores = p;
        break;
      }
      // Scale (Div/Mul by a weight), mask (Add/Sub/Where with a mask), plumbing.
      if (!Is(n.op_type, {"Div", "Mul", "RealDiv", "Add", "AddV2", "Sub", "Where", "Cast",
                          "Reshape", "Transpose", "Identity"})) {
        return false;
      }
      region.push_back(p);
      t = ScoresPath(n);
    }
    if (scores < 0 || g_.nodes[scores].inputs.size() != 2) return false;
    region.push_back(scores);
    // Forward from the softmax (through dropout) to the product with the values.
    int w = softmax.outputs[0];
    int values = -1;
    for (int hops = 0; hops < 3; ++hops) {
      const int c = SoleConsumer(w);
      if (c < 0 || taken_[c]) return false;
      const Node& n = g_.nodes[c];
      if (IsProduct(n.op_type)) {
        values = c;
        break;
      }
      if (!Is(n.op_type, {"Dropout", "Cast", "Identity", "Reshape"})) return false;
      region.push_back(c);
      w = n.outputs[0];
    }
    if (values < 0 || g_.nodes[values].inputs.size() != 2) return false;
    region.push_back(values);
    const std::vector<int> qk = g_.nodes[scores].inputs;
    const std::vector<int> av = g_.nodes[values].inputs;
    const int v_in = av[0] == w ? av[1] : av[0];
    // Each of Q, K, V back through its head split to its projection.
    int dh = -1;
    const int q_source = Back(qk[0], &region, &dh);
    const int k_source = Back(qk[1], &region, nullptr);
    Back(v_in, &region, nullptr);  // V's source is K's in every attention; only its ops count
    // Forward: the heads merged, the output projection, its own plumbing.
    int out = g_.nodes[values].outputs[0];
    int last = values;
    int merged_dim = -1;
    bool projected = false;
    for (int hops = 0; hops < 8; ++hops) {
      const int c = SoleConsumer(out);
      if (c < 0 || taken_[c] || Contains(region, c)) break;
      const Node& n = g_.nodes[c];
      if (!projected && IsProjection(n)) {
        merged_dim = LastDim(out);
        projected = true;
      } else if (!IsPlumbing(n.op_type) || n.inputs.size() != 1) {
        break;
      }
      region.push_back(c);
      last = c;
      out = n.outputs[0];
    }
    const bool has_projections = projected && projections_ > 0;
    if (!InOneModule(region) || !Contained(region, out)) return false;
    box->members = region;
    box->last = last;
    box->anchor = s;
    box->op_type = has_projections ? "MultiHeadAttention" : "Attention";
    std::string detail;
    if (merged_dim > 0 && dh > 0 && merged_dim % dh == 0) {
      const int64_t heads = merged_dim / dh;
      detail = std::to_string(heads) + (heads == 1 ? " head" : " heads");
    }
    if (q_source >= 0 && k_source >= 0 && q_source != k_source) {
      detail += std::string(detail.empty() ? "" : " · ") + "cross";
    }
    box->detail = detail;
    box->name = SharedModuleName(g_, region, s);
    box->query = q_source;
    box->memory = q_source != k_source ? k_source : -1;
    box->heads = merged_dim > 0 && dh > 0 && merged_dim % dh == 0 ? merged_dim / dh : -1;
    for (int m : region) taken_[m] = true;
    return true;
  }

 private:
  // The input of a scale/mask step that carries the scores (the one a product computes).
  int ScoresPath(const Node& n) const {
    int best = -1;
    for (int t : n.inputs) {
      const int p = g_.tensors[t].producer;
      if (p >= 0 && (IsProduct(g_.nodes[p].op_type) || best < 0)) best = t;
    }
    // A Where's scores are its second or third input; the first is the condition.
    if (n.op_type == "Where" && n.inputs.size() >= 2) {
      for (size_t i = 1; i < n.inputs.size(); ++i) {
        const int p = g_.tensors[n.inputs[i]].producer;
        if (p >= 0) return n.inputs[i];
      }
    }
    return best;
  }

  int SoleConsumer(int t) const {
    const auto& c = g_.tensors[t].consumers;
    if (c.empty()) return -1;
    for (int x : c) {
      if (x != c[0]) return -1;
    }
    return g_.nodes[c[0]].kind == NodeKind::kOp ? c[0] : -1;
  }

  // A projection: a weighted product of one data input (a Linear box, Gemm, a MatMul whose
  // other operand is a weight, a 1x1 Conv is not attention's).
  static bool IsProjection(const Node& n) {
    return n.inputs.size() == 1 && n.params > 0 &&
           Is(n.op_type, {"Linear", "Gemm", "MatMul", "Dense", "FullyConnected"});
  }

  int64_t LastDim(int t) const {
    const TensorType& type = g_.tensors[t].type;
    if (!type.rank_known || type.dims.empty()) return -1;
    return type.dims.back().value;
  }

  // Walks from a Q/K/V operand back through plumbing and a scale to its projection, adding
  // them to the region; returns the tensor the projection reads (or where the walk
  // stopped). `dh`, when asked, gets the operand's last dim (the head size).
  int Back(int t, std::vector<int>* region, int* dh) {
    if (dh != nullptr) *dh = static_cast<int>(LastDim(t));
    for (int hops = 0; hops < 8 && t >= 0; ++hops) {
      const int p = g_.tensors[t].producer;
      if (p < 0 || taken_[p]) return t;
      const Node& n = g_.nodes[p];
      // Already in the region (the packed projection, the Split of Q, K and V): walk on
      // without adding it, to the same source.
      if (Contains(*region, p)) {
        if (IsProjection(n) || n.inputs.size() != 1) return IsProjection(n) ? n.inputs[0] : t;
        t = n.inputs[0];
        continue;
      }
      if (IsProjection(n)) {
        region->push_back(p);
        ++projections_;
        return n.inputs[0];
      }
      // A scale: a Div or Mul whose other operand is a weight or computed from constants
      // alone (Swin's Pow(head_dim, -0.5)), which joins the region.
      int data = -1;
      int others = 0;
      std::vector<int> constants;
      for (int in : n.inputs) {
        std::vector<int> from;
        if (FromConstants(in, 0, &from)) {
          constants.insert(constants.end(), from.begin(), from.end());
        } else {
          data = in;
          ++others;
        }
      }
      const bool scale = Is(n.op_type, {"Div", "Mul", "RealDiv"}) && others == 1;
      if (scale) {
        region->push_back(p);
        region->insert(region->end(), constants.begin(), constants.end());
        t = data;
        continue;
      }
      if (!IsPlumbing(n.op_type) || n.inputs.size() != 1) return t;
      region->push_back(p);
      t = n.inputs[0];
    }
    return t;
  }

  // Whether tensor `t` is computed from constants alone (its producers read no data, within
  // a few ops, each read only here): Pow(head_dim, -0.5) with head_dim from the shapes.
  // Collects those producers.
  bool FromConstants(int t, int depth, std::vector<int>* nodes) const {
    const int p = g_.tensors[t].producer;
    // At most a few ops deep and a few ops in all: a scale is one small expression.
    if (p < 0 || depth > 4 || nodes->size() > 8 || taken_[p] || g_.nodes[p].kind != NodeKind::kOp ||
        g_.tensors[t].consumers.size() != 1) {
      return false;
    }
    for (int in : g_.nodes[p].inputs) {
      if (!FromConstants(in, depth + 1, nodes)) return false;
    }
    nodes->push_back(p);
    return true;
  }

  static bool Contains(const std::vector<int>& v, int x) {
    return std::find(v.begin(), v.end(), x) != v.end();
  }

  // Every member sits in one module: their scopes share an ancestor other than the root,
  // unless the graph has no scopes at all; none is inside a subgraph body.
  bool InOneModule(const std::vector<int>& region) const {
    int common = g_.nodes[region[0]].scope;
    for (int m : region) {
      common = Lca(common, g_.nodes[m].scope);
      for (int s = g_.nodes[m].scope; s > 0; s = g_.scopes[s].parent) {
        if (g_.scopes[s].kind == ScopeKind::kSubgraph) return false;
      }
    }
    return common != 0 || g_.scopes.size() == 1;
  }

  int Lca(int a, int b) const {
    while (a != b) {
      if (g_.scopes[a].depth >= g_.scopes[b].depth) {
        a = g_.scopes[a].parent;
      } else {
        b = g_.scopes[b].parent;
      }
      if (a < 0 || b < 0) return 0;
    }
    return a;
  }

  // Nothing outside reads a member's output but the box's own output.
  bool Contained(const std::vector<int>& region, int out) const {
    for (int m : region) {
      for (int t : g_.nodes[m].outputs) {
        if (t == out) continue;
        for (int c : g_.tensors[t].consumers) {
          if (!Contains(region, c)) return false;
        }
      }
    }
    return true;
  }

  const LayerGraph& g_;
  std::vector<bool> taken_;
  int projections_ = 0;  // projections Back() took for the softmax being grown
};

}  // namespace

int ApplyAttentionPatterns(LayerGraph& graph, std::map<std::string, int>* matches) {
  AttentionFinder finder(graph);
  std::vector<size_t> ops_in_scope(graph.scopes.size(), 0);
  for (const Node& n : graph.nodes) ops_in_scope[n.scope] += n.kind == NodeKind::kOp;
  std::vector<bool> remove(graph.nodes.size(), false);
  std::vector<int> new_id(graph.nodes.size());
  for (size_t i = 0; i < new_id.size(); ++i) new_id[i] = static_cast<int>(i);
  int boxes_made = 0;
  for (size_t s = 0; s < graph.nodes.size(); ++s) {
    BoxSpec box;
    if (!finder.Find(static_cast<int>(s), &box)) continue;
    MakeBox(graph, box, ops_in_scope, &remove, &new_id);
    // Queries first, then the memory keys and values come from (grouping reads the
    // memory as the encoder's output), then masks; and the kind and heads as attributes.
    Node& made = graph.nodes[box.last];
    std::vector<int> ordered;
    for (int t : {box.query, box.memory}) {
      if (t >= 0 && std::find(made.inputs.begin(), made.inputs.end(), t) != made.inputs.end()) {
        ordered.push_back(t);
      }
    }
    for (int t : made.inputs) {
      if (std::find(ordered.begin(), ordered.end(), t) == ordered.end()) ordered.push_back(t);
    }
    made.inputs = std::move(ordered);
    made.attributes.push_back(
        {"attention", box.memory >= 0 ? "cross" : "self", AttrKind::kOther, {}, {}});
    if (box.heads > 0) {
      made.attributes.push_back(
          {"heads", std::to_string(box.heads), AttrKind::kInt, {box.heads}, {}});
    }
    ++(*matches)[box.op_type];
    ++boxes_made;
  }
  if (boxes_made > 0) {
    graph.RedirectNodes(new_id);
    graph.RemoveNodes(remove);
  }
  return boxes_made;
}

}  // namespace graphgen
