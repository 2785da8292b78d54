// Crossing minimisation by layer sweeps with clusters kept contiguous.
//
// Within a rank, each cluster present there is sorted as one block among the loose items
// of its parent (Sander's hierarchical barycenter). Blocks of sibling clusters are then
// put into one order shared by all ranks (by the mean barycenter of their items over the
// previous sweep), which keeps sibling cluster rectangles disjoint.
#include <algorithm>
#include <cstdint>
#include <utility>
#include <vector>

#include "layout/layered/layered_phases.h"

namespace graphgen {
namespace {

constexpr int kMaxIterations = 10;       // down+up sweep pairs
constexpr int kPatience = 2;             // iterations without improvement before stopping
constexpr int kTranspositionPasses = 3;  // per iteration, each stops when nothing swaps

class Orderer {
 public:
  explicit Orderer(LayeredGraph& g) : g_(g) {
    const size_t nc = g.clusters.size();
    key_.assign(nc, 0);
    key_sum_.assign(nc, 0);
    key_count_.assign(nc, 0);
    touched_.assign(nc, 0);
    loose_.resize(nc + 1);
    child_.resize(nc + 1);
    csum_.assign(nc, 0);
    ccount_.assign(nc, 0);
    val_.assign(g.items.size(), 0);
  }

  void Run() {
    if (g_.ranks.empty()) return;
    InitialOrder();
    UpdateKeys();
    for (int r = 0; r < g_.num_ranks(); ++r) SortRank(r, /*from_above=*/true, /*fixed=*/true);
    UpdateKeys();
    std::vector<std::vector<int>> best = g_.ranks;
    int64_t best_crossings = CountAll();
    int stale = 0;
    for (int it = 0; it < kMaxIterations && best_crossings > 0 && stale < kPatience; ++it) {
      for (int r = 1; r < g_.num_ranks(); ++r) SortRank(r, true, false);
      for (int r = g_.num_ranks() - 2; r >= 0; --r) SortRank(r, false, false);
      UpdateKeys();
      for (int p = 0; p < kTranspositionPasses; ++p) {
        if (!TransposeAll()) break;
      }
      const int64_t c = CountAll();
      if (c < best_crossings) {
        best_crossings = c;
        best = g_.ranks;
        stale = 0;
      } else {
        ++stale;
      }
    }
    g_.ranks = std::move(best);
    for (const std::vector<int>& rank : g_.ranks) {
      for (size_t i = 0; i < rank.size(); ++i) g_.items[rank[i]].order = static_cast<int>(i);
    }
  }

 private:
  int Pos(int v) const { return g_.items[v].order; }

  // Depth-first from the top items in id order, as dot does: each item is appended to its
  // rank when first reached, so connected items start out near each other.
  void InitialOrder() {
    const size_t n = g_.items.size();
    std::vector<char> seen(n, 0);
    std::vector<std::vector<int>> ranks(g_.ranks.size());
    std::vector<std::pair<int, int>> stack;
    const auto visit = [&](int root) {
      if (seen[root]) return;
      seen[root] = 1;
      ranks[g_.items[root].rank].push_back(root);
      stack.emplace_back(root, g_.down_start[root]);
      while (!stack.empty()) {
        auto& [v, next] = stack.back();
        if (next == g_.down_start[v + 1]) {
          stack.pop_back();
          continue;
        }
        const int w = g_.down[next++];
        if (seen[w]) continue;
        seen[w] = 1;
        ranks[g_.items[w].rank].push_back(w);
        stack.emplace_back(w, g_.down_start[w]);
      }
    };
    for (const std::vector<int>& rank : g_.ranks) {
      for (int v : rank) {
        if (g_.up_start[v] == g_.up_start[v + 1]) visit(v);
      }
    }
    for (size_t v = 0; v < n; ++v) visit(static_cast<int>(v));
    g_.ranks = std::move(ranks);
    for (const std::vector<int>& rank : g_.ranks) {
      for (size_t i = 0; i < rank.size(); ++i) g_.items[rank[i]].order = static_cast<int>(i);
    }
  }

