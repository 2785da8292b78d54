// ClusterCentring (layered_phases.h): a cluster marked LayoutCluster::centre moves sideways
// to the middle of the boxes its edges reach outside it.
#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "layout/layered/layered_phases.h"

namespace graphgen {
namespace {

// Moves cluster c (content, nested clusters and box) sideways toward the mean x of the
// outside boxes its edges reach. What lies beside it on its ranks bounds the move; the
// dummies of its own edges beside it (the long edge climbing past a U's foot) are pushed
// along instead, as far as what lies beyond them allows.
void Centre(LayeredGraph& g, int c) {
  const Box box = g.cluster_boxes[c];
  const int n = static_cast<int>(g.items.size());
  double sum = 0;
  int count = 0;
  std::vector<char> movable(n, 0);
  for (const LayeredEdge& e : g.edges) {
    const bool from_in = g.Inside(g.items[e.from].cluster, c);
    const bool to_in = g.Inside(g.items[e.to].cluster, c);
    if (from_in == to_in) continue;
    sum += g.items[from_in ? e.to : e.from].x;
    ++count;
    if (e.chain < 0) continue;
    const int span = g.items[e.head].rank - g.items[e.tail].rank - 1;
    const std::vector<int>& dummies = g.chains[e.chain].dummies;
    for (int k = 0; k < span && k < static_cast<int>(dummies.size()); ++k) {
      movable[dummies[k]] = 1;
    }
  }
  if (count == 0) return;
  int r0 = std::numeric_limits<int>::max(), r1 = -1;
  for (const LayeredItem& it : g.items) {
    if (!g.Inside(it.cluster, c)) continue;
    r0 = std::min(r0, it.rank);
    r1 = std::max(r1, it.rank);
  }
  if (r1 < 0) return;
  const double want = sum / count - (box.x + box.width / 2);
  const double sep = g.options.node_sep, dummy_sep = g.options.node_sep / 2;
  // The near edge of item v as an obstacle: its box, or the box of the outermost cluster
  // it is in that does not hold c.
  const auto near_edge = [&](int v, bool left_side) {
    const LayeredItem& it = g.items[v];
    double edge = left_side ? it.x + it.width / 2 : it.x - it.width / 2;
    for (int k = it.cluster; k >= 0; k = g.clusters[k].parent) {
      if (g.Inside(c, k)) break;
      const Box& b = g.cluster_boxes[k];
      edge = left_side ? std::max(edge, b.x + b.width) : std::min(edge, b.x);
    }
    return edge;
  };
  double lo = -box.x, hi = std::numeric_limits<double>::infinity();
  std::vector<int> first(r1 + 1, -1), last(r1 + 1, -1);
  for (int r = r0; r <= r1; ++r) {
    const std::vector<int>& rank = g.ranks[r];
    const int size = static_cast<int>(rank.size());
    for (int i = 0; i < size; ++i) {
      if (!g.Inside(g.items[rank[i]].cluster, c)) continue;
      if (first[r] < 0) first[r] = i;
      last[r] = i;
    }
    if (first[r] < 0) continue;
    // The room to the right: up to the first item that does not move (the canvas grows
    // if nothing does), less what the pushed dummies before it need.
    int k = 0, j = last[r] + 1;
    for (; j < size && movable[rank[j]]; ++j) ++k;
    if (j < size) {
      hi = std::min(hi, near_edge(rank[j], false) - sep - k * dummy_sep - box.x - box.width);
    }
    k = 0;
    j = first[r] - 1;
    for (; j >= 0 && movable[rank[j]]; --j) ++k;
    const double wall_left = j >= 0 ? near_edge(rank[j], true) + sep : 0;
    lo = std::max(lo, wall_left + k * dummy_sep - box.x);
  }
  const int parent = g.clusters[c].parent;
  if (parent >= 0) {
    const Box& p = g.cluster_boxes[parent];
    lo = std::max(lo, p.x + g.padding[parent].left - box.x);
    hi = std::min(hi, p.x + p.width - g.padding[parent].right - box.x - box.width);
  }
  // Spacing tighter than node_sep where it stands never forces a move.
  lo = std::min(lo, 0.0);
  hi = std::max(hi, 0.0);
  const double shift = std::min(std::max(want, lo), hi);
  if (!(shift != 0) || !std::isfinite(shift)) return;
  for (LayeredItem& it : g.items) {
    if (g.Inside(it.cluster, c)) it.x += shift;
  }
  for (int k = 0; k < static_cast<int>(g.clusters.size()); ++k) {
    if (!g.Inside(k, c)) continue;
    g.cluster_boxes[k].x += shift;
    // Coordinate assignment placed each label inside its cluster; it moves with it.
    if (k < static_cast<int>(g.cluster_labels.size())) g.cluster_labels[k].x += shift;
  }
  const double left = box.x + shift, right = box.x + shift + box.width;
  g.width = std::max(g.width, right);
  for (int r = r0; r <= r1; ++r) {
    if (first[r] < 0) continue;
    const std::vector<int>& rank = g.ranks[r];
    double edge = right;
    for (int j = last[r] + 1; j < static_cast<int>(rank.size()) && movable[rank[j]]; ++j) {
      LayeredItem& d = g.items[rank[j]];
      d.x = std::max(d.x, edge + dummy_sep);
      edge = d.x;
      g.width = std::max(g.width, d.x);
    }
    edge = left;
    for (int j = first[r] - 1; j >= 0 && movable[rank[j]]; --j) {
      LayeredItem& d = g.items[rank[j]];
      d.x = std::min(d.x, edge - dummy_sep);
      edge = d.x;
    }
  }
}

}  // namespace

void ClusterCentring::Run(LayeredGraph& g) const {
  for (int c = 0; c < static_cast<int>(g.clusters.size()); ++c) {
    if (g.clusters[c].centre) Centre(g, c);
  }
}

}  // namespace graphgen
