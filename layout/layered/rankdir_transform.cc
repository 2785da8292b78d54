// The rankdir transform: everything was placed top to bottom; turn it into the asked-for
// direction, cluster and label boxes included.
#include <algorithm>
#include <cmath>
#include <utility>

#include "layout/layered/layered_phases.h"

namespace graphgen {

void RankdirTransform::Run(LayeredGraph& g) const {
  const RankDir dir = g.options.rankdir;
  const double H = g.height;
  const auto map = [&](Point p) -> Point {
    switch (dir) {
      case RankDir::kTB:
        return p;
      case RankDir::kBT:
        return {p.x, H - p.y};
      case RankDir::kLR:
        return {p.y, p.x};
      case RankDir::kRL:
        return {H - p.y, p.x};
    }
    return p;
  };
  const bool sideways = dir == RankDir::kLR || dir == RankDir::kRL;
  for (LayeredItem& it : g.items) {
    const Point c = map({it.x, it.y});
    it.x = c.x;
    it.y = c.y;
    if (sideways) std::swap(it.width, it.height);
  }
  for (LayeredEdge& e : g.edges) {
    for (Point& p : e.route) p = map(p);
    e.arrow_tip = map(e.arrow_tip);
  }
  const auto map_box = [&](const Box& b) {
    const Point p = map({b.x, b.y});
    const Point q = map({b.x + b.width, b.y + b.height});
    return Box{std::min(p.x, q.x), std::min(p.y, q.y), std::abs(q.x - p.x), std::abs(q.y - p.y)};
  };
  g.cluster_labels.resize(g.clusters.size());
  for (size_t c = 0; c < g.clusters.size(); ++c) {
    g.cluster_boxes[c] = map_box(g.cluster_boxes[c]);
    g.cluster_labels[c] = map_box(g.cluster_labels[c]);
  }
  if (sideways) std::swap(g.width, g.height);
}

}  // namespace graphgen
