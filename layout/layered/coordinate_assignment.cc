// Coordinate assignment: rank bands in y, Brandes–Köpf-style x with cluster borders.
//
// x is solved over a constraint DAG whose vertices are blocks (items aligned into one
// vertical line) plus a left and a right border per cluster; an edge a -> b with weight
// w means x(b) >= x(a) + w. Neighbours in a rank give edges through the borders of the
// clusters between them, so a cluster's border is one variable shared by all its ranks:
// that is what keeps cluster rectangles from overlapping items of other ranks.
#include <algorithm>
#include <cmath>
#include <limits>
#include <utility>
#include <vector>

#include "layout/layered/layered_phases.h"

namespace graphgen {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kSelfLoopRoom = 18;  // room right of a box for its self-loop
constexpr int kRefinePasses = 6;
constexpr int kMaxDissolveRounds = 4;
constexpr double kMaxWidthRatio = 1.3;
constexpr double kLabelGap = 3;  // between a cluster label's right end and an edge
constexpr int kMaxLabelRounds = 4;
constexpr double kFlatDipRoom = 17;  // below a band, for a same-rank edge's dip (routing)

struct Constraints {
  int vertices = 0;
  std::vector<int> out_start, out_to;
  std::vector<double> out_w;
  std::vector<int> in_start, in_from;
  std::vector<double> in_w;
};

class XSolver {
 public:
  explicit XSolver(LayeredGraph& g) : g_(g) {
    n_ = static_cast<int>(g.items.size());
    nc_ = static_cast<int>(g.clusters.size());
    min_rank_.assign(nc_, std::numeric_limits<int>::max());
    max_rank_.assign(nc_, -1);
    for (int v = 0; v < n_; ++v) {
      for (int c = g.items[v].cluster; c >= 0; c = g.clusters[c].parent) {
        min_rank_[c] = std::min(min_rank_[c], g.items[v].rank);
        max_rank_[c] = std::max(max_rank_[c], g.items[v].rank);
      }
    }
    // The rank whose padding holds each cluster's label: its first (TB) or last (BT).
    // Sideways, the label lies in the left padding, beside the content, not above it.
    const RankDir dir = g.options.rankdir;
    if (dir == RankDir::kTB || dir == RankDir::kBT) {
      label_rank_.assign(nc_, dir == RankDir::kTB ? std::numeric_limits<int>::max() : -1);
      for (int v = 0; v < n_; ++v) {
        for (int c = g.items[v].cluster; c >= 0; c = g.clusters[c].parent) {
          label_rank_[c] = dir == RankDir::kTB ? std::min(label_rank_[c], g.items[v].rank)
                                               : std::max(label_rank_[c], g.items[v].rank);
        }
      }
    }
  }

  void Run() {
    MarkConflicts();
    MarkRealLinks();
    std::vector<std::vector<double>> layouts;
    std::vector<int> block(n_);
    double best_width = kInf;
    double widths[4];
    int best = 0;
    for (int dir = 0; dir < 4; ++dir) {
      const bool down = dir < 2;
      const bool left = dir % 2 == 0;
      std::vector<int> root = Align(down, left);
      std::vector<double> x = Compact(root, left);
      double lo = kInf, hi = -kInf;
      for (int v = 0; v < n_; ++v) {
        lo = std::min(lo, x[v] - g_.items[v].width / 2);
        hi = std::max(hi, x[v] + g_.items[v].width / 2);
      }
      widths[dir] = hi - lo;
      if (hi - lo < best_width) {
        best_width = hi - lo;
        best = dir;
      }
      layouts.push_back(std::move(x));
    }
    // Align the four to the narrowest (left ones by their left edge, right ones by their
    // right edge) and average: a convex combination keeps every constraint. Without
    // Brandes–Köpf's class shifts a compaction can drift into a staircase on deep graphs
    // (each block pushed by the one beside it a few ranks up); a layout much wider than
    // the narrowest is such a staircase and is left out of the average.
    const auto extent = [&](const std::vector<double>& x, bool want_min) {
      double e = want_min ? kInf : -kInf;
      for (int v = 0; v < n_; ++v) {
        e = want_min ? std::min(e, x[v]) : std::max(e, x[v]);
      }
      return e;
    };
    const double target_min = extent(layouts[best], true);
    const double target_max = extent(layouts[best], false);
    std::vector<double> x(n_ + 2 * nc_, 0.0);
    int used = 0;
    for (int dir = 0; dir < 4; ++dir) {
      if (widths[dir] > kMaxWidthRatio * best_width + 1) continue;
      std::vector<double>& l = layouts[dir];
      const double shift =
          dir % 2 == 0 ? target_min - extent(l, true) : target_max - extent(l, false);
      for (size_t i = 0; i < l.size(); ++i) x[i] += l[i] + shift;
      ++used;
    }
    for (double& v : x) v /= used;
    Refine(x);
    Finish(x);
  }

