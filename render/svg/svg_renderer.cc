#include "render/svg/svg_renderer.h"

#include "core/text.h"
#include "diagram/text_metrics.h"
#include "render/draw.h"
#include "render/number_format.h"
#include "render/painter.h"

namespace graphgen {
namespace {

// Every line of the SVG stays short (tools and editors choke on megabyte lines): text
// longer than this is wrapped at a character boundary.
constexpr size_t kMaxTextLineBytes = 200;
// A path's curve segments go this many to a line.
constexpr size_t kSegmentsPerLine = 6;
// Provenance values (model-nodes holds 25 bytes per node) wrap at this width: eight node
// hashes to a line.
constexpr size_t kMaxProvenanceLineBytes = 200;

// Tooltip text for <title>: each line of the tooltip on its own line of the file (a literal
// newline in element text is the same text as &#10;), long lines wrapped, which the hover
// then shows wrapped too.
std::string TooltipText(const std::string& tooltip) {
  std::string out;
  size_t start = 0;
  while (start <= tooltip.size()) {
    size_t end = tooltip.find('\n', start);
    if (end == std::string::npos) end = tooltip.size();
    const std::string line = XmlEscape(std::string_view(tooltip).substr(start, end - start));
    bool first = true;
    for (std::string_view piece : SplitForLines(line, kMaxTextLineBytes)) {
      if (!first) out += '\n';
      out += piece;
      first = false;
    }
    if (end < tooltip.size()) out += '\n';
    start = end + 1;
  }
  return out;
}

class SvgPainter : public Painter {
 public:
  SvgPainter(std::string* out, bool titles) : out_(*out), titles_(titles) {}

  void BeginItem(const char* kind, const std::string& id, const std::string& tooltip) override {
    out_ += "<g class=\"";
    out_ += kind;
    out_ += "\" id=\"" + XmlEscape(id) + "\">";
    if (titles_ && !tooltip.empty()) out_ += "<title>" + TooltipText(tooltip) + "</title>";
    out_ += '\n';
  }
  void EndItem() override { out_ += "</g>\n"; }

  void RoundedRect(const Box& box, double radius, const std::string& fill,
                   const Stroke& stroke) override {
    out_ += "<rect x=\"" + N(box.x + kCanvasMargin) + "\" y=\"" + N(box.y + kCanvasMargin) +
            "\" width=\"" + N(box.width) + "\" height=\"" + N(box.height) + "\" rx=\"" + N(radius) +
            "\" fill=\"" + XmlEscape(fill) + "\"" + StrokeAttrs(stroke) + "/>\n";
  }

  void Bezier(const std::vector<Point>& points, const Stroke& stroke) override {
    out_ += "<path d=\"M" + N(points[0].x + kCanvasMargin) + "," + N(points[0].y + kCanvasMargin);
    for (size_t i = 1; i + 2 < points.size(); i += 3) {
      // Whitespace in path data may be a newline: a long edge's path spans lines.
      out_ += (i / 3) % kSegmentsPerLine == kSegmentsPerLine - 1 ? "\nC" : " C";
      for (size_t k = 0; k < 3; ++k) {
        if (k > 0) out_ += ' ';
        out_ += N(points[i + k].x + kCanvasMargin) + "," + N(points[i + k].y + kCanvasMargin);
      }
    }
    out_ += "\" fill=\"none\"" + StrokeAttrs(stroke) + "/>\n";
  }

  void Polygon(const std::vector<Point>& points, const std::string& fill) override {
    out_ += "<polygon points=\"";
    for (size_t i = 0; i < points.size(); ++i) {
      if (i > 0) out_ += ' ';
      out_ += N(points[i].x + kCanvasMargin) + "," + N(points[i].y + kCanvasMargin);
    }
    out_ += "\" fill=\"" + XmlEscape(fill) + "\"/>\n";
  }

