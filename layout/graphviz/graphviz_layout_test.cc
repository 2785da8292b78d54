#include "layout/graphviz/graphviz_layout.h"

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

// 0 -> 1 -> 2 and 3 -> 2: left alone, dot puts 3 a rank above 2, level with 1. With
// every node ranked (a U's output level with its input), it keeps the caller's ranks.
LayoutGraph Ranked(bool all_ranked) {
  LayoutGraph g;
  g.nodes = {{80, 30, -1, 0}, {80, 30, -1, 1}, {80, 30, -1, 2}, {80, 30, -1, all_ranked ? 0 : -1}};
  g.edges = {{0, 1, true}, {1, 2, true}, {3, 2, true}};
  return g;
}

double CentreY(const Box& b) { return b.y + b.height / 2; }

TEST(GraphvizLayout, KeepsTheCallersRanksWhenEveryNodeHasOne) {
  auto r = GraphvizLayout().Layout(Ranked(true), LayoutOptions());
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_DOUBLE_EQ(CentreY(r->nodes[3]), CentreY(r->nodes[0]));
  EXPECT_LT(CentreY(r->nodes[0]), CentreY(r->nodes[1]));
  EXPECT_LT(CentreY(r->nodes[1]), CentreY(r->nodes[2]));
}

TEST(GraphvizLayout, RanksItselfWhenSomeNodeHasNoRankOrAnEdgeWouldBeFlat) {
  auto r = GraphvizLayout().Layout(Ranked(false), LayoutOptions());
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_DOUBLE_EQ(CentreY(r->nodes[3]), CentreY(r->nodes[1]));
  LayoutGraph flat = Ranked(true);
  flat.nodes[3].rank = 2;  // level with its head: unusable, so dot ranks the graph
  auto f = GraphvizLayout().Layout(flat, LayoutOptions());
  ASSERT_TRUE(f.ok()) << f.status().message();
  EXPECT_DOUBLE_EQ(CentreY(f->nodes[3]), CentreY(f->nodes[1]));
}

// A U as the diagram builder ranks it, with clusters: the decoder's edges run backwards,
// the skip is no constraint, and the bottleneck hangs below both columns.
TEST(GraphvizLayout, KeepsAUsRanksAcrossClusters) {
  LayoutGraph g;
  g.clusters = {LayoutCluster{-1, 60, 14}, LayoutCluster{-1, 60, 14}, LayoutCluster{-1, 60, 14}};
  // 0 input, 1-2 encoder, 3 bottleneck, 4-5 decoder (4 first), 6 output.
  const int rank[] = {0, 1, 2, 4, 3, 2, 0};
  const int cluster[] = {-1, 0, 0, 2, 1, 1, -1};
  for (int i = 0; i < 7; ++i) g.nodes.push_back({80, 30, cluster[i], rank[i]});
  g.edges = {{0, 1, true}, {1, 2, true}, {2, 3, true},  // down the encoder
             {4, 3, true}, {5, 4, true}, {6, 5, true},  // the decoder, backwards
             {1, 5, false}};                            // the skip across
  auto r = GraphvizLayout().Layout(g, LayoutOptions());
  ASSERT_TRUE(r.ok()) << r.status().message();
  for (int i = 0; i < 7; ++i) {
    for (int j = 0; j < 7; ++j) {
      if (rank[i] == rank[j]) EXPECT_DOUBLE_EQ(CentreY(r->nodes[i]), CentreY(r->nodes[j]));
      if (rank[i] < rank[j]) EXPECT_LT(CentreY(r->nodes[i]), CentreY(r->nodes[j]));
    }
  }
}

}  // namespace
}  // namespace graphgen
