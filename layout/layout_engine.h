// The interface every layout engine implements, so the pipeline can swap engines.
#ifndef LAYOUT_LAYOUT_ENGINE_H_
#define LAYOUT_LAYOUT_ENGINE_H_

#include <string_view>

#include "core/status.h"
#include "layout/layout_graph.h"
#include "layout/layout_result.h"

namespace graphgen {

class LayoutEngine {
 public:
  virtual ~LayoutEngine() = default;
  virtual std::string_view Name() const = 0;
  // Places every node, edge and cluster of `graph`. The result has one entry per node,
  // edge and cluster, boxes keep the sizes asked for, and coordinates are >= 0.
  virtual StatusOr<LayoutResult> Layout(const LayoutGraph& graph,
                                        const LayoutOptions& options) const = 0;
};

}  // namespace graphgen

#endif  // LAYOUT_LAYOUT_ENGINE_H_
