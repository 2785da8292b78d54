// DOT output written by graphgen's own writer: the styled graph (labels, colours, nested
// clusters) without coordinates, so `dot`, or any Graphviz tool, can lay it out again.
// Every identifier is generated ("n12", "cluster_3"); model strings appear only inside
// escaped double-quoted labels and tooltips.
#ifndef RENDER_DOT_DOT_WRITER_H_
#define RENDER_DOT_DOT_WRITER_H_

#include <string>

#include "diagram/diagram.h"
#include "layout/layout_graph.h"

namespace graphgen {

std::string WriteDot(const Diagram& diagram, const LayoutOptions& options);

}  // namespace graphgen

#endif  // RENDER_DOT_DOT_WRITER_H_
