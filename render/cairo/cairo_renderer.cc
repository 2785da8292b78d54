#include "render/cairo/cairo_renderer.h"

#include <cairo/cairo-ft.h>
#include <cairo/cairo-pdf.h>
#include <cairo/cairo.h>
#include <ft2build.h>
#include FT_FREETYPE_H

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <memory>

#include "core/text.h"
#include "diagram/text_metrics.h"
#include "render/cairo/png_text.h"
#include "render/draw.h"
#include "render/painter.h"

namespace graphgen {
namespace {

constexpr int kMaxPixels = 32767;  // Cairo's limit on an image side

// DejaVu Sans loaded from the files of Debian's fonts-dejavu-core, never through
// fontconfig: what fontconfig finds (or, with an empty configuration, Cairo's built-in
// fallback without a "×") would change the pixels from machine to machine.
constexpr const char* kFontFiles[2] = {
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
};

struct PinnedFonts {
  cairo_font_face_t* face[2] = {nullptr, nullptr};  // regular, bold
  std::string error;                                // why they could not be loaded
};

// Loaded once; the faces live as long as the process.
const PinnedFonts& Fonts() {
  static const PinnedFonts fonts = [] {
    PinnedFonts f;
    FT_Library library = nullptr;
    if (FT_Init_FreeType(&library) != 0) {
      f.error = "FreeType could not be initialised";
      return f;
    }
    for (int i = 0; i < 2; ++i) {
      FT_Face face = nullptr;
      if (FT_New_Face(library, kFontFiles[i], 0, &face) != 0) {
        f.error = std::string("cannot draw text: ") + kFontFiles[i] +
                  " is missing or unreadable (Debian package fonts-dejavu-core)";
        return f;
      }
      f.face[i] = cairo_ft_font_face_create_for_ft_face(face, FT_LOAD_NO_HINTING);
    }
    return f;
  }();
  return fonts;
}

struct Rgb {
  double r = 0, g = 0, b = 0;
};

// "#rrggbb" only: every colour comes from graphgen's own tables.
Rgb ParseColor(const std::string& hex) {
  if (hex.size() != 7 || hex[0] != '#') return {};
  const long v = std::strtol(hex.c_str() + 1, nullptr, 16);
  return Rgb{((v >> 16) & 0xFF) / 255.0, ((v >> 8) & 0xFF) / 255.0, (v & 0xFF) / 255.0};
}

class CairoPainter : public Painter {
 public:
  explicit CairoPainter(cairo_t* cr) : cr_(cr) {
    // Hinting and subpixel order follow the machine's fontconfig unless pinned.
    cairo_font_options_t* fo = cairo_font_options_create();
    cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
    cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
    cairo_font_options_set_antialias(fo, CAIRO_ANTIALIAS_GRAY);
    cairo_set_font_options(cr_, fo);
    cairo_font_options_destroy(fo);
    cairo_translate(cr_, kCanvasMargin, kCanvasMargin);
  }

  void RoundedRect(const Box& b, double radius, const std::string& fill,
                   const Stroke& stroke) override {
    const double r = std::min({radius, b.width / 2, b.height / 2});
    cairo_new_path(cr_);
    cairo_arc(cr_, b.x + b.width - r, b.y + r, r, -M_PI / 2, 0);
    cairo_arc(cr_, b.x + b.width - r, b.y + b.height - r, r, 0, M_PI / 2);
    cairo_arc(cr_, b.x + r, b.y + b.height - r, r, M_PI / 2, M_PI);
    cairo_arc(cr_, b.x + r, b.y + r, r, M_PI, 3 * M_PI / 2);
    cairo_close_path(cr_);
    SetColor(fill);
    cairo_fill_preserve(cr_);
    ApplyStroke(stroke);
  }

  void Bezier(const std::vector<Point>& p, const Stroke& stroke) override {
    cairo_new_path(cr_);
    cairo_move_to(cr_, p[0].x, p[0].y);
    for (size_t i = 1; i + 2 < p.size(); i += 3) {
      cairo_curve_to(cr_, p[i].x, p[i].y, p[i + 1].x, p[i + 1].y, p[i + 2].x, p[i + 2].y);
    }
    ApplyStroke(stroke);
  }

  void Polygon(const std::vector<Point>& p, const std::string& fill) override {
    cairo_new_path(cr_);
    cairo_move_to(cr_, p[0].x, p[0].y);
    for (size_t i = 1; i < p.size(); ++i) cairo_line_to(cr_, p[i].x, p[i].y);
    cairo_close_path(cr_);
    SetColor(fill);
    cairo_fill(cr_);
  }

  void Text(double x, double y, const TextLine& line, TextAnchor anchor) override {
    cairo_set_font_face(cr_, Fonts().face[line.bold ? 1 : 0]);
    cairo_set_font_size(cr_, line.size);
    // Centre with our own metrics, as the box was sized with them.
    if (anchor == TextAnchor::kMiddle) x -= TextWidth(line.text, line.size, line.bold) / 2;
    SetColor(line.color);
    cairo_move_to(cr_, x, y);
    cairo_show_text(cr_, line.text.c_str());
  }