 private:
  // Whether `upper` (rank r) and `lower` (rank r + 1) may share one vertical line: every
  // cluster holding one but not the other must end (or begin) there, so the line leaves
  // it through its bottom (or enters through its top) and never needs to be both inside
  // a cluster and beside it. A main chain thereby runs straight from one cluster into the
  // next (U-Net stages, transformer layers) instead of each cluster being placed alone.
  bool CanAlign(int upper, int lower) const {
    const int cu = g_.items[upper].cluster;
    const int cv = g_.items[lower].cluster;
    if (cu == cv) return true;
    const int common = g_.CommonCluster(cu, cv);
    const int r = g_.items[upper].rank;
    for (int c = cu; c != common; c = g_.clusters[c].parent) {
      if (max_rank_[c] != r) return false;
    }
    for (int c = cv; c != common; c = g_.clusters[c].parent) {
      if (min_rank_[c] != r + 1) return false;
    }
    return true;
  }

  int L(int c) const { return n_ + 2 * c; }
  int R(int c) const { return n_ + 2 * c + 1; }
  int Pos(int v) const { return g_.items[v].order; }

  // Type-1 conflicts: a segment that crosses an inner segment (dummy to dummy) is never
  // aligned, so long edges stay straight. marked_[k] refers to up[k].
  void MarkConflicts() {
    marked_.assign(g_.up.size(), 0);
    for (int r = 0; r + 1 < g_.num_ranks(); ++r) {
      const std::vector<int>& lower = g_.ranks[r + 1];
      const int upper_size = static_cast<int>(g_.ranks[r].size());
      int k0 = 0;
      size_t l = 0;
      for (size_t l1 = 0; l1 < lower.size(); ++l1) {
        const int v = lower[l1];
        const int inner = InnerUpper(v);
        if (l1 + 1 == lower.size() || inner >= 0) {
          const int k1 = inner >= 0 ? Pos(inner) : upper_size - 1;
          for (; l <= l1; ++l) {
            const int w = lower[l];
            for (int k = g_.up_start[w]; k < g_.up_start[w + 1]; ++k) {
              const int p = Pos(g_.up[k]);
              if ((p < k0 || p > k1) && InnerUpper(w) != g_.up[k]) marked_[k] = 1;
            }
          }
          k0 = k1;
        }
      }
    }
  }

  // The dummy above dummy v on its chain, or -1.
  int InnerUpper(int v) const {
    if (g_.items[v].kind != ItemKind::kDummy) return -1;
    for (int k = g_.up_start[v]; k < g_.up_start[v + 1]; ++k) {
      if (g_.items[g_.up[k]].kind == ItemKind::kDummy) return g_.up[k];
    }
    return -1;
  }

  bool Marked(int upper, int lower) const {
    for (int k = g_.up_start[lower]; k < g_.up_start[lower + 1]; ++k) {
      if (g_.up[k] == upper) return marked_[k] != 0;
    }
    return false;
  }

  // Which boxes have a box right above (real_link_up_) or below (real_link_down_) in
  // another cluster that they may share a vertical line with (CanAlign, not in conflict
  // with a long edge): a main chain entering or leaving a cluster.
  void MarkRealLinks() {
    real_link_up_.assign(n_, 0);
    real_link_down_.assign(n_, 0);
    for (int w = 0; w < g_.num_real; ++w) {
      for (int k = g_.up_start[w]; k < g_.up_start[w + 1]; ++k) {
        const int u = g_.up[k];
        if (g_.IsReal(u) && g_.items[u].cluster != g_.items[w].cluster && !marked_[k] &&
            CanAlign(u, w)) {
          real_link_up_[w] = real_link_down_[u] = 1;
        }
      }
    }
  }

