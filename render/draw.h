// The one routine that draws a Diagram at a LayoutResult's coordinates onto a Painter.
#ifndef RENDER_DRAW_H_
#define RENDER_DRAW_H_

#include "layout/layout_result.h"
#include "render/diagram.h"
#include "render/painter.h"

namespace graphgen {

// Draws clusters (outermost first), then edges, then nodes, so boxes sit on top of the
// lines that reach them. `layout` must come from a layout of `diagram.graph`.
void DrawDiagram(const Diagram& diagram, const LayoutResult& layout, Painter& painter);

}  // namespace graphgen

#endif  // RENDER_DRAW_H_
