// The combiner: runs the structural readings in order of specificity (sequence hand-off,
// spatial valley, dense widths), takes the first that holds, lets names refine it node by
// node (or decide alone when structure finds nothing), weighs the result into a confidence
// and a verdict, and turns the chosen reading's roles and keys into stages and edges.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "passes/grouping/grouping.h"
#include "passes/grouping/grouping_internal.h"
#include "passes/grouping/grouping_weights.h"
#include "passes/grouping/readings.h"

namespace graphgen {
namespace grouping_internal {

Grouping Analyzer::Run() {
  Grouping out;
  out.roles.assign(g_.nodes.size(), Role::kNone);
  out.stage_of.assign(g_.nodes.size(), -1);
  if (o_.mode == GroupingMode::kOff) {
    out.evidence.push_back("grouping off (--groups off)");
    return out;
  }
  const bool use_structure = o_.mode != GroupingMode::kNames;
  const bool use_names = o_.mode != GroupingMode::kStructure;
  Proposal chosen = Empty();
  std::vector<std::string> evidence;
  if (use_structure) {
    // Sequence hand-offs are the most specific evidence, then resolution, then widths.
    for (Proposal p : {Sequence(), Spatial(), Dense()}) {
      for (std::string& e : p.evidence) evidence.push_back(std::move(e));
      p.evidence.clear();
      if (p.found && !chosen.found) chosen = std::move(p);
    }
  }
  if (use_names) {
    Proposal names = Names();
    for (std::string& e : names.evidence) evidence.push_back(std::move(e));
    if (chosen.found) {
      RefineWithNames(chosen, evidence);
    } else if (names.found) {
      chosen = std::move(names);
      if (use_structure) {
        chosen.confidence -= kNamesOverStructureCost;
        evidence.push_back("names: structure alone found no encoder-decoder; going by names");
      }
    }
  }
  if (chosen.found && chosen.basis == "spatial") {
    // The floor's stage level for nodes moved there.
    for (int n : topo_) {
      if (chosen.roles[n] == Role::kBottleneck && chosen.stage_level[n] < 0) {
        chosen.stage_level[n] = -1;
      }
    }
  }
  out.evidence = std::move(evidence);
  if (!chosen.found || chosen.confidence < o_.min_confidence) {
    if (chosen.found) {
      out.evidence.push_back("verdict: confidence " +
                             std::to_string(chosen.confidence).substr(0, 4) + " below " +
                             std::to_string(o_.min_confidence).substr(0, 4));
    }
    out.evidence.push_back("verdict: no encoder-decoder structure");
    return out;
  }
  Finish(chosen, out);
  char buf[64];
  std::snprintf(buf, sizeof(buf), "%.2f", out.confidence);
  out.evidence.push_back("verdict: encoder-decoder found (" + out.basis + ", confidence " + buf +
                         ")");
  return out;
}

// Names refine a structural reading node by node where they name a neighbouring role (an
// encoder stage named "bottleneck", a classifier on a flat floor); a name two roles away
// is a conflict that costs confidence instead. Agreement raises the confidence.
void Analyzer::RefineWithNames(Proposal& chosen, std::vector<std::string>& evidence) const {
  // Paired idioms count only as pairs: "expand" alone is a MobileNet expansion
  // conv and "up" alone an FPN's upsampling, not the second half of a U-Net.
  bool enc_idiom = false, dec_idiom = false;
  for (int n : topo_) {
    if (!IsOp(n)) continue;
    const NameHint h = NameHintOf(g_.nodes[n].name);
    enc_idiom = enc_idiom || (h.strength >= 2 && h.role == Role::kEncoder);
    dec_idiom = dec_idiom || (h.strength >= 2 && h.role == Role::kDecoder);
  }
  int agree = 0, refined = 0, conflict = 0, named = 0;
  for (int n : topo_) {
    if (!IsOp(n)) continue;
    NameHint h = NameHintOf(g_.nodes[n].name);
    if (h.strength == 2 && !(enc_idiom && dec_idiom)) h = BestHint(g_.nodes[n].name, false);
    const Role s = chosen.roles[n];
    if (h.strength == 0 || s == Role::kNone) continue;
    ++named;
    if (h.role == s) {
      ++agree;
      continue;
    }
    const int distance = std::abs(static_cast<int>(h.role) - static_cast<int>(s));
    // Strong names refine any neighbouring role; "down"/"up" idioms name the
    // resampling steps, not the floor, so they do not move a found bottleneck; weak
    // names only settle a long undivided floor.
    const bool allowed =
        distance == 1 && !chosen.locked[n] &&
        (h.strength == 3 || (h.strength == 2 && (s != Role::kBottleneck || chosen.generic[n])) ||
         (h.strength == 1 && (s == Role::kBottleneck || chosen.generic[n])));
    if (allowed) {
      chosen.roles[n] = h.role;
      if (h.role == Role::kBottleneck) {
        chosen.stage_key[n] = "floor";
      }
      ++refined;
    } else if (h.strength >= 2) {
      ++conflict;
    }
  }
  if (named > 0) {
    evidence.push_back("names: " + std::to_string(agree) + " of " + std::to_string(named) +
                       " named nodes agree with structure, " + std::to_string(refined) +
                       " refined by their names, " + std::to_string(conflict) + " conflict");
    if (agree + refined >= kMinNamesAgreeing && conflict * kConflictOneIn < named) {
      chosen.confidence += kNamesAgreeBonus;
    }
    if (conflict * kConflictOneIn >= named) chosen.confidence -= kNamesConflictCost;
  }
  // Stages were keyed by structure; a node moved into the bottleneck joins the floor.
  for (int n : topo_) {
    if (chosen.roles[n] == Role::kBottleneck && chosen.stage_level[n] >= 0) {
      chosen.stage_key[n] = "floor";
    }
  }
  // Re-type edges on the new boundaries: skips keep; main edges are recomputed.
  std::vector<TypedEdge> kept;
  for (const TypedEdge& e : chosen.edges) {
    if (e.kind != EdgeKind::kMain &&
        (e.kind != EdgeKind::kSkip ||
         (chosen.roles[e.from] == Role::kEncoder && chosen.roles[e.to] == Role::kDecoder))) {
      kept.push_back(e);
    }
  }
  chosen.edges = std::move(kept);
  if (chosen.basis == "spatial" || chosen.basis == "dense") MainEdges(chosen);
}

// The chosen reading as the pass's result: stages are its (role, key) runs in flow order,
// labelled by level and channels, block name or width; edges sorted and deduplicated.
void Analyzer::Finish(const Proposal& p, Grouping& out) const {
  out.found = true;
  out.confidence = std::min(1.0, p.confidence);
  out.basis = p.basis;
  out.roles = p.roles;
  // Stages: (role, key) runs in flow order; encoder, then bottleneck, then decoder.
  std::vector<std::pair<Role, std::string>> keys;
  std::vector<int> stage_of(g_.nodes.size(), -1);
  std::vector<int> first_seen;
  for (int n : topo_) {
    if (out.roles[n] == Role::kNone) continue;
    const std::pair<Role, std::string> key{out.roles[n], p.stage_key[n]};
    auto it = std::find(keys.begin(), keys.end(), key);
    if (it == keys.end()) {
      keys.push_back(key);
      it = keys.end() - 1;
    }
    stage_of[n] = static_cast<int>(it - keys.begin());
  }
  std::vector<int> order;
  for (Role r : {Role::kEncoder, Role::kBottleneck, Role::kDecoder}) {
    for (size_t k = 0; k < keys.size(); ++k) {
      if (keys[k].first == r) order.push_back(static_cast<int>(k));
    }
  }
  std::vector<int> remap(keys.size(), -1);
  for (size_t i = 0; i < order.size(); ++i) remap[order[i]] = static_cast<int>(i);
  out.stages.resize(order.size());
  out.stage_of.assign(g_.nodes.size(), -1);
  for (size_t n = 0; n < g_.nodes.size(); ++n) {
    if (stage_of[n] < 0) continue;
    const int s = remap[stage_of[n]];
    out.stage_of[n] = s;
    out.stages[s].nodes.push_back(static_cast<int>(n));
  }
  int numbered[4] = {};
  for (size_t s = 0; s < out.stages.size(); ++s) {
    Stage& st = out.stages[s];
    const auto& key = keys[order[s]];
    st.role = key.first;
    // Level and channels: of the stage's last main-path node (else its last node).
    int last_path = -1, last_any = -1;
    for (int n : topo_) {
      if (out.stage_of[n] != static_cast<int>(s)) continue;
      last_any = n;
      if (path_index_[n] >= 0) last_path = n;
    }
    const int rep = last_path >= 0 ? last_path : last_any;
    st.level = rep >= 0 ? p.stage_level[rep] : -1;
    if (st.level < 0 && key.second.rfind("L", 0) == 0) st.level = -1;
    // A map stage is labelled by the channels it ends with; a vector stage by the width
    // most of its path carries (a decoder's d_model, not the vocabulary its last
    // projection ends in).
    std::vector<std::pair<int64_t, int>> width_counts;  // (width, path ops), first-seen order
    for (int n : st.nodes) {
      if (path_index_[n] < 0) continue;
      for (int t : g_.nodes[n].outputs) {
        if (spatial_.channels[t] > 0 && spatial_.level[t] != kNoLevel) {
          st.channels = spatial_.channels[t];
        } else if (st.level < 0 && widths_[t] > 0) {
          auto it = std::find_if(width_counts.begin(), width_counts.end(),
                                 [&](const auto& wc) { return wc.first == widths_[t]; });
          if (it == width_counts.end()) {
            width_counts.emplace_back(widths_[t], 1);
          } else {
            ++it->second;
          }
        }
      }
    }
    if (st.level < 0 && !width_counts.empty()) {
      const auto most =
          std::max_element(width_counts.begin(), width_counts.end(),
                           [](const auto& a, const auto& b) { return a.second < b.second; });
      st.channels = most->first;
    }
    ++numbered[static_cast<int>(st.role)];
    if (p.basis == "spatial" && key.second != "vector" && st.level != -1 &&
        p.stage_level[rep] != kNoLevel) {
      st.label = LevelText(st.level);
      if (st.channels > 0) st.label += " \xC2\xB7 " + std::to_string(st.channels) + " ch";
    } else if (!key.second.empty() && key.second.rfind("dense", 0) != 0 &&
               key.second.rfind("block ", 0) != 0 && key.second != "vector") {
      const size_t slash = key.second.find_last_of('/');
      st.label = Quote(slash == std::string::npos ? key.second : key.second.substr(slash + 1), 40);
      if (st.channels > 0 && st.level == -1 && p.basis != "sequence") {
        st.label += " \xC2\xB7 " + std::to_string(st.channels);
      }
    } else if (st.channels > 0) {
      st.label = std::to_string(st.channels) + (key.second == "vector" ? " wide" : " units");
    } else {
      st.label = "stage " + std::to_string(numbered[static_cast<int>(st.role)]);
    }
  }
  out.edges = p.edges;
  std::sort(out.edges.begin(), out.edges.end(), [](const TypedEdge& a, const TypedEdge& b) {
    return std::make_tuple(static_cast<int>(a.kind), a.tensor, a.to) <
           std::make_tuple(static_cast<int>(b.kind), b.tensor, b.to);
  });
  out.edges.erase(std::unique(out.edges.begin(), out.edges.end(),
                              [](const TypedEdge& a, const TypedEdge& b) {
                                return a.kind == b.kind && a.tensor == b.tensor && a.to == b.to;
                              }),
                  out.edges.end());
}

}  // namespace grouping_internal
}  // namespace graphgen