  // Vertical alignment: each item joins the block of its median neighbour in the rank
  // above (down) or below (!down), scanning left to right (left) or right to left, when
  // that keeps blocks from crossing and CanAlign allows it. Where a box could continue
  // its line into a box of another cluster, that line is the chain's: a long edge
  // beside it bends instead. Otherwise the long edge, kept straight below its tail,
  // pushes the cluster (which it must pass outside) aside by its padding and label, and
  // the chain with it, cluster after cluster (a DenseNet's dense blocks). Returns root[v].
  std::vector<int> Align(bool down, bool left) {
    std::vector<int> root(n_), align(n_);
    for (int v = 0; v < n_; ++v) root[v] = align[v] = v;
    std::vector<int> nb;
    const int nr = g_.num_ranks();
    for (int step = 1; step < nr; ++step) {
      const int r = down ? step : nr - 1 - step;
      const std::vector<int>& rank = g_.ranks[r];
      int last = left ? -1 : std::numeric_limits<int>::max();
      const int size = static_cast<int>(rank.size());
      for (int i = 0; i < size; ++i) {
        const int v = rank[left ? i : size - 1 - i];
        nb.clear();
        if (down) {
          for (int k = g_.up_start[v]; k < g_.up_start[v + 1]; ++k) nb.push_back(g_.up[k]);
        } else {
          for (int k = g_.down_start[v]; k < g_.down_start[v + 1]; ++k) nb.push_back(g_.down[k]);
        }
        if (nb.empty()) continue;
        // A box with a box to continue its line into ignores the long edges it also has.
        const bool real_v = g_.IsReal(v);
        if (real_v && (down ? real_link_up_[v] : real_link_down_[v])) {
          nb.erase(std::remove_if(nb.begin(), nb.end(), [&](int u) { return !g_.IsReal(u); }),
                   nb.end());
        }
        std::sort(nb.begin(), nb.end(), [&](int a, int b) { return Pos(a) < Pos(b); });
        const int d = static_cast<int>(nb.size());
        int meds[2] = {(d - 1) / 2, d / 2};
        if (!left) std::swap(meds[0], meds[1]);
        for (int m : meds) {
          if (align[v] != v) break;
          const int u = nb[m];
          const bool ok_pos = left ? Pos(u) > last : Pos(u) < last;
          if (!ok_pos) continue;
          if (!CanAlign(down ? u : v, down ? v : u)) continue;
          if (down ? Marked(u, v) : Marked(v, u)) continue;
          // ... and a long edge never takes the line of a box that has such a box.
          if (!real_v && g_.IsReal(u) && (down ? real_link_down_[u] : real_link_up_[u])) continue;
          align[u] = v;
          root[v] = root[u];
          align[v] = root[v];
          last = Pos(u);
        }
      }
    }
    return root;
  }

  double HalfRight(int v) const {
    return g_.items[v].width / 2 + (g_.items[v].self_loop ? kSelfLoopRoom : 0);
  }
  double Gap(int a, int b) const {
    const bool ra = a < 0 || g_.items[a].kind == ItemKind::kReal;
    const bool rb = b < 0 || g_.items[b].kind == ItemKind::kReal;
    return ra && rb ? g_.options.node_sep : g_.options.node_sep / 2;
  }

  // A cluster's label sits at the left of the padding above its first rank (below its
  // last for BT). An edge into an item of that rank crosses the padding vertically at the
  // item's port, so such items keep their ports right of the label: the label then
  // never lies under an edge. `chain` lists v's clusters, outermost first.
  template <typename Add>
  void AddLabelClearance(int v, const std::vector<int>& chain, const std::vector<int>& vertex_of,
                         Add& add) const {
    if (label_rank_.empty() || chain.empty()) return;
    const bool tb = g_.options.rankdir == RankDir::kTB;
    const std::vector<int>& start = tb ? g_.up_start : g_.down_start;
    const int degree = start[v + 1] - start[v];
    if (degree == 0) return;
    // Ports of a real box spread over the middle kPortReach of its width (edge routing).
    const double port_reach =
        degree > 1 && g_.items[v].kind == ItemKind::kReal ? kPortReach / 2 * g_.items[v].width : 0;
    for (int c : chain) {
      if (label_rank_[c] != g_.items[v].rank || !(g_.clusters[c].label_width > 0)) continue;
      add(L(c), vertex_of[v], g_.clusters[c].label_width + kLabelGap + port_reach);
    }
  }

