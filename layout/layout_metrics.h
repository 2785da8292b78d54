// Drawing-quality figures of a layout result, measured alike for every engine: proper
// edge crossings, the sideways travel of the main path, and arrowheads crowded together.
#ifndef LAYOUT_LAYOUT_METRICS_H_
#define LAYOUT_LAYOUT_METRICS_H_

#include <cstdint>
#include <vector>

#include "layout/layered_graph.h"
#include "layout/layout_graph.h"
#include "layout/layout_result.h"

namespace graphgen {

// Proper crossings between drawn edges that share no endpoint, each counted once. The
// Bézier curves are sampled (8 chords per cubic), so both engines are measured alike.
int64_t CountCrossings(const LayoutGraph& g, const LayoutResult& r);

// The main path: the longest chain of boxes (by count) following edges that run forward
// along the flow (down for TB). `travel` sums how far its boxes' centres move across the
// flow from one box to the next; `bends` counts the steps that move more than 1 pt.
struct MainPath {
  std::vector<int> path;  // node ids along the flow
  int boxes = 0;
  double travel = 0;
  int bends = 0;
};
MainPath MeasureMainPath(const LayoutGraph& g, const LayoutResult& r, RankDir dir);

// Pairs of edges from different tails whose arrowheads end on one box closer together
// (across the flow) than `min_gap` points, counted only at boxes whose side has room for
// them: at least (k - 1) * min_gap over `reach` of its width, for k edges ending there.
// The default reach is the share of a side the layered engine spreads ports over.
int CountCrowdedPorts(const LayoutGraph& g, const LayoutResult& r, RankDir dir, double min_gap,
                      double reach = kPortReach);

}  // namespace graphgen

#endif  // LAYOUT_LAYOUT_METRICS_H_
