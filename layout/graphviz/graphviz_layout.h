// Layout by Graphviz's dot engine, run in-process through libgvc and cgraph. Boxes keep
// the sizes we measured (fixedsize) and labels are fixed-size placeholders, so Graphviz
// never measures text and the result does not depend on installed fonts. Callers' ranks
// (LayoutNode::rank) are kept as each constraint edge's least length; LayoutCluster::centre
// has no dot equivalent and is not honoured.
#ifndef LAYOUT_GRAPHVIZ_GRAPHVIZ_LAYOUT_H_
#define LAYOUT_GRAPHVIZ_GRAPHVIZ_LAYOUT_H_

#include "layout/layout_engine.h"

namespace graphgen {

class GraphvizLayout : public LayoutEngine {
 public:
  std::string_view Name() const override { return "graphviz"; }
  StatusOr<LayoutResult> Layout(const LayoutGraph& graph,
                                const LayoutOptions& options) const override;
};

}  // namespace graphgen

#endif  // LAYOUT_GRAPHVIZ_GRAPHVIZ_LAYOUT_H_
