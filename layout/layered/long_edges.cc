// Long-edge splitting (dummy chains, cluster fillers) and, next to it, its undo.
#include <algorithm>
#include <utility>
#include <vector>

#include "layout/layered/layered_phases.h"

namespace graphgen {
namespace {

int AddItem(LayeredGraph& g, ItemKind kind, int rank, int cluster) {
  LayeredItem item;
  item.kind = kind;
  item.rank = rank;
  item.cluster = cluster;
  g.items.push_back(item);
  return static_cast<int>(g.items.size()) - 1;
}

// Chains: one per tail with edges spanning more than one rank.
void MakeChains(LayeredGraph& g) {
  std::vector<std::vector<int>> long_out(g.num_real);  // edge ids per tail
  for (size_t i = 0; i < g.edges.size(); ++i) {
    const LayeredEdge& e = g.edges[i];
    if (e.tail == e.head) continue;
    if (g.items[e.head].rank - g.items[e.tail].rank > 1) {
      long_out[e.tail].push_back(static_cast<int>(i));
    }
  }
  for (int t = 0; t < g.num_real; ++t) {
    std::vector<int>& es = long_out[t];
    if (es.empty()) continue;
    const int rt = g.items[t].rank;
    const auto span = [&](int e) { return g.items[g.edges[e].head].rank - rt; };
    // Longest first, ties by edge id, so the running cluster below is deterministic.
    std::sort(es.begin(), es.end(),
              [&](int a, int b) { return span(a) != span(b) ? span(a) > span(b) : a < b; });
    DummyChain chain;
    chain.tail = t;
    const int count = span(es[0]) - 1;
    chain.dummies.resize(count);
    for (int k = 0; k < count; ++k) {
      chain.dummies[k] = AddItem(g, ItemKind::kDummy, rt + 1 + k, -1);
    }
    // Dummy k (rank rt+1+k) serves the edges with span >= k+2: its cluster is the
    // innermost one holding the tail and all their heads.
    int lca = g.items[t].cluster;
    size_t next = 0;
    for (int k = count - 1; k >= 0; --k) {
      while (next < es.size() && span(es[next]) >= k + 2) {
        lca = g.CommonCluster(lca, g.items[g.edges[es[next]].head].cluster);
        ++next;
      }
      g.items[chain.dummies[k]].cluster = lca;
    }
    const int id = static_cast<int>(g.chains.size());
    for (int e : es) g.edges[e].chain = id;
    g.chains.push_back(std::move(chain));
  }
}

// Fillers: every rank between a cluster's first and last rank holds one of its items.
// Children have larger ids than parents, so walking ids downward sees a cluster after
// all its children; a child's whole span then counts as present in its parent.
void AddFillers(LayeredGraph& g) {
  const int nc = static_cast<int>(g.clusters.size());
  if (nc == 0) return;
  std::vector<std::vector<std::pair<int, int>>> spans(nc);  // [lo, hi] rank intervals
  const size_t items = g.items.size();
  for (size_t v = 0; v < items; ++v) {
    const int c = g.items[v].cluster;
    if (c >= 0) spans[c].emplace_back(g.items[v].rank, g.items[v].rank);
  }
  for (int c = nc - 1; c >= 0; --c) {
    std::vector<std::pair<int, int>>& s = spans[c];
    if (s.empty()) {
      AddItem(g, ItemKind::kFiller, 0, c);
      s.emplace_back(0, 0);
    }
    std::sort(s.begin(), s.end());
    int covered = s[0].second;
    int hi = s[0].second;
    for (const auto& [a, b] : s) {
      for (int r = covered + 1; r < a; ++r) AddItem(g, ItemKind::kFiller, r, c);
      covered = std::max(covered, b);
      hi = std::max(hi, b);
    }
    const int parent = g.clusters[c].parent;
    if (parent >= 0) spans[parent].emplace_back(s[0].first, hi);
    s.clear();
    s.shrink_to_fit();
  }
}

}  // namespace

void LongEdgeSplitting::Run(LayeredGraph& g) const {
  // A non-constraint edge may point up: route it as a downward edge, arrow reversed.
  for (LayeredEdge& e : g.edges) {
    if (g.items[e.tail].rank > g.items[e.head].rank) {
      std::swap(e.tail, e.head);
      e.reversed = !e.reversed;
    }
  }
  MakeChains(g);
  AddFillers(g);
  int max_rank = -1;
  for (const LayeredItem& item : g.items) max_rank = std::max(max_rank, item.rank);
  g.ranks.assign(max_rank + 1, {});
  for (size_t v = 0; v < g.items.size(); ++v) {
    g.ranks[g.items[v].rank].push_back(static_cast<int>(v));
  }
  g.BuildProperAdjacency();
}

void DummyRemoval::Run(LayeredGraph& g) const {
  g.items.resize(g.num_real);
  g.chains.clear();
  for (LayeredEdge& e : g.edges) e.chain = -1;
  for (std::vector<int>& rank : g.ranks) {
    rank.erase(std::remove_if(rank.begin(), rank.end(), [&](int v) { return !g.IsReal(v); }),
               rank.end());
  }
  g.up_start.clear();
  g.up.clear();
  g.down_start.clear();
  g.down.clear();
}

}  // namespace graphgen
