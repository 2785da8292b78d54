#include "passes/fuse_chains/fuse_chains.h"

#include <string_view>
#include <utility>
#include <vector>

#include "core/checked_math.h"
#include "core/op_table.h"

namespace graphgen {
namespace {

constexpr const char* kDot = " \xC2\xB7 ";  // " · "

bool IsAdd(std::string_view op) {
  return op == "Add" || op == "AddV2" || op == "BiasAdd" || op == "ADD";
}

bool IsHeadCategory(OpCategory c) { return c == OpCategory::kConv || c == OpCategory::kLinear; }

bool IsFollowerCategory(OpCategory c) {
  return c == OpCategory::kNormalization || c == OpCategory::kActivation ||
         c == OpCategory::kElementwise;
}

class ChainFuser {
 public:
  ChainFuser(LayerGraph& graph, const FuseOptions& options) : g_(graph), o_(options) {
    const size_t n = g_.nodes.size();
    // Nodes with links that are not data flow stay out of chains: a control dependency on
    // an op after the head could close a loop through the fused box, and a subgraph hangs
    // under its own node. A head's control edges are harmless (nothing outside the chain
    // reaches its fused ops) and stay on it.
    pinned_.assign(n, false);
    controlled_.assign(n, false);
    const auto mark = [n](std::vector<bool>& v, int node) {
      if (node >= 0 && static_cast<size_t>(node) < n) v[node] = true;
    };
    for (const auto& [from, to] : g_.control_edges) {
      mark(controlled_, from);
      mark(controlled_, to);
    }
    for (const auto& [from, to] : g_.nesting_edges) {
      mark(pinned_, from);
      mark(pinned_, to);
    }
    for (const Scope& s : g_.scopes) mark(pinned_, s.owner_node);
    head_of_.assign(n, -1);
  }

  FuseResult Run() {
    FuseResult result;
    const int n = static_cast<int>(g_.nodes.size());
    for (int head = 0; head < n; ++head) {
      const Node& h = g_.nodes[head];
      if (h.kind != NodeKind::kOp || head_of_[head] >= 0 || pinned_[head] ||
          !IsHeadCategory(CategoryOf(h.op_type))) {
        continue;
      }
      // A TFLite op's fused activation (CONV_2D · RELU6) is already there: the chain goes on
      // after it.
      std::vector<FusedOp> fused = h.fused;
      int last = head;
      for (int k = 0; k < o_.max_followers; ++k) {
        const int next = Extend(head, last, &fused);
        if (next < 0) break;
        last = next;
      }
      if (last == head) continue;
      Node& node = g_.nodes[head];
      node.outputs = g_.nodes[last].outputs;
      node.fused = std::move(fused);
      ++result.chains;
      if (result.example.empty()) result.example = ChainLabel(node);
    }
    // Control edges never touch a fused op, only heads; the redirect is for the nodes the
    // model file had (imported_node_box): a fused op is drawn as its head.
    std::vector<bool> remove(n, false);
    for (int i = 0; i < n; ++i) {
      if (head_of_[i] >= 0 && head_of_[i] != i) {
        remove[i] = true;
        ++result.removed;
      }
    }
    if (result.removed > 0) {
      std::vector<int> stand_in(n);
      for (int i = 0; i < n; ++i) stand_in[i] = head_of_[i] >= 0 ? head_of_[i] : i;
      g_.RedirectNodes(stand_in);
      g_.RemoveNodes(remove);
    }
    return result;
  }