  // The constraint DAG for items grouped by `vertex_of` (a block or the item itself).
  Constraints Build(const std::vector<int>& vertex_of) const {
    std::vector<std::pair<int, int>> ab;
    std::vector<double> w;
    const auto add = [&](int a, int b, double weight) {
      if (a == b) return;
      ab.emplace_back(a, b);
      w.push_back(weight);
    };
    std::vector<int> chain_prev, chain_v;
    const auto chain_of = [&](int v, std::vector<int>& chain) {
      chain.clear();
      for (int c = g_.items[v].cluster; c >= 0; c = g_.clusters[c].parent) chain.push_back(c);
      std::reverse(chain.begin(), chain.end());  // outermost first
    };
    for (const std::vector<int>& rank : g_.ranks) {
      chain_prev.clear();
      int prev = -1;
      for (int v : rank) {
        chain_of(v, chain_v);
        size_t k = 0;
        if (prev >= 0) {
          while (k < chain_prev.size() && k < chain_v.size() && chain_prev[k] == chain_v[k]) ++k;
        }
        // Source: prev's right side, or the right border of the outermost cluster it
        // leaves.
        int src = -1;
        double src_off = 0;
        bool src_item = false;
        if (prev >= 0) {
          if (k < chain_prev.size()) {
            const int inner = chain_prev.back();
            add(vertex_of[prev], R(inner), HalfRight(prev) + g_.padding[inner].right);
            src = R(chain_prev[k]);
          } else {
            src = vertex_of[prev];
            src_off = HalfRight(prev);
            src_item = true;
          }
        }
        int dst;
        double dst_off = 0;
        bool dst_item = false;
        if (k < chain_v.size()) {
          const int inner = chain_v.back();
          add(L(inner), vertex_of[v], g_.padding[inner].left + g_.items[v].width / 2);
          dst = L(chain_v[k]);
        } else {
          dst = vertex_of[v];
          dst_off = g_.items[v].width / 2;
          dst_item = true;
        }
        if (src >= 0) {
          add(src, dst, src_off + dst_off + Gap(src_item ? prev : -1, dst_item ? v : -1));
        }
        AddLabelClearance(v, chain_v, vertex_of, add);
        prev = v;
        chain_prev.swap(chain_v);
      }
      if (prev >= 0 && !chain_prev.empty()) {
        const int inner = chain_prev.back();
        add(vertex_of[prev], R(inner), HalfRight(prev) + g_.padding[inner].right);
      }
    }
    for (int c = 0; c < nc_; ++c) {
      const ClusterPadding& p = g_.padding[c];
      add(L(c), R(c), std::max(p.min_width, p.left + p.right));
      const int parent = g_.clusters[c].parent;
      if (parent >= 0) {
        add(L(parent), L(c), g_.padding[parent].left);
        add(R(c), R(parent), g_.padding[parent].right);
      }
    }
    Constraints c;
    c.vertices = n_ + 2 * nc_;
    c.out_start.assign(c.vertices + 1, 0);
    c.in_start.assign(c.vertices + 1, 0);
    for (const auto& [a, b] : ab) {
      ++c.out_start[a + 1];
      ++c.in_start[b + 1];
    }
    for (int i = 0; i < c.vertices; ++i) {
      c.out_start[i + 1] += c.out_start[i];
      c.in_start[i + 1] += c.in_start[i];
    }
    c.out_to.resize(ab.size());
    c.out_w.resize(ab.size());
    c.in_from.resize(ab.size());
    c.in_w.resize(ab.size());
    std::vector<int> of(c.out_start.begin(), c.out_start.end() - 1);
    std::vector<int> inf(c.in_start.begin(), c.in_start.end() - 1);
    for (size_t i = 0; i < ab.size(); ++i) {
      const auto [a, b] = ab[i];
      c.out_to[of[a]] = b;
      c.out_w[of[a]++] = w[i];
      c.in_from[inf[b]] = a;
      c.in_w[inf[b]++] = w[i];
    }
    return c;
  }

  // Longest path over the DAG, from the left (left) or from the right; returns x per
  // vertex, or a shorter vector and the vertices on or behind a cycle in `stuck`.
  static std::vector<double> LongestPath(const Constraints& c, bool left, std::vector<int>* stuck) {
    const auto& start = left ? c.in_start : c.out_start;
    const auto& ostart = left ? c.out_start : c.in_start;
    const auto& onext = left ? c.out_to : c.in_from;
    const auto& ow = left ? c.out_w : c.in_w;
    std::vector<int> indeg(c.vertices);
    std::vector<int> queue;
    queue.reserve(c.vertices);
    for (int v = 0; v < c.vertices; ++v) {
      indeg[v] = start[v + 1] - start[v];
      if (indeg[v] == 0) queue.push_back(v);
    }
    std::vector<double> d(c.vertices, 0.0);
    for (size_t i = 0; i < queue.size(); ++i) {
      const int v = queue[i];
      for (int k = ostart[v]; k < ostart[v + 1]; ++k) {
        const int u = onext[k];
        d[u] = std::max(d[u], d[v] + ow[k]);
        if (--indeg[u] == 0) queue.push_back(u);
      }
    }
    if (static_cast<int>(queue.size()) < c.vertices) {
      stuck->clear();
      for (int v = 0; v < c.vertices; ++v) {
        if (indeg[v] > 0) stuck->push_back(v);
      }
      return {};
    }
    if (!left) {
      for (double& x : d) x = -x;
    }
    return d;
  }

