// Layering: longest path, then linear passes that shorten edges. This is the coordinate
// descent of network simplex's objective (sum of edge lengths) restricted to single-item
// moves: each move is O(degree), so a pass is O(V + E) whatever the graph's shape.
#include <algorithm>
#include <cstdint>
#include <limits>
#include <vector>

#include "layout/layered/layered_phases.h"

namespace graphgen {
namespace {

// Passes of the move-down / move-up improvement; each stops early when nothing moves.
constexpr int kImprovementPasses = 8;

struct Adjacency {
  const std::vector<int>& out_start;
  const std::vector<int>& succ;
  const std::vector<int>& in_start;
  const std::vector<int>& pred;
};

// Longest-path ranks over `topo`: from the sources (rank = longest path from any
// source), or from the sinks (rank = max rank - longest path to any sink).
std::vector<int> LongestPath(const Adjacency& a, const std::vector<int>& topo, int n,
                             bool from_sources) {
  std::vector<int> rank(n, 0);
  if (from_sources) {
    for (const int v : topo) {
      for (int k = a.out_start[v]; k < a.out_start[v + 1]; ++k) {
        rank[a.succ[k]] = std::max(rank[a.succ[k]], rank[v] + 1);
      }
    }
    return rank;
  }
  std::vector<int> height(n, 0);
  int max_height = 0;
  for (size_t i = topo.size(); i-- > 0;) {
    const int v = topo[i];
    for (int k = a.out_start[v]; k < a.out_start[v + 1]; ++k) {
      height[v] = std::max(height[v], height[a.succ[k]] + 1);
    }
    max_height = std::max(max_height, height[v]);
  }
  for (int v = 0; v < n; ++v) rank[v] = max_height - height[v];
  return rank;
}

// Sum of the constraint edges' spans: network simplex's objective.
int64_t TotalLength(const Adjacency& a, const std::vector<int>& rank) {
  int64_t total = 0;
  for (size_t v = 0; v + 1 < a.out_start.size(); ++v) {
    for (int k = a.out_start[v]; k < a.out_start[v + 1]; ++k) total += rank[a.succ[k]] - rank[v];
  }
  return total;
}

// Moves single items to where they shorten their edges most; see the file comment.
void Improve(const Adjacency& a, const std::vector<int>& topo, std::vector<int>& rank) {
  const std::vector<int>& out_start = a.out_start;
  const std::vector<int>& in_start = a.in_start;
  const std::vector<int>& succ = a.succ;
  const std::vector<int>& pred = a.pred;
  for (int pass = 0; pass < kImprovementPasses; ++pass) {
    bool moved = false;
    // Down: an item with at least as many out-edges as in-edges goes to just above its
    // nearest successor. Successors are final for this sweep (reverse topological order).
    for (size_t i = topo.size(); i-- > 0;) {
      const int v = topo[i];
      const int outs = out_start[v + 1] - out_start[v];
      const int ins = in_start[v + 1] - in_start[v];
      if (outs == 0 || outs < ins) continue;
      int hi = std::numeric_limits<int>::max();
      for (int k = out_start[v]; k < out_start[v + 1]; ++k) hi = std::min(hi, rank[succ[k]] - 1);
      if (hi > rank[v]) {
        rank[v] = hi;
        moved = true;
      }
    }
    // Up: an item with more in-edges than out-edges goes to just below its lowest
    // predecessor.
    for (const int v : topo) {
      const int outs = out_start[v + 1] - out_start[v];
      const int ins = in_start[v + 1] - in_start[v];
      if (ins <= outs) continue;
      int lo = 0;
      for (int k = in_start[v]; k < in_start[v + 1]; ++k) lo = std::max(lo, rank[pred[k]] + 1);
      if (lo < rank[v]) {
        rank[v] = lo;
        moved = true;
      }
    }
    if (!moved) break;
  }
}

// The caller's ranks when every real item has one and every constraint edge points down
// by them; false (nothing changed) otherwise. The rule is RanksUsable's (layout_graph.h),
// checked again here on the working graph the engine ranks.
bool UsePresetRanks(LayeredGraph& g) {
  const int n = g.num_real;
  if (n == 0) return false;
  int min_rank = std::numeric_limits<int>::max();
  for (int v = 0; v < n; ++v) {
    if (g.items[v].preset_rank < 0) return false;
    min_rank = std::min(min_rank, g.items[v].preset_rank);
  }
  for (const LayeredEdge& e : g.edges) {
    if (e.tail == e.head) continue;
    const int down = g.items[e.head].preset_rank - g.items[e.tail].preset_rank;
    // Flat edges have no route between bands; constraint edges must point down.
    if (down == 0 || (e.constraint && down < 1)) return false;
  }
  for (int v = 0; v < n; ++v) g.items[v].rank = g.items[v].preset_rank - min_rank;
  return true;
}

}  // namespace

void Layering::Run(LayeredGraph& g) const {
  if (UsePresetRanks(g)) return;
  const int n = g.num_real;
  std::vector<int> out_start(n + 1, 0), in_start(n + 1, 0);
  for (const LayeredEdge& e : g.edges) {
    if (!e.constraint || e.tail == e.head) continue;
    ++out_start[e.tail + 1];
    ++in_start[e.head + 1];
  }
  for (int i = 0; i < n; ++i) {
    out_start[i + 1] += out_start[i];
    in_start[i + 1] += in_start[i];
  }
  std::vector<int> succ(out_start[n]), pred(in_start[n]);
  {
    std::vector<int> of(out_start.begin(), out_start.end() - 1);
    std::vector<int> inf(in_start.begin(), in_start.end() - 1);
    for (const LayeredEdge& e : g.edges) {
      if (!e.constraint || e.tail == e.head) continue;
      succ[of[e.tail]++] = e.head;
      pred[inf[e.head]++] = e.tail;
    }
  }
  // Kahn's algorithm, sources in input order.
  std::vector<int> indeg(n), topo;
  topo.reserve(n);
  for (int v = 0; v < n; ++v) {
    indeg[v] = in_start[v + 1] - in_start[v];
    if (indeg[v] == 0) topo.push_back(v);
  }
  for (size_t i = 0; i < topo.size(); ++i) {
    const int v = topo[i];
    for (int k = out_start[v]; k < out_start[v + 1]; ++k) {
      if (--indeg[succ[k]] == 0) topo.push_back(succ[k]);
    }
  }
  // Cycle breaking guarantees a DAG; should an item remain (it cannot), it keeps rank 0
  // and edges into it are drawn as they fall.
  const Adjacency adj{out_start, succ, in_start, pred};
  // Two starts: longest path from the sources (everything as high as it can go) and from
  // the sinks (as low as it can go). A second input chain that joins late (a decoder's
  // own input, a side branch of many ops) sits at the top in the first and next to its
  // consumer in the second; single-item moves cannot carry a whole branch down, so both
  // are improved and the one with shorter edges in total is kept (ties: from the sources).
  std::vector<int> rank = LongestPath(adj, topo, n, /*from_sources=*/true);
  Improve(adj, topo, rank);
  std::vector<int> alap = LongestPath(adj, topo, n, /*from_sources=*/false);
  Improve(adj, topo, alap);
  if (TotalLength(adj, alap) < TotalLength(adj, rank)) rank.swap(alap);
  int min_rank = std::numeric_limits<int>::max();
  for (int v = 0; v < n; ++v) min_rank = std::min(min_rank, rank[v]);
  for (int v = 0; v < n; ++v) g.items[v].rank = rank[v] - (n > 0 ? min_rank : 0);
}

}  // namespace graphgen