  void Text(double x, double y, const TextLine& line, TextAnchor anchor) override {
    out_ += "<text x=\"" + N(x + kCanvasMargin) + "\" y=\"" + N(y + kCanvasMargin) + "\"";
    if (anchor == TextAnchor::kMiddle) out_ += " text-anchor=\"middle\"";
    out_ += " font-size=\"" + N(line.size) + "\"";
    if (line.bold) out_ += " font-weight=\"bold\"";
    if (line.color != "#000000") out_ += " fill=\"" + XmlEscape(line.color) + "\"";
    // Our boxes are sized for DejaVu Sans; textLength keeps other fonts inside them.
    out_ += " textLength=\"" + N(TextWidth(line.text, line.size, line.bold)) +
            "\" lengthAdjust=\"spacingAndGlyphs\">" + XmlEscape(line.text) + "</text>\n";
  }

 private:
  static std::string N(double v) { return FormatCoord(v); }
  static std::string StrokeAttrs(const Stroke& s) {
    std::string out = " stroke=\"" + XmlEscape(s.color) + "\"";
    if (s.width != 1) out += " stroke-width=\"" + N(s.width) + "\"";
    if (s.dotted) {
      out += " stroke-dasharray=\"1,2.5\" stroke-linecap=\"round\"";
    } else if (s.dashed) {
      out += " stroke-dasharray=\"5,3\"";
    }
    return out;
  }
  std::string& out_;
  const bool titles_;
};

}  // namespace

std::string RenderSvg(const Diagram& diagram, const LayoutResult& layout) {
  return RenderSvg(diagram, layout, SvgOptions());
}

std::string RenderSvg(const Diagram& diagram, const LayoutResult& unfitted,
                      const SvgOptions& options) {
  const LayoutResult layout = FitEdgeLabels(diagram, unfitted);
  const double width = layout.width + 2 * kCanvasMargin;
  const double height = layout.height + 2 * kCanvasMargin;
  const bool standalone = options.standalone;
  std::string out;
  out.reserve(256 + diagram.nodes.size() * 600);
  if (standalone) out += "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  // Inline, one unit is one CSS pixel, so the page's zoom 1 is the viewBox's size.
  const char* unit = standalone ? "pt" : "";
  out += std::string("<svg") + (standalone ? " xmlns=\"http://www.w3.org/2000/svg\"" : "") +
         " width=\"" + FormatCoord(width) + unit + "\" height=\"" + FormatCoord(height) + unit +
         "\" viewBox=\"0 0 " + FormatCoord(width) + " " + FormatCoord(height) +
         "\" font-family=\"" + std::string(kFontFamily) + ", Verdana, sans-serif\">\n";
  if (standalone) out += "<title>" + TooltipText(diagram.title) + "</title>\n";
  // Provenance as namespaced elements, not <meta>: an HTML5 parser reading an inline SVG
  // takes <meta> (and <b>, <p>, <span>...) for HTML and closes the <svg> there. The value
  // is the element's text with the literal newlines wrapping it removed (SvgOutput reads
  // it back; a newline in the value itself is written &#10;).
  if (standalone && !diagram.metadata.empty()) {
    out += "<metadata>\n<graphgen:provenance xmlns:graphgen=\"urn:graphgen:provenance\">\n";
    for (const auto& [key, value] : diagram.metadata) {
      out += "<graphgen:value name=\"" + XmlEscape(key) + "\">";
      bool first = true;
      const std::string escaped = XmlEscape(value);
      for (std::string_view piece : SplitForLines(escaped, kMaxProvenanceLineBytes)) {
        if (!first) out += '\n';
        out += piece;
        first = false;
      }
      out += "</graphgen:value>\n";
    }
    out += "</graphgen:provenance>\n</metadata>\n";
  }
  out += "<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n";
  SvgPainter painter(&out, standalone);
  DrawDiagram(diagram, layout, painter);
  out += "</svg>\n";
  return out;
}

}  // namespace graphgen
