// Drawing for the fuzz targets: a layer graph through the diagram builder, the DOT writer
// and the SVG renderer, each output held to the contracts in fuzz_checks.h.
#ifndef FUZZ_FUZZ_RENDER_H_
#define FUZZ_FUZZ_RENDER_H_

#include "graphgen/layer_graph.h"
#include "render/render_options.h"

namespace graphgen {
namespace fuzz {

// Every show_* option on, so every model string the builder can place is placed.
RenderOptions ShowEverything();

// Builds the diagram, writes and checks DOT, lays it out and writes and checks SVG, and
// formats the summary table. With `graphviz` the layout is Graphviz dot's (only for
// small diagrams: dot is slow on large ones); otherwise boxes on a grid, which is all the
// SVG renderer needs to place every string.
void RenderAndCheck(const LayerGraph& graph, const RenderOptions& options, bool graphviz);

}  // namespace fuzz
}  // namespace graphgen

#endif  // FUZZ_FUZZ_RENDER_H_
