#include "render/tfevents/group_scopes.h"

namespace graphgen {

std::vector<std::vector<std::string>> GroupScopePrefixes(const LayerGraph& graph,
                                                         const Grouping& grouping) {
  std::vector<std::vector<std::string>> prefixes(graph.nodes.size());
  if (!grouping.found) return prefixes;
  // Roles are few (none, encoder, bottleneck, decoder); % 4 keeps a stray value in range.
  std::vector<int> stage_number(grouping.stages.size(), 0);
  std::vector<int> stages_per_role(4, 0);
  for (size_t s = 0; s < grouping.stages.size(); ++s) {
    stage_number[s] = ++stages_per_role[static_cast<int>(grouping.stages[s].role) % 4];
  }
  for (size_t n = 0; n < graph.nodes.size() && n < grouping.roles.size(); ++n) {
    if (grouping.roles[n] == Role::kNone) continue;
    prefixes[n].push_back(RoleName(grouping.roles[n]));
    const int s = n < grouping.stage_of.size() ? grouping.stage_of[n] : -1;
    if (s >= 0 && s < static_cast<int>(grouping.stages.size()) &&
        stages_per_role[static_cast<int>(grouping.stages[s].role) % 4] > 1) {
      prefixes[n].push_back("stage" + std::to_string(stage_number[s]));
    }
  }
  return prefixes;
}

}  // namespace graphgen