 private:
  void SetColor(const std::string& hex) {
    const Rgb c = ParseColor(hex);
    cairo_set_source_rgb(cr_, c.r, c.g, c.b);
  }
  void ApplyStroke(const Stroke& s) {
    SetColor(s.color);
    cairo_set_line_width(cr_, s.width);
    if (s.dotted) {
      // Round caps turn the short dashes into dots, as the SVG's linecap does.
      const double dots[] = {1, 2.5};
      cairo_set_dash(cr_, dots, 2, 0);
      cairo_set_line_cap(cr_, CAIRO_LINE_CAP_ROUND);
    } else if (s.dashed) {
      const double dashes[] = {5, 3};
      cairo_set_dash(cr_, dashes, 2, 0);
    } else {
      cairo_set_dash(cr_, nullptr, 0, 0);
    }
    cairo_stroke(cr_);
    cairo_set_line_cap(cr_, CAIRO_LINE_CAP_BUTT);
  }
  cairo_t* cr_;
};

cairo_status_t AppendToString(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

void DrawPage(const Diagram& diagram, const LayoutResult& layout, cairo_t* cr) {
  cairo_set_source_rgb(cr, 1, 1, 1);
  cairo_paint(cr);
  CairoPainter painter(cr);
  DrawDiagram(diagram, layout, painter);
}

}  // namespace

StatusOr<RasterResult> RenderPng(const Diagram& diagram, const LayoutResult& unfitted, double dpi) {
  const LayoutResult layout = FitEdgeLabels(diagram, unfitted);
  if (!Fonts().error.empty()) return OutputError(Fonts().error);
  RasterResult result;
  const double width_pt = layout.width + 2 * kCanvasMargin;
  const double height_pt = layout.height + 2 * kCanvasMargin;
  double scale = dpi / 72.0;
  const double largest = std::max(width_pt, height_pt) * scale;
  if (largest > kMaxPixels) {
    const double fitted = kMaxPixels / std::max(width_pt, height_pt);
    result.warnings.push_back("the PNG would be " + std::to_string(std::lround(largest)) +
                              " px on its longest side, past Cairo's limit of 32767; "
                              "drawn at " +
                              std::to_string(std::lround(fitted * 72.0)) +
                              " dpi instead (SVG or PDF keep every detail)");
    scale = fitted;
  }
  const int w = std::max(1, static_cast<int>(std::ceil(width_pt * scale)));
  const int h = std::max(1, static_cast<int>(std::ceil(height_pt * scale)));
  cairo_surface_t* surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h);
  if (cairo_surface_status(surface) != CAIRO_STATUS_SUCCESS) {
    cairo_surface_destroy(surface);
    return OutputError("could not allocate a " + std::to_string(w) + "x" + std::to_string(h) +
                       " image");
  }
  cairo_t* cr = cairo_create(surface);
  cairo_scale(cr, scale, scale);
  DrawPage(diagram, layout, cr);
  cairo_destroy(cr);
  std::string png;
  const cairo_status_t status = cairo_surface_write_to_png_stream(surface, AppendToString, &png);
  cairo_surface_destroy(surface);
  if (status != CAIRO_STATUS_SUCCESS) {
    return OutputError(std::string("PNG encoding failed: ") + cairo_status_to_string(status));
  }
  result.bytes = AddPngChunks(png, diagram.metadata, scale * 72.0);
  return result;
}

StatusOr<std::string> RenderPdf(const Diagram& diagram, const LayoutResult& unfitted,
                                const std::string& creation_date) {
  const LayoutResult layout = FitEdgeLabels(diagram, unfitted);
  if (!Fonts().error.empty()) return OutputError(Fonts().error);
  std::string pdf;
  const double width_pt = layout.width + 2 * kCanvasMargin;
  const double height_pt = layout.height + 2 * kCanvasMargin;
  cairo_surface_t* surface =
      cairo_pdf_surface_create_for_stream(AppendToString, &pdf, width_pt, height_pt);
  // Cairo refuses metadata that is not valid UTF-8, and titles come from file names.
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE,
                                 SanitizeUtf8(diagram.title).c_str());
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "graphgen");
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATE_DATE, creation_date.c_str());
  std::string keywords;
  for (const auto& [key, value] : diagram.metadata) {
    if (!keywords.empty()) keywords += "; ";
    keywords += key + "=" + value;
  }
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_KEYWORDS,
                                 SanitizeUtf8(keywords).c_str());
  cairo_t* cr = cairo_create(surface);
  DrawPage(diagram, layout, cr);
  cairo_show_page(cr);
  cairo_destroy(cr);
  cairo_surface_finish(surface);
  const cairo_status_t status = cairo_surface_status(surface);
  cairo_surface_destroy(surface);
  if (status != CAIRO_STATUS_SUCCESS) {
    return OutputError(std::string("PDF rendering failed: ") + cairo_status_to_string(status));
  }
  return pdf;
}

}  // namespace graphgen
