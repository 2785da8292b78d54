#include "layout/layered/phase_checks.h"

#include <algorithm>
#include <cmath>
#include <string>
#include <utility>
#include <vector>

namespace graphgen {

std::vector<std::string> CheckAll(const LayeredGraph& g,
                                  std::initializer_list<PhaseCondition> conditions) {
  Violations out;
  for (const PhaseCondition check : conditions) check(g, out);
  return out.Take();
}

void CheckEdgesUnreversed(const LayeredGraph& g, Violations& out) {
  const int n = static_cast<int>(g.items.size());
  for (size_t i = 0; i < g.edges.size(); ++i) {
    const LayeredEdge& e = g.edges[i];
    if (e.from < 0 || e.from >= n || e.to < 0 || e.to >= n) {
      out.Add("edge %zu names a missing item", i);
    } else if (e.reversed || e.tail != e.from || e.head != e.to) {
      out.Add("edge %zu (%d->%d) runs %d->%d%s", i, e.from, e.to, e.tail, e.head,
              e.reversed ? ", reversed" : "");
    }
  }
}

void CheckUnsplit(const LayeredGraph& g, Violations& out) {
  if (g.items.size() != static_cast<size_t>(g.num_real)) {
    out.Add("%zu items for %d real ones", g.items.size(), g.num_real);
  }
  if (!g.chains.empty()) out.Add("%zu dummy chains remain", g.chains.size());
  if (!g.up_start.empty() || !g.down_start.empty()) out.Add("the proper adjacency remains");
  for (size_t i = 0; i < g.edges.size(); ++i) {
    if (g.edges[i].chain >= 0) out.Add("edge %zu still names chain %d", i, g.edges[i].chain);
  }
  for (size_t r = 0; r < g.ranks.size(); ++r) {
    for (const int v : g.ranks[r]) {
      if (!g.IsReal(v)) out.Add("rank %zu lists item %d, not a real one", r, v);
    }
  }
}

void CheckAcyclic(const LayeredGraph& g, Violations& out) {
  std::vector<int> indeg(g.num_real, 0);
  std::vector<std::vector<int>> succ(g.num_real);
  for (const LayeredEdge& e : g.edges) {
    if (!e.constraint || e.tail == e.head) continue;
    succ[e.tail].push_back(e.head);
    ++indeg[e.head];
  }
  // Kahn's algorithm: an item never released lies on a cycle or below one.
  std::vector<int> queue;
  for (int v = 0; v < g.num_real; ++v) {
    if (indeg[v] == 0) queue.push_back(v);
  }
  for (size_t i = 0; i < queue.size(); ++i) {
    for (int w : succ[queue[i]]) {
      if (--indeg[w] == 0) queue.push_back(w);
    }
  }
  if (static_cast<int>(queue.size()) != g.num_real) out.Add("cycles remain");
}

void CheckRanked(const LayeredGraph& g, Violations& out) {
  int min_rank = g.num_real > 0 ? g.items[0].rank : 0;
  for (int v = 0; v < g.num_real; ++v) {
    if (g.items[v].rank < 0) out.Add("item %d has no rank", v);
    min_rank = std::min(min_rank, g.items[v].rank);
  }
  if (min_rank > 0) out.Add("the least rank is %d, not 0", min_rank);
  for (size_t i = 0; i < g.edges.size(); ++i) {
    const LayeredEdge& e = g.edges[i];
    if (e.constraint && e.tail != e.head && g.items[e.head].rank < g.items[e.tail].rank + 1) {
      out.Add("edge %zu does not point down a rank", i);
    }
  }
}

void CheckProper(const LayeredGraph& g, Violations& out) {
  const int n = static_cast<int>(g.items.size());
  const int num_ranks = g.num_ranks();
  if (g.down_start.size() != static_cast<size_t>(n) + 1) {
    out.Add("no proper adjacency for the %d items", n);
  } else {
    for (int v = 0; v < n; ++v) {
      for (int k = g.down_start[v]; k < g.down_start[v + 1]; ++k) {
        if (g.items[g.down[k]].rank != g.items[v].rank + 1) {
          out.Add("segment %d->%d spans more than one rank", v, g.down[k]);
        }
      }
    }
  }
  std::vector<int> seen(n, 0);
  for (int r = 0; r < num_ranks; ++r) {
    for (size_t i = 0; i < g.ranks[r].size(); ++i) {
      const int v = g.ranks[r][i];
      if (v < 0 || v >= n) {
        out.Add("rank %d lists item %d, which does not exist", r, v);
        continue;
      }
      ++seen[v];
      if (g.items[v].rank != r) out.Add("item %d listed in rank %d", v, r);
    }
  }
  for (int v = 0; v < n; ++v) {
    if (seen[v] != 1) out.Add("item %d appears %d times in the ranks", v, seen[v]);
  }
  // Every rank inside a cluster's span holds one of its items: fillers keep a cluster a
  // rectangle, with no rank where its box would have to close and reopen.
  const size_t nc = g.clusters.size();
  std::vector<std::vector<char>> present(nc, std::vector<char>(num_ranks, 0));
  for (int v = 0; v < n; ++v) {
    const int rank = g.items[v].rank;
    if (rank < 0 || rank >= num_ranks) continue;  // reported above as missing
    for (int c = g.items[v].cluster; c >= 0; c = g.clusters[c].parent) present[c][rank] = 1;
  }
  for (size_t c = 0; c < nc; ++c) {
    const auto first = std::find(present[c].begin(), present[c].end(), 1);
    const auto last = std::find(present[c].rbegin(), present[c].rend(), 1).base();
    if (first < last && std::find(first, last, 0) != last) {
      out.Add("cluster %zu has an empty rank inside its span", c);
    }
  }
}

void CheckOrdered(const LayeredGraph& g, Violations& out) {
  const int n = static_cast<int>(g.items.size());
  for (size_t r = 0; r < g.ranks.size(); ++r) {
    for (size_t i = 0; i < g.ranks[r].size(); ++i) {
      const int v = g.ranks[r][i];
      if (v >= 0 && v < n && g.items[v].order != static_cast<int>(i)) {
        out.Add("item %d: order %d at index %zu", v, g.items[v].order, i);
      }
    }
  }
}

void CheckClusterOrder(const LayeredGraph& g, Violations& out) {
  // Contiguity: within a rank, once a cluster's run ends it never resumes; and sibling
  // clusters keep one relative order across ranks.
  const size_t nc = g.clusters.size();
  std::vector<int> last_rank(nc, -1), last_index(nc, -1);
  std::vector<std::pair<int, int>> before;  // (left cluster, right cluster) pairs seen
  for (size_t r = 0; r < g.ranks.size(); ++r) {
    const std::vector<int>& rank = g.ranks[r];
    for (size_t i = 0; i < rank.size(); ++i) {
      for (int c = g.items[rank[i]].cluster; c >= 0; c = g.clusters[c].parent) {
        if (last_rank[c] == static_cast<int>(r) && last_index[c] != static_cast<int>(i) - 1) {
          out.Add("cluster %d is not contiguous in rank %zu", c, r);
        }
        last_rank[c] = static_cast<int>(r);
        last_index[c] = static_cast<int>(i);
      }
    }
    // Order of sibling clusters present in this rank.
    std::vector<int> seq;
    for (size_t i = 0; i < rank.size(); ++i) {
      std::vector<int> chain;
      for (int c = g.items[rank[i]].cluster; c >= 0; c = g.clusters[c].parent) chain.push_back(c);
      for (int c : chain) {
        if (seq.empty() || seq.back() != c) {
          if (std::find(seq.begin(), seq.end(), c) == seq.end()) seq.push_back(c);
        }
      }
    }
    for (size_t i = 0; i < seq.size(); ++i) {
      for (size_t j = i + 1; j < seq.size(); ++j) {
        if (g.clusters[seq[i]].parent == g.clusters[seq[j]].parent) {
          before.emplace_back(seq[i], seq[j]);
        }
      }
    }
  }
  std::sort(before.begin(), before.end());
  before.erase(std::unique(before.begin(), before.end()), before.end());
  for (const auto& [a, b] : before) {
    if (std::binary_search(before.begin(), before.end(), std::make_pair(b, a)) && a < b) {
      out.Add("sibling clusters %d and %d swap sides between ranks", a, b);
    }
  }
}

void CheckPlaced(const LayeredGraph& g, Violations& out) {
  const int n = static_cast<int>(g.items.size());
  if (g.rank_top.size() < g.ranks.size() || g.rank_bottom.size() < g.ranks.size() ||
      g.cluster_boxes.size() != g.clusters.size()) {
    out.Add("no rank bands or cluster boxes: coordinates not assigned");
    return;
  }
  for (size_t r = 0; r < g.ranks.size(); ++r) {
    const std::vector<int>& rank = g.ranks[r];
    for (size_t i = 0; i < rank.size(); ++i) {
      const LayeredItem& it = g.items[rank[i]];
      if (!std::isfinite(it.x) || !std::isfinite(it.y) || it.x - it.width / 2 < -1e-6) {
        out.Add("item %d at (%g, %g)", rank[i], it.x, it.y);
      }
      if (it.y - it.height / 2 < g.rank_top[r] - 1e-6 ||
          it.y + it.height / 2 > g.rank_bottom[r] + 1e-6) {
        out.Add("item %d leaves its rank band", rank[i]);
      }
      if (i > 0) {
        const LayeredItem& prev = g.items[rank[i - 1]];
        if (prev.x + prev.width / 2 > it.x - it.width / 2 + 1e-6) {
          out.Add("items %d and %d overlap in rank %zu", rank[i - 1], rank[i], r);
        }
      }
    }
  }
  // Clusters contain their items and do not overlap unless nested.
  for (int v = 0; v < n; ++v) {
    const LayeredItem& it = g.items[v];
    const Box b{it.x - it.width / 2, it.y - it.height / 2, it.width, it.height};
    for (int c = it.cluster; c >= 0; c = g.clusters[c].parent) {
      if (!BoxContains(g.cluster_boxes[c], b)) out.Add("item %d outside cluster %d", v, c);
    }
  }
  // Label boxes are placed with the clusters (in the working frame) and lie inside them.
  if (g.cluster_labels.size() != g.clusters.size()) {
    out.Add("%zu label boxes for %zu clusters", g.cluster_labels.size(), g.clusters.size());
  } else {
    for (size_t c = 0; c < g.clusters.size(); ++c) {
      if (g.clusters[c].label_width > 0 && !BoxContains(g.cluster_boxes[c], g.cluster_labels[c])) {
        out.Add("cluster %zu: label box outside the cluster", c);
      }
    }
  }
  for (size_t a = 0; a < g.clusters.size(); ++a) {
    for (size_t b = a + 1; b < g.clusters.size(); ++b) {
      if (BoxesOverlap(g.cluster_boxes[a], g.cluster_boxes[b]) &&
          !g.Inside(static_cast<int>(b), static_cast<int>(a))) {
        out.Add("clusters %zu and %zu overlap without nesting", a, b);
      }
    }
  }
}

void CheckRoutesPresent(const LayeredGraph& g, Violations& out) {
  for (size_t i = 0; i < g.edges.size(); ++i) {
    const LayeredEdge& e = g.edges[i];
    if (!e.has_route || e.route.size() < 4 || e.route.size() % 3 != 1) {
      out.Add("edge %zu: no route (%zu control points)", i, e.route.size());
    }
  }
}

void CheckRouted(const LayeredGraph& g, Violations& out) {
  if (g.items.size() < static_cast<size_t>(g.num_real)) {
    out.Add("%zu items for %d real ones", g.items.size(), g.num_real);
    return;
  }
  // The geometric result checks on the real items and routes as they stand.
  LayoutGraph lg;
  LayoutResult r;
  r.width = g.width;
  r.height = g.height;
  for (int v = 0; v < g.num_real; ++v) {
    const LayeredItem& it = g.items[v];
    lg.nodes.push_back({it.width, it.height, it.cluster});
    r.nodes.push_back({it.x - it.width / 2, it.y - it.height / 2, it.width, it.height});
  }
  for (const LayeredEdge& e : g.edges) {
    lg.edges.push_back({e.from, e.to, e.constraint});
    r.edges.push_back({e.route, e.has_route, e.arrow_tip});
    // Before EdgeDirectionRestore a reversed edge's route runs tail -> head: its arrow is
    // at the start. Read it the final way round.
    if (e.reversed) std::reverse(r.edges.back().points.begin(), r.edges.back().points.end());
  }
  lg.clusters = g.clusters;
  r.clusters = g.cluster_boxes;
  r.cluster_labels = g.cluster_labels;
  if (r.cluster_labels.size() != r.clusters.size()) {
    r.cluster_labels.assign(r.clusters.size(), Box());
    for (LayoutCluster& c : lg.clusters) c.label_width = 0;
  }
  out.AddAll(CheckLayoutResult(lg, r));
}

}  // namespace graphgen
