// Edge routing through the rank bands: vertical inside a band (at a box's port or a
// dummy's x), an S-curve across each gap. Boxes only occupy bands and no box stands where
// a dummy or port runs through its band, so routes never enter a box that is not theirs.
#include <algorithm>
#include <cmath>
#include <limits>
#include <utility>
#include <vector>

#include "layout/layered/layered_phases.h"

namespace graphgen {
namespace {

constexpr double kArrowLength = 7;  // dot's arrowsize 0.7 at 10 pt
constexpr double kPortGap = 12;     // between ports on one side, where the side has room
constexpr double kSelfLoopReach = 16;

// One piece of a route: a straight line or an S-curve (vertical tangents at both ends).
struct Piece {
  Point a, b;
  bool curve;
};

void AppendCubic(std::vector<Point>& pts, const Point& a, const Point& c1, const Point& c2,
                 const Point& b) {
  if (pts.empty()) pts.push_back(a);
  pts.push_back(c1);
  pts.push_back(c2);
  pts.push_back(b);
}

std::vector<Point> ToBezier(const std::vector<Piece>& pieces) {
  // Merge runs of vertical pieces at one x, and drop empty ones, so a straight chain of
  // dummies costs one cubic.
  std::vector<Piece> merged;
  for (Piece p : pieces) {
    if (p.a.x == p.b.x) p.curve = false;
    if (p.a.x == p.b.x && p.a.y == p.b.y) continue;
    if (!merged.empty() && !p.curve && !merged.back().curve && merged.back().a.x == p.a.x &&
        merged.back().b.x == p.b.x) {
      merged.back().b = p.b;
      continue;
    }
    merged.push_back(p);
  }
  std::vector<Point> pts;
  for (const Piece& p : merged) {
    if (p.curve) {
      const double mid = (p.b.y - p.a.y) / 2;
      AppendCubic(pts, p.a, {p.a.x, p.a.y + mid}, {p.b.x, p.b.y - mid}, p.b);
    } else {
      const double dx = (p.b.x - p.a.x) / 3, dy = (p.b.y - p.a.y) / 3;
      AppendCubic(pts, p.a, {p.a.x + dx, p.a.y + dy}, {p.a.x + 2 * dx, p.a.y + 2 * dy}, p.b);
    }
  }
  return pts;
}

class Router {
 public:
  explicit Router(LayeredGraph& g) : g_(g) {}

  void Run() {
    // run_end_[c][k]: the last dummy of chain c from k on with the same x as dummy k.
    run_end_.resize(g_.chains.size());
    for (size_t c = 0; c < g_.chains.size(); ++c) {
      const std::vector<int>& d = g_.chains[c].dummies;
      std::vector<int>& run = run_end_[c];
      run.assign(d.size(), 0);
      for (size_t k = d.size(); k-- > 0;) {
        const bool same = k + 1 < d.size() && g_.items[d[k + 1]].x == g_.items[d[k]].x;
        run[k] = same ? run[k + 1] : static_cast<int>(k);
      }
    }
    AssignPorts();
    down_lookup_ = PortLookup(g_.down_start, g_.down, g_.num_real);
    up_lookup_ = PortLookup(g_.up_start, g_.up, g_.num_real);
    for (LayeredEdge& e : g_.edges) Route(e);
  }

