#include "layout/layout_invariants.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <utility>

namespace graphgen {
namespace {

constexpr size_t kMaxReports = 40;
constexpr double kEps = 0.5;  // points of slack: touching is not overlapping
constexpr double kCell = 96;  // grid cell for box lookups

class Report {
 public:
  explicit Report(std::vector<std::string>* out) : out_(*out) {}
  template <typename... Args>
  void Add(const char* fmt, Args... args) {
    if (out_.size() >= kMaxReports) return;
    char buf[512];
    std::snprintf(buf, sizeof(buf), fmt, args...);
    out_.push_back(buf);
  }

 private:
  std::vector<std::string>& out_;
};

bool Finite(double v) { return std::isfinite(v); }
bool BoxOk(const Box& b) {
  return Finite(b.x) && Finite(b.y) && Finite(b.width) && Finite(b.height) && b.x >= -1e-6 &&
         b.y >= -1e-6 && b.width >= 0 && b.height >= 0;
}
bool Overlap(const Box& a, const Box& b) {
  return a.x + kEps < b.x + b.width && b.x + kEps < a.x + a.width && a.y + kEps < b.y + b.height &&
         b.y + kEps < a.y + a.height;
}
bool Contains(const Box& outer, const Box& inner) {
  return inner.x >= outer.x - kEps && inner.y >= outer.y - kEps &&
         inner.x + inner.width <= outer.x + outer.width + kEps &&
         inner.y + inner.height <= outer.y + outer.height + kEps;
}

// Boxes bucketed in a uniform grid: (cell, box id) pairs sorted by cell.
class Grid {
 public:
  explicit Grid(const std::vector<Box>& boxes) {
    for (size_t i = 0; i < boxes.size(); ++i) {
      const Box& b = boxes[i];
      if (!BoxOk(b)) continue;
      ForCells(b.x, b.y, b.x + b.width, b.y + b.height,
               [&](int64_t cell) { cells_.emplace_back(cell, static_cast<int>(i)); });
    }
    std::sort(cells_.begin(), cells_.end());
  }
  // Calls fn(id) for boxes in cells touching the rectangle (ids may repeat).
  template <typename Fn>
  void Query(double x0, double y0, double x1, double y1, Fn fn) const {
    ForCells(x0, y0, x1, y1, [&](int64_t cell) {
      auto it = std::lower_bound(cells_.begin(), cells_.end(), std::make_pair(cell, -1));
      for (; it != cells_.end() && it->first == cell; ++it) fn(it->second);
    });
  }

