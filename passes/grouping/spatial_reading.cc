// The spatial reading (encoder-decoder / U-Net): the main path's resolution falls to a
// floor and rises again. Also the decoder's side heads, the skips that confirm it, and a
// context module (ASPP) that marks the bottleneck on a long floor.
#include <algorithm>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "core/op_table.h"
#include "passes/grouping/grouping.h"
#include "passes/grouping/grouping_internal.h"
#include "passes/grouping/grouping_weights.h"
#include "passes/grouping/readings.h"

namespace graphgen {
namespace grouping_internal {

// The reading: where the main path's resolution falls to a floor and rises again, the
// fall is the encoder, the floor the bottleneck and the rise the decoder; skips and a
// context module on the floor confirm and refine it.
Proposal Analyzer::Spatial() {
  Proposal p = Empty();
  p.basis = "spatial";
  const Valley v = FindValley();
  if (v.first < 0) {
    p.evidence.push_back("spatial: no feature maps on the main path");
    return p;
  }
  ValleyEvidence(v, p);
  if (v.fall < 1 || v.rise < 1) {
    p.evidence.push_back(v.fall < 1 ? "spatial: resolution never falls below the input's"
                                    : "spatial: resolution falls to " + LevelText(v.deepest) +
                                          " and never rises again (no decoder)");
    return p;
  }
  p.found = true;
  p.confidence =
      kSpatialConfidence + (std::min(v.fall, v.rise) >= kDeepValleyHalvings ? kDeepValleyBonus : 0);
  if (v.rise < v.fall) {
    // A feature-pyramid neck (FPN, CenterNet's upsampling path) climbs back only part
    // of the way: still a decoder with lateral skips, but less like the symmetric kind.
    p.confidence -= kPyramidNeckCost;
    p.evidence.push_back("spatial: the rise stops at " + LevelText(v.rise_min) +
                         ", short of the input's resolution (a pyramid neck)");
  }
  p.evidence.push_back(
      "spatial: falls " + std::to_string(v.fall) + " and rises " + std::to_string(v.rise) +
      " halvings; floor " +
      (v.dense_from >= 0 ? std::string("a vector segment") : "at " + LevelText(v.floor_level)) +
      " from " + Name(path_[v.bottom_from]));
  const int dense_split = DenseSplit(v, p);
  ValleyRoles(v, dense_split, p);
  if (v.dense_from < 0) FindContextModule(p, v.bottom_from, v.bottom_to);
  SpreadFromPath(p);
  DecoderSideHeads(p);
  FindSkips(p);
  int skips = 0;
  for (const TypedEdge& e : p.edges) skips += e.kind == EdgeKind::kSkip;
  if (skips > 0) p.confidence += kSkipBonus;
  MainEdges(p);
  return p;
}

// The resolution trajectory along the main path, its floor (the deepest level, or a
// vector segment between feature maps) and how far it falls and rises.
Valley Analyzer::FindValley() const {
  Valley v;
  // The resolution trajectory along the main path.
  std::vector<int> lv(path_.size(), kNoLevel);
  int first = -1, deepest = kNoLevel;
  for (size_t i = 0; i < path_.size(); ++i) {
    if (!IsOp(path_[i])) continue;
    lv[i] = OutLevel(path_[i]);
    if (lv[i] == kNoLevel) continue;
    if (first < 0) first = static_cast<int>(i);
    deepest = std::max(deepest, lv[i]);
  }
  if (first < 0) return v;
  // A vector segment between feature maps that re-enters through a reshape (a dense
  // latent) is the valley's floor.
  int dense_from = -1, dense_to = -1;
  for (size_t i = first + 1; i < path_.size(); ++i) {
    if (lv[i] != kNoLevel || !IsOp(path_[i])) continue;
    size_t j = i;
    while (j < path_.size() && IsOp(path_[j]) && lv[j] == kNoLevel) ++j;
    // Only a real vector: some node in the run yields a rank-2/3 tensor or is dense.
    bool vector = false;
    for (size_t k = i; k < j; ++k) {
      const Node& node = g_.nodes[path_[k]];
      if (IsProjection(node)) vector = true;
      for (int t : node.outputs) {
        const int r = Rank(g_.tensors[t]);
        if (r == 2 || r == 3) vector = true;
      }
    }
    if (vector && j < path_.size() && lv[j] != kNoLevel && InLevel(path_[j]) == kNoLevel) {
      bool global_in = false;
      for (int t : g_.nodes[path_[j]].inputs) global_in = global_in || spatial_.global[t];
      if (!global_in) {
        dense_from = static_cast<int>(i);
        dense_to = static_cast<int>(j);  // first feature-map node after the segment
        break;
      }
    }
    i = j;
  }
  const int start_level =
      std::max(0, InLevel(path_[first]) == kNoLevel ? 0 : InLevel(path_[first]));
  // Bottom: first node reaching the deepest level, to the last before it rises.
  int bottom_from = -1, bottom_to = -1;  // [from, to) path indices at the floor
  int floor_level = deepest;
  if (dense_from >= 0) {
    bottom_from = dense_from;
    bottom_to = dense_to;
    floor_level = kNoLevel;
  } else {
    for (size_t i = first; i < path_.size(); ++i) {
      if (lv[i] == deepest) {
        bottom_from = static_cast<int>(i);
        break;
      }
    }
    bottom_to = bottom_from;
    while (bottom_to < static_cast<int>(path_.size()) &&
           (lv[bottom_to] == kNoLevel ? IsOp(path_[bottom_to]) : lv[bottom_to] == deepest)) {
      ++bottom_to;
    }
  }
  int rise_min = deepest;
  for (size_t i = bottom_to; i < path_.size(); ++i) {
    if (lv[i] != kNoLevel) rise_min = std::min(rise_min, lv[i]);
  }
  v.fall = (dense_from >= 0 ? deepest + 1 : deepest) - start_level;
  v.rise = (dense_from >= 0 ? deepest + 1 : deepest) - rise_min;
  v.lv = std::move(lv);
  v.first = first;
  v.deepest = deepest;
  v.dense_from = dense_from;
  v.dense_to = dense_to;
  v.start_level = start_level;
  v.bottom_from = bottom_from;
  v.bottom_to = bottom_to;
  v.floor_level = floor_level;
  v.rise_min = rise_min;
  return v;
}

// The trajectory as evidence, one entry per change, and the level walk's notes.
void Analyzer::ValleyEvidence(const Valley& v, Proposal& p) const {
  std::string traj;
  int prev = kNoLevel;
  int changes = 0;
  for (size_t i = 0; i < path_.size(); ++i) {
    const int l = v.lv[i];
    if (l == prev || (l == kNoLevel && !IsOp(path_[i]))) continue;
    if (++changes > 24) {
      traj += " \xE2\x86\x92 ...";
      break;
    }
    traj += (traj.empty() ? "" : " \xE2\x86\x92 ") + (l == kNoLevel ? "vector" : LevelText(l));
    prev = l;
  }
  p.evidence.push_back("spatial: main path of " + std::to_string(path_.size()) +
                       " nodes, resolution " + traj);
  for (const std::string& n : spatial_.notes) p.evidence.push_back("spatial: " + n);
}

// In a dense floor: the first linear layer after the narrowest vector, where the decoder
// starts; -1 for a floor of feature maps.
int Analyzer::DenseSplit(const Valley& v, Proposal& p) const {
  int dense_split = -1;
  if (v.dense_from >= 0) {
    int narrowest = -1;
    int64_t min_width = -1;
    for (int i = v.dense_from; i < v.dense_to; ++i) {
      for (int t : g_.nodes[path_[i]].outputs) {
        if (widths_[t] > 0 && (min_width < 0 || widths_[t] < min_width)) {
          min_width = widths_[t];
          narrowest = i;
        }
      }
    }
    for (int i = narrowest + 1; narrowest >= 0 && i < v.dense_to; ++i) {
      if (CategoryOf(g_.nodes[path_[i]].op_type) == OpCategory::kLinear) {
        dense_split = i;
        break;
      }
    }
    if (dense_split < 0) dense_split = v.dense_to;
    if (min_width > 0) {
      p.evidence.push_back("spatial: narrowest vector " + std::to_string(min_width) +
                           " wide, out of " + Name(path_[narrowest]));
    }
  }
  return dense_split;
}

// Roles and stages along the path: encoder down to the floor, bottleneck on it, decoder
// after; each stage keyed by its level.
void Analyzer::ValleyRoles(const Valley& v, int dense_split, Proposal& p) const {
  const int dense_from = v.dense_from, dense_to = v.dense_to;
  const int bottom_from = v.bottom_from, bottom_to = v.bottom_to;
  const int deepest = v.deepest;
  int current = v.start_level;
  for (size_t i = 0; i < path_.size(); ++i) {
    const int n = path_[i];
    if (!IsOp(n)) continue;
    const int at = static_cast<int>(i);
    Role r;
    int level;
    if (dense_from >= 0) {
      r = at < dense_split ? Role::kEncoder : Role::kDecoder;
    } else {
      r = at < bottom_from ? Role::kEncoder : (at < bottom_to ? Role::kBottleneck : Role::kDecoder);
      // The op that reaches the floor closes the encoder's last stage.
      if (at == bottom_from && InLevel(n) != kNoLevel && InLevel(n) < deepest) {
        r = Role::kEncoder;
      }
    }
    if (r == Role::kEncoder) {
      level = InLevel(n) != kNoLevel ? InLevel(n) : current;
    } else {
      level = v.lv[i] != kNoLevel ? v.lv[i] : current;
    }
    if (v.lv[i] != kNoLevel) current = v.lv[i];
    p.roles[n] = r;
    p.stage_level[n] = r == Role::kBottleneck ? v.floor_level : level;
    p.stage_key[n] = r == Role::kBottleneck ? "floor" : "L" + std::to_string(level);
    if (dense_from >= 0 && at >= dense_from && at < dense_to) {
      p.stage_key[n] = "vector";
      p.stage_level[n] = -1;
    }
    // Everything on a long flat floor is a guess names may overrule (a segmentation
    // backbone's dilated tail versus its head).
    p.generic[n] = r == Role::kBottleneck;
  }
  // A latent distribution: on a vector floor, the first dense layer's input is read by a
  // second dense layer too (a VAE's mean and log-variance, sampled into the latent). From
  // those layers to the decoder is the bottleneck.
  if (dense_from >= 0) {
    for (int i = dense_from; i < dense_split; ++i) {
      const Node& n = g_.nodes[path_[i]];
      if (CategoryOf(n.op_type) != OpCategory::kLinear) continue;
      int parallel = 0;
      for (int in : n.inputs) {
        for (int c : g_.tensors[in].consumers) {
          parallel += c != path_[i] && CategoryOf(g_.nodes[c].op_type) == OpCategory::kLinear;
        }
      }
      if (parallel > 0) {
        for (int k = i; k < dense_split; ++k) {
          if (!IsOp(path_[k])) continue;
          p.roles[path_[k]] = Role::kBottleneck;
          p.stage_key[path_[k]] = "latent";
          p.stage_level[path_[k]] = -1;
        }
      }
      break;
    }
  }
  // Only a long floor (over a quarter of the path: a dilated backbone's tail and a
  // segmentation head) is a guess; a short one is a real bottleneck.
  int path_ops = 0, floor_ops = 0;
  for (int n : path_) {
    path_ops += IsOp(n);
    floor_ops += p.roles[n] == Role::kBottleneck;
  }
  if (floor_ops * kLongFloorOneIn <= path_ops) {
    for (int n : path_) p.generic[n] = false;
  }
}

// The decoder's other outputs: a branch that leaves a decoder feature map and feeds no
// main-path node (a detector's head on each pyramid level beside the one the main path
// runs through, a deep-supervision output) is the decoder's, in the stage it reads from,
// like the classifier a segmentation decoder ends in; what feeds such a branch and nothing
// else (its anchor grid, a reshape target made from constants) joins it, as SpreadFromPath
// does for the main path. A branch leaving the encoder or bottleneck (an auxiliary
// classifier) belongs to neither.
void Analyzer::DecoderSideHeads(Proposal& p) const {
  std::vector<int> from(g_.nodes.size(), -1);  // the decoder node a side node descends from
  int joined = 0;
  for (int n : topo_) {
    if (!IsOp(n) || p.roles[n] != Role::kNone) continue;
    for (int t : g_.nodes[n].inputs) {
      const int q = g_.tensors[t].producer;
      if (q < 0) continue;
      if (from[q] >= 0) {
        from[n] = from[q];
      } else if (p.roles[q] == Role::kDecoder && spatial_.level[t] != kNoLevel) {
        from[n] = q;
      }
      if (from[n] >= 0) break;
    }
    if (from[n] < 0) continue;
    const int q = from[n];
    ++joined;
    p.roles[n] = Role::kDecoder;
    p.stage_key[n] = p.stage_key[q];
    p.stage_level[n] = p.stage_level[q];
    p.generic[n] = p.generic[q];
    p.locked[n] = p.locked[q];
  }
  for (size_t k = topo_.size(); k-- > 0;) {
    const int n = topo_[k];
    if (!IsOp(n) || p.roles[n] != Role::kNone) continue;
    int joins = -1;
    for (int t : g_.nodes[n].outputs) {
      for (int c : g_.tensors[t].consumers) {
        if (from[c] >= 0 && (joins < 0 || c < joins)) joins = c;
      }
    }
    if (joins < 0) continue;
    ++joined;
    from[n] = from[joins];
    p.roles[n] = Role::kDecoder;
    p.stage_key[n] = p.stage_key[joins];
    p.stage_level[n] = p.stage_level[joins];
    p.generic[n] = p.generic[joins];
    p.locked[n] = p.locked[joins];
  }
  if (joined > 0) {
    p.evidence.push_back("spatial: " + std::to_string(joined) +
                         " nodes on branches leaving decoder maps for outputs of their own "
                         "(heads per level) join the decoder");
  }
}

// A context module on the floor (ASPP, pyramid pooling): one tensor read by three or
// more parallel branches that a Concat joins again. It is the bottleneck; the floor before
// it is the encoder's (a dilated backbone), the floor after it the decoder's (the head).
void Analyzer::FindContextModule(Proposal& p, int from, int to) const {
  int fan = -1, join = -1;
  for (int i = from; i < to && join < 0; ++i) {
    const Node& n = g_.nodes[path_[i]];
    if (fan < 0) {
      if (!n.outputs.empty() && g_.tensors[n.outputs[0]].consumers.size() >= kContextBranches) {
        fan = i;
      }
      continue;
    }
    if (HasTrait(n.op_type, OpTrait::kBranchJoin) && n.inputs.size() >= kContextBranches) join = i;
  }
  if (fan < 0 || join < 0) return;
  const std::vector<bool> below = Closure(g_, {path_[fan]}, false);
  const std::vector<bool> above = Closure(g_, {path_[join]}, true);
  int project_end = join + 1;  // the projection after the join: one conv and its followers
  for (int convs = 0; project_end < to; ++project_end) {
    if (CategoryOf(g_.nodes[path_[project_end]].op_type) == OpCategory::kConv && ++convs == 2) {
      break;
    }
  }
  for (int i = from; i < to; ++i) {
    const int n = path_[i];
    if (i <= fan) {
      p.roles[n] = Role::kEncoder;
      p.stage_key[n] = "L" + std::to_string(p.stage_level[n]);
    } else if (i >= project_end) {
      p.roles[n] = Role::kDecoder;
      p.stage_key[n] = "L" + std::to_string(p.stage_level[n]);
    } else if (i > join) {
      p.locked[n] = true;
    }
    p.generic[n] = false;
  }
  for (int n : topo_) {
    if (n != path_[fan] && below[n] && above[n] && IsOp(n)) {
      p.roles[n] = Role::kBottleneck;
      p.generic[n] = false;
      p.locked[n] = true;
    }
  }
  p.evidence.push_back(
      "spatial: context module on the floor: " + Name(path_[fan]) + " fans out to " +
      std::to_string(g_.tensors[g_.nodes[path_[fan]].outputs[0]].consumers.size()) +
      " branches joined by " + Name(path_[join]));
}

// Skips: an encoder tensor read in the decoder, at the resolution where it is read, whose
// path reaches a Concat / Add that also takes the decoder's own stream. Once one reader
// shows the tensor is a skip, every decoder reader of it gets the skip edge: an attention
// gate reads the skip feature twice (a strided projection and the product it gates).
void Analyzer::FindSkips(Proposal& p) const {
  for (int n : topo_) {
    if (p.roles[n] != Role::kEncoder) continue;
    for (int t : g_.nodes[n].outputs) {
      const int level = spatial_.level[t];
      if (level == kNoLevel) continue;
      std::vector<int> readers;
      bool skip = false;
      for (int c : g_.tensors[t].consumers) {
        if (p.roles[c] != Role::kDecoder) continue;
        if (path_index_[c] >= 0 && path_index_[n] >= 0 && path_index_[c] == path_index_[n] + 1) {
          continue;  // the main path itself
        }
        // Follow single steps at this resolution to a merge with another decoder input.
        int at = c;
        int via = t;
        bool merged = false;
        for (int hops = 0; hops < kMaxSkipHops && at >= 0; ++hops) {
          const Node& node = g_.nodes[at];
          if (OutLevel(at) != level) break;
          const bool merge = HasTrait(node.op_type, OpTrait::kSkipMerge);
          if (merge) {
            for (int in : node.inputs) {
              const int q = g_.tensors[in].producer;
              if (in != via && q >= 0 && p.roles[q] == Role::kDecoder) merged = true;
            }
            if (merged) break;
          }
          if (node.outputs.empty()) break;
          via = node.outputs[0];
          const auto& cons = g_.tensors[via].consumers;
          if (cons.size() != 1) break;
          at = cons[0];
        }
        // A read of the map's size alone (Shape, for interpolate(size=skip.shape)) is no
        // use of the feature.
        if (!ComputesShape(g_, g_.nodes[c])) readers.push_back(c);
        if (!merged || skip) continue;
        skip = true;
        p.evidence.push_back("skip: " + TensorText(t) + " at " + LevelText(level) + " from " +
                             Name(n) + " to " + Name(c));
      }
      if (!skip) continue;
      for (int c : readers) p.edges.push_back(TypedEdge{EdgeKind::kSkip, n, c, t});
    }
  }
}

}  // namespace grouping_internal
}  // namespace graphgen