  // Horizontal compaction of the blocks given by root[]: x per item, then per cluster
  // border (indexed like the constraint vertices). Blocks on a constraint cycle (an
  // alignment that would have to be on both sides of a cluster) are first cut where they
  // pass from one cluster into another, then, if still on a cycle, dissolved.
  std::vector<double> Compact(std::vector<int> root, bool left) {
    std::vector<int> stuck;
    for (int round = 0;; ++round) {
      Constraints c = Build(root);
      std::vector<double> d = LongestPath(c, left, &stuck);
      if (d.size() == static_cast<size_t>(c.vertices)) {
        std::vector<double> x(n_ + 2 * nc_);
        for (int v = 0; v < n_; ++v) x[v] = d[root[v]];
        for (int i = n_; i < n_ + 2 * nc_; ++i) x[i] = d[i];
        return x;
      }
      if (round >= kMaxDissolveRounds) {
        for (int v = 0; v < n_; ++v) root[v] = v;
        continue;
      }
      std::vector<char> dissolve(n_, 0);
      for (int v : stuck) {
        if (v < n_) dissolve[v] = 1;
      }
      if (round == 0) {
        // A block is one item per rank: scanning ranks top-down meets its members in
        // order, each right below the one seen last.
        std::vector<int> last(n_, -1), cut_root(n_);
        for (const std::vector<int>& rank : g_.ranks) {
          for (int v : rank) {
            const int r = root[v];
            if (!dissolve[r]) continue;
            const int above = last[r];
            cut_root[v] =
                above >= 0 && g_.items[above].cluster == g_.items[v].cluster ? cut_root[above] : v;
            last[r] = v;
          }
        }
        for (int v = 0; v < n_; ++v) {
          if (dissolve[root[v]]) root[v] = cut_root[v];
        }
        continue;
      }
      for (int v = 0; v < n_; ++v) {
        if (dissolve[root[v]]) root[v] = v;
      }
    }
  }

  // Linear passes: each item moves toward the mean x of its neighbours, within the room
  // its constraint neighbours leave. Cluster borders are first let out as far as their
  // outside neighbours allow, and pulled in tight around their content at the end.
  void Refine(std::vector<double>& x) {
    std::vector<int> self(n_);
    for (int v = 0; v < n_; ++v) self[v] = v;
    const Constraints c = Build(self);
    const auto lower = [&](int v) {
      double lo = -kInf;
      for (int k = c.in_start[v]; k < c.in_start[v + 1]; ++k) {
        lo = std::max(lo, x[c.in_from[k]] + c.in_w[k]);
      }
      return lo;
    };
    const auto upper = [&](int v) {
      double hi = kInf;
      for (int k = c.out_start[v]; k < c.out_start[v + 1]; ++k) {
        hi = std::min(hi, x[c.out_to[k]] - c.out_w[k]);
      }
      return hi;
    };
    const auto tighten = [&]() {
      for (int cl = nc_ - 1; cl >= 0; --cl) {
        const double l = upper(L(cl));
        const double r = lower(R(cl));
        if (std::isfinite(l)) x[L(cl)] = l;
        if (std::isfinite(r)) x[R(cl)] = r;
      }
    };
    // Blocks for refinement: items stacked at exactly one x by the alignment (a straight
    // chain, a dummy chain) move together, so refinement never bends what is straight.
    std::vector<int> block(n_);
    for (int v = 0; v < n_; ++v) block[v] = v;
    {
      std::vector<char> has_upper(n_, 0);
      for (const std::vector<int>& rank : g_.ranks) {
        for (int u : rank) {
          for (int k = g_.down_start[u]; k < g_.down_start[u + 1]; ++k) {
            const int w = g_.down[k];
            if (x[w] == x[u] && !has_upper[w] && CanAlign(u, w)) {
              has_upper[w] = 1;
              block[w] = block[u];
              break;
            }
          }
        }
      }
    }
    std::vector<int> member_start(n_ + 1, 0), members(n_);
    for (int v = 0; v < n_; ++v) ++member_start[block[v] + 1];
    for (int v = 0; v < n_; ++v) member_start[v + 1] += member_start[v];
    {
      std::vector<int> fill(member_start.begin(), member_start.end() - 1);
      for (const std::vector<int>& rank : g_.ranks) {
        for (int v : rank) members[fill[block[v]]++] = v;
      }
    }
    for (int pass = 0; pass < kRefinePasses; ++pass) {
      // Let borders out, parents first (a child's border is bounded by its parent's).
      for (int cl = 0; cl < nc_; ++cl) {
        x[L(cl)] = std::max(lower(L(cl)), x[L(cl)] - 1e6);
        x[R(cl)] = std::min(upper(R(cl)), x[R(cl)] + 1e6);
      }
      const bool forward = pass % 2 == 0;
      const int nr = g_.num_ranks();
      for (int step = 0; step < nr; ++step) {
        const std::vector<int>& rank = g_.ranks[forward ? step : nr - 1 - step];
        const int size = static_cast<int>(rank.size());
        for (int i = 0; i < size; ++i) {
          const int b = rank[forward ? i : size - 1 - i];
          if (block[b] != b) continue;  // moved with its block's first item
          // A real box follows its real neighbours only (a skip edge's dummies bend to
          // meet it, the main chain stays straight); a dummy follows all of them.
          double sum = 0;
          int count = 0;
          double lo = -kInf, hi = kInf;
          for (int m = member_start[b]; m < member_start[b + 1]; ++m) {
            const int v = members[m];
            lo = std::max(lo, lower(v));
            hi = std::min(hi, upper(v));
            double s = 0, real_s = 0;
            int c = 0, real_c = 0;
            for (int side = 0; side < 2; ++side) {
              const std::vector<int>& start = side == 0 ? g_.up_start : g_.down_start;
              const std::vector<int>& adj = side == 0 ? g_.up : g_.down;
              for (int k = start[v]; k < start[v + 1]; ++k) {
                const int u = adj[k];
                if (block[u] == b) continue;
                s += x[u];
                ++c;
                if (g_.items[u].kind == ItemKind::kReal) {
                  real_s += x[u];
                  ++real_c;
                }
              }
            }
            if (g_.items[v].kind == ItemKind::kReal && real_c > 0) {
              s = real_s;
              c = real_c;
            }
            sum += s;
            count += c;
          }
          if (count == 0 || lo > hi) continue;
          const double want = std::min(std::max(sum / count, lo), hi);
          for (int m = member_start[b]; m < member_start[b + 1]; ++m) x[members[m]] = want;
        }
      }
      tighten();
    }
    tighten();
  }