  // Cluster keys: the mean relative position of a cluster's items (its own and its
  // descendants') over all ranks, as of the current order.
  void UpdateKeys() {
    const size_t nc = g_.clusters.size();
    if (nc == 0) return;
    std::fill(key_sum_.begin(), key_sum_.end(), 0.0);
    std::fill(key_count_.begin(), key_count_.end(), 0.0);
    for (const std::vector<int>& rank : g_.ranks) {
      const double size = static_cast<double>(rank.size());
      for (size_t i = 0; i < rank.size(); ++i) {
        for (int c = g_.items[rank[i]].cluster; c >= 0; c = g_.clusters[c].parent) {
          key_sum_[c] += (i + 0.5) / size;
          key_count_[c] += 1;
        }
      }
    }
    for (size_t c = 0; c < nc; ++c) key_[c] = key_count_[c] > 0 ? key_sum_[c] / key_count_[c] : 0;
  }

  // Sorts rank r by the barycenters of its neighbours in rank r-1 (from_above) or r+1.
  // With `fixed`, items keep their current positions as values (just grouping clusters).
  void SortRank(int r, bool from_above, bool fixed) {
    std::vector<int>& rank = g_.ranks[r];
    const double size = static_cast<double>(rank.size());
    const int other = from_above ? r - 1 : r + 1;
    const double other_size =
        other >= 0 && other < g_.num_ranks() ? static_cast<double>(g_.ranks[other].size()) : 1;
    for (size_t i = 0; i < rank.size(); ++i) {
      const int v = rank[i];
      double sum = 0;
      int count = 0;
      if (!fixed) {
        const int* begin = from_above ? &g_.up[0] + g_.up_start[v] : &g_.down[0] + g_.down_start[v];
        const int* end =
            from_above ? &g_.up[0] + g_.up_start[v + 1] : &g_.down[0] + g_.down_start[v + 1];
        for (const int* p = begin; p < end; ++p) {
          sum += Pos(*p);
          ++count;
        }
      }
      // Relative positions in [0, 1], so ranks of different sizes compare.
      val_[v] = count > 0 ? (sum / count + 0.5) / other_size : (i + 0.5) / size;
    }
    HierarchicalSort(rank);
    for (size_t i = 0; i < rank.size(); ++i) g_.items[rank[i]].order = static_cast<int>(i);
  }

  // Entries of a cluster slot: an item (>= 0) or a child cluster (encoded -2 - c).
  struct Entry {
    double value;
    int tie;
    int id;
  };

  void HierarchicalSort(std::vector<int>& rank) {
    if (g_.clusters.empty()) {
      std::vector<Entry> entries;
      entries.reserve(rank.size());
      for (size_t i = 0; i < rank.size(); ++i) {
        entries.push_back({val_[rank[i]], static_cast<int>(i), rank[i]});
      }
      SortEntries(entries);
      for (size_t i = 0; i < rank.size(); ++i) rank[i] = entries[i].id;
      return;
    }
    touched_list_.clear();
    for (size_t i = 0; i < rank.size(); ++i) {
      const int v = rank[i];
      const int c = g_.items[v].cluster;
      loose_[c + 1].push_back({val_[v], static_cast<int>(i), v});
      for (int cc = c; cc >= 0 && !touched_[cc]; cc = g_.clusters[cc].parent) {
        touched_[cc] = 1;
        touched_list_.push_back(cc);
        child_[g_.clusters[cc].parent + 1].push_back(cc);
      }
    }
    // Cluster values: the mean value of their items here, children before parents.
    std::sort(touched_list_.begin(), touched_list_.end());
    for (int c : touched_list_) {
      csum_[c] = 0;
      ccount_[c] = 0;
    }
    for (size_t k = touched_list_.size(); k-- > 0;) {
      const int c = touched_list_[k];
      for (const Entry& e : loose_[c + 1]) {
        csum_[c] += e.value;
        ccount_[c] += 1;
      }
      const int p = g_.clusters[c].parent;
      if (p >= 0) {
        csum_[p] += csum_[c];
        ccount_[p] += ccount_[c];
      }
    }
    out_.clear();
    Emit(-1);
    rank.swap(out_);
    for (int c : touched_list_) {
      touched_[c] = 0;
      loose_[c + 1].clear();
      child_[c + 1].clear();
    }
    loose_[0].clear();
    child_[0].clear();
  }

  // Writes slot `root`'s items in order, expanding child clusters (iteratively).
  void Emit(int root) {
    struct Frame {
      std::vector<Entry> entries;
      size_t next;
    };
    std::vector<Frame> stack;
    stack.push_back({SlotEntries(root), 0});
    while (!stack.empty()) {
      Frame& f = stack.back();
      if (f.next == f.entries.size()) {
        stack.pop_back();
        continue;
      }
      const int id = f.entries[f.next++].id;
      if (id >= 0) {
        out_.push_back(id);
      } else {
        std::vector<Entry> entries = SlotEntries(-2 - id);
        stack.push_back({std::move(entries), 0});
      }
    }
  }

