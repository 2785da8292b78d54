// SVG output, written by graphgen itself (not Graphviz) from a Diagram and its layout:
// every string escaped, text in DejaVu Sans, hover titles on every node, edge and cluster.
#ifndef RENDER_SVG_SVG_RENDERER_H_
#define RENDER_SVG_SVG_RENDERER_H_

#include <string>

#include "diagram/diagram.h"
#include "layout/layout_result.h"

namespace graphgen {

std::string RenderSvg(const Diagram& diagram, const LayoutResult& layout);

}  // namespace graphgen

#endif  // RENDER_SVG_SVG_RENDERER_H_
