#include "render/groups_json/grouping_report.h"

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

}  // namespace

std::string GroupingJson(const LayerGraph& g, const Grouping& r, const std::string& model) {
  Json j;
  j["model"] = Clean(model);
  j["verdict"] = r.Verdict();
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%.2f", r.confidence);
  j["confidence"] = std::stod(buf);
  j["basis"] = r.basis;
  Json stages = Json::array();
  for (size_t s = 0; s < r.stages.size(); ++s) {
    const Stage& st = r.stages[s];
    Json o;
    o["id"] = s;
    o["role"] = RoleName(st.role);
    o["label"] = Clean(st.label);
    if (st.level != -1)
      o["resolution"] = st.level >= 0 ? "1/" + std::to_string(1LL << std::min(st.level, 30))
                                      : "x" + std::to_string(1LL << std::min(-st.level, 30));
    if (st.channels > 0) o["channels"] = st.channels;
    o["nodes"] = st.nodes.size();
    stages.push_back(std::move(o));
  }
  j["stages"] = std::move(stages);
  Json nodes = Json::array();
  for (size_t n = 0; n < g.nodes.size(); ++n) {
    const Node& node = g.nodes[n];
    Json o;
    o["id"] = n;
    o["name"] = Clean(g.DisplayName(static_cast<int>(n)));
    o["op"] = Clean(node.op_type);
    if (!node.detail.empty()) o["detail"] = Clean(node.detail);
    o["role"] = r.found && n < r.roles.size() ? RoleName(r.roles[n]) : "none";
    if (r.found && n < r.stage_of.size() && r.stage_of[n] >= 0) o["stage"] = r.stage_of[n];
    // An op pattern's box (a LayerNorm): the ops of the file it stands for, in model order.
    for (const FusedOp& op : node.pattern_ops) {
      Json p;
      p["name"] = Clean(op.name);
      p["op"] = Clean(op.op_type);
      o["ops"].push_back(std::move(p));
    }
    // Shape computations folded into the node (Shape, Gather, Concat before a Reshape).
    for (const FusedOp& op : node.shape_ops) {
      Json p;
      p["name"] = Clean(op.name);
      p["op"] = Clean(op.op_type);
      o["shape_ops"].push_back(std::move(p));
    }
    // A fused chain (--fuse): the ops the node holds after its own, in chain order.
    for (const FusedOp& op : node.fused) {
      Json f;
      f["name"] = Clean(op.name);
      f["op"] = Clean(op.op_type);
      if (op.weight) f["weight"] = true;
      o["fused"].push_back(std::move(f));
    }
    nodes.push_back(std::move(o));
  }
  j["nodes"] = std::move(nodes);
  Json edges = Json::array();
  for (const TypedEdge& e : r.edges) {
    Json o;
    o["kind"] = EdgeKindName(e.kind);
    o["from"] = Clean(g.DisplayName(e.from));
    o["to"] = Clean(g.DisplayName(e.to));
    o["tensor"] = Clean(g.tensors[e.tensor].name);
    o["shape"] = Clean(FormatShape(g.tensors[e.tensor].type));
    edges.push_back(std::move(o));
  }
  j["edges"] = std::move(edges);
  Json evidence = Json::array();
  for (const std::string& e : r.evidence) evidence.push_back(Clean(e));
  j["evidence"] = std::move(evidence);
  j["runs"] = RunsJson(g);
  return j.dump(2) + "\n";
}

std::string ExplainGrouping(const LayerGraph& g, const Grouping& r) {
  std::string out;
  for (const std::string& e : r.evidence) out += "groups: " + Clean(e) + "\n";
  if (!r.found) return out;
  for (const Stage& st : r.stages) {
    out += std::string("groups: stage ") + RoleName(st.role) + " " + Clean(st.label) + ": " +
           std::to_string(st.nodes.size()) + " nodes, " +
           Quote(g.DisplayName(st.nodes.front()), 50) + " .. " +
           Quote(g.DisplayName(st.nodes.back()), 50) + "\n";
  }
  for (const TypedEdge& e : r.edges) {
    out += std::string("groups: ") + EdgeKindName(e.kind) + " edge " +
           Quote(g.DisplayName(e.from), 60) + " -> " + Quote(g.DisplayName(e.to), 60) + " (" +
           Clean(FormatShape(g.tensors[e.tensor].type)) + ")\n";
  }
  return out;
}

}  // namespace graphgen
