// --layer-range START:END, as in plot_model's layer_range: draw only the nodes from the
// first one matching START to the last one matching END, in model order.
#ifndef PASSES_LAYER_RANGE_H_
#define PASSES_LAYER_RANGE_H_

#include <string>

#include "core/layer_graph.h"
#include "core/status.h"

namespace graphgen {

// A node matches a pattern when its name equals it, or else when the pattern, read as
// an ECMAScript regex, is found in the name. An empty `start` means the first node, an
// empty `end` the last. No match, a bad regex, or END before START is kInvalidArgument.
Status KeepLayerRange(LayerGraph& graph, const std::string& start, const std::string& end);

}  // namespace graphgen

#endif  // PASSES_LAYER_RANGE_H_
