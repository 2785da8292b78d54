#include "passes/grouping/projection.h"

#include <set>
#include <tuple>

namespace graphgen {

namespace {

// The innermost folded run (kRepeat scope) holding `node`, or 0.
int RepeatScopeOf(const LayerGraph& g, int node) {
  for (int s = g.nodes[node].scope; s > 0; s = g.scopes[s].parent) {
    if (g.scopes[s].kind == ScopeKind::kRepeat) return s;
  }
  return 0;
}

}  // namespace

void MarkPartitions(LayerGraph& graph, const Grouping& grouping) {
  for (size_t n = 0; n < graph.nodes.size(); ++n) {
    const bool known = grouping.found && n < grouping.roles.size();
    graph.nodes[n].partition = known ? static_cast<int>(grouping.roles[n]) : 0;
  }
}

Grouping ProjectGrouping(const Grouping& model, const std::vector<int>& box_of_model,
                         const LayerGraph& drawn) {
  Grouping out;
  out.found = model.found;
  out.confidence = model.confidence;
  out.basis = model.basis;
  out.evidence = model.evidence;
  const size_t boxes = drawn.nodes.size();
  out.roles.assign(boxes, Role::kNone);
  out.stage_of.assign(boxes, -1);
  if (!model.found) return out;
  const auto box_of = [&](int n) {
    const int b = n >= 0 && static_cast<size_t>(n) < box_of_model.size() ? box_of_model[n] : -1;
    return b >= 0 && static_cast<size_t>(b) < boxes ? b : -1;
  };
  // Model order: the first node of a box decides its role, the first staged one its stage.
  std::vector<bool> has_role(boxes, false);
  std::vector<int> old_stage(boxes, -1);
  for (size_t n = 0; n < model.roles.size(); ++n) {
    const int b = box_of(static_cast<int>(n));
    if (b < 0) continue;
    if (!has_role[b]) {
      out.roles[b] = model.roles[n];
      has_role[b] = true;
    }
    const int s = n < model.stage_of.size() ? model.stage_of[n] : -1;
    if (old_stage[b] < 0 && s >= 0) old_stage[b] = s;
  }
  // Each old stage lives on in the stage of the box that holds its first node; the
  // stages whose boxes all went to earlier stages join those.
  const size_t stages = model.stages.size();
  std::vector<int> host(stages, -1);
  for (size_t s = 0; s < stages; ++s) {
    for (int n : model.stages[s].nodes) {
      const int b = box_of(n);
      if (b >= 0 && old_stage[b] >= 0) {
        host[s] = old_stage[b];
        break;
      }
    }
  }
  // A stage hosted by one that joined a third joins the third (chains end: each step of a
  // chain moves to an earlier box's stage, so `stages` steps suffice).
  for (size_t s = 0; s < stages; ++s) {
    for (size_t step = 0; step < stages && host[s] >= 0 && host[host[s]] != host[s]; ++step) {
      host[s] = host[host[s]];
    }
  }
  std::vector<int> new_index(stages, -1);
  for (size_t s = 0; s < stages; ++s) {
    if (host[s] != static_cast<int>(s)) continue;
    new_index[s] = static_cast<int>(out.stages.size());
    Stage stage = model.stages[s];
    stage.nodes.clear();
    // The last stage whose boxes it took in names the end of its label.
    int last = static_cast<int>(s);
    for (size_t t = s + 1; t < stages; ++t) {
      if (host[t] == static_cast<int>(s)) last = static_cast<int>(t);
    }
    if (last != static_cast<int>(s) && model.stages[last].label != stage.label) {
      stage.label += " … " + model.stages[last].label;
      stage.channels = model.stages[last].channels;
    }
    out.stages.push_back(std::move(stage));
  }
  for (size_t b = 0; b < boxes; ++b) {
    if (old_stage[b] < 0) continue;
    const int h = host[old_stage[b]];
    const int s = h >= 0 ? new_index[h] : -1;
    out.stage_of[b] = s;
    if (s >= 0) out.stages[s].nodes.push_back(static_cast<int>(b));
  }
  // A stage that took in others by holding one folded run (Encoder layers 0-5 folded,
  // with the embedding before them and the final norm after) is called what the run is
  // called: "layers ×6".
  for (Stage& stage : out.stages) {
    if (stage.label.find(" … ") == std::string::npos) continue;
    int run = 0;
    bool one_run = true;
    for (int b : stage.nodes) {
      const int r = RepeatScopeOf(drawn, b);
      if (r == 0) continue;
      one_run = one_run && (run == 0 || r == run);
      run = r;
    }
    if (run > 0 && one_run) stage.label = drawn.scopes[run].name;
  }
  std::set<std::tuple<int, int, int, int>> seen;
  for (const TypedEdge& e : model.edges) {
    TypedEdge moved = e;
    moved.from = box_of(e.from);
    moved.to = box_of(e.to);
    if (moved.from < 0 || moved.to < 0 || moved.from == moved.to) continue;
    if (!seen.emplace(static_cast<int>(e.kind), e.tensor, moved.from, moved.to).second) continue;
    out.edges.push_back(moved);
  }
  return out;
}

}  // namespace graphgen
