#include "layout/layout_invariants.h"

#include <gtest/gtest.h>

namespace graphgen {
namespace {

// Two boxes side by side, an edge from the first down to a third below; one cluster
// holding node 0.
struct Fixture {
  LayoutGraph g;
  LayoutResult r;
  Fixture() {
    g.nodes = {{40, 20, 0}, {40, 20, -1}, {40, 20, -1}};
    g.edges = {{0, 2, true}};
    g.clusters = {{-1, 30, 10}};
    r.width = 200;
    r.height = 200;
    r.nodes = {{20, 20, 40, 20}, {120, 20, 40, 20}, {20, 120, 40, 20}};
    r.edges.resize(1);
    r.edges[0].points = {{40, 40}, {40, 60}, {40, 80}, {40, 113}};
    r.edges[0].has_arrow = true;
    r.edges[0].arrow_tip = {40, 120};
    r.clusters = {{10, 5, 60, 45}};
    r.cluster_labels = {{10, 6, 30, 10}};
  }
};

TEST(CheckLayoutResult, AcceptsAGoodLayout) {
  Fixture f;
  EXPECT_TRUE(CheckLayoutResult(f.g, f.r).empty());
}

TEST(CheckLayoutResult, FindsOverlappingNodes) {
  Fixture f;
  f.r.nodes[1].x = 50;
  EXPECT_FALSE(CheckLayoutResult(f.g, f.r).empty());
}

TEST(CheckLayoutResult, FindsAnEdgeThroughABox) {
  Fixture f;
  f.r.nodes[1] = {25, 70, 30, 20};  // moved onto the edge's path
  f.g.nodes[1] = {30, 20, -1};
  EXPECT_FALSE(CheckLayoutResult(f.g, f.r).empty());
}

TEST(CheckLayoutResult, FindsANodeOutsideItsClusterAndClusterOverlap) {
  Fixture f;
  f.r.clusters[0] = {100, 5, 60, 45};
  EXPECT_FALSE(CheckLayoutResult(f.g, f.r).empty());
  Fixture h;
  h.g.clusters.push_back({-1, 0, 0});
  h.r.clusters.push_back({50, 10, 60, 30});  // overlaps cluster 0, not nested
  h.r.cluster_labels.push_back({});
  EXPECT_FALSE(CheckLayoutResult(h.g, h.r).empty());
}

TEST(CheckLayoutResult, FindsAnEdgeOverAClusterLabel) {
  Fixture f;
  // The edge runs down x = 40 from node 0; a label reaching past x = 40 lies under it
  // (the cluster grows to hold the label, node 0 stays inside).
  f.r.clusters[0] = {10, 0, 60, 50};
  f.r.cluster_labels[0] = {10, 1, 30, 10};
  f.r.nodes[0].y = 22;
  EXPECT_TRUE(CheckLayoutResult(f.g, f.r).empty());
  f.r.edges[0].points = {{40, 42}, {40, 60}, {40, 80}, {40, 113}};
  f.g.edges.push_back({1, 0, true});
  f.r.edges.push_back({});
  // From node 1 leftward along y = 6, through the label, then down into node 0.
  f.r.edges[1].points = {{140, 20}, {140, 6}, {100, 6}, {60, 6}, {40, 6}, {25, 6}, {25, 15}};
  f.r.edges[1].has_arrow = true;
  f.r.edges[1].arrow_tip = {25, 22};
  const std::vector<std::string> issues = CheckLayoutResult(f.g, f.r);
  ASSERT_FALSE(issues.empty());
  EXPECT_NE(issues[0].find("crosses the label of cluster 0"), std::string::npos) << issues[0];
}

TEST(CheckLayoutResult, FindsNegativeOrBadCoordinatesAndChangedSizes) {
  Fixture f;
  f.r.nodes[2].x = -5;
  EXPECT_FALSE(CheckLayoutResult(f.g, f.r).empty());
  Fixture h;
  h.r.nodes[0].width = 30;
  EXPECT_FALSE(CheckLayoutResult(h.g, h.r).empty());
  Fixture k;
  k.r.edges[0].points.pop_back();
  EXPECT_FALSE(CheckLayoutResult(k.g, k.r).empty());
}

}  // namespace
}  // namespace graphgen