  // A gap between ranks r and r + 1 where some edge crosses the strip of cluster c's left
  // padding that holds its label when the layout runs sideways; by cluster, then along
  // the flow.
  struct LabelCrossing {
    int cluster;
    int rank;
    bool flat;  // a same-rank edge dipping below rank r, not an S-curve across the gap
  };

  // Sideways, a label lies in its cluster's left padding, along the flow, where routes
  // run only across the gaps between ranks (S-curves) and in a same-rank edge's dip below
  // its rank: nothing runs along that padding inside a rank band, since items and
  // dummies stand right of it (inside) or left of the cluster (outside). So a label is
  // never under an edge when it keeps clear of the gaps (and dips) where some edge spans
  // the label's strip across the flow: one from inside to outside on the left, or one
  // passing over the whole cluster. Each edge piece is bounded by its end boxes' extent;
  // per gap the pieces sorted by their left end with a running maximum of right ends
  // answer "does any piece reach the strip" in a binary search.
  std::vector<LabelCrossing> FindLabelCrossings(const std::vector<double>& x) const {
    const int nr = g_.num_ranks();
    struct Span {
      double lo, hi;
      bool operator<(const Span& o) const { return lo != o.lo ? lo < o.lo : hi < o.hi; }
    };
    // Per rank r: pieces across the gap below it (flat = false) and dips (flat = true).
    std::vector<std::vector<Span>> gap(nr), dip(nr);
    const auto extent = [&](int v, double* lo, double* hi) {
      *lo = std::min(*lo, x[v] - g_.items[v].width / 2);
      *hi = std::max(*hi, x[v] + g_.items[v].width / 2);
    };
    for (int v = 0; v < n_; ++v) {
      for (int k = g_.down_start[v]; k < g_.down_start[v + 1]; ++k) {
        double lo = kInf, hi = -kInf;
        extent(v, &lo, &hi);
        extent(g_.down[k], &lo, &hi);
        gap[g_.items[v].rank].push_back({lo, hi});
      }
    }
    for (const LayeredEdge& e : g_.edges) {
      if (e.tail == e.head || g_.items[e.head].rank != g_.items[e.tail].rank) continue;
      double lo = kInf, hi = -kInf;
      extent(e.tail, &lo, &hi);
      extent(e.head, &lo, &hi);
      dip[g_.items[e.tail].rank].push_back({lo, hi});
    }
    std::vector<std::vector<double>> gap_reach(nr), dip_reach(nr);  // running max of hi
    for (int r = 0; r < nr; ++r) {
      for (auto* list : {&gap, &dip}) {
        std::vector<Span>& spans = (*list)[r];
        std::sort(spans.begin(), spans.end());
        std::vector<double>& reach = (list == &gap ? gap_reach : dip_reach)[r];
        reach.resize(spans.size());
        for (size_t i = 0; i < spans.size(); ++i) {
          reach[i] = std::max(spans[i].hi, i > 0 ? reach[i - 1] : -kInf);
        }
      }
    }
    // Whether a piece in `spans` overlaps the open strip (s0, s1).
    const auto hits = [](const std::vector<Span>& spans, const std::vector<double>& reach,
                         double s0, double s1) {
      const size_t n =
          std::lower_bound(spans.begin(), spans.end(), Span{s1, -kInf}) - spans.begin();
      return n > 0 && reach[n - 1] > s0;
    };
    const double inset = std::max(0.0, (g_.options.cluster_margin - 4) / 2);
    std::vector<LabelCrossing> out;
    for (int c = 0; c < nc_; ++c) {
      if (!(g_.clusters[c].label_width > 0) || max_rank_[c] < 0) continue;
      const double s0 = x[L(c)] + inset;
      const double s1 = s0 + g_.clusters[c].label_height;
      for (int r = min_rank_[c]; r <= max_rank_[c]; ++r) {
        // In the order along the flow: a dip starts right below the band, the gap after
        // the rank's padding.
        if (hits(dip[r], dip_reach[r], s0, s1)) out.push_back({c, r, true});
        if (r < max_rank_[c] && hits(gap[r], gap_reach[r], s0, s1)) out.push_back({c, r, false});
      }
    }
    return out;
  }

