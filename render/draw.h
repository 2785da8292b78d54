// The one routine that draws a Diagram at a LayoutResult's coordinates onto a Painter.
#ifndef RENDER_DRAW_H_
#define RENDER_DRAW_H_

#include "diagram/diagram.h"
#include "layout/layout_result.h"
#include "render/painter.h"

namespace graphgen {

// Draws clusters (outermost first), then edges, then nodes, so boxes sit on top of the
// lines that reach them. `layout` must come from a layout of `diagram.graph`.
void DrawDiagram(const Diagram& diagram, const LayoutResult& layout, Painter& painter);

// The layout moved and its canvas grown so every edge label's box (drawn centred on its
// path, possibly past the boxes' extent) lies on the canvas. Renderers size the page
// from the result.
LayoutResult FitEdgeLabels(const Diagram& diagram, const LayoutResult& layout);

}  // namespace graphgen

#endif  // RENDER_DRAW_H_
