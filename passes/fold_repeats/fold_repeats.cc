#include "passes/fold_repeats/fold_repeats.h"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <functional>
#include <map>
#include <numeric>
#include <queue>
#include <tuple>

#include "core/checked_math.h"
#include "core/text.h"
#include "passes/fold_constants/fold_constants.h"

namespace graphgen {
namespace {

// Model order when it is already topological (the usual case), else Kahn's order taking
// the earliest ready node first; nodes on cycles follow in model order. Blocks are found
// as consecutive stretches of this order.
std::vector<int> StableTopologicalOrder(const LayerGraph& g) {
  const int n = static_cast<int>(g.nodes.size());
  std::vector<int> order(n);
  std::iota(order.begin(), order.end(), 0);
  bool topological = true;
  for (int i = 0; i < n && topological; ++i) {
    for (int t : g.nodes[i].inputs) {
      if (g.tensors[t].producer >= i) topological = false;
    }
  }
  if (topological) return order;
  std::vector<int> indegree(n, 0);
  for (int i = 0; i < n; ++i) {
    for (int t : g.nodes[i].inputs) {
      const int p = g.tensors[t].producer;
      if (p >= 0 && p != i) ++indegree[i];
    }
  }
  std::priority_queue<int, std::vector<int>, std::greater<int>> ready;
  for (int i = 0; i < n; ++i) {
    if (indegree[i] == 0) ready.push(i);
  }
  order.clear();
  std::vector<bool> placed(n, false);
  while (!ready.empty()) {
    const int u = ready.top();
    ready.pop();
    order.push_back(u);
    placed[u] = true;
    for (int t : g.nodes[u].outputs) {
      for (int c : g.tensors[t].consumers) {
        if (c != u && --indegree[c] == 0) ready.push(c);
      }
    }
  }
  for (int i = 0; i < n; ++i) {
    if (!placed[i]) order.push_back(i);
  }
  return order;
}

// "layers.3" -> "layers", "layer_3" -> "layer", "block3" -> "block": the name a scope has
// without its index, so blocks k and k+1 compare equal and a run can be named.
std::string StripIndex(const std::string& name) {
  size_t end = name.size();
  while (end > 0 && name[end - 1] >= '0' && name[end - 1] <= '9') --end;
  if (end == name.size()) return name;
  if (end > 0 && (name[end - 1] == '.' || name[end - 1] == '_' || name[end - 1] == '-' ||
                  name[end - 1] == ':')) {
    --end;
  }
  return name.substr(0, end);
}

void AppendField(std::string& key, const std::string& field) {
  key += std::to_string(field.size());
  key += ':';
  key += field;
}

// How a block's op reads one input, relative to the block: from an op of the same block
// (kInner), from the block before (kPrevious), or from elsewhere (kOuter: the same tensor
// must feed every block).
enum class Source { kInner, kPrevious, kOuter, kLater };

struct Read {
  Source source = Source::kOuter;
  int offset = 0;  // kInner / kPrevious: position of the producer within its block
  int output = 0;  // kInner / kPrevious: which output of the producer
  int tensor = -1;
  int producer = -1;  // kOuter: the op that made the tensor, or -1
};

// Outer reads match when they name the same tensor, or different outputs of one op
// before the run: step k of an unrolled RNN reads output k of one Unstack/Split.
bool SameRead(const Read& a, const Read& b) {
  if (a.source != b.source) return false;
  if (a.source == Source::kOuter) {
    return a.tensor == b.tensor || (a.producer >= 0 && a.producer == b.producer);
  }
  return a.offset == b.offset && a.output == b.output;
}

struct Run {
  int start = 0;  // position in the order of the first block's first op
  int block = 0;  // ops per block
  int count = 0;  // blocks
};

class Folder {
 public:
  Folder(LayerGraph& graph, const FoldOptions& options) : g_(graph), o_(options) {}

