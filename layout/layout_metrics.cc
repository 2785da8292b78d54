#include "layout/layout_metrics.h"

#include <algorithm>
#include <cmath>
#include <utility>
#include <vector>

namespace graphgen {
namespace {

constexpr int kSamplesPerCubic = 8;
constexpr double kCell = 64;

struct Segment {
  Point a, b;
  int edge;
};

bool Intersect(const Segment& s, const Segment& t, Point* at) {
  const double d1x = s.b.x - s.a.x, d1y = s.b.y - s.a.y;
  const double d2x = t.b.x - t.a.x, d2y = t.b.y - t.a.y;
  const double den = d1x * d2y - d1y * d2x;
  if (std::abs(den) < 1e-12) return false;  // parallel or overlapping: not a crossing
  const double ex = t.a.x - s.a.x, ey = t.a.y - s.a.y;
  const double u = (ex * d2y - ey * d2x) / den;
  const double v = (ex * d1y - ey * d1x) / den;
  // Half-open: a crossing exactly at a sample point (two mirror-image curves meet at
  // their middles) belongs to the chords ending there, so it is counted once, not lost.
  if (u <= 0 || u > 1 || v <= 0 || v > 1) return false;
  *at = {s.a.x + u * d1x, s.a.y + u * d1y};
  return true;
}

}  // namespace

int64_t CountCrossings(const LayoutGraph& g, const LayoutResult& r) {
  std::vector<Segment> segs;
  for (size_t e = 0; e < r.edges.size(); ++e) {
    const std::vector<Point>& p = r.edges[e].points;
    if (p.size() < 4 || g.edges[e].from == g.edges[e].to) continue;
    Point prev = p[0];
    for (size_t k = 0; k + 3 < p.size(); k += 3) {
      for (int s = 1; s <= kSamplesPerCubic; ++s) {
        const double t = static_cast<double>(s) / kSamplesPerCubic, u = 1 - t;
        const Point q{u * u * u * p[k].x + 3 * u * u * t * p[k + 1].x + 3 * u * t * t * p[k + 2].x +
                          t * t * t * p[k + 3].x,
                      u * u * u * p[k].y + 3 * u * u * t * p[k + 1].y + 3 * u * t * t * p[k + 2].y +
                          t * t * t * p[k + 3].y};
        segs.push_back({prev, q, static_cast<int>(e)});
        prev = q;
      }
    }
    // The arrowhead is part of the drawn edge: Graphviz ends its spline where the
    // arrowhead starts, so a curve passing over another edge's arrowhead crosses it.
    if (r.edges[e].has_arrow) segs.push_back({prev, r.edges[e].arrow_tip, static_cast<int>(e)});
  }
  std::vector<std::pair<int64_t, int>> cells;
  const auto cell_of = [](double v) { return static_cast<int64_t>(std::floor(v / kCell)); };
  for (size_t i = 0; i < segs.size(); ++i) {
    const Segment& s = segs[i];
    for (int64_t cy = cell_of(std::min(s.a.y, s.b.y)); cy <= cell_of(std::max(s.a.y, s.b.y));
         ++cy) {
      for (int64_t cx = cell_of(std::min(s.a.x, s.b.x)); cx <= cell_of(std::max(s.a.x, s.b.x));
           ++cx) {
        cells.emplace_back((cy << 28) + cx, static_cast<int>(i));
      }
    }
  }
  std::sort(cells.begin(), cells.end());
  int64_t crossings = 0;
  for (size_t i = 0; i < cells.size();) {
    size_t j = i;
    while (j < cells.size() && cells[j].first == cells[i].first) ++j;
    for (size_t a = i; a < j; ++a) {
      for (size_t b = a + 1; b < j; ++b) {
        const Segment& s = segs[cells[a].second];
        const Segment& t = segs[cells[b].second];
        if (s.edge == t.edge) continue;
        const LayoutEdge& es = g.edges[s.edge];
        const LayoutEdge& et = g.edges[t.edge];
        if (es.from == et.from || es.from == et.to || es.to == et.from || es.to == et.to) {
          continue;
        }
        Point at;
        if (Intersect(s, t, &at) && (cell_of(at.y) << 28) + cell_of(at.x) == cells[i].first) {
          ++crossings;
        }
      }
    }
    i = j;
  }
  return crossings;
}

MainPath MeasureMainPath(const LayoutGraph& g, const LayoutResult& r, RankDir dir) {
  const int n = static_cast<int>(g.nodes.size());
  const bool sideways = dir == RankDir::kLR || dir == RankDir::kRL;
  const bool reverse = dir == RankDir::kBT || dir == RankDir::kRL;
  // Position along the flow and across it, of each box's centre.
  std::vector<double> along(n), across(n);
  for (int v = 0; v < n; ++v) {
    const Box& b = r.nodes[v];
    const double cx = b.x + b.width / 2, cy = b.y + b.height / 2;
    along[v] = (sideways ? cx : cy) * (reverse ? -1 : 1);
    across[v] = sideways ? cy : cx;
  }
  std::vector<int> order(n);
  for (int v = 0; v < n; ++v) order[v] = v;
  std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return along[a] < along[b]; });
  std::vector<std::vector<int>> preds(n);
  for (const LayoutEdge& e : g.edges) {
    if (e.from != e.to && along[e.to] > along[e.from] + 1) preds[e.to].push_back(e.from);
  }
  // Longest chain by box count; ties keep the straighter predecessor, then model order.
  std::vector<int> count(n, 1), prev(n, -1);
  std::vector<double> travel(n, 0);
  for (int v : order) {
    for (int u : preds[v]) {
      const double t = travel[u] + std::abs(across[v] - across[u]);
      if (count[u] + 1 > count[v] || (count[u] + 1 == count[v] && t < travel[v])) {
        count[v] = count[u] + 1;
        travel[v] = t;
        prev[v] = u;
      }
    }
  }
  MainPath m;
  int end = -1;
  for (int v = 0; v < n; ++v) {
    if (end < 0 || count[v] > count[end] || (count[v] == count[end] && travel[v] < travel[end])) {
      end = v;
    }
  }
  if (end < 0) return m;
  m.boxes = count[end];
  m.travel = travel[end];
  for (int v = end; v >= 0; v = prev[v]) {
    m.path.push_back(v);
    if (prev[v] >= 0) m.bends += std::abs(across[v] - across[prev[v]]) > 1;
  }
  std::reverse(m.path.begin(), m.path.end());
  return m;
}

