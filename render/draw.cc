#include "render/draw.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "diagram/text_metrics.h"

namespace graphgen {
namespace {

void DrawArrowhead(const EdgePath& path, const std::string& color, Painter& painter) {
  if (!path.has_arrow || path.points.empty()) return;
  const Point from = path.points.back();
  const Point tip = path.arrow_tip;
  const double dx = tip.x - from.x;
  const double dy = tip.y - from.y;
  const double length = std::hypot(dx, dy);
  if (length <= 0) return;
  // Half as wide as long on each side: dot's "normal" arrowhead proportions.
  const double nx = -dy / length * length * 0.35;
  const double ny = dx / length * length * 0.35;
  painter.Polygon({tip, Point{from.x + nx, from.y + ny}, Point{from.x - nx, from.y - ny}}, color);
}

// An arrowhead ending at `tip`, coming from the direction of `from`, `length` long.
void DrawArrowheadAt(Point from, Point tip, double length, const std::string& color,
                     Painter& painter) {
  const double dx = tip.x - from.x, dy = tip.y - from.y;
  const double d = std::hypot(dx, dy);
  if (d <= 0) return;
  const Point base{tip.x - dx / d * length, tip.y - dy / d * length};
  DrawArrowhead(EdgePath{{base}, true, tip}, color, painter);
}

// A reversed edge: the curve is extended to where the layout put the arrowhead, and the
// arrowhead is drawn at the curve's start instead.
void DrawReversedEdge(const EdgePath& path, const Stroke& stroke, Painter& painter) {
  painter.Bezier(path.points, stroke);
  if (path.has_arrow) {
    const Point a = path.points.back(), b = path.arrow_tip;
    painter.Bezier({a, a, b, b}, stroke);
  }
  DrawArrowheadAt(path.points[1], path.points[0], 7, stroke.color, painter);
}

constexpr double kEdgeLabelSize = 8;

// Where an edge's label box goes: centred on the middle control point of its path (a
// B-spline's middle control point lies on or near the curve's middle).
Box EdgeLabelBox(const EdgePath& path, const EdgeStyle& style) {
  const Point mid = path.points[path.points.size() / 2];
  const double w = TextWidth(style.label, kEdgeLabelSize, false) + 6;
  const double h = LineHeight(kEdgeLabelSize) + 2;
  return Box{mid.x - w / 2, mid.y - h / 2, w, h};
}

void DrawEdgeLabel(const EdgePath& path, const EdgeStyle& style, Painter& painter) {
  const Box box = EdgeLabelBox(path, style);
  TextLine line{style.label, kEdgeLabelSize, false, style.color};
  painter.RoundedRect(box, 3, "#ffffff", Stroke{style.color, 0.6, false});
  painter.Text(box.x + box.width / 2, box.y + 1 + BaselineOffset(line.size), line,
               TextAnchor::kMiddle);
}

void DrawLegend(const NodeStyle& style, const Box& box, Painter& painter) {
  painter.RoundedRect(box, 4, style.fill, Stroke{style.stroke, 1, false});
  constexpr double kPad = 6, kSwatch = 22, kSize = 9;
  const double row = LineHeight(kSize) + 3;
  double y = box.y + kPad;
  for (const LegendEntry& e : style.legend) {
    const double cy = y + row / 2;
    if (e.line) {
      painter.Bezier({Point{box.x + kPad, cy}, Point{box.x + kPad, cy},
                      Point{box.x + kPad + kSwatch - 4, cy}, Point{box.x + kPad + kSwatch - 4, cy}},
                     Stroke{e.stroke, 1.6, e.dashed, e.dotted});
    } else {
      painter.RoundedRect(Box{box.x + kPad, cy - 5, kSwatch - 4, 10}, 2, e.fill,
                          Stroke{e.stroke, e.bold ? 1.5 : 1, e.dashed});
    }
    const TextLine line{e.text, kSize, e.bold, e.text_color};
    painter.Text(box.x + kPad + kSwatch, y + (row - LineHeight(kSize)) / 2 + BaselineOffset(kSize),
                 line, TextAnchor::kStart);
    y += row;
  }
}

void DrawLines(const std::vector<TextLine>& lines, const Box& box, Painter& painter) {
  double total = 0;
  for (const TextLine& line : lines) total += LineHeight(line.size);
  double top = box.y + (box.height - total) / 2;
  const double center = box.x + box.width / 2;
  for (const TextLine& line : lines) {
    painter.Text(center, top + BaselineOffset(line.size), line, TextAnchor::kMiddle);
    top += LineHeight(line.size);
  }
}

}  // namespace

LayoutResult FitEdgeLabels(const Diagram& diagram, const LayoutResult& layout) {
  double left = 0, top = 0, right = layout.width, bottom = layout.height;
  for (size_t i = 0; i < diagram.edges.size() && i < layout.edges.size(); ++i) {
    if (diagram.edges[i].label.empty() || layout.edges[i].points.size() < 4) continue;
    const Box b = EdgeLabelBox(layout.edges[i], diagram.edges[i]);
    left = std::min(left, b.x);
    top = std::min(top, b.y);
    right = std::max(right, b.x + b.width);
    bottom = std::max(bottom, b.y + b.height);
  }
  LayoutResult out = layout;
  const double dx = -left, dy = -top;
  out.width = right - left;
  out.height = bottom - top;
  if (dx == 0 && dy == 0) return out;
  const auto move = [&](Box& b) {
    b.x += dx;
    b.y += dy;
  };
  for (Box& b : out.nodes) move(b);
  for (Box& b : out.clusters) move(b);
  for (Box& b : out.cluster_labels) move(b);
  for (EdgePath& e : out.edges) {
    for (Point& p : e.points) {
      p.x += dx;
      p.y += dy;
    }
    e.arrow_tip.x += dx;
    e.arrow_tip.y += dy;
  }
  return out;
}

void DrawDiagram(const Diagram& diagram, const LayoutResult& layout, Painter& painter) {
  for (size_t i = 0; i < diagram.clusters.size() && i < layout.clusters.size(); ++i) {
    const ClusterStyle& style = diagram.clusters[i];
    painter.BeginItem("cluster", "cluster" + std::to_string(i), style.tooltip);
    if (style.stacked) {
      // The copy behind sticks out right and below by less than the layout's gaps.
      constexpr double kOffset = 4;
      Box behind = layout.clusters[i];
      behind.x += kOffset;
      behind.y += kOffset;
      painter.RoundedRect(behind, 6, style.fill, Stroke{style.stroke, 1, style.dashed});
    }
    painter.RoundedRect(layout.clusters[i], 6, style.fill, Stroke{style.stroke, 1, style.dashed});
    const Box& label = layout.cluster_labels[i];
    if (!style.label.text.empty()) {
      const double baseline = label.y + (label.height - LineHeight(style.label.size)) / 2 +
                              BaselineOffset(style.label.size);
      painter.Text(layout.clusters[i].x + kClusterLabelPadX, baseline, style.label,
                   TextAnchor::kStart);
    }
    painter.EndItem();
  }
  for (size_t i = 0; i < diagram.edges.size() && i < layout.edges.size(); ++i) {
    const EdgeStyle& style = diagram.edges[i];
    const EdgePath& path = layout.edges[i];
    if (path.points.size() < 4) continue;
    painter.BeginItem("edge", "edge" + std::to_string(i), style.tooltip);
    const Stroke stroke{style.color, style.width, style.dashed, style.dotted};
    if (style.reversed) {
      DrawReversedEdge(path, stroke, painter);
    } else {
      painter.Bezier(path.points, stroke);
      DrawArrowhead(path, style.color, painter);
    }
    painter.EndItem();
  }
  // Labels after all edges, so no later edge crosses a label's background.
  for (size_t i = 0; i < diagram.edges.size() && i < layout.edges.size(); ++i) {
    if (diagram.edges[i].label.empty() || layout.edges[i].points.size() < 4) continue;
    DrawEdgeLabel(layout.edges[i], diagram.edges[i], painter);
  }
  for (size_t i = 0; i < diagram.nodes.size() && i < layout.nodes.size(); ++i) {
    const NodeStyle& style = diagram.nodes[i];
    Box box = layout.nodes[i];
    painter.BeginItem("node", style.id, style.tooltip);
    const Stroke stroke{style.stroke, 1, false};
    if (style.shape == NodeShape::kLegend) {
      DrawLegend(style, box, painter);
      painter.EndItem();
      continue;
    }
    switch (style.shape) {
      case NodeShape::kRoundedBox:
        painter.RoundedRect(box, 4, style.fill, stroke);
        break;
      case NodeShape::kPill:
        painter.RoundedRect(box, box.height / 2, style.fill, stroke);
        break;
      case NodeShape::kLegend:
        break;
      case NodeShape::kStackedBox: {
        // Both boxes stay inside the laid-out box, so the layout's spacing holds.
        constexpr double kOffset = 3;
        const Box behind{box.x + kOffset, box.y, box.width - kOffset, box.height - kOffset};
        box = Box{box.x, box.y + kOffset, box.width - kOffset, box.height - kOffset};
        painter.RoundedRect(behind, 4, style.fill, stroke);
        painter.RoundedRect(box, 4, style.fill, stroke);
        break;
      }
    }
    DrawLines(style.lines, box, painter);
    painter.EndItem();
  }
}

}  // namespace graphgen