  std::vector<FoldedRun> Fold() {
    const int n = static_cast<int>(g_.nodes.size());
    if (o_.min_repeats < 2 || n < 2 * o_.min_repeats) return {};
    order_ = StableTopologicalOrder(g_);
    pos_.assign(n, -1);
    for (int i = 0; i < n; ++i) pos_[order_[i]] = i;
    ComputeSignatures();
    latest_read_.assign(n, -1);
    for (int y = 0; y < n; ++y) {
      for (int t : g_.nodes[order_[y]].inputs) {
        const int producer = g_.tensors[t].producer;
        if (producer >= 0 && pos_[producer] < y) {
          latest_read_[y] = std::max(latest_read_[y], pos_[producer]);
        }
      }
    }
    std::vector<Run> runs;
    // The search costs O(n) per block size: past kFoldWork positions × sizes in all, the
    // largest block size shrinks, so a 200,000-op graph (issue 21: one Sum reading
    // 200,000 Relus, > 60 s) stays within seconds. Graphs up to 40,000 ops keep the full
    // max_block_ops; their runs are unchanged.
    constexpr int64_t kFoldWork = int64_t{20} << 20;
    const int max_block = static_cast<int>(std::min<int64_t>(
        {o_.max_block_ops, n / o_.min_repeats, std::max<int64_t>(kFoldWork / n, 8)}));
    for (int p = 1; p <= max_block; ++p) FindRuns(p, runs);
    return Apply(Select(runs));
  }

 private:
  // One integer per position: equal for ops that could be the same op of two copies of a
  // block; unique (negative) for what must never be folded.
  void ComputeSignatures() {
    const int n = static_cast<int>(g_.nodes.size());
    std::vector<bool> in_body(g_.scopes.size(), false);
    for (size_t s = 1; s < g_.scopes.size(); ++s) {
      in_body[s] = g_.scopes[s].kind == ScopeKind::kSubgraph || in_body[g_.scopes[s].parent];
    }
    std::vector<bool> owns_body(n, false);
    for (const Scope& s : g_.scopes) {
      if (s.owner_node >= 0 && s.owner_node < n) owns_body[s.owner_node] = true;
    }
    std::map<std::string, int> ids;
    sig_.assign(n, 0);
    for (int x = 0; x < n; ++x) {
      const int id = order_[x];
      const Node& node = g_.nodes[id];
      const bool foldable = (node.kind == NodeKind::kOp || node.kind == NodeKind::kGroup) &&
                            !in_body[node.scope] && !owns_body[id];
      if (!foldable) {
        sig_[x] = -1 - x;
        continue;
      }
      std::string key;
      AppendField(key, std::to_string(static_cast<int>(node.kind)));
      AppendField(key, node.kind == NodeKind::kGroup ? StripIndex(node.op_type) : node.op_type);
      AppendField(key, node.domain);
      // What the op uses, not what it owns: the first of several layers reading one
      // shared weight (tied or deduplicated by the exporter) owns it.
      if (!o_.alike) AppendField(key, std::to_string(node.params + node.shared_params));
      AppendField(key, std::to_string(node.op_count));
      AppendField(key, std::to_string(node.copies));
      AppendField(key, node.activation);
      // Blocks of different groups (an encoder's and a decoder's) never fold together.
      AppendField(key, std::to_string(node.partition));
      // A fused chain (--fuse) is its ops: "Conv · BN · Relu" never matches "Conv · Relu".
      AppendField(key, std::to_string(node.fused.size()));
      for (const FusedOp& op : node.fused) AppendField(key, op.op_type + (op.weight ? "*" : ""));
      AppendField(key, std::to_string(node.attributes.size()));
      for (const Attribute& a : node.attributes) {
        AppendField(key, a.name);
        AppendField(key, a.value);
      }
      AppendField(key, std::to_string(node.inputs.size()));
      AppendField(key, std::to_string(node.outputs.size()));
      for (int t : node.outputs) {
        const TensorType& type = g_.tensors[t].type;
        AppendField(key, DTypeName(type.dtype));
        AppendField(
            key, o_.alike ? std::to_string(type.rank_known ? static_cast<int64_t>(type.dims.size())
                                                           : int64_t{-1})
                          : FormatShape(type));
      }
      sig_[x] = ids.emplace(key, static_cast<int>(ids.size())).first->second;
    }
  }

