// Tests for render/draw.h through a Painter that records every call: the drawing order
// (clusters, edges, edge labels, nodes), each shape's geometry and style (arrowheads,
// reversed edges, pills, stacked boxes, legends, centred text), what is skipped, and
// FitEdgeLabels moving and growing the canvas around edge labels.
#include "render/draw.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <string>
#include <vector>

#include "diagram/diagram.h"
#include "diagram/text_metrics.h"
#include "layout/layout_result.h"
#include "render/painter.h"

namespace graphgen {
namespace {

std::string Num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%g", v);
  return buf;
}

std::string Pt(const Point& p) { return Num(p.x) + "," + Num(p.y); }

std::string StrokeText(const Stroke& s) {
  return s.color + "/" + Num(s.width) + (s.dotted ? "/dotted" : s.dashed ? "/dashed" : "/solid");
}

// Writes each call as one line of text, so a test compares whole drawings at once.
class RecordingPainter : public Painter {
 public:
  void BeginItem(const char* kind, const std::string& id, const std::string& tooltip) override {
    calls.push_back(std::string("begin ") + kind + " " + id + " [" + tooltip + "]");
  }
  void EndItem() override { calls.push_back("end"); }
  void RoundedRect(const Box& box, double radius, const std::string& fill,
                   const Stroke& stroke) override {
    calls.push_back("rect " + Num(box.x) + "," + Num(box.y) + " " + Num(box.width) + "x" +
                    Num(box.height) + " r" + Num(radius) + " " + fill + " " + StrokeText(stroke));
  }
  void Bezier(const std::vector<Point>& points, const Stroke& stroke) override {
    std::string s = "bezier";
    for (const Point& p : points) s += " " + Pt(p);
    calls.push_back(s + " " + StrokeText(stroke));
  }
  void Polygon(const std::vector<Point>& points, const std::string& fill) override {
    std::string s = "polygon";
    for (const Point& p : points) s += " " + Pt(p);
    calls.push_back(s + " " + fill);
  }
  void Text(double x, double y, const TextLine& line, TextAnchor anchor) override {
    calls.push_back("text " + Num(x) + "," + Num(y) + " '" + line.text + "' " + Num(line.size) +
                    (line.bold ? " bold " : " ") + line.color +
                    (anchor == TextAnchor::kMiddle ? " middle" : " start"));
  }
  std::vector<std::string> calls;
};

using Calls = std::vector<std::string>;

Calls Draw(const Diagram& d, const LayoutResult& l) {
  RecordingPainter p;
  DrawDiagram(d, l, p);
  return p.calls;
}

NodeStyle PlainNode(const std::string& id) {
  NodeStyle n;
  n.id = id;
  n.fill = "#eeeeee";
  n.stroke = "#333333";
  n.tooltip = "tip " + id;
  return n;
}

// A straight vertical edge from y0 down to y1 at x, its arrowhead ending 10 below y1.
EdgePath Vertical(double x, double y0, double y1, bool arrow = true) {
  EdgePath e;
  const double third = (y1 - y0) / 3;
  e.points = {{x, y0}, {x, y0 + third}, {x, y0 + 2 * third}, {x, y1}};
  e.has_arrow = arrow;
  e.arrow_tip = {x, y1 + 10};
  return e;
}

TEST(DrawDiagram, EmptyDiagramDrawsNothing) { EXPECT_EQ(Draw(Diagram(), LayoutResult()), Calls{}); }

TEST(DrawDiagram, RoundedBoxWithOneCentredLine) {
  Diagram d;
  NodeStyle n = PlainNode("n0");
  n.lines = {TextLine{"Conv", 10, true, "#111111"}};
  d.nodes = {n};
  LayoutResult l;
  l.nodes = {Box{10, 20, 60, 30}};
  // One 12.5-point line centred in 30 points: its top at 28.75, baseline 9.5 lower.
  EXPECT_EQ(Draw(d, l), (Calls{
                            "begin node n0 [tip n0]",
                            "rect 10,20 60x30 r4 #eeeeee #333333/1/solid",
                            "text 40,38.25 'Conv' 10 bold #111111 middle",
                            "end",
                        }));
}

TEST(DrawDiagram, LinesStackFromTheCentre) {
  Diagram d;
  NodeStyle n = PlainNode("n0");
  n.lines = {TextLine{"Conv", 10, false, "#000000"}, TextLine{"3x3", 8, false, "#555555"}};
  d.nodes = {n};
  LayoutResult l;
  l.nodes = {Box{0, 0, 40, 40}};
  // 12.5 + 10 = 22.5 points of lines: the first top at 8.75, the second at 21.25.
  EXPECT_EQ(Draw(d, l), (Calls{
                            "begin node n0 [tip n0]",
                            "rect 0,0 40x40 r4 #eeeeee #333333/1/solid",
                            "text 20,18.25 'Conv' 10 #000000 middle",
                            "text 20,28.85 '3x3' 8 #555555 middle",
                            "end",
                        }));
}

TEST(DrawDiagram, PillIsRoundedByHalfItsHeight) {
  Diagram d;
  NodeStyle n = PlainNode("in");
  n.shape = NodeShape::kPill;
  d.nodes = {n};
  LayoutResult l;
  l.nodes = {Box{0, 0, 80, 24}};
  EXPECT_EQ(Draw(d, l), (Calls{
                            "begin node in [tip in]",
                            "rect 0,0 80x24 r12 #eeeeee #333333/1/solid",
                            "end",
                        }));
}

TEST(DrawDiagram, StackedBoxDrawsTwoBoxesInsideItsBoxAndTextInTheFront) {
  Diagram d;
  NodeStyle n = PlainNode("g");
  n.shape = NodeShape::kStackedBox;
  n.lines = {TextLine{"enc", 10, false, "#000000"}};
  d.nodes = {n};
  LayoutResult l;
  l.nodes = {Box{100, 50, 63, 33}};
  EXPECT_EQ(Draw(d, l), (Calls{
                            "begin node g [tip g]",
                            "rect 103,50 60x30 r4 #eeeeee #333333/1/solid",
                            "rect 100,53 60x30 r4 #eeeeee #333333/1/solid",
                            "text 130,71.25 'enc' 10 #000000 middle",
                            "end",
                        }));
}

TEST(DrawDiagram, EdgeWithArrowheadHalfAsWideAsLongEachSide) {
  Diagram d;
  EdgeStyle e;
  e.color = "#123456";
  e.width = 1.5;
  e.tooltip = "x: float32";
  d.edges = {e};
  LayoutResult l;
  l.edges = {Vertical(10, 0, 30)};
  EXPECT_EQ(Draw(d, l), (Calls{
                            "begin edge edge0 [x: float32]",
                            "bezier 10,0 10,10 10,20 10,30 #123456/1.5/solid",
                            "polygon 10,40 6.5,30 13.5,30 #123456",
                            "end",
                        }));
}

TEST(DrawDiagram, DiagonalArrowheadIsPerpendicularToItsAxis) {
  Diagram d;
  d.edges = {EdgeStyle()};
  LayoutResult l;
  EdgePath p;
  p.points = {{0, 0}, {0, 0}, {0, 0}, {0, 0}};
  p.has_arrow = true;
  p.arrow_tip = {6, 8};  // 10 long: the base's half-width is 3.5 across (0.6, 0.8)
  l.edges = {p};
  const Calls calls = Draw(d, l);
  ASSERT_EQ(calls.size(), 4u);
  EXPECT_EQ(calls[2], "polygon 6,8 -2.8,2.1 2.8,-2.1 #555555");
}

TEST(DrawDiagram, NoArrowheadWithoutArrowOrLength) {
  Diagram d;
  d.edges = {EdgeStyle(), EdgeStyle()};
  LayoutResult l;
  l.edges = {Vertical(0, 0, 30, /*arrow=*/false), Vertical(5, 0, 30)};
  l.edges[1].arrow_tip = l.edges[1].points.back();  // zero length
  EXPECT_EQ(Draw(d, l), (Calls{
                            "begin edge edge0 []",
                            "bezier 0,0 0,10 0,20 0,30 #555555/1.1/solid",
                            "end",
                            "begin edge edge1 []",
                            "bezier 5,0 5,10 5,20 5,30 #555555/1.1/solid",
                            "end",
                        }));
}

TEST(DrawDiagram, DashedAndDottedStrokes) {
  Diagram d;
  EdgeStyle dashed;
  dashed.dashed = true;
  EdgeStyle dotted;
  dotted.dotted = true;
  dotted.dashed = true;  // dotted wins
  d.edges = {dashed, dotted};
  LayoutResult l;
  l.edges = {Vertical(0, 0, 30, false), Vertical(5, 0, 30, false)};
  const Calls calls = Draw(d, l);
  ASSERT_EQ(calls.size(), 6u);
  EXPECT_EQ(calls[1], "bezier 0,0 0,10 0,20 0,30 #555555/1.1/dashed");
  EXPECT_EQ(calls[4], "bezier 5,0 5,10 5,20 5,30 #555555/1.1/dotted");
}

TEST(DrawDiagram, ReversedEdgeExtendsToTheTipAndPointsBackAtItsStart) {
  Diagram d;
  EdgeStyle e;
  e.reversed = true;
  e.color = "#aa0000";
  d.edges = {e};
  LayoutResult l;
  l.edges = {Vertical(0, 0, 30)};
  // The arrowhead, 7 long, ends at the curve's first point, coming from its second.
  EXPECT_EQ(Draw(d, l), (Calls{
                            "begin edge edge0 []",
                            "bezier 0,0 0,10 0,20 0,30 #aa0000/1.1/solid",
                            "bezier 0,30 0,30 0,40 0,40 #aa0000/1.1/solid",
                            "polygon 0,0 2.45,7 -2.45,7 #aa0000",
                            "end",
                        }));
  l.edges[0].has_arrow = false;
  EXPECT_EQ(Draw(d, l), (Calls{
                            "begin edge edge0 []",
                            "bezier 0,0 0,10 0,20 0,30 #aa0000/1.1/solid",
                            "polygon 0,0 2.45,7 -2.45,7 #aa0000",
                            "end",
                        }));
}

TEST(DrawDiagram, EdgesOfFewerThanFourPointsAreSkippedLabelsToo) {
  Diagram d;
  EdgeStyle e;
  e.label = "skip";
  d.edges = {e};
  LayoutResult l;
  EdgePath p;
  p.points = {{0, 0}, {0, 10}, {0, 20}};
  p.has_arrow = true;
  p.arrow_tip = {0, 30};
  l.edges = {p};
  EXPECT_EQ(Draw(d, l), Calls{});
}

TEST(DrawDiagram, EdgeLabelSitsOnAWhiteBoxAtThePathsMiddlePoint) {
  Diagram d;
  EdgeStyle e;
  e.label =
      "N\xC3\x97"
      "64";
  e.color = "#777777";
  d.edges = {e};
  LayoutResult l;
  l.edges = {Vertical(50, 0, 60, false)};
  const double w = TextWidth(e.label, 8, false) + 6;
  // Centred on points[2] = (50, 40); 8-point text: 12 high with its padding.
  const Calls calls = Draw(d, l);
  ASSERT_EQ(calls.size(), 5u);
  EXPECT_EQ(calls[3],
            "rect " + Num(50 - w / 2) + ",34 " + Num(w) + "x12 r3 #ffffff #777777/0.6/solid");
  EXPECT_EQ(calls[4],
            "text 50,42.6 'N\xC3\x97"
            "64' 8 #777777 middle");
}

TEST(DrawDiagram, ClustersThenEdgesThenLabelsThenNodes) {
  Diagram d;
  ClusterStyle c;
  c.label = TextLine{"encoder", 9, true, "#444444"};
  c.tooltip = "encoder/";
  d.clusters = {c};
  EdgeStyle labelled;
  labelled.label = "x";
  d.edges = {labelled, EdgeStyle()};
  d.nodes = {PlainNode("a"), PlainNode("b")};
  LayoutResult l;
  l.clusters = {Box{0, 0, 100, 200}};
  l.cluster_labels = {Box{0, 0, 60, 16}};
  l.edges = {Vertical(20, 40, 70, false), Vertical(30, 40, 70, false)};
  l.nodes = {Box{10, 20, 30, 20}, Box{10, 70, 30, 20}};
  std::vector<std::string> kinds;
  for (const std::string& call : Draw(d, l)) kinds.push_back(call.substr(0, call.find(' ')));
  EXPECT_EQ(kinds, (Calls{"begin", "rect", "text", "end",                     // cluster
                          "begin", "bezier", "end",                           // edge 0
                          "begin", "bezier", "end",                           // edge 1
                          "rect", "text",                                     // edge 0's label
                          "begin", "rect", "end", "begin", "rect", "end"}));  // nodes
}

TEST(DrawDiagram, ClusterBoxLabelAndStackedCopy) {
  Diagram d;
  ClusterStyle c;
  c.label = TextLine{
      "layers \xC3\x97"
      "4",
      10, false, "#444444"};
  c.fill = "#f0f0f0";
  c.stroke = "#888888";
  c.dashed = true;
  c.stacked = true;
  c.tooltip = "4 blocks";
  ClusterStyle unlabelled;
  d.clusters = {c, unlabelled};
  LayoutResult l;
  l.clusters = {Box{10, 10, 200, 300}, Box{20, 40, 50, 50}};
  l.cluster_labels = {Box{10, 10, 80, 20}, Box{20, 40, 0, 0}};
  // The label's line (12.5 high) centred in its 20-point box: top 13.75, baseline 9.5
  // lower, 6 points in from the cluster's left.
  EXPECT_EQ(Draw(d, l), (Calls{
                            "begin cluster cluster0 [4 blocks]",
                            "rect 14,14 200x300 r6 #f0f0f0 #888888/1/dashed",
                            "rect 10,10 200x300 r6 #f0f0f0 #888888/1/dashed",
                            "text 16,23.25 'layers \xC3\x97"
                            "4' 10 #444444 start",
                            "end",
                            "begin cluster cluster1 []",
                            "rect 20,40 50x50 r6 #ffffff #999999/1/solid",
                            "end",
                        }));
}

TEST(DrawDiagram, LegendRowsOfSwatchesAndLineSamples) {
  Diagram d;
  NodeStyle legend = PlainNode("legend");
  legend.shape = NodeShape::kLegend;
  legend.fill = "#fafafa";
  legend.lines = {TextLine{"ignored", 10, false, "#000000"}};
  LegendEntry group;
  group.text = "encoder";
  group.fill = "#ddeeff";
  group.stroke = "#3366aa";
  group.bold = true;
  group.text_color = "#3366aa";
  LegendEntry control;
  control.text = "control";
  control.line = true;
  control.stroke = "#888888";
  control.dotted = true;
  legend.legend = {group, control};
  d.nodes = {legend};
  LayoutResult l;
  l.nodes = {Box{0, 100, 120, 40}};
  // Rows of 9-point text, 14.25 apart, starting 6 in; swatches 18 wide; text 22 further.
  EXPECT_EQ(Draw(d, l), (Calls{
                            "begin node legend [tip legend]",
                            "rect 0,100 120x40 r4 #fafafa #333333/1/solid",
                            "rect 6,108.125 18x10 r2 #ddeeff #3366aa/1.5/solid",
                            "text 28,116.05 'encoder' 9 bold #3366aa start",
                            "bezier 6,127.375 6,127.375 24,127.375 24,127.375 #888888/1.6/dotted",
                            "text 28,130.3 'control' 9 #222222 start",
                            "end",
                        }));
}

TEST(DrawDiagram, DrawsOnlyWhatBothDiagramAndLayoutHave) {
  Diagram d;
  d.nodes = {PlainNode("a"), PlainNode("b")};
  d.edges = {EdgeStyle()};
  LayoutResult l;
  l.nodes = {Box{0, 0, 10, 10}};
  l.edges = {Vertical(0, 0, 30, false), Vertical(5, 0, 30, false)};
  l.clusters = {Box{0, 0, 50, 50}};  // no style for it
  l.cluster_labels = {Box{}};
  EXPECT_EQ(Draw(d, l), (Calls{
                            "begin edge edge0 []",
                            "bezier 0,0 0,10 0,20 0,30 #555555/1.1/solid",
                            "end",
                            "begin node a [tip a]",
                            "rect 0,0 10x10 r4 #eeeeee #333333/1/solid",
                            "end",
                        }));
}

TEST(FitEdgeLabels, WithoutLabelsTheLayoutIsUnchanged) {
  Diagram d;
  d.edges = {EdgeStyle()};
  LayoutResult l;
  l.width = 100;
  l.height = 80;
  l.nodes = {Box{1, 2, 3, 4}};
  l.edges = {Vertical(0, 0, 30)};
  const LayoutResult out = FitEdgeLabels(d, l);
  EXPECT_EQ(out.width, 100);
  EXPECT_EQ(out.height, 80);
  EXPECT_EQ(out.nodes[0].x, 1);
  EXPECT_EQ(out.nodes[0].y, 2);
  EXPECT_EQ(out.edges[0].points[0].x, 0);
}

TEST(FitEdgeLabels, LabelInsideTheCanvasChangesNothing) {
  Diagram d;
  EdgeStyle e;
  e.label = "x";
  d.edges = {e};
  LayoutResult l;
  l.width = 200;
  l.height = 200;
  l.edges = {Vertical(100, 0, 150)};
  const LayoutResult out = FitEdgeLabels(d, l);
  EXPECT_EQ(out.width, 200);
  EXPECT_EQ(out.height, 200);
  EXPECT_EQ(out.edges[0].points[2].x, 100);
}

TEST(FitEdgeLabels, LabelPastTheLeftAndTopMovesEverything) {
  Diagram d;
  EdgeStyle e;
  e.label = "label";
  d.edges = {e};
  LayoutResult l;
  l.width = 40;
  l.height = 100;
  l.nodes = {Box{0, 0, 20, 10}};
  l.clusters = {Box{1, 1, 30, 30}};
  l.cluster_labels = {Box{2, 2, 10, 5}};
  EdgePath p;
  p.points = {{5, 0}, {5, 0}, {5, 0}, {5, 0}};  // middle point (5, 0)
  p.has_arrow = true;
  p.arrow_tip = {5, 10};
  l.edges = {p};
  const double w = TextWidth(e.label, 8, false) + 6;
  const double dx = w / 2 - 5;  // the label's box starts at 5 - w/2 < 0
  const double dy = 6;          // 12 high, centred on y = 0
  const LayoutResult out = FitEdgeLabels(d, l);
  EXPECT_DOUBLE_EQ(out.width, 40 + dx);
  EXPECT_DOUBLE_EQ(out.height, 100 + dy);
  EXPECT_DOUBLE_EQ(out.nodes[0].x, dx);
  EXPECT_DOUBLE_EQ(out.nodes[0].y, dy);
  EXPECT_DOUBLE_EQ(out.clusters[0].x, 1 + dx);
  EXPECT_DOUBLE_EQ(out.cluster_labels[0].y, 2 + dy);
  EXPECT_DOUBLE_EQ(out.edges[0].points[3].x, 5 + dx);
  EXPECT_DOUBLE_EQ(out.edges[0].arrow_tip.x, 5 + dx);
  EXPECT_DOUBLE_EQ(out.edges[0].arrow_tip.y, 10 + dy);
  // Sizes stay; the label's box now starts at the canvas's left edge.
  EXPECT_DOUBLE_EQ(out.nodes[0].width, 20);
  EXPECT_DOUBLE_EQ(out.edges[0].points[2].x - w / 2, 0);
}

TEST(FitEdgeLabels, LabelPastTheRightAndBottomGrowsTheCanvas) {
  Diagram d;
  EdgeStyle e;
  e.label = "wide label";
  d.edges = {e};
  LayoutResult l;
  l.width = 50;
  l.height = 50;
  l.nodes = {Box{5, 5, 10, 10}};
  EdgePath p;
  p.points = {{50, 50}, {50, 50}, {50, 50}, {50, 50}};
  l.edges = {p};
  const double w = TextWidth(e.label, 8, false) + 6;
  const LayoutResult out = FitEdgeLabels(d, l);
  EXPECT_DOUBLE_EQ(out.width, 50 + w / 2);
  EXPECT_DOUBLE_EQ(out.height, 56);
  EXPECT_DOUBLE_EQ(out.nodes[0].x, 5);
  EXPECT_DOUBLE_EQ(out.nodes[0].y, 5);
}

TEST(FitEdgeLabels, EdgesThatAreNotDrawnDoNotCount) {
  Diagram d;
  EdgeStyle e;
  e.label = "far away";
  d.edges = {e};
  LayoutResult l;
  l.width = 10;
  l.height = 10;
  EdgePath p;
  p.points = {{-500, -500}, {-500, -500}, {-500, -500}};  // three points: not drawn
  l.edges = {p};
  const LayoutResult out = FitEdgeLabels(d, l);
  EXPECT_EQ(out.width, 10);
  EXPECT_EQ(out.height, 10);
  EXPECT_EQ(out.edges[0].points[0].x, -500);
}

}  // namespace
}  // namespace graphgen
