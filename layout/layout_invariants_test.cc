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
