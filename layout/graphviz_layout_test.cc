#include "layout/graphviz_layout.h"

#include <gtest/gtest.h>

namespace graphgen {
namespace {

// in -> a -> b -> out, plus in -> b; a and b in one cluster.
LayoutGraph SmallGraph() {
  LayoutGraph g;
  g.clusters.push_back(LayoutCluster{-1, 60, 14});
  g.nodes = {{80, 30, -1}, {100, 40, 0}, {70, 30, 0}, {80, 30, -1}};
  g.edges = {{0, 1, true}, {1, 2, true}, {2, 3, true}, {0, 2, true}};
  return g;
}

bool Overlap(const Box& a, const Box& b) {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

bool Inside(const Box& inner, const Box& outer) {
  return inner.x >= outer.x && inner.y >= outer.y &&
         inner.x + inner.width <= outer.x + outer.width + 1e-6 &&
         inner.y + inner.height <= outer.y + outer.height + 1e-6;
}

TEST(GraphvizLayout, KeepsSizesAvoidsOverlapsAndNestsClusters) {
  const LayoutGraph g = SmallGraph();
  auto r = GraphvizLayout().Layout(g, LayoutOptions());
  ASSERT_TRUE(r.ok()) << r.status().message();
  ASSERT_EQ(r->nodes.size(), 4u);
  for (size_t i = 0; i < g.nodes.size(); ++i) {
    EXPECT_NEAR(r->nodes[i].width, g.nodes[i].width, 0.5);
    EXPECT_NEAR(r->nodes[i].height, g.nodes[i].height, 0.5);
    EXPECT_GE(r->nodes[i].x, 0);
    EXPECT_GE(r->nodes[i].y, 0);
    EXPECT_LE(r->nodes[i].x + r->nodes[i].width, r->width + 0.5);
    for (size_t j = 0; j < i; ++j) EXPECT_FALSE(Overlap(r->nodes[i], r->nodes[j]));
  }
  EXPECT_TRUE(Inside(r->nodes[1], r->clusters[0]));
  EXPECT_TRUE(Inside(r->nodes[2], r->clusters[0]));
  EXPECT_FALSE(Inside(r->nodes[0], r->clusters[0]));
  // Top to bottom: each edge's head lies below its tail.
  EXPECT_LT(r->nodes[0].y, r->nodes[1].y);
  EXPECT_LT(r->nodes[2].y, r->nodes[3].y);
  for (const EdgePath& e : r->edges) {
    EXPECT_EQ(e.points.size() % 3, 1u);
    EXPECT_TRUE(e.has_arrow);
  }
  EXPECT_GE(r->cluster_labels[0].width, 60);
}

TEST(GraphvizLayout, LeftToRightAndDeterministic) {
  LayoutOptions o;
  o.rankdir = RankDir::kLR;
  auto a = GraphvizLayout().Layout(SmallGraph(), o);
  auto b = GraphvizLayout().Layout(SmallGraph(), o);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_LT(a->nodes[0].x + a->nodes[0].width, a->nodes[3].x);
  for (size_t i = 0; i < a->nodes.size(); ++i) {
    EXPECT_EQ(a->nodes[i].x, b->nodes[i].x);
    EXPECT_EQ(a->nodes[i].y, b->nodes[i].y);
  }
}

}  // namespace
}  // namespace graphgen