  // Where each input of the block starting at position `b` (of `p` ops) comes from. False
  // when an op reads from a later position (a cycle), which no run may contain.
  bool Reads(int b, int p, std::vector<Read>& out) const {
    out.clear();
    for (int r = 0; r < p; ++r) {
      for (int t : g_.nodes[order_[b + r]].inputs) {
        Read read;
        read.tensor = t;
        const int producer = g_.tensors[t].producer;
        read.producer = producer;
        const int x = producer >= 0 ? pos_[producer] : -1;
        if (x >= b + p) return false;
        if (x >= b) {
          read.source = Source::kInner;
          read.offset = x - b;
        } else if (x >= b - p && x >= 0) {
          read.source = Source::kPrevious;
          read.offset = x - (b - p);
        }
        if (read.source != Source::kOuter) {
          const std::vector<int>& outs = g_.nodes[producer].outputs;
          read.output = static_cast<int>(std::find(outs.begin(), outs.end(), t) - outs.begin());
        }
        out.push_back(read);
      }
    }
    return true;
  }

  // The first block of a run reads from before the run where the others read from the
  // block before; everything else must match the second block's reads.
  static bool FirstBlockMatches(const std::vector<Read>& first, const std::vector<Read>& ref) {
    if (first.size() != ref.size()) return false;
    for (size_t i = 0; i < ref.size(); ++i) {
      switch (ref[i].source) {
        case Source::kInner:
          if (!SameRead(first[i], ref[i])) return false;
          break;
        case Source::kPrevious:
          if (first[i].source == Source::kInner) return false;
          break;
        case Source::kOuter:
          if (first[i].tensor != ref[i].tensor &&
              (ref[i].producer < 0 || first[i].producer != ref[i].producer)) {
            return false;
          }
          break;
        case Source::kLater:
          return false;
      }
    }
    return true;
  }

  static bool BlockMatches(const std::vector<Read>& block, const std::vector<Read>& ref) {
    if (block.size() != ref.size()) return false;
    for (size_t i = 0; i < ref.size(); ++i) {
      if (!SameRead(block[i], ref[i])) return false;
    }
    return true;
  }

  // Runs of blocks of `p` ops: first stretches where the signature repeats with period p,
  // then, at the block boundary that cuts fewest tensors, blocks whose wiring matches.
  void FindRuns(int p, std::vector<Run>& runs) const {
    const int n = static_cast<int>(sig_.size());
    int a = -1;
    for (int x = 0; x + p <= n; ++x) {
      const bool same = x + p < n && sig_[x] == sig_[x + p];
      if (same && a < 0) a = x;
      if (!same && a >= 0) {
        const int len = x - a + p;
        if (len >= o_.min_repeats * p) RunsInStretch(a, len, p, runs);
        a = -1;
      }
    }
  }

