// Layering: longest path, then linear passes that shorten edges. This is the coordinate
// descent of network simplex's objective (sum of edge lengths) restricted to single-item
// moves: each move is O(degree), so a pass is O(V + E) whatever the graph's shape.
#include <algorithm>
#include <limits>
#include <vector>

#include "layout/layered_phases.h"

namespace graphgen {
namespace {

// Passes of the move-down / move-up improvement; each stops early when nothing moves.
constexpr int kImprovementPasses = 8;

}  // namespace

// The caller's ranks when every real item has one and every constraint edge points down
// by them; false (nothing changed) otherwise.
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
  // Kahn's algorithm, sources in input order; ranks by longest path from the sources.
  std::vector<int> indeg(n), topo;
  topo.reserve(n);
  for (int v = 0; v < n; ++v) {
    indeg[v] = in_start[v + 1] - in_start[v];
    if (indeg[v] == 0) topo.push_back(v);
  }
  std::vector<int> rank(n, 0);
  for (size_t i = 0; i < topo.size(); ++i) {
    const int v = topo[i];
    for (int k = out_start[v]; k < out_start[v + 1]; ++k) {
      const int w = succ[k];
      rank[w] = std::max(rank[w], rank[v] + 1);
      if (--indeg[w] == 0) topo.push_back(w);
    }
  }
  // Cycle breaking guarantees a DAG; should an item remain (it cannot), it keeps rank 0
  // and edges into it are drawn as they fall.
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
  int min_rank = std::numeric_limits<int>::max();
  for (int v = 0; v < n; ++v) min_rank = std::min(min_rank, rank[v]);
  for (int v = 0; v < n; ++v) g.items[v].rank = rank[v] - (n > 0 ? min_rank : 0);
}

}  // namespace graphgen
