// The diagram: a LayoutGraph plus what each of its boxes, edges and clusters looks like
// (text lines, colours, tooltips). Renderers draw a Diagram at the coordinates of a
// LayoutResult; the DOT writer writes it without coordinates.
#ifndef DIAGRAM_DIAGRAM_H_
#define DIAGRAM_DIAGRAM_H_

#include <string>
#include <utility>
#include <vector>

#include "layout/layout_graph.h"

namespace graphgen {

struct TextLine {
  std::string text;  // UTF-8, already sanitised and clipped by the builder
  double size = 10;  // points
  bool bold = false;
  std::string color = "#000000";
};

enum class NodeShape {
  kRoundedBox,  // operations
  kPill,        // graph inputs and outputs
  kStackedBox,  // collapsed groups: a box with a second one peeking out behind
  kLegend,      // a key: one row per LegendEntry, no text lines
};

// One row of a legend: a filled swatch (a group's colours) or a line sample (an edge
// kind's colour and dash), then its text.
struct LegendEntry {
  std::string text;
  bool line = false;  // a line sample instead of a filled swatch
  std::string fill = "#ffffff";
  std::string stroke = "#000000";
  bool dashed = false;
  bool dotted = false;  // a dotted line sample (control dependencies)
  std::string text_color = "#222222";
  bool bold = false;  // the label as a group cluster's: bold, in the group's colour
};

struct NodeStyle {
  std::vector<TextLine> lines;
  NodeShape shape = NodeShape::kRoundedBox;
  std::string fill = "#ffffff";
  std::string stroke = "#000000";
  std::string tooltip;              // shown on hover in SVG; the full name and attributes
  std::string id;                   // stable identifier for SVG ids and DOT names
  std::string category;             // the op category's name ("convolution"), for legends
  int node = -1;                    // the LayerGraph node drawn; -1 for a legend
  std::vector<LegendEntry> legend;  // kLegend only
};

struct EdgeStyle {
  std::string color = "#555555";
  bool dashed = false;
  // Dotted: an ordering constraint that carries no tensor (TensorFlow's control
  // dependencies, as TensorBoard draws them).
  bool dotted = false;
  double width = 1.1;  // points
  // Text drawn at the edge's middle ("N×64×56×56" on a skip); empty for none.
  std::string label;
  // The layout edge runs against the data flow (a U-shaped decoder climbing back up):
  // the arrowhead goes at the layout edge's tail.
  bool reversed = false;
  std::string tooltip;  // the tensor carried: "x: float32 N×3×224×224"
  // What the edge is beyond data flow: "" for a plain tensor, "skip", "memory", "state"
  // (the grouping's typed edges), "control" or "subgraph". The HTML page names it on hover.
  std::string kind;
  int tensor = -1;  // the LayerGraph tensor carried; -1 for control and subgraph edges
};

struct ClusterStyle {
  TextLine label;
  std::string fill = "#ffffff";
  std::string stroke = "#999999";
  bool dashed = false;
  // A folded run (×N): drawn with a copy peeking out behind, like a stack of blocks.
  bool stacked = false;
  std::string tooltip;
};

struct Diagram {
  LayoutGraph graph;
  std::vector<NodeStyle> nodes;        // indexed like graph.nodes
  std::vector<EdgeStyle> edges;        // indexed like graph.edges
  std::vector<ClusterStyle> clusters;  // indexed like graph.clusters
  std::string title;
  // Provenance written into every output format: (key, value) in a fixed order.
  std::vector<std::pair<std::string, std::string>> metadata;
};

// Padding inside node boxes, shared by the builder (which sizes boxes) and the renderers
// (which place text in them).
inline constexpr double kNodePadX = 10;
inline constexpr double kNodePadY = 5;
inline constexpr double kClusterLabelPadX = 6;
// White space around the drawing, in points, in every rendered format.
inline constexpr double kCanvasMargin = 8;

}  // namespace graphgen

#endif  // DIAGRAM_DIAGRAM_H_