  void RunsInStretch(int a, int len, int p, std::vector<Run>& runs) const {
    // A run's blocks read the block before, so some op reads one at most 2p - 1 earlier
    // inside the stretch; without one (200,000 Relus side by side, each reading the same
    // tensor: issue 21) there is no run, whatever the phase.
    bool reads_previous = false;
    for (int y = a; y < a + len && !reads_previous; ++y) {
      reads_previous = latest_read_[y] >= std::max(a, y - 2 * p + 1);
    }
    if (!reads_previous) return;
    // cut[i]: tensors made before position a+i and read at or after it.
    std::vector<int> cut(len + 2, 0);
    for (int y = a; y < a + len; ++y) {
      for (int t : g_.nodes[order_[y]].outputs) {
        int last = -1;
        for (int c : g_.tensors[t].consumers) last = std::max(last, pos_[c]);
        if (last <= y) continue;
        const int hi = std::min(last, a + len);
        cut[y + 1 - a] += 1;
        cut[hi - a + 1] -= 1;
      }
    }
    for (int i = 1; i <= len; ++i) cut[i] += cut[i - 1];

    int best_phase = -1;
    double best_cut = 0;
    int best_aligned = 0;
    int best_count = 0;
    bool best_weighted = false;
    for (int phase = 0; phase < p; ++phase) {
      const int count = (len - phase) / p;
      if (count < o_.min_repeats) break;
      // int64: up to n tensors live at each of n positions (issue 21: signed overflow).
      int64_t total = 0;
      int aligned = 0;
      for (int k = 1; k < count; ++k) {
        const int x = a + phase + k * p;
        total += cut[x - a];
        aligned += g_.nodes[order_[x]].scope != g_.nodes[order_[x - 1]].scope;
      }
      const double mean = static_cast<double>(total) / (count - 1);
      // A block reads best starting at a layer with weights (Conv, MatMul, LayerNorm)
      // rather than at the activation that ended the one before.
      const Node& head = g_.nodes[order_[a + phase]];
      const bool weighted = head.params + head.shared_params > 0;
      const auto better = [&] {
        if (best_phase < 0 || mean != best_cut) return best_phase < 0 || mean < best_cut;
        // Compared as fractions, in int64: both counts can be n.
        const int64_t ours = int64_t{aligned} * (best_count - 1);
        const int64_t theirs = int64_t{best_aligned} * (count - 1);
        if (ours != theirs) return ours > theirs;
        // More blocks first: an unrolled LSTM's last step has no next step's Concat, so
        // blocks starting at the MatMul would leave it out.
        if (count != best_count) return count > best_count;
        return weighted && !best_weighted;
      };
      if (better()) {
        best_phase = phase;
        best_cut = mean;
        best_aligned = aligned;
        best_count = count;
        best_weighted = weighted;
      }
    }
    if (best_phase < 0) return;

    const int count = best_count;
    const auto start = [&](int k) { return a + best_phase + k * p; };
    std::vector<Read> first, ref, other;
    int k = 0;
    // Whether the block at b may read the block before: some op's latest read is at or
    // after b - p. Cheaper than Reads, and most blocks of a wide graph fail it.
    const auto may_read_previous = [&](int b) {
      for (int y = b; y < b + p; ++y) {
        if (latest_read_[y] >= b - p) return true;
      }
      return false;
    };
    while (k + 1 < count) {
      if (!may_read_previous(start(k + 1)) || !Reads(start(k + 1), p, ref) ||
          !Reads(start(k), p, first) ||
          std::none_of(ref.begin(), ref.end(),
                       [](const Read& r) { return r.source == Source::kPrevious; }) ||
          !FirstBlockMatches(first, ref)) {
        ++k;
        continue;
      }
      int m = 2;
      while (k + m < count && Reads(start(k + m), p, other) && BlockMatches(other, ref)) ++m;
      if (m >= o_.min_repeats) {
        runs.push_back(Run{start(k), p, m});
        k += m;
      } else {
        k += m - 1;
      }
    }
  }

  // Most ops covered first; then shorter blocks (12 layers rather than 6 pairs), then
  // earlier. Runs never overlap.
  std::vector<Run> Select(std::vector<Run> runs) const {
    std::sort(runs.begin(), runs.end(), [](const Run& x, const Run& y) {
      const int64_t cx = static_cast<int64_t>(x.block) * x.count;
      const int64_t cy = static_cast<int64_t>(y.block) * y.count;
      return std::make_tuple(-cx, x.block, x.start) < std::make_tuple(-cy, y.block, y.start);
    });
    std::vector<bool> taken(sig_.size(), false);
    std::vector<Run> chosen;
    for (const Run& run : runs) {
      const int end = run.start + run.block * run.count;
      bool free = true;
      for (int x = run.start; x < end && free; ++x) free = !taken[x];
      if (!free || Unfolded(run)) continue;
      for (int x = run.start; x < end; ++x) taken[x] = true;
      chosen.push_back(run);
    }
    std::sort(chosen.begin(), chosen.end(),
              [](const Run& x, const Run& y) { return x.start < y.start; });
    return chosen;
  }

