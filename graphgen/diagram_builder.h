// The hand-off from meaning to drawing: turns a LayerGraph into a Diagram (a layout graph
// of measured boxes plus their looks). Op types and names stop here; layout sees none.
#ifndef GRAPHGEN_DIAGRAM_BUILDER_H_
#define GRAPHGEN_DIAGRAM_BUILDER_H_

#include "graphgen/layer_graph.h"
#include "render/diagram.h"
#include "render/render_options.h"

namespace graphgen {

// Scopes become clusters when they hold two or more drawn things (a scope around a
// single node adds a frame and says nothing); subgraph bodies are always clusters.
Diagram BuildDiagram(const LayerGraph& graph, const RenderOptions& options);

}  // namespace graphgen

#endif  // GRAPHGEN_DIAGRAM_BUILDER_H_
