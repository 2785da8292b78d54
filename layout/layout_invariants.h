// Invariant checks for layouts: the geometric promises every engine's LayoutResult keeps
// (sizes kept, no overlaps, no edge through a box, clusters nest), and the layered
// engine's per-phase postconditions over its working graph. Each returns the violations
// found as readable lines (at most a few dozen), empty when all hold.
#ifndef LAYOUT_LAYOUT_INVARIANTS_H_
#define LAYOUT_LAYOUT_INVARIANTS_H_

#include <string>
#include <string_view>
#include <vector>

#include "layout/layered_graph.h"
#include "layout/layout_graph.h"
#include "layout/layout_result.h"

namespace graphgen {

// The final result: one box per node with the asked-for size, all coordinates finite and
// >= 0; no two node boxes overlap; every edge is 3n+1 points, and no piece of it (the
// Bézier sampled finely, plus the arrow) enters a node box other than its endpoints';
// each cluster box contains its nodes and child clusters, and two cluster boxes overlap
// only when one contains the other; label boxes lie inside their cluster's box and no
// edge crosses one.
std::vector<std::string> CheckLayoutResult(const LayoutGraph& graph, const LayoutResult& r);

// The postconditions of the layered phase `phase` (a LayeredPhase::Name), checked on
// the working graph right after it ran. Geometric phases also run the result checks.
std::vector<std::string> CheckLayeredPhase(std::string_view phase, const LayeredGraph& g);

}  // namespace graphgen

#endif  // LAYOUT_LAYOUT_INVARIANTS_H_