  int CommonScope(int a, int b) const {
    while (a != b) {
      if (g_.scopes[a].depth >= g_.scopes[b].depth) {
        a = g_.scopes[a].parent;
      } else {
        b = g_.scopes[b].parent;
      }
    }
    return a;
  }

  int RunScope(const Run& run) const {
    int common = g_.nodes[order_[run.start]].scope;
    for (int x = run.start; x < run.start + run.block * run.count; ++x) {
      common = CommonScope(common, g_.nodes[order_[x]].scope);
    }
    return common;
  }

  // The child of `ancestor` on the way to `scope`, or -1 when scope is the ancestor.
  int ChildToward(int scope, int ancestor) const {
    if (scope == ancestor) return -1;
    while (g_.scopes[scope].parent != ancestor) scope = g_.scopes[scope].parent;
    return scope;
  }

  // The scope each block has of its own ("layers.0"), when all of the first block's ops
  // sit in one child of the run's common scope; -1 otherwise.
  int BlockScope(const Run& run, int common) const {
    int block_scope = -2;
    for (int r = 0; r < run.block; ++r) {
      const int c = ChildToward(g_.nodes[order_[run.start + r]].scope, common);
      if (block_scope == -2) block_scope = c;
      if (c != block_scope) return -1;
    }
    return block_scope;
  }

  std::string RunName(const Run& run) const {
    const int common = RunScope(run);
    const int block_scope = BlockScope(run, common);
    if (block_scope > 0) {
      const std::string stripped = StripIndex(g_.scopes[block_scope].name);
      if (!stripped.empty()) return stripped;
      if (common > 0) return g_.scopes[common].name;
      return g_.scopes[block_scope].name;
    }
    // No scope says what a block is: name it by its first op types.
    std::vector<std::string> types;
    bool more = false;
    for (int r = 0; r < run.block; ++r) {
      const std::string& type = g_.nodes[order_[run.start + r]].op_type;
      if (std::find(types.begin(), types.end(), type) != types.end()) continue;
      if (types.size() == 3) {
        more = true;
        break;
      }
      types.push_back(type);
    }
    std::string name;
    for (const std::string& t : types) name += (name.empty() ? "" : "\xE2\x86\x92") + t;
    return more ? name + "\xE2\x80\xA6" : name;
  }

  // What the run's label calls it: its blocks' own scopes as an index range when they
  // have them ("layer2.1–3": blocks 1 to 3 of layer2, not the whole stage repeated),
  // otherwise its name.
  std::string RangeName(const Run& run) const {
    const int common = RunScope(run);
    const int first = BlockScope(run, common);
    if (first <= 0) return RunName(run);
    const int last =
        ChildToward(g_.nodes[order_[run.start + (run.count - 1) * run.block]].scope, common);
    if (last <= 0) return RunName(run);
    const std::string& a = g_.scopes[first].name;
    const std::string& b = g_.scopes[last].name;
    const auto stem = [](const std::string& s) {
      size_t end = s.size();
      while (end > 0 && std::isdigit(static_cast<unsigned char>(s[end - 1]))) --end;
      return end;
    };
    const size_t sa = stem(a), sb = stem(b);
    if (sa == a.size() || sb == b.size() || a.compare(0, sa, b, 0, sb) != 0 || sa != sb) {
      return RunName(run);
    }
    return a + "\xE2\x80\x93" + b.substr(sb);
  }

