// SVG output, written by graphgen itself (not Graphviz) from a Diagram and its layout:
// every string escaped, text in DejaVu Sans, hover titles on every node, edge and cluster.
#ifndef RENDER_SVG_SVG_RENDERER_H_
#define RENDER_SVG_SVG_RENDERER_H_

#include <string>

#include "diagram/diagram.h"
#include "layout/layout_result.h"

namespace graphgen {

struct SvgOptions {
  // A standalone .svg file: the XML declaration, the SVG namespace, sizes in points, the
  // <metadata> provenance and a hover <title> per item. Inline in an HTML page (render/html)
  // none of these is wanted: the page's head carries the provenance (once), its side panel
  // shows what the titles would (a native tooltip on top of it would repeat it), and the
  // page's zoom works in CSS pixels.
  bool standalone = true;
};

std::string RenderSvg(const Diagram& diagram, const LayoutResult& layout);
std::string RenderSvg(const Diagram& diagram, const LayoutResult& layout,
                      const SvgOptions& options);

}  // namespace graphgen

#endif  // RENDER_SVG_SVG_RENDERER_H_
