// Graph walks every evidence source and reading shares: topological order, the heaviest
// (main) path, closures, and the walks back through plumbing to a projection.
#include <algorithm>
#include <functional>
#include <queue>
#include <vector>

#include "core/op_table.h"
#include "passes/grouping/grouping.h"
#include "passes/grouping/grouping_internal.h"
#include "passes/grouping/grouping_weights.h"

namespace graphgen {

std::vector<int> TopologicalOrder(const LayerGraph& g) {
  const int n = static_cast<int>(g.nodes.size());
  std::vector<int> indegree(n, 0);
  for (int i = 0; i < n; ++i) {
    for (int t : g.nodes[i].inputs) indegree[i] += g.tensors[t].producer >= 0;
  }
  std::priority_queue<int, std::vector<int>, std::greater<int>> ready;
  for (int i = 0; i < n; ++i) {
    if (indegree[i] == 0) ready.push(i);
  }
  std::vector<int> order;
  order.reserve(n);
  while (!ready.empty()) {
    const int i = ready.top();
    ready.pop();
    order.push_back(i);
    for (int t : g.nodes[i].outputs) {
      for (int c : g.tensors[t].consumers) {
        if (--indegree[c] == 0) ready.push(c);
      }
    }
  }
  return order;
}

std::vector<int> HeaviestPath(const LayerGraph& g, const std::vector<int>& topo,
                              const std::vector<double>& weight) {
  const size_t n = g.nodes.size();
  std::vector<double> best(n, -1);
  std::vector<int> pred(n, -1);
  for (int i : topo) {
    double from = 0;
    for (int t : g.nodes[i].inputs) {
      const int p = g.tensors[t].producer;
      if (p >= 0 && best[p] > from) {
        from = best[p];
        pred[i] = p;
      }
    }
    best[i] = from + weight[i];
  }
  int end = -1;
  for (int i : topo) {
    const Node& node = g.nodes[i];
    bool sink = node.kind == NodeKind::kOutput;
    if (!sink) {
      sink = true;
      for (int t : node.outputs) sink = sink && g.tensors[t].consumers.empty();
    }
    if (sink && (end < 0 || best[i] > best[end])) end = i;
  }
  std::vector<int> path;
  for (int i = end; i >= 0; i = pred[i]) path.push_back(i);
  std::reverse(path.begin(), path.end());
  return path;
}

namespace grouping_internal {

std::vector<bool> Closure(const LayerGraph& g, const std::vector<int>& seeds, bool backward) {
  std::vector<bool> seen(g.nodes.size(), false);
  std::vector<int> stack;
  for (int s : seeds) {
    if (s >= 0 && !seen[s]) {
      seen[s] = true;
      stack.push_back(s);
    }
  }
  while (!stack.empty()) {
    const int n = stack.back();
    stack.pop_back();
    if (backward) {
      for (int t : g.nodes[n].inputs) {
        const int p = g.tensors[t].producer;
        if (p >= 0 && !seen[p]) {
          seen[p] = true;
          stack.push_back(p);
        }
      }
    } else {
      for (int t : g.nodes[n].outputs) {
        for (int c : g.tensors[t].consumers) {
          if (!seen[c]) {
            seen[c] = true;
            stack.push_back(c);
          }
        }
      }
    }
  }
  return seen;
}

bool IsPlumbing(const Node& n) {
  const OpCategory cat = CategoryOf(n.op_type);
  return cat == OpCategory::kShape || cat == OpCategory::kElementwise ||
         HasTrait(n.op_type, OpTrait::kPlumbing);
}

bool ComputesShape(const LayerGraph& g, const Node& n) {
  if (HasTrait(n.op_type, OpTrait::kReadsShapeOnly)) return true;
  if (n.kind != NodeKind::kOp || n.outputs.empty()) return false;
  for (int t : n.outputs) {
    const DType d = g.tensors[t].type.dtype;
    if (d == DType::kUnknown || IsParameterDType(d) || d == DType::kString) return false;
  }
  return true;
}

bool IsProjection(const Node& n) {
  return n.kind == NodeKind::kOp && CategoryOf(n.op_type) == OpCategory::kLinear &&
         n.inputs.size() == 1;
}

int Canonical(const LayerGraph& g, int t) {
  for (int hops = 0; hops < kMaxWalk && t >= 0; ++hops) {
    const int p = g.tensors[t].producer;
    if (p < 0 || g.tensors[t].consumers.size() != 1) break;
    const Node& n = g.nodes[p];
    if (n.inputs.size() != 1 || !HasTrait(n.op_type, OpTrait::kSameValues)) {
      break;
    }
    t = n.inputs[0];
  }
  return t;
}

int StreamOf(const LayerGraph& g, int t, int* projection) {
  for (int hops = 0; hops < kMaxWalk && t >= 0; ++hops) {
    const int p = g.tensors[t].producer;
    if (p < 0) return -1;
    const Node& n = g.nodes[p];
    if (IsProjection(n)) {
      *projection = p;
      return Canonical(g, n.inputs[0]);
    }
    if (n.kind != NodeKind::kOp || !IsPlumbing(n) || n.inputs.empty()) return -1;
    t = n.inputs[0];
  }
  return -1;
}

}  // namespace grouping_internal
}  // namespace graphgen