  bool Unfolded(const Run& run) const {
    if (o_.unfold.empty()) return false;
    const std::string name = RunName(run);
    for (const std::string& u : o_.unfold) {
      if (u == name) return true;
      for (int r = 0; r < run.block; ++r) {
        const Node& node = g_.nodes[order_[run.start + r]];
        const std::string& path = g_.scopes[node.scope].path;
        if (node.name == u || path == u ||
            (path.size() > u.size() && path.compare(0, u.size(), u) == 0 &&
             path[u.size()] == '/')) {
          return true;
        }
      }
    }
    return false;
  }

  std::vector<FoldedRun> Apply(const std::vector<Run>& runs) {
    std::vector<FoldedRun> folded;
    if (runs.empty()) return folded;
    std::vector<int> replace(g_.tensors.size(), -1);
    std::vector<bool> remove(g_.nodes.size(), false);
    // Per node: the kept op it folds into (itself when it stays), for control edges.
    std::vector<int> stand_in(g_.nodes.size());
    std::iota(stand_in.begin(), stand_in.end(), 0);
    std::vector<Read> ref;
    for (const Run& run : runs) {
      const int common = RunScope(run);
      const int block_scope = BlockScope(run, common);
      FoldedRun out;
      out.name = RunName(run);
      out.repeats = run.count;

      RepeatInfo info;
      info.repeats = run.count;
      info.replaces_block_scope = block_scope > 0;
      info.name = out.name;
      info.alike = o_.alike;
      for (int k = 0; k < run.count; ++k) {
        const int first = run.start + k * run.block;
        info.blocks.emplace_back(g_.nodes[order_[first]].name,
                                 g_.nodes[order_[first + run.block - 1]].name);
      }
      for (int x = run.start; x < run.start + run.block * run.count; ++x) {
        const Node& node = g_.nodes[order_[x]];
        info.params = SaturatingAdd(info.params, SaturatingMul(node.params, node.copies));
        if (x < run.start + run.block) {
          info.block_ops = SaturatingAdd(info.block_ops, SaturatingMul(node.op_count, node.copies));
        }
      }
      // The tensor threading through the run: what the second block reads from the first.
      Reads(run.start + run.block, run.block, ref);
      size_t slot = 0;
      for (int r = 0; r < run.block && info.shape_in.empty(); ++r) {
        const Node& node = g_.nodes[order_[run.start + r]];
        for (size_t q = 0; q < node.inputs.size(); ++q, ++slot) {
          if (ref[slot].source != Source::kPrevious) continue;
          info.shape_in = FormatShape(g_.tensors[node.inputs[q]].type);
          const int last = run.start + run.block * (run.count - 1) + ref[slot].offset;
          const Node& producer = g_.nodes[order_[last]];
          info.shape_out = FormatShape(g_.tensors[producer.outputs[ref[slot].output]].type);
          break;
        }
      }

      const std::string vary = o_.alike ? " (widths vary)" : "";
      const std::string shown = RangeName(run);
      std::string label = shown + " \xC3\x97" + std::to_string(run.count) + vary;
      for (int suffix = 2; HasChild(common, label); ++suffix) {
        label =
            shown + " #" + std::to_string(suffix) + " \xC3\x97" + std::to_string(run.count) + vary;
      }
      const int fold_scope = g_.ChildScope(common, label, ScopeKind::kRepeat);
      g_.scopes[fold_scope].repeat = info;
      out.scope = fold_scope;
      out.block_ops = info.block_ops;

      for (int r = 0; r < run.block; ++r) {
        const int keep = order_[run.start + r];
        // Rebuild the kept op's scopes below the per-block one inside the fold scope.
        std::vector<int> chain;
        for (int s = g_.nodes[keep].scope; s != common; s = g_.scopes[s].parent) {
          chain.push_back(s);
        }
        if (block_scope > 0 && !chain.empty()) chain.pop_back();
        int scope = fold_scope;
        for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
          const std::string name = g_.scopes[*it].name;
          const ScopeKind kind = g_.scopes[*it].kind;
          scope = g_.ChildScope(scope, name, kind);
        }
        g_.nodes[keep].scope = scope;
        // Each copy's parameters are the kept node's, unless a weight is shared: the
        // block that reads it first owns it, so copies own different amounts. Then the
        // kept node holds the run's total for its place once, keeping totals exact.
        int64_t owned = 0, frozen = 0;
        bool uniform = true;
        for (int k = 0; k < run.count; ++k) {
          const Node& copy = g_.nodes[order_[run.start + k * run.block + r]];
          owned = SaturatingAdd(owned, copy.params);
          frozen = SaturatingAdd(frozen, copy.frozen_params);
          uniform &= copy.params == g_.nodes[keep].params;
        }
        if (uniform && !o_.alike) {
          g_.nodes[keep].copies = SaturatingMul(g_.nodes[keep].copies, run.count);
        } else {
          g_.nodes[keep].params = owned;
          g_.nodes[keep].frozen_params = frozen;
          g_.nodes[keep].shared_params = 0;
          g_.nodes[keep].op_count = SaturatingMul(g_.nodes[keep].op_count, run.count);
        }
        for (int k = 1; k < run.count; ++k) {
          const int drop = order_[run.start + k * run.block + r];
          remove[drop] = true;
          stand_in[drop] = keep;
          const std::vector<int>& outs = g_.nodes[drop].outputs;
          for (size_t q = 0; q < outs.size(); ++q) replace[outs[q]] = g_.nodes[keep].outputs[q];
        }
      }
      folded.push_back(out);
    }
    // Readers outside a run now read its first block; a reader of several folded copies
    // reads the kept one once.
    for (size_t i = 0; i < g_.nodes.size(); ++i) {
      if (remove[i]) continue;
      std::vector<int> inputs;
      for (int t : g_.nodes[i].inputs) {
        if (replace[t] < 0) {
          inputs.push_back(t);
        } else if (std::find(inputs.begin(), inputs.end(), replace[t]) == inputs.end()) {
          inputs.push_back(replace[t]);
        }
      }
      g_.nodes[i].inputs = std::move(inputs);
    }
    // Control edges are ordering, not data: blocks are matched without them, and a
    // folded copy's control edges attach to the kept block's op (repeats merge).
    g_.RedirectNodes(stand_in);
    g_.RemoveNodes(remove);
    return folded;
  }

