#include "layout/layout_metrics.h"

#include <gtest/gtest.h>

namespace graphgen {
namespace {

// A straight edge from (ax, ay) to (bx, by) in Bézier form.
EdgePath Line(double ax, double ay, double bx, double by) {
  EdgePath e;
  e.points = {{ax, ay},
              {ax + (bx - ax) / 3, ay + (by - ay) / 3},
              {ax + 2 * (bx - ax) / 3, ay + 2 * (by - ay) / 3},
              {bx, by}};
  return e;
}

TEST(LayoutMetrics, CountsProperCrossingsOnly) {
  LayoutGraph g;
  g.nodes.resize(5, LayoutNode{10, 10, -1});
  g.edges = {{0, 1, true}, {2, 3, true}, {0, 4, true}};
  LayoutResult r;
  r.nodes.resize(5);
  // 0 -> 1 and 2 -> 3 cross once; 0 -> 4 crosses 2 -> 3 too but 0 -> 1 shares its tail.
  r.edges = {Line(0, 0, 100, 100), Line(90, 0, 0, 100), Line(0, 0, 70, 100)};
  EXPECT_EQ(CountCrossings(g, r), 2);
}

TEST(LayoutMetrics, CountsACrossingAtSamplePointsOnce) {
  // Mirror images crossing at their middles, where both curves are sampled.
  LayoutGraph g;
  g.nodes.resize(4, LayoutNode{10, 10, -1});
  g.edges = {{0, 1, true}, {2, 3, true}};
  LayoutResult r;
  r.nodes.resize(4);
  r.edges = {Line(0, 0, 100, 100), Line(100, 0, 0, 100)};
  EXPECT_EQ(CountCrossings(g, r), 1);
}

TEST(LayoutMetrics, CountsACrossingOverAnArrowhead) {
  // 2 -> 3's spline stops where its arrowhead starts (as Graphviz draws it); 0 -> 1 runs
  // across the arrowhead only, which a reader sees as a crossing.
  LayoutGraph g;
  g.nodes.resize(4, LayoutNode{10, 10, -1});
  g.edges = {{0, 1, true}, {2, 3, true}};
  LayoutResult r;
  r.nodes.resize(4);
  r.edges = {Line(0, 95, 100, 95), Line(50, 0, 50, 90)};
  EXPECT_EQ(CountCrossings(g, r), 0);
  r.edges[1].has_arrow = true;
  r.edges[1].arrow_tip = {50, 100};
  EXPECT_EQ(CountCrossings(g, r), 1);
}

TEST(LayoutMetrics, MainPathTravel) {
  // 0 -> 1 -> 2 -> 3 down the page with one step of 40 pt, and a short side branch.
  LayoutGraph g;
  g.nodes.resize(5, LayoutNode{20, 10, -1});
  g.edges = {{0, 1, true}, {1, 2, true}, {2, 3, true}, {0, 4, true}};
  LayoutResult r;
  r.nodes = {
      {0, 0, 20, 10}, {0, 30, 20, 10}, {40, 60, 20, 10}, {40, 90, 20, 10}, {100, 30, 20, 10}};
  MainPath m = MeasureMainPath(g, r, RankDir::kTB);
  EXPECT_EQ(m.boxes, 4);
  EXPECT_EQ(m.bends, 1);
  EXPECT_DOUBLE_EQ(m.travel, 40);
  // Sideways the flow runs along x: the same boxes are then one column, not a path.
  m = MeasureMainPath(g, r, RankDir::kLR);
  EXPECT_LT(m.boxes, 4);
}

}  // namespace
}  // namespace graphgen
