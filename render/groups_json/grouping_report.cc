#include "render/groups_json/grouping_report.h"

#include <algorithm>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "core/text.h"

namespace graphgen {
namespace {

// nlohmann::ordered_json keeps insertion order, so the bytes are the same every run.
using Json = nlohmann::ordered_json;

std::string Clean(const std::string& s) { return SanitizeUtf8(s); }

// Folded runs (--fold), in scope order: what each ×N box stands for, including the
// names of the blocks no longer in the graph.
Json RunsJson(const LayerGraph& g) {
  Json runs = Json::array();
  for (const Scope& scope : g.scopes) {
    if (scope.kind != ScopeKind::kRepeat) continue;
    const RepeatInfo& r = scope.repeat;
    Json o;
    o["name"] = Clean(r.name);
    o["scope"] = Clean(scope.path);
    o["count"] = r.repeats;
    o["alike"] = r.alike;
    o["block_ops"] = r.block_ops;
    o["params"] = r.params;
    o["shape_in"] = Clean(r.shape_in);
    o["shape_out"] = Clean(r.shape_out);
    Json blocks = Json::array();
    for (const auto& [first, last] : r.blocks) {
      Json b;
      b["first"] = Clean(first);
      b["last"] = Clean(last);
      blocks.push_back(std::move(b));
    }
    o["blocks"] = std::move(blocks);
    runs.push_back(std::move(o));
  }
  return runs;
}

// "1/4" for two halvings, "x2" for one doubling.
std::string Resolution(int level) {
  return level >= 0 ? "1/" + std::to_string(1LL << std::min(level, 30))
                    : "x" + std::to_string(1LL << std::min(-level, 30));
}

Json BoxOps(const std::vector<FusedOp>& ops, bool mark_weights) {
  Json list = Json::array();
  for (const FusedOp& op : ops) {
    Json p;
    p["name"] = Clean(op.name);
    p["op"] = Clean(op.op_type);
    if (mark_weights && op.weight) p["weight"] = true;
    list.push_back(std::move(p));
  }
  return list;
}

const char* KindName(NodeKind kind) {
  switch (kind) {
    case NodeKind::kOp:
      return "op";
    case NodeKind::kInput:
      return "input";
    case NodeKind::kOutput:
      return "output";
    case NodeKind::kGroup:
      return "group";
  }
  return "op";
}

// The explanation, with node names from `name`.
template <typename NameFn>
std::string Explain(const Grouping& r, const NameFn& name, const LayerGraph& tensors) {
  std::string out;
  for (const std::string& e : r.evidence) out += "groups: " + Clean(e) + "\n";
  if (!r.found) return out;
  for (const Stage& st : r.stages) {
    if (st.nodes.empty()) continue;
    out += std::string("groups: stage ") + RoleName(st.role) + " " + Clean(st.label) + ": " +
           std::to_string(st.nodes.size()) + " nodes, " + Quote(name(st.nodes.front()), 50) +
           " .. " + Quote(name(st.nodes.back()), 50) + "\n";
  }
  for (const TypedEdge& e : r.edges) {
    out += std::string("groups: ") + EdgeKindName(e.kind) + " edge " + Quote(name(e.from), 60) +
           " -> " + Quote(name(e.to), 60) + " (" + FormatShape(tensors.tensors[e.tensor].type) +
           ")\n";
  }
  return out;
}

}  // namespace

std::string GroupingJson(const GroupsReport& report) {
  const LayerGraph& g = *report.drawn;
  const GroupedModel& grouped = *report.grouped;
  const Grouping& r = grouped.model;
  const Grouping& boxes_grouping = grouped.drawn;
  const auto box_of_model = [&](int m) {
    return m >= 0 && static_cast<size_t>(m) < grouped.box_of_model.size() ? grouped.box_of_model[m]
                                                                          : -1;
  };
  Json j;
  j["schema"] = kGroupsJsonSchema;
  j["model"] = Clean(report.model);
  j["verdict"] = r.Verdict();
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%.2f", r.confidence);
  j["confidence"] = std::stod(buf);
  j["basis"] = r.basis;
  // Per drawn box, the whole-model stage of its first staged node.
  std::vector<int> box_stage(g.nodes.size(), -1);
  if (r.found) {
    for (size_t m = 0; m < r.stage_of.size(); ++m) {
      const int b = box_of_model(static_cast<int>(m));
      if (b >= 0 && static_cast<size_t>(b) < box_stage.size() && box_stage[b] < 0) {
        box_stage[b] = r.stage_of[m];
      }
    }
  }
  // Nodes of the file per whole-model stage.
  const std::vector<int>& model_of_imported = grouped.model_of_imported;
  std::vector<int64_t> stage_nodes(r.stages.size(), 0);
  const auto stage_of_model = [&](int m) {
    return r.found && m >= 0 && static_cast<size_t>(m) < r.stage_of.size() ? r.stage_of[m] : -1;
  };
  for (int m : model_of_imported) {
    const int s = stage_of_model(m);
    if (s >= 0) ++stage_nodes[s];
  }
  Json stages = Json::array();
  for (size_t s = 0; s < r.stages.size(); ++s) {
    const Stage& st = r.stages[s];
    Json o;
    o["id"] = s;
    o["role"] = RoleName(st.role);
    o["label"] = Clean(st.label);
    if (st.level != -1) o["resolution"] = Resolution(st.level);
    if (st.channels > 0) o["channels"] = st.channels;
    o["nodes"] = stage_nodes[s];
    stages.push_back(std::move(o));
  }
  j["stages"] = std::move(stages);
  Json boxes = Json::array();
  for (size_t n = 0; n < g.nodes.size(); ++n) {
    const Node& node = g.nodes[n];
    Json o;
    o["id"] = n;
    o["name"] = Clean(g.DisplayName(static_cast<int>(n)));
    o["op"] = Clean(node.op_type);
    if (node.kind != NodeKind::kOp) o["kind"] = KindName(node.kind);
    if (!node.detail.empty()) o["detail"] = Clean(node.detail);
    if (node.copies > 1) o["copies"] = node.copies;
    o["role"] = boxes_grouping.found && n < boxes_grouping.roles.size()
                    ? RoleName(boxes_grouping.roles[n])
                    : "none";
    if (box_stage[n] >= 0) o["stage"] = box_stage[n];
    // An op pattern's box (a LayerNorm): the ops of the file it stands for, in model order.
    if (!node.pattern_ops.empty()) o["ops"] = BoxOps(node.pattern_ops, false);
    // Shape computations folded into the box (Shape, Gather, Concat before a Reshape).
    if (!node.shape_ops.empty()) o["shape_ops"] = BoxOps(node.shape_ops, false);
    // A fused chain (--fuse): the ops the box holds after its own, in chain order.
    if (!node.fused.empty()) o["fused"] = BoxOps(node.fused, true);
    boxes.push_back(std::move(o));
  }
  j["boxes"] = std::move(boxes);
  Json nodes = Json::array();
  if (report.imported != nullptr) {
    const LayerGraph& file = *report.imported;
    for (size_t i = 0; i < file.nodes.size(); ++i) {
      const int m = i < model_of_imported.size() ? model_of_imported[i] : -1;
      const int box = i < g.imported_node_box.size() ? g.imported_node_box[i] : -1;
      Json o;
      o["name"] = Clean(file.DisplayName(static_cast<int>(i)));
      o["op"] = Clean(file.nodes[i].op_type);
      if (file.nodes[i].kind != NodeKind::kOp) o["kind"] = KindName(file.nodes[i].kind);
      o["role"] = r.found && m >= 0 && static_cast<size_t>(m) < r.roles.size()
                      ? RoleName(r.roles[m])
                      : "none";
      if (stage_of_model(m) >= 0) o["stage"] = stage_of_model(m);
      o["box"] = box >= 0 ? Json(box) : Json(nullptr);
      nodes.push_back(std::move(o));
    }
  }
  j["nodes"] = std::move(nodes);
  Json edges = Json::array();
  for (const TypedEdge& e : r.edges) {
    Json o;
    o["kind"] = EdgeKindName(e.kind);
    o["from"] = Clean(grouped.names[e.from]);
    o["to"] = Clean(grouped.names[e.to]);
    o["tensor"] = Clean(g.tensors[e.tensor].name);
    o["shape"] = Clean(FormatShape(g.tensors[e.tensor].type));
    const int from_box = box_of_model(e.from);
    const int to_box = box_of_model(e.to);
    o["from_box"] = from_box >= 0 ? Json(from_box) : Json(nullptr);
    o["to_box"] = to_box >= 0 ? Json(to_box) : Json(nullptr);
    edges.push_back(std::move(o));
  }
  j["edges"] = std::move(edges);
  Json evidence = Json::array();
  for (const std::string& e : r.evidence) evidence.push_back(Clean(e));
  j["evidence"] = std::move(evidence);
  j["runs"] = RunsJson(g);
  return j.dump(2) + "\n";
}

std::string ExplainGrouping(const GroupedModel& grouped, const LayerGraph& drawn) {
  const auto name = [&](int n) {
    return n >= 0 && static_cast<size_t>(n) < grouped.names.size() ? grouped.names[n]
                                                                   : std::string("?");
  };
  return Explain(grouped.model, name, drawn);
}

std::string ExplainGrouping(const LayerGraph& g, const Grouping& r) {
  return Explain(
      r, [&](int n) { return g.DisplayName(n); }, g);
}

}  // namespace graphgen
