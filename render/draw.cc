#include "render/draw.h"

#include <cmath>
#include <string>

#include "render/text_metrics.h"

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
  painter.Polygon({tip, Point{from.x + nx, from.y + ny}, Point{from.x - nx, from.y - ny}},
                  color);
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
    painter.RoundedRect(layout.clusters[i], 6, style.fill,
                        Stroke{style.stroke, 1, style.dashed});
    const Box& label = layout.cluster_labels[i];
    if (!style.label.text.empty()) {
      const double baseline =
          label.y + (label.height - LineHeight(style.label.size)) / 2 +
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
    painter.Bezier(path.points, Stroke{style.color, 1.1, style.dashed});
    DrawArrowhead(path, style.color, painter);
    painter.EndItem();
  }
  for (size_t i = 0; i < diagram.nodes.size() && i < layout.nodes.size(); ++i) {
    const NodeStyle& style = diagram.nodes[i];
    Box box = layout.nodes[i];
    painter.BeginItem("node", style.id, style.tooltip);
    const Stroke stroke{style.stroke, 1, false};
    switch (style.shape) {
      case NodeShape::kRoundedBox:
        painter.RoundedRect(box, 4, style.fill, stroke);
        break;
      case NodeShape::kPill:
        painter.RoundedRect(box, box.height / 2, style.fill, stroke);
        break;
      case NodeShape::kStackedBox: {
        // Both boxes stay inside the laid-out box, so the layout's spacing holds.
        constexpr double kOffset = 3;
        const Box behind{box.x + kOffset, box.y, box.width - kOffset,
                         box.height - kOffset};
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
