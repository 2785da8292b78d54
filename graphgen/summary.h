// --summary: a Keras model.summary()-style table of the layer graph (name, op, output
// shape, parameters, totals), plain ASCII so it reads the same in any terminal or log.
#ifndef GRAPHGEN_SUMMARY_H_
#define GRAPHGEN_SUMMARY_H_

#include <string>

#include "graphgen/layer_graph.h"

namespace graphgen {

std::string FormatSummary(const LayerGraph& graph, const std::string& title);

}  // namespace graphgen

#endif  // GRAPHGEN_SUMMARY_H_