  bool HasChild(int parent, const std::string& name) const {
    for (int c : g_.scopes[parent].children) {
      if (g_.scopes[c].name == name) return true;
    }
    return false;
  }

  LayerGraph& g_;
  const FoldOptions& o_;
  std::vector<int> order_;  // position -> node id
  std::vector<int> pos_;    // node id -> position
  std::vector<int> sig_;    // by position
  // By position: the latest position before it whose op it reads (-1: none).
  std::vector<int> latest_read_;
};

}  // namespace

std::vector<FoldedRun> FoldRepeats(LayerGraph& graph, const FoldOptions& options) {
  return Folder(graph, options).Fold();
}

FoldOptions FoldOptionsFor(const PassOptions& options) {
  FoldOptions fold;
  fold.min_repeats = options.fold_min;
  fold.unfold = options.unfold;
  return fold;
}

Status FoldRepeatsPass::Run(LayerGraph& graph, PassContext& context) const {
  const std::vector<FoldedRun> runs = FoldRepeats(graph, FoldOptionsFor(*context.options));
  for (const FoldedRun& run : runs) {
    // The label the picture shows ("layer2.1–3 ×3"), so stderr and the drawing agree.
    graph.notes.push_back("folded " + Quote(graph.scopes[run.scope].name, 80) + ", " +
                          std::to_string(run.block_ops) + " ops per block");
  }
  if (!runs.empty() && !context.options->show_constants) FoldConstants(graph);
  context.identical_runs = runs.size();
  return OkStatus();
}

}  // namespace graphgen