 private:
  // Ports: a real item's distinct neighbours below (above) get points on its bottom
  // (top) side in the order of their x, so edges leave without crossing each other. A
  // lone edge leaves from the middle; several fan out: each port lies as close as it can
  // to straight above (below) its neighbour, within the middle kPortReach of the side
  // and at least kPortGap from the next (less when the side is too short for that). An
  // edge to a neighbour right below stays straight; the others spread toward theirs.
  void AssignPorts() {
    const int n = g_.num_real;
    down_port_.assign(g_.down.size(), 0);
    up_port_.assign(g_.up.size(), 0);
    std::vector<int> nb;
    std::vector<double> want, pos;
    std::vector<double> pool_sum;
    std::vector<int> pool_count;
    const auto by_x = [&](int a, int b) {
      return g_.items[a].x != g_.items[b].x ? g_.items[a].x < g_.items[b].x : a < b;
    };
    for (int v = 0; v < n; ++v) {
      const LayeredItem& it = g_.items[v];
      for (int side = 0; side < 2; ++side) {
        const std::vector<int>& start = side == 0 ? g_.down_start : g_.up_start;
        const std::vector<int>& adj = side == 0 ? g_.down : g_.up;
        std::vector<double>& port = side == 0 ? down_port_ : up_port_;
        nb.assign(adj.begin() + start[v], adj.begin() + start[v + 1]);
        std::sort(nb.begin(), nb.end(), by_x);
        nb.erase(std::unique(nb.begin(), nb.end()), nb.end());
        const int k = static_cast<int>(nb.size());
        pos.assign(k, it.x);
        if (k > 1) {
          const double lo = it.x - kPortReach / 2 * it.width;
          const double hi = it.x + kPortReach / 2 * it.width;
          const double gap = std::min(kPortGap, (hi - lo) / (k - 1));
          // Ports i * gap + z_i with z non-decreasing and closest (least squares) to
          // want_i - i * gap: pool adjacent violators, then clamp into the side.
          want.resize(k);
          pool_sum.clear();
          pool_count.clear();
          for (int i = 0; i < k; ++i) {
            want[i] = std::min(std::max(g_.items[nb[i]].x, lo), hi) - i * gap;
            pool_sum.push_back(want[i]);
            pool_count.push_back(1);
            while (pool_sum.size() > 1 &&
                   pool_sum[pool_sum.size() - 2] / pool_count[pool_count.size() - 2] >
                       pool_sum.back() / pool_count.back()) {
              pool_sum[pool_sum.size() - 2] += pool_sum.back();
              pool_count[pool_count.size() - 2] += pool_count.back();
              pool_sum.pop_back();
              pool_count.pop_back();
            }
          }
          int i = 0;
          for (size_t p = 0; p < pool_sum.size(); ++p) {
            const double z =
                std::min(std::max(pool_sum[p] / pool_count[p], lo), hi - (k - 1) * gap);
            for (int c = 0; c < pool_count[p]; ++c, ++i) pos[i] = z + i * gap;
          }
        }
        for (int j = start[v]; j < start[v + 1]; ++j) {
          const size_t i = std::lower_bound(nb.begin(), nb.end(), adj[j], by_x) - nb.begin();
          port[j] = pos[i];
        }
      }
    }
  }

  // (neighbour, index into down / up), sorted within each real item's range, so finding
  // an edge's port is a binary search: a node with 200,000 readers made the scan
  // quadratic (issue 21).
  static std::vector<std::pair<int, int>> PortLookup(const std::vector<int>& start,
                                                     const std::vector<int>& adj, int num_real) {
    std::vector<std::pair<int, int>> lookup(adj.size());
    for (int v = 0; v < num_real; ++v) {
      for (int k = start[v]; k < start[v + 1]; ++k) lookup[k] = {adj[k], k};
      std::sort(lookup.begin() + start[v], lookup.begin() + start[v + 1]);
    }
    return lookup;
  }

  // The port of the first of v's edges to `neighbour` (the scan this replaced found it).
  double Port(int v, int neighbour, const std::vector<int>& start,
              const std::vector<std::pair<int, int>>& lookup,
              const std::vector<double>& port) const {
    if (!g_.IsReal(v)) return g_.items[v].x;
    const auto end = lookup.begin() + start[v + 1];
    const auto it = std::lower_bound(lookup.begin() + start[v], end,
                                     std::make_pair(neighbour, std::numeric_limits<int>::min()));
    return it != end && it->first == neighbour ? port[it->second] : g_.items[v].x;
  }
  double DownPort(int v, int below) const {
    return Port(v, below, g_.down_start, down_lookup_, down_port_);
  }
  double UpPort(int v, int above) const {
    return Port(v, above, g_.up_start, up_lookup_, up_port_);
  }

  // The open gap between rank r and r+1 starts below rank r's padding and ends above
  // rank r+1's.
  double GapTop(int r) const {
    return g_.rank_bottom[r] + (r < static_cast<int>(g_.pad_bottom.size()) ? g_.pad_bottom[r] : 0);
  }
  double GapBottom(int r) const {
    return g_.rank_top[r] - (r < static_cast<int>(g_.pad_top.size()) ? g_.pad_top[r] : 0);
  }

