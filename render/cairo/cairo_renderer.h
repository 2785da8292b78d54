// PNG and PDF output through Cairo, drawn by the same routine as the SVG, with text in
// DejaVu Sans and every font option pinned so the bytes do not depend on the machine.
#ifndef RENDER_CAIRO_CAIRO_RENDERER_H_
#define RENDER_CAIRO_CAIRO_RENDERER_H_

#include <string>
#include <vector>

#include "core/status.h"
#include "diagram/diagram.h"
#include "layout/layout_result.h"

namespace graphgen {

struct RasterResult {
  std::string bytes;
  std::vector<std::string> warnings;  // e.g. the picture was scaled down to fit
};

// A PNG at `dpi` (72 = one pixel per point), with the diagram's metadata as tEXt chunks.
StatusOr<RasterResult> RenderPng(const Diagram& diagram, const LayoutResult& layout, double dpi);

// A one-page PDF sized to the drawing. `creation_date` ("2024-01-31T12:00:00Z") is
// written as the document's date, so the same input gives the same bytes.
StatusOr<std::string> RenderPdf(const Diagram& diagram, const LayoutResult& layout,
                                const std::string& creation_date);

}  // namespace graphgen

#endif  // RENDER_CAIRO_CAIRO_RENDERER_H_
