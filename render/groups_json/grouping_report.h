// What the grouping pass decided, for people and programs: deterministic JSON
// (--groups-json, schema "graphgen-groups/2", documented in the README) and readable lines
// (--explain-groups).
#ifndef RENDER_GROUPS_JSON_GROUPING_REPORT_H_
#define RENDER_GROUPS_JSON_GROUPING_REPORT_H_

#include <string>

#include "core/layer_graph.h"
#include "passes/grouping/grouping.h"
#include "passes/passes.h"

namespace graphgen {

// The version --groups-json writes as "schema"; a change that renames or removes a key
// takes a new number.
inline constexpr const char* kGroupsJsonSchema = "graphgen-groups/2";

// What --groups-json reports on: one run of RunPassesGrouped.
struct GroupsReport {
  std::string model;                      // the model's file name
  const LayerGraph* imported = nullptr;   // the graph as imported: every node of the file
  const LayerGraph* drawn = nullptr;      // after every pass (imported_node_box filled)
  const GroupedModel* grouped = nullptr;  // the grouping, on the whole model and the boxes
};

// JSON object, keys in a fixed order, strings sanitised to valid UTF-8: schema, model,
// verdict, confidence, basis; the stages found on the whole model; "boxes", the drawn boxes
// with their roles and the ops a box holds; "nodes", every node of the model file with its
// role, stage and the id of the box that holds it (null when not drawn); the typed edges
// with the boxes they join; the evidence lines; the folded runs.
std::string GroupingJson(const GroupsReport& report);

// One line per finding, per stage (of the whole model) and per typed edge, each ending in
// a newline.
std::string ExplainGrouping(const GroupedModel& grouped, const LayerGraph& drawn);
// The same for a grouping found directly on `graph`.
std::string ExplainGrouping(const LayerGraph& graph, const Grouping& grouping);

}  // namespace graphgen

#endif  // RENDER_GROUPS_JSON_GROUPING_REPORT_H_