 private:
  // Fuses the reader of `last` into `head` when every rule of FuseChains holds, with the
  // weight-only ops feeding it; returns the reader, or -1.
  int Extend(int head, int last, std::vector<FusedOp>* fused) {
    const Node& h = g_.nodes[head];
    int link = -1;
    for (int t : g_.nodes[last].outputs) {
      if (g_.tensors[t].consumers.empty()) continue;
      if (link >= 0) return -1;
      link = t;
    }
    if (link < 0 || g_.tensors[link].consumers.size() != 1) return -1;
    const int reader = g_.tensors[link].consumers[0];
    if (!Joinable(reader, h)) return -1;
    const Node& r = g_.nodes[reader];
    const OpCategory category = CategoryOf(r.op_type);
    if (!IsFollowerCategory(category) || r.outputs.empty()) return -1;
    std::vector<int> weights;
    for (int t : r.inputs) {
      if (t == link) continue;
      const int w = g_.tensors[t].producer;
      if (w < 0 || w == reader || !Joinable(w, h)) return -1;
      const Node& wn = g_.nodes[w];
      if (!wn.inputs.empty() || wn.outputs.size() != 1 || g_.tensors[t].consumers.size() != 1) {
        return -1;
      }
      weights.push_back(w);
    }
    if (category == OpCategory::kElementwise && weights.empty() &&
        r.params + r.shared_params == 0) {
      return -1;  // x + y of two activations, or a unary op: not part of a layer
    }
    const TensorType& want = g_.tensors[link].type;
    const TensorType& got = g_.tensors[r.outputs[0]].type;
    if (want.rank_known && got.rank_known && FormatShape(want) != FormatShape(got)) return -1;

    Node& node = g_.nodes[head];
    for (int w : weights) Absorb(node, head, w, true, fused);
    Absorb(node, head, reader, false, fused);
    return reader;
  }

  // Whether `id` may join the chain of `head`: a free op in the head's scope and part of
  // the model, standing for as many copies, with no links but data.
  bool Joinable(int id, const Node& head) const {
    const Node& n = g_.nodes[id];
    return n.kind == NodeKind::kOp && head_of_[id] < 0 && !pinned_[id] && !controlled_[id] &&
           n.fused.empty() && n.scope == head.scope && n.copies == head.copies &&
           n.partition == head.partition;
  }

  void Absorb(Node& node, int head, int id, bool weight, std::vector<FusedOp>* fused) {
    const Node& op = g_.nodes[id];
    node.params = SaturatingAdd(node.params, op.params);
    node.frozen_params = SaturatingAdd(node.frozen_params, op.frozen_params);
    node.shared_params = SaturatingAdd(node.shared_params, op.shared_params);
    node.op_count = SaturatingAdd(node.op_count, op.op_count);
    fused->push_back({op.name, op.op_type, weight});
    head_of_[head] = head;
    head_of_[id] = head;
  }

  LayerGraph& g_;
  const FuseOptions& o_;
  std::vector<bool> pinned_;      // owns or hangs in a subgraph: never fused
  std::vector<bool> controlled_;  // has control edges: may head a chain, never join one
  std::vector<int> head_of_;      // the head a node was fused into (itself for a head), or -1
};

}  // namespace

FuseResult FuseChains(LayerGraph& graph, const FuseOptions& options) {
  return ChainFuser(graph, options).Run();
}

std::string ChainLabel(const Node& node) {
  if (node.fused.empty()) return node.op_type;
  std::vector<std::string_view> ops;
  for (const FusedOp& op : node.fused) {
    if (!op.weight) ops.push_back(op.op_type);
  }
  std::string label(ShortOpName(node.op_type));
  for (size_t i = 0; i < ops.size(); ++i) {
    // A fused Mul then Add both read weights: a per-channel affine, which Caffe (whose
    // exports write BN as BatchNormalization, Mul, Add) calls a Scale layer.
    if ((ops[i] == "Mul" || ops[i] == "MUL") && i + 1 < ops.size() && IsAdd(ops[i + 1])) {
      label += kDot + std::string("Scale");
      ++i;
      continue;
    }
    label += kDot + std::string(ShortOpName(ops[i]));
  }
  return label;
}

FuseResult FuseChainsWithNote(LayerGraph& graph) {
  const FuseResult fused = FuseChains(graph);
  if (fused.chains > 0) {
    graph.notes.push_back("fused " + std::to_string(fused.chains) + " chains (" +
                          std::to_string(fused.removed) + " ops into their heads)");
  }
  return fused;
}

Status FuseChainsPass::Run(LayerGraph& graph, PassContext& context) const {
  const FuseResult fused = FuseChainsWithNote(graph);
  context.fused_chains = fused.chains;
  context.fused_example = fused.example;
  return OkStatus();
}

}  // namespace graphgen
