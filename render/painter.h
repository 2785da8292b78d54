// The drawing surface every renderer implements (SVG text, Cairo PNG and PDF), so all
// formats draw the same picture from one routine (draw.h).
#ifndef RENDER_PAINTER_H_
#define RENDER_PAINTER_H_

#include <string>
#include <vector>

#include "diagram/diagram.h"
#include "layout/layout_result.h"

namespace graphgen {

struct Stroke {
  std::string color = "#000000";
  double width = 1;
  bool dashed = false;
  // Short dots (a control dependency); wins over `dashed`.
  bool dotted = false;
};

enum class TextAnchor { kStart, kMiddle };

class Painter {
 public:
  virtual ~Painter() = default;
  // Groups what follows into one item (a node, an edge, a cluster) with a hover text;
  // only formats that keep structure (SVG) use it.
  virtual void BeginItem(const char* kind, const std::string& id, const std::string& tooltip) {}
  virtual void EndItem() {}
  virtual void RoundedRect(const Box& box, double radius, const std::string& fill,
                           const Stroke& stroke) = 0;
  // A cubic Bézier path through 3n+1 control points.
  virtual void Bezier(const std::vector<Point>& points, const Stroke& stroke) = 0;
  virtual void Polygon(const std::vector<Point>& points, const std::string& fill) = 0;
  // `line` set with its baseline at y; x is its left end or its centre per `anchor`.
  virtual void Text(double x, double y, const TextLine& line, TextAnchor anchor) = 0;
};

}  // namespace graphgen

#endif  // RENDER_PAINTER_H_