 private:
  template <typename Fn>
  static void ForCells(double x0, double y0, double x1, double y1, Fn fn) {
    const int64_t cx0 = static_cast<int64_t>(std::floor(std::max(0.0, x0) / kCell));
    const int64_t cy0 = static_cast<int64_t>(std::floor(std::max(0.0, y0) / kCell));
    const int64_t cx1 = static_cast<int64_t>(std::floor(std::max(0.0, x1) / kCell));
    const int64_t cy1 = static_cast<int64_t>(std::floor(std::max(0.0, y1) / kCell));
    for (int64_t cy = cy0; cy <= cy1; ++cy) {
      for (int64_t cx = cx0; cx <= cx1; ++cx) fn(cy * (int64_t{1} << 32) + cx);
    }
  }
  std::vector<std::pair<int64_t, int>> cells_;
};

// Whether segment p-q passes through the interior of b (shrunk by kEps), by clipping.
bool SegmentHitsBox(Point p, Point q, const Box& b) {
  const double x0 = b.x + kEps, x1 = b.x + b.width - kEps;
  const double y0 = b.y + kEps, y1 = b.y + b.height - kEps;
  if (x0 >= x1 || y0 >= y1) return false;
  double t0 = 0, t1 = 1;
  const double dx = q.x - p.x, dy = q.y - p.y;
  const double ps[4] = {-dx, dx, -dy, dy};
  const double qs[4] = {p.x - x0, x1 - p.x, p.y - y0, y1 - p.y};
  for (int i = 0; i < 4; ++i) {
    if (ps[i] == 0) {
      if (qs[i] < 0) return false;
    } else {
      const double t = qs[i] / ps[i];
      if (ps[i] < 0) {
        t0 = std::max(t0, t);
      } else {
        t1 = std::min(t1, t);
      }
    }
  }
  return t0 < t1;
}

Point Bezier(const Point* c, double t) {
  const double u = 1 - t;
  const double a = u * u * u, b = 3 * u * u * t, d = 3 * u * t * t, e = t * t * t;
  return {a * c[0].x + b * c[1].x + d * c[2].x + e * c[3].x,
          a * c[0].y + b * c[1].y + d * c[2].y + e * c[3].y};
}

}  // namespace

std::vector<std::string> CheckLayoutResult(const LayoutGraph& graph, const LayoutResult& r) {
  std::vector<std::string> out;
  Report report(&out);
  if (r.nodes.size() != graph.nodes.size() || r.edges.size() != graph.edges.size() ||
      r.clusters.size() != graph.clusters.size() ||
      r.cluster_labels.size() != graph.clusters.size()) {
    report.Add("result sizes differ from the graph's");
    return out;
  }
  if (!Finite(r.width) || !Finite(r.height) || r.width < 0 || r.height < 0) {
    report.Add("canvas %g x %g is not finite and >= 0", r.width, r.height);
  }
  for (size_t i = 0; i < r.nodes.size(); ++i) {
    const Box& b = r.nodes[i];
    if (!BoxOk(b)) report.Add("node %zu: box not finite or < 0", i);
    if (std::abs(b.width - graph.nodes[i].width) > 0.5 ||
        std::abs(b.height - graph.nodes[i].height) > 0.5) {
      report.Add("node %zu: size %gx%g, asked %gx%g", i, b.width, b.height, graph.nodes[i].width,
                 graph.nodes[i].height);
    }
  }
  const Grid grid(r.nodes);
  const Grid label_grid(r.cluster_labels);
  for (size_t i = 0; i < r.nodes.size(); ++i) {
    const Box& b = r.nodes[i];
    grid.Query(b.x, b.y, b.x + b.width, b.y + b.height, [&](int j) {
      if (static_cast<size_t>(j) > i && Overlap(b, r.nodes[j])) {
        report.Add("nodes %zu and %d overlap", i, j);
      }
    });
  }
  for (size_t i = 0; i < r.edges.size(); ++i) {
    const EdgePath& e = r.edges[i];
    const LayoutEdge& le = graph.edges[i];
    if (e.points.size() < 4 || e.points.size() % 3 != 1) {
      report.Add("edge %zu: %zu control points, not 3n+1", i, e.points.size());
      continue;
    }
    std::vector<Point> poly;
    for (size_t k = 0; k + 3 < e.points.size(); k += 3) {
      for (int s = 0; s < 12; ++s) poly.push_back(Bezier(&e.points[k], s / 12.0));
    }
    poly.push_back(e.points.back());
    if (e.has_arrow) poly.push_back(e.arrow_tip);
    for (const Point& p : poly) {
      if (!Finite(p.x) || !Finite(p.y) || p.x < -1e-6 || p.y < -1e-6) {
        report.Add("edge %zu: point (%g, %g) not finite or < 0", i, p.x, p.y);
        break;
      }
    }
    for (size_t k = 0; k + 1 < poly.size(); ++k) {
      const Point p = poly[k], q = poly[k + 1];
      grid.Query(std::min(p.x, q.x), std::min(p.y, q.y), std::max(p.x, q.x), std::max(p.y, q.y),
                 [&](int j) {
                   if (j == le.from || j == le.to) return;
                   if (SegmentHitsBox(p, q, r.nodes[j])) {
                     report.Add("edge %zu (%d->%d) passes through node %d", i, le.from, le.to, j);
                   }
                 });
      // A cluster's label strip is its own: an edge drawn over the text hides it.
      label_grid.Query(std::min(p.x, q.x), std::min(p.y, q.y), std::max(p.x, q.x),
                       std::max(p.y, q.y), [&](int c) {
                         if (SegmentHitsBox(p, q, r.cluster_labels[c])) {
                           report.Add("edge %zu (%d->%d) crosses the label of cluster %d", i,
                                      le.from, le.to, c);
                         }
                       });
    }
  }
  const size_t nc = graph.clusters.size();
  for (size_t c = 0; c < nc; ++c) {
    if (!BoxOk(r.clusters[c])) report.Add("cluster %zu: box not finite or < 0", c);
    const int parent = graph.clusters[c].parent;
    if (parent >= 0 && !Contains(r.clusters[parent], r.clusters[c])) {
      report.Add("cluster %zu lies outside its parent %d", c, parent);
    }
    if (graph.clusters[c].label_width > 0 && !Contains(r.clusters[c], r.cluster_labels[c])) {
      report.Add("cluster %zu: label box outside the cluster", c);
    }
  }
  for (size_t i = 0; i < graph.nodes.size(); ++i) {
    for (int c = graph.nodes[i].cluster; c >= 0 && c < static_cast<int>(nc);
         c = graph.clusters[c].parent) {
      if (!Contains(r.clusters[c], r.nodes[i])) report.Add("node %zu outside cluster %d", i, c);
    }
  }
  // Cluster pairs: disjoint unless nested. Sorted by left edge, a sweep over x.
  std::vector<int> by_x(nc);
  for (size_t c = 0; c < nc; ++c) by_x[c] = static_cast<int>(c);
  std::sort(by_x.begin(), by_x.end(),
            [&](int a, int b) { return r.clusters[a].x < r.clusters[b].x; });
  const auto ancestor = [&](int a, int d) {
    for (int c = graph.clusters[d].parent; c >= 0; c = graph.clusters[c].parent) {
      if (c == a) return true;
    }
    return false;
  };
  for (size_t i = 0; i < nc; ++i) {
    const Box& a = r.clusters[by_x[i]];
    for (size_t j = i + 1; j < nc && r.clusters[by_x[j]].x < a.x + a.width; ++j) {
      const int ca = by_x[i], cb = by_x[j];
      if (Overlap(a, r.clusters[cb]) && !ancestor(ca, cb) && !ancestor(cb, ca)) {
        report.Add("clusters %d and %d overlap without nesting", ca, cb);
      }
    }
  }
  // Nodes inside clusters they do not belong to.
  const Grid node_grid(r.nodes);
  for (size_t c = 0; c < nc; ++c) {
    const Box& b = r.clusters[c];
    if (!BoxOk(b)) continue;
    node_grid.Query(b.x, b.y, b.x + b.width, b.y + b.height, [&](int j) {
      if (!Overlap(b, r.nodes[j])) return;
      for (int k = graph.nodes[j].cluster; k >= 0; k = graph.clusters[k].parent) {
        if (k == static_cast<int>(c)) return;
      }
      report.Add("node %d overlaps cluster %zu it is not in", j, c);
    });
  }
  return out;
}

std::vector<std::string> CheckLayeredPhase(std::string_view phase, const LayeredGraph& g) {
  std::vector<std::string> out;
  Report report(&out);
  const int n = static_cast<int>(g.items.size());
  if (phase == "cycles") {
    std::vector<int> indeg(g.num_real, 0);
    std::vector<std::vector<int>> succ(g.num_real);
    for (const LayeredEdge& e : g.edges) {
      if (!e.constraint || e.tail == e.head) continue;
      succ[e.tail].push_back(e.head);
      ++indeg[e.head];
    }
    std::vector<int> queue;
    for (int v = 0; v < g.num_real; ++v) {
      if (indeg[v] == 0) queue.push_back(v);
    }
    for (size_t i = 0; i < queue.size(); ++i) {
      for (int w : succ[queue[i]]) {
        if (--indeg[w] == 0) queue.push_back(w);
      }
    }
    if (static_cast<int>(queue.size()) != g.num_real) report.Add("cycles remain");
  }
  if (phase == "layering") {
    for (int v = 0; v < g.num_real; ++v) {
      if (g.items[v].rank < 0) report.Add("item %d has no rank", v);
    }
    for (size_t i = 0; i < g.edges.size(); ++i) {
      const LayeredEdge& e = g.edges[i];
      if (e.constraint && e.tail != e.head && g.items[e.head].rank < g.items[e.tail].rank + 1) {
        report.Add("edge %zu does not point down a rank", i);
      }
    }
  }
  if (phase == "long_edges" || phase == "ordering" || phase == "coordinates" ||
      phase == "centring" || phase == "routing") {
    for (int v = 0; v < n; ++v) {
      for (int k = g.down_start[v]; k < g.down_start[v + 1]; ++k) {
        if (g.items[g.down[k]].rank != g.items[v].rank + 1) {
          report.Add("segment %d->%d spans more than one rank", v, g.down[k]);
        }
      }
    }
    std::vector<int> seen(n, 0);
    for (size_t r = 0; r < g.ranks.size(); ++r) {
      for (size_t i = 0; i < g.ranks[r].size(); ++i) {
        const int v = g.ranks[r][i];
        ++seen[v];
        if (g.items[v].rank != static_cast<int>(r)) report.Add("item %d listed in rank %zu", v, r);
        if (phase != "long_edges" && g.items[v].order != static_cast<int>(i)) {
          report.Add("item %d: order %d at index %zu", v, g.items[v].order, i);
        }
      }
    }
    for (int v = 0; v < n; ++v) {
      if (seen[v] != 1) report.Add("item %d appears %d times in the ranks", v, seen[v]);
    }
    // Every rank inside a cluster's span holds one of its items.
    const size_t nc = g.clusters.size();
    std::vector<std::vector<char>> present(nc, std::vector<char>(g.ranks.size(), 0));
    for (int v = 0; v < n; ++v) {
      for (int c = g.items[v].cluster; c >= 0; c = g.clusters[c].parent) {
        present[c][g.items[v].rank] = 1;
      }
    }
    for (size_t c = 0; c < nc; ++c) {
      const auto first = std::find(present[c].begin(), present[c].end(), 1);
      const auto last = std::find(present[c].rbegin(), present[c].rend(), 1).base();
      if (first < last && std::find(first, last, 0) != last) {
        report.Add("cluster %zu has an empty rank inside its span", c);
      }
    }
  }
  if (phase == "ordering" || phase == "coordinates" || phase == "centring" || phase == "routing") {
    // Contiguity: within a rank, once a cluster's run ends it never resumes; and sibling
    // clusters keep one relative order across ranks.
    const size_t nc = g.clusters.size();
    std::vector<int> last_rank(nc, -1), last_index(nc, -1);
    std::vector<std::pair<int, int>> before;  // (left cluster, right cluster) pairs seen
    for (size_t r = 0; r < g.ranks.size(); ++r) {
      const std::vector<int>& rank = g.ranks[r];
      std::vector<int> closed_in_rank;
      for (size_t i = 0; i < rank.size(); ++i) {
        for (int c = g.items[rank[i]].cluster; c >= 0; c = g.clusters[c].parent) {
          if (last_rank[c] == static_cast<int>(r) && last_index[c] != static_cast<int>(i) - 1) {
            report.Add("cluster %d is not contiguous in rank %zu", c, r);
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
        report.Add("sibling clusters %d and %d swap sides between ranks", a, b);
      }
    }
  }
  if (phase == "coordinates" || phase == "centring" || phase == "routing") {
    for (size_t r = 0; r < g.ranks.size(); ++r) {
      const std::vector<int>& rank = g.ranks[r];
      for (size_t i = 0; i < rank.size(); ++i) {
        const LayeredItem& it = g.items[rank[i]];
        if (!Finite(it.x) || !Finite(it.y) || it.x - it.width / 2 < -1e-6) {
          report.Add("item %d at (%g, %g)", rank[i], it.x, it.y);
        }
        if (it.y - it.height / 2 < g.rank_top[r] - 1e-6 ||
            it.y + it.height / 2 > g.rank_bottom[r] + 1e-6) {
          report.Add("item %d leaves its rank band", rank[i]);
        }
        if (i > 0) {
          const LayeredItem& prev = g.items[rank[i - 1]];
          if (prev.x + prev.width / 2 > it.x - it.width / 2 + 1e-6) {
            report.Add("items %d and %d overlap in rank %zu", rank[i - 1], rank[i], r);
          }
        }
      }
    }
    // Clusters contain their items and do not overlap unless nested.
    for (int v = 0; v < n; ++v) {
      const LayeredItem& it = g.items[v];
      const Box b{it.x - it.width / 2, it.y - it.height / 2, it.width, it.height};
      for (int c = it.cluster; c >= 0; c = g.clusters[c].parent) {
        if (!Contains(g.cluster_boxes[c], b)) report.Add("item %d outside cluster %d", v, c);
      }
    }
    // Label boxes are placed with the clusters (in the working frame) and lie inside them.
    if (g.cluster_labels.size() != g.clusters.size()) {
      report.Add("%zu label boxes for %zu clusters", g.cluster_labels.size(), g.clusters.size());
    } else {
      for (size_t c = 0; c < g.clusters.size(); ++c) {
        if (g.clusters[c].label_width > 0 && !Contains(g.cluster_boxes[c], g.cluster_labels[c])) {
          report.Add("cluster %zu: label box outside the cluster", c);
        }
      }
    }
    for (size_t a = 0; a < g.clusters.size(); ++a) {
      for (size_t b = a + 1; b < g.clusters.size(); ++b) {
        if (Overlap(g.cluster_boxes[a], g.cluster_boxes[b]) &&
            !g.Inside(static_cast<int>(b), static_cast<int>(a))) {
          report.Add("clusters %zu and %zu overlap without nesting", a, b);
        }
      }
    }
  }
  if (phase == "routing" || phase == "dummy_removal" || phase == "restore_edges" ||
      phase == "rankdir") {
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
      // Before restore_edges a reversed edge's route runs tail -> head: its arrow is at
      // the start. Read it the final way round.
      if (e.reversed) std::reverse(r.edges.back().points.begin(), r.edges.back().points.end());
    }
    lg.clusters = g.clusters;
    r.clusters = g.cluster_boxes;
    r.cluster_labels = g.cluster_labels;
    if (r.cluster_labels.size() != r.clusters.size()) {
      r.cluster_labels.assign(r.clusters.size(), Box());
      for (LayoutCluster& c : lg.clusters) c.label_width = 0;
    }
    for (const std::string& s : CheckLayoutResult(lg, r)) report.Add("%s", s.c_str());
  }
  return out;
}

}  // namespace graphgen
