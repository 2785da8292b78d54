// --summary: a Keras model.summary()-style table of the layer graph: the model's name, one
// row per drawn box with "name (type)", output shape, parameters and, when a layer reads
// several tensors, the layers it is connected to; then total, trainable and
// non-trainable parameters. Plain text so it reads the same in any terminal or log.
#ifndef RENDER_SUMMARY_SUMMARY_H_
#define RENDER_SUMMARY_SUMMARY_H_

#include <string>

#include "core/layer_graph.h"

namespace graphgen {

struct SummaryOptions {
  // Shapes as Keras prints them, "(None, 3, 224, 224)" (--summary-style keras), or as the
  // diagrams do, "N×3×224×224" (graphgen).
  bool keras_shapes = true;
};

// One row per drawn box: a folded run is one row "name (×N, K ops each)", a fused chain
// (--fuse) one row typed "Conv · BN · Relu" with the chain's parameters. A long name wraps
// over up to three lines and is clipped before its type is. `title` (the file name) is the
// model's name when the graph has none of its own.
std::string FormatSummary(const LayerGraph& graph, const std::string& title,
                          const SummaryOptions& options = SummaryOptions());

}  // namespace graphgen

#endif  // RENDER_SUMMARY_SUMMARY_H_
