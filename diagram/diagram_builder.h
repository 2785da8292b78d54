// The hand-off from meaning to drawing: turns a LayerGraph into a Diagram (a layout graph
// of measured boxes plus their looks). Op types and names stop here; layout sees none.
#ifndef DIAGRAM_DIAGRAM_BUILDER_H_
#define DIAGRAM_DIAGRAM_BUILDER_H_

#include "core/layer_graph.h"
#include "diagram/diagram.h"
#include "diagram/render_options.h"
#include "passes/grouping/grouping.h"

namespace graphgen {

// Scopes become clusters when they hold two or more drawn things (a scope around a
// single node adds a frame and says nothing); subgraph bodies are always clusters.
// Control dependencies are grey dotted edges, explained by a legend when any is drawn.
Diagram BuildDiagram(const LayerGraph& graph, const RenderOptions& options);

// With a grouping that found an encoder-decoder: clusters Encoder / Bottleneck / Decoder,
// each with one sub-cluster per stage when it has several (labelled "1/4 · 128 ch"), in
// soft colours of their own; skip / memory / state edges in their own colour and dash,
// labelled with the tensor's shape; a legend. Module scopes are kept inside a stage when
// all their nodes lie in it and dropped when they straddle stages (the groups say more).
// `u_shape` (--shape u) runs the decoder's edges backwards in the layout so the decoder
// climbs back up beside the encoder, with skips across: the classic U-Net picture. Every
// node gets a LayoutNode::rank for that; the bottleneck hangs below both columns in a
// cluster marked LayoutCluster::centre (its stage in a box of its own), so the engine
// puts it at the foot of the U, midway between them.
Diagram BuildDiagram(const LayerGraph& graph, const RenderOptions& options,
                     const Grouping* grouping, bool u_shape);

}  // namespace graphgen

#endif  // DIAGRAM_DIAGRAM_BUILDER_H_
