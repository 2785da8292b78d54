// --summary: a Keras model.summary()-style table of the layer graph (name, op, output
// shape, parameters, totals), plain ASCII so it reads the same in any terminal or log.
#ifndef RENDER_SUMMARY_SUMMARY_H_
#define RENDER_SUMMARY_SUMMARY_H_

#include <string>

#include "core/layer_graph.h"

namespace graphgen {

// One row per drawn box: a folded run is one row "name (×N, K ops each)", a fused chain
// (--fuse) one row typed "Conv · BN · Relu" with the chain's parameters.
std::string FormatSummary(const LayerGraph& graph, const std::string& title);

}  // namespace graphgen

#endif  // RENDER_SUMMARY_SUMMARY_H_
