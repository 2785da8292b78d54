// The main path every reading shares: the heaviest input-to-output path, weighted so it
// follows feature maps (a U-Net's valley, not its skips); roles spread from it to the nodes
// off it, and the main edges where its roles change.
#include <algorithm>
#include <vector>

#include "passes/grouping/grouping.h"
#include "passes/grouping/grouping_internal.h"
#include "passes/grouping/grouping_weights.h"
#include "passes/grouping/readings.h"

namespace graphgen {
namespace grouping_internal {

Analyzer::Analyzer(const LayerGraph& g, const GroupingOptions& o) : g_(g), o_(o) {
  topo_ = TopologicalOrder(g);
  topo_pos_.assign(g.nodes.size(), -1);
  for (size_t i = 0; i < topo_.size(); ++i) topo_pos_[topo_[i]] = static_cast<int>(i);
  spatial_ = ComputeSpatialLevels(g);
  widths_ = ComputeWidths(g);
  std::vector<double> weight(g.nodes.size(), 0);
  for (size_t i = 0; i < g.nodes.size(); ++i) {
    if (g.nodes[i].kind == NodeKind::kInput || g.nodes[i].kind == NodeKind::kOutput) continue;
    // Shape arithmetic (Shape -> Slice -> Concat feeding a Resize's sizes) and index maps
    // (a max-pool's argmax positions on their way to the matching MaxUnpool) weigh
    // nothing, so the path takes the features, not the sizes or positions.
    weight[i] = ComputesShape(g, g.nodes[i])                ? 0
                : OutLevel(static_cast<int>(i)) != kNoLevel ? kLeveledWeight
                                                            : kPlainWeight;
  }
  path_ = HeaviestPath(g, topo_, weight);
  path_index_.assign(g.nodes.size(), -1);
  for (size_t i = 0; i < path_.size(); ++i) path_index_[path_[i]] = static_cast<int>(i);
}

// Off-path nodes take the role and stage of the first main-path node they feed (a crop
// on a skip belongs to the decoder stage it enters); nodes feeding no main-path node
// (side heads) stay unassigned.
void Analyzer::SpreadFromPath(Proposal& p) const {
  std::vector<int> after(g_.nodes.size(), -1);
  for (size_t k = topo_.size(); k-- > 0;) {
    const int n = topo_[k];
    if (path_index_[n] >= 0) {
      after[n] = n;
      continue;
    }
    int best = -1;
    for (int t : g_.nodes[n].outputs) {
      for (int c : g_.tensors[t].consumers) {
        const int a = after[c];
        if (a >= 0 && (best < 0 || path_index_[a] < path_index_[best])) best = a;
      }
    }
    after[n] = best;
  }
  for (int n : topo_) {
    if (path_index_[n] >= 0 || !IsOp(n) || after[n] < 0) continue;
    const int a = after[n];
    p.roles[n] = p.roles[a];
    p.stage_key[n] = p.stage_key[a];
    p.stage_level[n] = p.stage_level[a];
    p.generic[n] = p.generic[a];
    p.locked[n] = p.locked[a];
  }
}

// Main edges: the tensor between consecutive main-path nodes whose roles differ (the
// encoder's output entering the bottleneck, the bottleneck's entering the decoder).
void Analyzer::MainEdges(Proposal& p) const {
  for (size_t i = 1; i < path_.size(); ++i) {
    const int a = path_[i - 1], b = path_[i];
    if (p.roles[a] == Role::kNone || p.roles[b] == Role::kNone || p.roles[a] == p.roles[b]) {
      continue;
    }
    for (int t : g_.nodes[a].outputs) {
      const auto& cons = g_.tensors[t].consumers;
      if (std::find(cons.begin(), cons.end(), b) != cons.end()) {
        p.edges.push_back(TypedEdge{EdgeKind::kMain, a, b, t});
        break;
      }
    }
  }
}

}  // namespace grouping_internal
}  // namespace graphgen