  // Rank bands in y (with `extra` room below some ranks), item y.
  void PlaceRanks(const std::vector<double>& height, const std::vector<double>& top_pad,
                  const std::vector<double>& bottom_pad, const std::vector<double>& extra) {
    const int nr = g_.num_ranks();
    g_.rank_top.assign(nr, 0);
    g_.rank_bottom.assign(nr, 0);
    g_.pad_top = top_pad;
    g_.pad_bottom = bottom_pad;
    double y = 0;
    for (int r = 0; r < nr; ++r) {
      g_.pad_bottom[r] += extra[r];
      y += top_pad[r];
      g_.rank_top[r] = y;
      y += height[r];
      g_.rank_bottom[r] = y;
      y += g_.pad_bottom[r];
      if (r + 1 < nr) y += g_.options.rank_sep;
    }
    g_.height = y;
    for (int v = 0; v < n_; ++v) {
      LayeredItem& it = g_.items[v];
      it.y = (g_.rank_top[it.rank] + g_.rank_bottom[it.rank]) / 2;
    }
  }

  // Cluster rectangles (x from the borders, y from the content, children first) and
  // label boxes, in the internal frame. Top to bottom the label sits at the top left (the
  // bottom left for BT), in the padding made for it. Sideways it runs along the left
  // padding from the first (LR; the last for RL) stretch no edge crosses that is long
  // enough; with none, after the last crossing, and the cluster grows to hold it.
  void PlaceClusters(const std::vector<double>& x, double lo,
                     const std::vector<LabelCrossing>& crossings) {
    const RankDir dir = g_.options.rankdir;
    const bool sideways = dir == RankDir::kLR || dir == RankDir::kRL;
    const double inset = std::max(0.0, (g_.options.cluster_margin - 4) / 2);
    std::vector<double> ctop(nc_, kInf), cbottom(nc_, -kInf);
    for (int v = 0; v < n_; ++v) {
      const LayeredItem& it = g_.items[v];
      if (it.cluster < 0) continue;
      const bool real = it.kind == ItemKind::kReal;
      ctop[it.cluster] =
          std::min(ctop[it.cluster], real ? it.y - it.height / 2 : g_.rank_top[it.rank]);
      cbottom[it.cluster] =
          std::max(cbottom[it.cluster], real ? it.y + it.height / 2 : g_.rank_bottom[it.rank]);
    }
    g_.cluster_boxes.assign(nc_, Box());
    g_.cluster_labels.assign(nc_, Box());
    // crossings is sorted by cluster: [first[c], first[c + 1]) are c's.
    std::vector<int> first(nc_ + 1, 0);
    for (const LabelCrossing& k : crossings) ++first[k.cluster + 1];
    for (int c = 0; c < nc_; ++c) first[c + 1] += first[c];
    const auto blocked = [&](const LabelCrossing& k) -> std::pair<double, double> {
      const int r = k.rank;
      if (k.flat) return {g_.rank_bottom[r], g_.rank_bottom[r] + kFlatDipRoom};
      const double below = g_.rank_bottom[r] + g_.pad_bottom[r];
      const double above =
          r + 1 < g_.num_ranks() ? g_.rank_top[r + 1] - g_.pad_top[r + 1] : g_.height;
      return {below, above};
    };
    for (int c = nc_ - 1; c >= 0; --c) {
      const LayoutCluster& cl = g_.clusters[c];
      const double top = ctop[c] - g_.padding[c].top;
      double bottom = cbottom[c] + g_.padding[c].bottom;
      const double left = x[L(c)] - lo;
      if (!sideways) {
        const double label_y = dir == RankDir::kTB ? top + inset : bottom - inset - cl.label_height;
        g_.cluster_labels[c] = Box{left, label_y, cl.label_width, cl.label_height};
      } else if (cl.label_width > 0 && max_rank_[c] >= 0) {
        const double need = cl.label_width;
        double at;
        if (dir == RankDir::kLR) {
          double start = top;
          at = -kInf;
          for (int i = first[c]; i < first[c + 1] && at == -kInf; ++i) {
            const auto [a, b] = blocked(crossings[i]);
            if (a - start >= need) at = start;
            start = std::max(start, b);
          }
          if (at == -kInf) at = start;
        } else {
          double end = bottom;
          at = -kInf;
          for (int i = first[c + 1] - 1; i >= first[c] && at == -kInf; --i) {
            const auto [a, b] = blocked(crossings[i]);
            if (end - b >= need) at = end - need;
            end = std::min(end, a);
          }
          if (at == -kInf) at = end - need >= top ? end - need : -kInf;
          if (at == -kInf) {
            // No stretch is long enough: after the last crossing, growing at the end.
            at = first[c + 1] > first[c] ? blocked(crossings[first[c + 1] - 1]).second : top;
          }
        }
        bottom = std::max(bottom, at + need);
        g_.cluster_labels[c] = Box{left + inset, at, cl.label_height, need};
      }
      g_.cluster_boxes[c] = Box{left, top, x[R(c)] - x[L(c)], bottom - top};
      const int p = cl.parent;
      if (p >= 0) {
        ctop[p] = std::min(ctop[p], top);
        cbottom[p] = std::max(cbottom[p], bottom);
      }
    }
  }

