#include "layout/layout_invariants.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <utility>

namespace graphgen {
namespace {

constexpr double kCell = 96;  // grid cell for box lookups

bool Finite(double v) { return std::isfinite(v); }
bool BoxOk(const Box& b) {
  return Finite(b.x) && Finite(b.y) && Finite(b.width) && Finite(b.height) && b.x >= -1e-6 &&
         b.y >= -1e-6 && b.width >= 0 && b.height >= 0;
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

// Whether segment p-q passes through the interior of b (shrunk by kBoxSlack), by clipping.
bool SegmentHitsBox(Point p, Point q, const Box& b) {
  const double x0 = b.x + kBoxSlack, x1 = b.x + b.width - kBoxSlack;
  const double y0 = b.y + kBoxSlack, y1 = b.y + b.height - kBoxSlack;
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

// Node boxes: finite, >= 0, the asked-for size, no two overlapping.
void CheckNodes(const LayoutGraph& graph, const LayoutResult& r, const Grid& grid,
                Violations& report) {
  for (size_t i = 0; i < r.nodes.size(); ++i) {
    const Box& b = r.nodes[i];
    if (!BoxOk(b)) report.Add("node %zu: box not finite or < 0", i);
    if (std::abs(b.width - graph.nodes[i].width) > 0.5 ||
        std::abs(b.height - graph.nodes[i].height) > 0.5) {
      report.Add("node %zu: size %gx%g, asked %gx%g", i, b.width, b.height, graph.nodes[i].width,
                 graph.nodes[i].height);
    }
  }
  for (size_t i = 0; i < r.nodes.size(); ++i) {
    const Box& b = r.nodes[i];
    grid.Query(b.x, b.y, b.x + b.width, b.y + b.height, [&](int j) {
      if (static_cast<size_t>(j) > i && BoxesOverlap(b, r.nodes[j])) {
        report.Add("nodes %zu and %d overlap", i, j);
      }
    });
  }
}

// Edges: 3n+1 control points, finite and >= 0, through no node box but their ends' and
// over no cluster label.
void CheckEdges(const LayoutGraph& graph, const LayoutResult& r, const Grid& grid,
                Violations& report) {
  const Grid label_grid(r.cluster_labels);
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
}

// Clusters: finite, inside their parents, holding their labels and nodes, overlapping
// other clusters only by nesting and no node that is not theirs.
void CheckClusters(const LayoutGraph& graph, const LayoutResult& r, const Grid& grid,
                   Violations& report) {
  const size_t nc = graph.clusters.size();
  for (size_t c = 0; c < nc; ++c) {
    if (!BoxOk(r.clusters[c])) report.Add("cluster %zu: box not finite or < 0", c);
    const int parent = graph.clusters[c].parent;
    if (parent >= 0 && !BoxContains(r.clusters[parent], r.clusters[c])) {
      report.Add("cluster %zu lies outside its parent %d", c, parent);
    }
    if (graph.clusters[c].label_width > 0 && !BoxContains(r.clusters[c], r.cluster_labels[c])) {
      report.Add("cluster %zu: label box outside the cluster", c);
    }
  }
  for (size_t i = 0; i < graph.nodes.size(); ++i) {
    for (int c = graph.nodes[i].cluster; c >= 0 && c < static_cast<int>(nc);
         c = graph.clusters[c].parent) {
      if (!BoxContains(r.clusters[c], r.nodes[i])) report.Add("node %zu outside cluster %d", i, c);
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
      if (BoxesOverlap(a, r.clusters[cb]) && !ancestor(ca, cb) && !ancestor(cb, ca)) {
        report.Add("clusters %d and %d overlap without nesting", ca, cb);
      }
    }
  }
  // Nodes inside clusters they do not belong to.
  for (size_t c = 0; c < nc; ++c) {
    const Box& b = r.clusters[c];
    if (!BoxOk(b)) continue;
    grid.Query(b.x, b.y, b.x + b.width, b.y + b.height, [&](int j) {
      if (!BoxesOverlap(b, r.nodes[j])) return;
      for (int k = graph.nodes[j].cluster; k >= 0; k = graph.clusters[k].parent) {
        if (k == static_cast<int>(c)) return;
      }
      report.Add("node %d overlaps cluster %zu it is not in", j, c);
    });
  }
}

}  // namespace

bool BoxesOverlap(const Box& a, const Box& b) {
  return a.x + kBoxSlack < b.x + b.width && b.x + kBoxSlack < a.x + a.width &&
         a.y + kBoxSlack < b.y + b.height && b.y + kBoxSlack < a.y + a.height;
}

bool BoxContains(const Box& outer, const Box& inner) {
  return inner.x >= outer.x - kBoxSlack && inner.y >= outer.y - kBoxSlack &&
         inner.x + inner.width <= outer.x + outer.width + kBoxSlack &&
         inner.y + inner.height <= outer.y + outer.height + kBoxSlack;
}

std::vector<std::string> CheckLayoutResult(const LayoutGraph& graph, const LayoutResult& r) {
  Violations report;
  if (r.nodes.size() != graph.nodes.size() || r.edges.size() != graph.edges.size() ||
      r.clusters.size() != graph.clusters.size() ||
      r.cluster_labels.size() != graph.clusters.size()) {
    report.Add("result sizes differ from the graph's");
    return report.Take();
  }
  if (!Finite(r.width) || !Finite(r.height) || r.width < 0 || r.height < 0) {
    report.Add("canvas %g x %g is not finite and >= 0", r.width, r.height);
  }
  const Grid grid(r.nodes);
  CheckNodes(graph, r, grid, report);
  CheckEdges(graph, r, grid, report);
  CheckClusters(graph, r, grid, report);
  return report.Take();
}

}  // namespace graphgen