  void Route(LayeredEdge& e) {
    const LayeredItem& t = g_.items[e.tail];
    const LayeredItem& h = g_.items[e.head];
    e.has_route = true;
    if (e.tail == e.head) {
      // A loop on the right side, back into the box with the arrow.
      const double xr = t.x + t.width / 2;
      const double q = t.height / 4;
      e.route = {{xr, t.y - q},
                 {xr + kSelfLoopReach, t.y - q - 6},
                 {xr + kSelfLoopReach, t.y + q + 6},
                 {xr + kArrowLength, t.y + q}};
      e.arrow_tip = {xr, t.y + q};
      return;
    }
    const int rt = t.rank;
    const int rh = h.rank;
    std::vector<Piece> pieces;
    // The arrow goes on the `to` end: the head, or the tail of a reversed edge.
    const bool arrow_at_tail = e.reversed;
    if (rt == rh) {
      // Flat (only non-constraint edges): out of the `from` box's bottom, along the gap
      // below the band, up into the `to` box. Built from -> to, stored tail -> head.
      const LayeredItem& f = g_.items[e.from];
      const LayeredItem& o = g_.items[e.to];
      const double dip = std::min(g_.options.rank_sep * 0.6, 16.0);
      const double band = g_.rank_bottom[rt];
      const Point a{f.x, f.y + f.height / 2};
      const Point b{o.x, o.y + o.height / 2};
      std::vector<Point> pts = {a, a, {a.x, band}, {a.x, band}};
      AppendCubic(pts, {a.x, band}, {a.x, band + dip}, {b.x, band + dip}, {b.x, band});
      AppendCubic(pts, {b.x, band}, {b.x, band}, {b.x, b.y + kArrowLength},
                  {b.x, b.y + kArrowLength});
      if (e.reversed) std::reverse(pts.begin(), pts.end());
      e.route = std::move(pts);
      e.arrow_tip = b;
      g_.height = std::max(g_.height, band + dip);
      return;
    }
    // First hop below the tail: the head itself or the chain's first dummy.
    const int first = rh - rt == 1 ? e.head : g_.chains[e.chain].dummies[0];
    const int last = rh - rt == 1 ? e.tail : g_.chains[e.chain].dummies[rh - rt - 2];
    const double px = DownPort(e.tail, first);
    Point cur{px, t.y + t.height / 2};
    if (arrow_at_tail) {
      e.arrow_tip = cur;
      cur.y += kArrowLength;
    }
    // Straight down through the band and the cluster padding below it: the S-curve
    // stays in the open gap, off cluster labels.
    if (cur.y < GapTop(rt)) {
      const Point b{px, GapTop(rt)};
      pieces.push_back({cur, b, false});
      cur = b;
    }
    // Through the chain's dummies, a run of dummies at one x as one vertical line, so a
    // long straight chain costs O(1) per edge however many edges share it.
    const int count = rh - rt - 1;
    for (int k = 0; k < count;) {
      const DummyChain& chain = g_.chains[e.chain];
      const int end = std::min(run_end_[e.chain][k], count - 1);
      const double x = g_.items[chain.dummies[k]].x;
      const Point top{x, GapBottom(rt + 1 + k)};
      const Point bottom{x, GapTop(rt + 1 + end)};
      pieces.push_back({cur, top, true});
      pieces.push_back({top, bottom, false});
      cur = bottom;
      k = end + 1;
    }
    const double qx = UpPort(e.head, last);
    const double head_top = h.y - h.height / 2;
    const double end_y = arrow_at_tail ? head_top : head_top - kArrowLength;
    if (end_y > GapBottom(rh)) {
      const Point top{qx, GapBottom(rh)};
      pieces.push_back({cur, top, true});
      pieces.push_back({top, {qx, end_y}, false});
    } else {
      pieces.push_back({cur, {qx, end_y}, true});
    }
    if (!arrow_at_tail) e.arrow_tip = {qx, head_top};
    e.route = ToBezier(pieces);
  }

  LayeredGraph& g_;
  std::vector<double> down_port_, up_port_;
  std::vector<std::pair<int, int>> down_lookup_, up_lookup_;
  std::vector<std::vector<int>> run_end_;
};

}  // namespace

void EdgeRouting::Run(LayeredGraph& g) const { Router(g).Run(); }

}  // namespace graphgen