  // Rank bands in y, shift x to start at 0, cluster rectangles and labels.
  void Finish(std::vector<double>& x) {
    const int nr = g_.num_ranks();
    std::vector<double> height(nr, 0), top_pad(nr, 0), bottom_pad(nr, 0);
    for (int v = 0; v < n_; ++v) {
      const LayeredItem& it = g_.items[v];
      height[it.rank] = std::max(height[it.rank], it.height);
      double top = 0, bottom = 0;
      for (int c = it.cluster; c >= 0; c = g_.clusters[c].parent) {
        if (min_rank_[c] == it.rank) top += g_.padding[c].top;
        if (max_rank_[c] == it.rank) bottom += g_.padding[c].bottom;
      }
      top_pad[it.rank] = std::max(top_pad[it.rank], top);
      bottom_pad[it.rank] = std::max(bottom_pad[it.rank], bottom);
    }

    double lo = kInf, hi = -kInf;
    for (int v = 0; v < n_; ++v) {
      lo = std::min(lo, x[v] - g_.items[v].width / 2);
      hi = std::max(hi, x[v] + HalfRight(v));
    }
    for (int c = 0; c < nc_; ++c) {
      lo = std::min(lo, x[L(c)]);
      hi = std::max(hi, x[R(c)]);
    }
    if (n_ == 0) lo = hi = 0;
    for (int v = 0; v < n_; ++v) g_.items[v].x = x[v] - lo;
    g_.width = hi - lo;

    const RankDir dir = g_.options.rankdir;
    const std::vector<LabelCrossing> crossings = dir == RankDir::kLR || dir == RankDir::kRL
                                                     ? FindLabelCrossings(x)
                                                     : std::vector<LabelCrossing>();
    // A sideways label longer than the stretch it gets makes its cluster grow into room
    // made below its last rank, where no edge crosses (S-curves start below a rank's
    // padding). Every cluster, with the padding of the ancestors ending with it, must end
    // above that gap. Growing only lengthens the stretches, so a second round settles it.
    std::vector<double> extra(nr, 0);
    for (int round = 0;; ++round) {
      PlaceRanks(height, top_pad, bottom_pad, extra);
      PlaceClusters(x, lo, crossings);
      bool changed = false;
      for (int c = 0; c < nc_; ++c) {
        const int r = max_rank_[c];
        if (r < 0) continue;
        double below = g_.cluster_boxes[c].y + g_.cluster_boxes[c].height - g_.rank_bottom[r];
        for (int a = g_.clusters[c].parent; a >= 0 && max_rank_[a] == r;
             a = g_.clusters[a].parent) {
          below += g_.padding[a].bottom;
        }
        if (below > bottom_pad[r] + extra[r] + 1e-6) {
          extra[r] = below - bottom_pad[r];
          changed = true;
        }
      }
      if (!changed || round >= kMaxLabelRounds) break;
    }
  }

  LayeredGraph& g_;
  int n_ = 0;
  int nc_ = 0;
  std::vector<char> marked_;
  std::vector<char> real_link_up_, real_link_down_;
  std::vector<int> label_rank_;           // empty for LR/RL
  std::vector<int> min_rank_, max_rank_;  // per cluster, over all its items
};

}  // namespace

void CoordinateAssignment::Run(LayeredGraph& g) const { XSolver(g).Run(); }

}  // namespace graphgen
