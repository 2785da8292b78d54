#include "passes/collapse_depth/collapse_depth.h"

#include <vector>

#include "core/checked_math.h"

namespace graphgen {

void CollapseDepth(LayerGraph& graph, int depth) {
  const int n = static_cast<int>(graph.nodes.size());
  // Which part of the model (Node::partition) each scope's ops belong to: a scope holding
  // ops of two parts (a "transformer" module around its encoder and decoder) is not
  // collapsed; its children at the next depth are, so no box straddles two groups.
  constexpr int kNoOps = -1;
  constexpr int kMixed = -2;
  std::vector<int> part(graph.scopes.size(), kNoOps);
  for (int i = 0; i < n; ++i) {
    if (graph.nodes[i].kind != NodeKind::kOp) continue;
    const int p = graph.nodes[i].partition;
    for (int s = graph.nodes[i].scope; s > 0; s = graph.scopes[s].parent) {
      part[s] = part[s] == kNoOps || part[s] == p ? p : kMixed;
    }
  }
  // The scope each node collapses into, or -1 when it stays: its shallowest enclosing
  // scope at depth + 1 or deeper that holds one part only.
  std::vector<int> group_scope(n, -1);
  bool any = false;
  for (int i = 0; i < n; ++i) {
    if (graph.nodes[i].kind != NodeKind::kOp) continue;
    for (int s = graph.nodes[i].scope; s > 0 && graph.scopes[s].depth >= depth + 1;
         s = graph.scopes[s].parent) {
      if (part[s] != kMixed) group_scope[i] = s;
    }
    any = any || group_scope[i] >= 0;
  }
  if (!any) return;
  // A scope around one op stays that op: a group box would only hide its type.
  std::vector<int> members(graph.scopes.size(), 0);
  for (int i = 0; i < n; ++i) {
    if (group_scope[i] >= 0) ++members[group_scope[i]];
  }
  for (int i = 0; i < n; ++i) {
    if (group_scope[i] >= 0 && members[group_scope[i]] < 2) group_scope[i] = -1;
  }

  std::vector<int> group_node_of_scope(graph.scopes.size(), -1);
  std::vector<int> new_id(n, -1);
  std::vector<Node> nodes;
  for (int i = 0; i < n; ++i) {
    const int s = group_scope[i];
    if (s < 0) {
      new_id[i] = static_cast<int>(nodes.size());
      nodes.push_back(std::move(graph.nodes[i]));
      continue;
    }
    if (group_node_of_scope[s] < 0) {
      Node group;
      group.kind = NodeKind::kGroup;
      group.name = graph.scopes[s].path;
      group.op_type = graph.scopes[s].name;
      group.scope = graph.scopes[s].parent;
      group.op_count = 0;
      group.partition = graph.nodes[i].partition;
      group_node_of_scope[s] = static_cast<int>(nodes.size());
      nodes.push_back(std::move(group));
    }
    new_id[i] = group_node_of_scope[s];
  }
  // A group inside one folded block stands for as many copies as its members; a group
  // holding folded blocks and other ops counts every copy once.
  std::vector<int64_t> common_copies(graph.scopes.size(), 0);
  for (int i = 0; i < n; ++i) {
    const int s = group_scope[i];
    if (s < 0) continue;
    const int64_t c = graph.nodes[i].copies;
    // A collapsed fold stands for its whole run.
    if (graph.scopes[s].kind == ScopeKind::kRepeat) {
      common_copies[s] = -1;
    } else {
      common_copies[s] = common_copies[s] == 0 || common_copies[s] == c ? c : -1;
    }
  }
  // Members' links, seen from outside the group. Membership is decided on the old ids.
  const auto member_of = [&](int old_node, int s) {
    return old_node >= 0 && group_scope[old_node] == s;
  };
  for (int i = 0; i < n; ++i) {
    const int s = group_scope[i];
    if (s < 0) continue;
    Node& group = nodes[group_node_of_scope[s]];
    const Node& member = graph.nodes[i];
    const int64_t per_copy = common_copies[s] > 0 ? 1 : member.copies;
    group.copies = common_copies[s] > 0 ? common_copies[s] : 1;
    group.params = SaturatingAdd(group.params, SaturatingMul(member.params, per_copy));
    group.frozen_params =
        SaturatingAdd(group.frozen_params, SaturatingMul(member.frozen_params, per_copy));
    group.shared_params =
        SaturatingAdd(group.shared_params, SaturatingMul(member.shared_params, per_copy));
    group.op_count = SaturatingAdd(group.op_count, SaturatingMul(member.op_count, per_copy));
    for (int t : member.inputs) {
      if (member_of(graph.tensors[t].producer, s)) continue;
      bool seen = false;
      for (int x : group.inputs) seen = seen || x == t;
      if (!seen) group.inputs.push_back(t);
    }
    for (int t : member.outputs) {
      bool outside = false;
      for (int c : graph.tensors[t].consumers) outside = outside || !member_of(c, s);
      if (outside) group.outputs.push_back(t);
    }
  }
  graph.nodes = std::move(nodes);
  graph.RebuildTensorLinks();
  for (Scope& scope : graph.scopes) {
    if (scope.owner_node >= 0) scope.owner_node = new_id[scope.owner_node];
  }
  std::vector<std::pair<int, int>> nesting;
  for (const auto& [from, to] : graph.nesting_edges) {
    const int a = new_id[from];
    const int b = new_id[to];
    if (a >= 0 && b >= 0 && a != b) nesting.emplace_back(a, b);
  }
  graph.nesting_edges = std::move(nesting);
  // A control dependency into or out of a group attaches to the group box; one between
  // two members of a group is inside the box and goes.
  graph.RedirectNodes(new_id);
}

Status CollapseDepthPass::Run(LayerGraph& graph, PassContext& context) const {
  CollapseDepth(graph, context.options->depth);
  return OkStatus();
}

}  // namespace graphgen