  std::vector<Entry> SlotEntries(int c) {
    std::vector<Entry> entries = loose_[c + 1];
    std::vector<int>& kids = child_[c + 1];
    for (int k : kids) {
      // A cluster's tie is its smallest item's index, so equal values keep the order.
      entries.push_back({csum_[k] / ccount_[k], 0, -2 - k});
    }
    SortEntries(entries);
    if (kids.size() > 1) {
      // Sibling clusters take the slots their values gave them, in key order.
      std::sort(kids.begin(), kids.end(),
                [&](int a, int b) { return key_[a] != key_[b] ? key_[a] < key_[b] : a < b; });
      size_t k = 0;
      for (Entry& e : entries) {
        if (e.id < 0) e.id = -2 - kids[k++];
      }
    }
    return entries;
  }

  static void SortEntries(std::vector<Entry>& entries) {
    std::sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) {
      if (a.value != b.value) return a.value < b.value;
      if (a.tie != b.tie) return a.tie < b.tie;
      return a.id < b.id;
    });
  }

  // Crossings between u and v's segments on both sides if u stands left of v.
  int64_t PairCrossings(int u, int v) {
    int64_t total = 0;
    for (int side = 0; side < 2; ++side) {
      const std::vector<int>& adj = side == 0 ? g_.up : g_.down;
      const std::vector<int>& start = side == 0 ? g_.up_start : g_.down_start;
      a_.clear();
      b_.clear();
      for (int k = start[u]; k < start[u + 1]; ++k) a_.push_back(Pos(adj[k]));
      for (int k = start[v]; k < start[v + 1]; ++k) b_.push_back(Pos(adj[k]));
      if (a_.empty() || b_.empty()) continue;
      std::sort(a_.begin(), a_.end());
      std::sort(b_.begin(), b_.end());
      // Pairs with pos(a) > pos(b).
      size_t j = 0;
      for (int x : a_) {
        while (j < b_.size() && b_[j] < x) ++j;
        total += static_cast<int64_t>(j);
      }
    }
    return total;
  }

  bool TransposeAll() {
    bool any = false;
    for (std::vector<int>& rank : g_.ranks) {
      for (size_t i = 0; i + 1 < rank.size(); ++i) {
        const int u = rank[i];
        const int v = rank[i + 1];
        if (g_.items[u].cluster != g_.items[v].cluster) continue;
        if (PairCrossings(v, u) < PairCrossings(u, v)) {
          std::swap(rank[i], rank[i + 1]);
          g_.items[u].order = static_cast<int>(i + 1);
          g_.items[v].order = static_cast<int>(i);
          any = true;
        }
      }
    }
    return any;
  }

  // Total crossings: per pair of ranks, inversions of the lower ends when segments are
  // sorted by their upper ends (Barth, Jünger, Mutzel), with a Fenwick tree.
  int64_t CountAll() {
    int64_t total = 0;
    std::vector<int> tree;
    for (int r = 0; r + 1 < g_.num_ranks(); ++r) {
      const std::vector<int>& upper = g_.ranks[r];
      const int lower_size = static_cast<int>(g_.ranks[r + 1].size());
      tree.assign(lower_size + 1, 0);
      int inserted = 0;
      for (int u : upper) {
        a_.clear();
        for (int k = g_.down_start[u]; k < g_.down_start[u + 1]; ++k) a_.push_back(Pos(g_.down[k]));
        std::sort(a_.begin(), a_.end());
        for (int p : a_) {
          // Segments already inserted whose lower end lies right of p cross this one.
          int le = 0;
          for (int i = p + 1; i > 0; i -= i & -i) le += tree[i];
          total += inserted - le;
          for (int i = p + 1; i <= lower_size; i += i & -i) ++tree[i];
          ++inserted;
        }
      }
    }
    return total;
  }

  LayeredGraph& g_;
  std::vector<double> key_, key_sum_, key_count_;
  std::vector<char> touched_;
  std::vector<int> touched_list_;
  std::vector<std::vector<Entry>> loose_;
  std::vector<std::vector<int>> child_;
  std::vector<double> csum_, ccount_;
  std::vector<double> val_;
  std::vector<int> out_;
  std::vector<int> a_, b_;
};

}  // namespace

void CrossingMinimisation::Run(LayeredGraph& g) const { Orderer(g).Run(); }

}  // namespace graphgen
