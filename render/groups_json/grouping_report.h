// What the grouping pass decided, for people and programs: deterministic JSON
// (--groups-json) and readable lines (--explain-groups).
#ifndef RENDER_GROUPS_JSON_GROUPING_REPORT_H_
#define RENDER_GROUPS_JSON_GROUPING_REPORT_H_

#include <string>

#include "core/layer_graph.h"
#include "passes/grouping/grouping.h"

namespace graphgen {

// JSON object: verdict, confidence, basis, stages, per-node roles, typed edges and the
// evidence lines, then the folded runs (name, scope, count, alike, block_ops, params, shape_in,
// shape_out, each block's first and last node); keys in a fixed order, strings sanitised
// to valid UTF-8.
std::string GroupingJson(const LayerGraph& graph, const Grouping& grouping,
                         const std::string& model);

// One line per finding and per stage, each ending in a newline.
std::string ExplainGrouping(const LayerGraph& graph, const Grouping& grouping);

}  // namespace graphgen

#endif  // RENDER_GROUPS_JSON_GROUPING_REPORT_H_
