// The layout result: coordinates for every box, edge and cluster of a LayoutGraph. Every
// renderer draws from this, whichever engine produced it.
#ifndef LAYOUT_LAYOUT_RESULT_H_
#define LAYOUT_LAYOUT_RESULT_H_

#include <vector>

namespace graphgen {

// Points; the origin is the top-left corner of the canvas and y grows downward.
struct Point {
  double x = 0;
  double y = 0;
};

struct Box {
  double x = 0;  // left
  double y = 0;  // top
  double width = 0;
  double height = 0;
};

struct EdgePath {
  // A cubic B-spline in Bézier form: 3n+1 control points, from the tail's box to the
  // point where the arrowhead starts.
  std::vector<Point> points;
  bool has_arrow = false;
  Point arrow_tip;  // where the arrowhead ends, on the head's box, when has_arrow
};

struct LayoutResult {
  double width = 0;
  double height = 0;
  std::vector<Box> nodes;       // indexed like LayoutGraph::nodes
  std::vector<EdgePath> edges;  // indexed like LayoutGraph::edges
  std::vector<Box> clusters;    // indexed like LayoutGraph::clusters
  std::vector<Box> cluster_labels;
};

}  // namespace graphgen

#endif  // LAYOUT_LAYOUT_RESULT_H_