int CountCrowdedPorts(const LayoutGraph& g, const LayoutResult& r, RankDir dir, double min_gap,
                      double reach) {
  const bool sideways = dir == RankDir::kLR || dir == RankDir::kRL;
  const int n = static_cast<int>(g.nodes.size());
  struct Tip {
    int head;
    int tail;
    double across;  // the tip's position across the flow
  };
  std::vector<Tip> tips;
  for (size_t e = 0; e < r.edges.size(); ++e) {
    const LayoutEdge& le = g.edges[e];
    if (!r.edges[e].has_arrow || le.from == le.to || le.to < 0 || le.to >= n) continue;
    const Point& p = r.edges[e].arrow_tip;
    tips.push_back({le.to, le.from, sideways ? p.y : p.x});
  }
  // One tip per (head, tail): parallel edges from one tail may share their end.
  std::sort(tips.begin(), tips.end(), [](const Tip& a, const Tip& b) {
    return a.head != b.head   ? a.head < b.head
           : a.tail != b.tail ? a.tail < b.tail
                              : a.across < b.across;
  });
  tips.erase(
      std::unique(tips.begin(), tips.end(),
                  [](const Tip& a, const Tip& b) { return a.head == b.head && a.tail == b.tail; }),
      tips.end());
  std::sort(tips.begin(), tips.end(), [](const Tip& a, const Tip& b) {
    return a.head != b.head ? a.head < b.head : a.across < b.across;
  });
  int crowded = 0;
  for (size_t i = 0; i < tips.size();) {
    size_t j = i;
    while (j < tips.size() && tips[j].head == tips[i].head) ++j;
    const Box& b = r.nodes[tips[i].head];
    const double side = reach * (sideways ? b.height : b.width);
    const size_t k = j - i;
    if (k > 1 && side >= (k - 1) * min_gap) {
      for (size_t a = i; a + 1 < j; ++a)
        crowded += tips[a + 1].across - tips[a].across < min_gap - 1e-6;
    }
    i = j;
  }
  return crowded;
}

}  // namespace graphgen
