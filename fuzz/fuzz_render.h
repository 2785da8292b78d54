// Drawing for the fuzz targets: a layer graph through the diagram builder, the DOT writer
// and the SVG renderer, each output held to the contracts in fuzz_checks.h.
#ifndef FUZZ_FUZZ_RENDER_H_
#define FUZZ_FUZZ_RENDER_H_

#include "core/layer_graph.h"
#include "diagram/render_options.h"
#include "passes/grouping/grouping.h"

namespace graphgen {
namespace fuzz {

// Every show_* option on, so every model string the builder can place is placed.
RenderOptions ShowEverything();

// How RenderAndCheck places the boxes.
enum class FuzzLayout {
  // Boxes on a grid: all the SVG renderer needs to place every string; costs nothing.
  kGrid,
  // graphgen's layered engine, the default a user gets; its result must keep every
  // promise of layout/layout_invariants.h.
  kLayered,
};

// Builds the diagram (with `grouping`'s clusters when it is not null, U-shaped with
// `u_shape`), writes and checks DOT, lays it out and writes and checks SVG, and formats
// the summary table.
void RenderAndCheck(const LayerGraph& graph, const RenderOptions& options, FuzzLayout layout,
                    const Grouping* grouping = nullptr, bool u_shape = false);

}  // namespace fuzz
}  // namespace graphgen

#endif  // FUZZ_FUZZ_RENDER_H_
