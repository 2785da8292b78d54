// Tests for layout/layered_graph.h: MakeLayeredGraph (item sizes per rank direction,
// preset ranks, clusters and their depths and padding, untrusted cluster ids, edges and
// self-loops), CommonCluster and Inside over a cluster tree, BuildProperAdjacency with
// dummy chains, and the DOT dump (LayeredGraphToDot) written out in full.
#include "layout/layered_graph.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "layout/layout_graph.h"

namespace graphgen {
namespace {

LayoutNode Node(double width, double height, int cluster = -1, int rank = -1) {
  LayoutNode n;
  n.width = width;
  n.height = height;
  n.cluster = cluster;
  n.rank = rank;
  return n;
}

LayoutEdge Edge(int from, int to, bool constraint = true) {
  LayoutEdge e;
  e.from = from;
  e.to = to;
  e.constraint = constraint;
  return e;
}

LayoutCluster Cluster(int parent, double label_width = 0, double label_height = 0) {
  LayoutCluster c;
  c.parent = parent;
  c.label_width = label_width;
  c.label_height = label_height;
  return c;
}

LayoutOptions Options(RankDir dir) {
  LayoutOptions o;
  o.rankdir = dir;
  return o;
}

TEST(MakeLayeredGraph, RealItemsKeepSizesTopToBottom) {
  LayoutGraph g;
  g.nodes = {Node(72, 36), Node(100, 20, -1, 3)};
  for (RankDir dir : {RankDir::kTB, RankDir::kBT}) {
    const LayeredGraph lg = MakeLayeredGraph(g, Options(dir));
    SCOPED_TRACE(RankDirName(dir));
    EXPECT_EQ(lg.num_real, 2);
    ASSERT_EQ(lg.items.size(), 2u);
    EXPECT_EQ(lg.items[0].kind, ItemKind::kReal);
    EXPECT_EQ(lg.items[0].width, 72);
    EXPECT_EQ(lg.items[0].height, 36);
    EXPECT_EQ(lg.items[1].width, 100);
    EXPECT_EQ(lg.items[1].height, 20);
    EXPECT_EQ(lg.items[0].preset_rank, -1);
    EXPECT_EQ(lg.items[1].preset_rank, 3);
    // Nothing is layered yet.
    EXPECT_EQ(lg.items[1].rank, -1);
    EXPECT_EQ(lg.items[1].order, -1);
    EXPECT_EQ(lg.options.rankdir, dir);
  }
}

TEST(MakeLayeredGraph, SidewaysSwapsWidthAndHeight) {
  LayoutGraph g;
  g.nodes = {Node(72, 36)};
  for (RankDir dir : {RankDir::kLR, RankDir::kRL}) {
    const LayeredGraph lg = MakeLayeredGraph(g, Options(dir));
    SCOPED_TRACE(RankDirName(dir));
    EXPECT_EQ(lg.items[0].width, 36);
    EXPECT_EQ(lg.items[0].height, 72);
  }
}

TEST(MakeLayeredGraph, ClusterIdsOutOfRangeMeanNoCluster) {
  LayoutGraph g;
  g.clusters = {Cluster(-1)};
  g.nodes = {Node(1, 1, 0), Node(1, 1, 1), Node(1, 1, -5), Node(1, 1, 99)};
  const LayeredGraph lg = MakeLayeredGraph(g, LayoutOptions());
  EXPECT_EQ(lg.items[0].cluster, 0);
  EXPECT_EQ(lg.items[1].cluster, -1);
  EXPECT_EQ(lg.items[2].cluster, -1);
  EXPECT_EQ(lg.items[3].cluster, -1);
}

TEST(MakeLayeredGraph, ClusterDepthsAndParentsThatDoNotPrecede) {
  LayoutGraph g;
  // 0 top-level, 1 in 0, 2 in 1, 3 names itself, 4 names a later cluster, 5 in 0.
  g.clusters = {Cluster(-1), Cluster(0), Cluster(1), Cluster(3), Cluster(5), Cluster(0)};
  const LayeredGraph lg = MakeLayeredGraph(g, LayoutOptions());
  ASSERT_EQ(lg.clusters.size(), 6u);
  EXPECT_EQ(lg.cluster_depth, (std::vector<int>{0, 1, 2, 0, 0, 1}));
  EXPECT_EQ(lg.clusters[3].parent, -1);
  EXPECT_EQ(lg.clusters[4].parent, -1);
  EXPECT_EQ(lg.clusters[5].parent, 0);
}

TEST(MakeLayeredGraph, PaddingPutsTheLabelWhereTheRankDirectionSays) {
  LayoutGraph g;
  g.clusters = {Cluster(-1, 50, 12), Cluster(-1, 30, -4)};
  LayoutOptions o;
  o.cluster_margin = 8;
  struct Want {
    RankDir dir;
    double top, bottom, left, right, min_width;
  };
  for (const Want& w : {Want{RankDir::kTB, 20, 8, 8, 8, 50}, Want{RankDir::kBT, 8, 20, 8, 8, 50},
                        Want{RankDir::kLR, 8, 8, 20, 8, 0}, Want{RankDir::kRL, 8, 8, 20, 8, 0}}) {
    SCOPED_TRACE(RankDirName(w.dir));
    o.rankdir = w.dir;
    const LayeredGraph lg = MakeLayeredGraph(g, o);
    ASSERT_EQ(lg.padding.size(), 2u);
    const ClusterPadding& p = lg.padding[0];
    EXPECT_EQ(p.top, w.top);
    EXPECT_EQ(p.bottom, w.bottom);
    EXPECT_EQ(p.left, w.left);
    EXPECT_EQ(p.right, w.right);
    EXPECT_EQ(p.min_width, w.min_width);
    // A negative label height reserves nothing; only the margin remains.
    const ClusterPadding& q = lg.padding[1];
    EXPECT_EQ(q.top + q.bottom + q.left + q.right, 32);
  }
}

TEST(MakeLayeredGraph, EdgesStartUnreversedAndSelfLoopsAreMarked) {
  LayoutGraph g;
  g.nodes = {Node(1, 1), Node(1, 1), Node(1, 1)};
  g.edges = {Edge(0, 1), Edge(2, 0, false), Edge(1, 1)};
  const LayeredGraph lg = MakeLayeredGraph(g, LayoutOptions());
  ASSERT_EQ(lg.edges.size(), 3u);
  EXPECT_EQ(lg.edges[1].from, 2);
  EXPECT_EQ(lg.edges[1].to, 0);
  EXPECT_EQ(lg.edges[1].tail, 2);
  EXPECT_EQ(lg.edges[1].head, 0);
  EXPECT_FALSE(lg.edges[1].constraint);
  EXPECT_TRUE(lg.edges[0].constraint);
  for (const LayeredEdge& e : lg.edges) {
    EXPECT_FALSE(e.reversed);
    EXPECT_EQ(e.chain, -1);
    EXPECT_FALSE(e.has_route);
  }
  EXPECT_FALSE(lg.items[0].self_loop);
  EXPECT_TRUE(lg.items[1].self_loop);
  EXPECT_FALSE(lg.items[2].self_loop);
}

// Clusters: 0 and 3 top-level; 1 and 2 inside 0; 4 inside 1.
LayeredGraph Tree() {
  LayoutGraph g;
  g.clusters = {Cluster(-1), Cluster(0), Cluster(0), Cluster(-1), Cluster(1)};
  return MakeLayeredGraph(g, LayoutOptions());
}

TEST(LayeredGraph, CommonCluster) {
  const LayeredGraph lg = Tree();
  EXPECT_EQ(lg.CommonCluster(4, 4), 4);
  EXPECT_EQ(lg.CommonCluster(4, 2), 0);
  EXPECT_EQ(lg.CommonCluster(2, 4), 0);
  EXPECT_EQ(lg.CommonCluster(4, 1), 1);
  EXPECT_EQ(lg.CommonCluster(1, 4), 1);
  EXPECT_EQ(lg.CommonCluster(4, 3), -1);
  EXPECT_EQ(lg.CommonCluster(-1, 4), -1);
  EXPECT_EQ(lg.CommonCluster(2, -1), -1);
  EXPECT_EQ(lg.CommonCluster(-1, -1), -1);
}

TEST(LayeredGraph, Inside) {
  const LayeredGraph lg = Tree();
  EXPECT_TRUE(lg.Inside(4, 4));
  EXPECT_TRUE(lg.Inside(4, 1));
  EXPECT_TRUE(lg.Inside(4, 0));
  EXPECT_TRUE(lg.Inside(4, -1));
  EXPECT_TRUE(lg.Inside(-1, -1));
  EXPECT_FALSE(lg.Inside(4, 2));
  EXPECT_FALSE(lg.Inside(4, 3));
  EXPECT_FALSE(lg.Inside(0, 1));
  EXPECT_FALSE(lg.Inside(-1, 0));
}

// a (rank 0) -> b (rank 1) -> c (rank 2), and a -> c through dummy 3 at rank 1; a flat
// edge b -> b2 (both rank 1) and a self-loop on c.
LayeredGraph Ranked() {
  LayoutGraph g;
  g.nodes = {Node(72, 36), Node(72, 36), Node(72, 36), Node(36, 18)};
  g.edges = {Edge(0, 1), Edge(1, 2), Edge(0, 2), Edge(1, 3), Edge(2, 2)};
  LayeredGraph lg = MakeLayeredGraph(g, LayoutOptions());
  const int ranks[] = {0, 1, 2, 1};
  for (int i = 0; i < 4; ++i) lg.items[i].rank = ranks[i];
  LayeredItem dummy;
  dummy.kind = ItemKind::kDummy;
  dummy.rank = 1;
  lg.items.push_back(dummy);  // item 4
  lg.chains.push_back(DummyChain{0, {4}});
  lg.edges[2].chain = 0;
  return lg;
}

TEST(LayeredGraph, BuildProperAdjacencyFollowsChainsAndSkipsFlatEdges) {
  LayeredGraph lg = Ranked();
  lg.BuildProperAdjacency();
  const auto down = [&](int v) {
    return std::vector<int>(lg.down.begin() + lg.down_start[v],
                            lg.down.begin() + lg.down_start[v + 1]);
  };
  const auto up = [&](int v) {
    return std::vector<int>(lg.up.begin() + lg.up_start[v], lg.up.begin() + lg.up_start[v + 1]);
  };
  ASSERT_EQ(lg.down_start.size(), 6u);
  ASSERT_EQ(lg.up_start.size(), 6u);
  // Chain segments come first, then the edges' in order.
  EXPECT_EQ(down(0), (std::vector<int>{4, 1}));
  EXPECT_EQ(down(1), (std::vector<int>{2}));
  EXPECT_EQ(down(2), (std::vector<int>{}));
  EXPECT_EQ(down(3), (std::vector<int>{}));
  EXPECT_EQ(down(4), (std::vector<int>{2}));
  EXPECT_EQ(up(0), (std::vector<int>{}));
  EXPECT_EQ(up(1), (std::vector<int>{0}));
  EXPECT_EQ(up(2), (std::vector<int>{1, 4}));
  EXPECT_EQ(up(3), (std::vector<int>{}));
  EXPECT_EQ(up(4), (std::vector<int>{0}));
  EXPECT_EQ(lg.down.size(), 4u);
}

TEST(LayeredGraph, BuildProperAdjacencyTwiceGivesTheSame) {
  LayeredGraph lg = Ranked();
  lg.BuildProperAdjacency();
  const std::vector<int> down = lg.down, up = lg.up;
  lg.BuildProperAdjacency();
  EXPECT_EQ(lg.down, down);
  EXPECT_EQ(lg.up, up);
}

TEST(LayeredGraphToDot, FreshGraphListsItemsAndEdges) {
  LayoutGraph g;
  g.nodes = {Node(72, 36), Node(144, 18)};
  g.edges = {Edge(0, 1), Edge(1, 1)};
  EXPECT_EQ(LayeredGraphToDot(MakeLayeredGraph(g, LayoutOptions())),
            "digraph layered {\n"
            "  node [shape=box];\n"
            "  n0 [width=1.00, height=0.50];\n"
            "  n1 [width=2.00, height=0.25];\n"
            "  n0 -> n1;\n"
            "  n1 -> n1;\n"
            "}\n");
}

TEST(LayeredGraphToDot, EmptyGraph) {
  EXPECT_EQ(LayeredGraphToDot(MakeLayeredGraph(LayoutGraph(), LayoutOptions())),
            "digraph layered {\n  node [shape=box];\n}\n");
}

TEST(LayeredGraphToDot, SidewaysSizesAreTheInternalFrames) {
  LayoutGraph g;
  g.nodes = {Node(72, 36)};
  EXPECT_EQ(LayeredGraphToDot(MakeLayeredGraph(g, Options(RankDir::kLR))),
            "digraph layered {\n"
            "  node [shape=box];\n"
            "  n0 [width=0.50, height=1.00];\n"
            "}\n");
}

TEST(LayeredGraphToDot, ReversedEdgesPointBack) {
  LayoutGraph g;
  g.nodes = {Node(72, 72), Node(72, 72)};
  g.edges = {Edge(1, 0)};
  LayeredGraph lg = MakeLayeredGraph(g, LayoutOptions());
  lg.edges[0].tail = 0;
  lg.edges[0].head = 1;
  lg.edges[0].reversed = true;
  EXPECT_EQ(LayeredGraphToDot(lg),
            "digraph layered {\n"
            "  node [shape=box];\n"
            "  n0 [width=1.00, height=1.00];\n"
            "  n1 [width=1.00, height=1.00];\n"
            "  n0 -> n1 [dir=back];\n"
            "}\n");
}

TEST(LayeredGraphToDot, NestedClustersAreIndentedSubgraphs) {
  LayoutGraph g;
  g.clusters = {Cluster(-1), Cluster(0), Cluster(-1)};
  g.nodes = {Node(72, 36, 1), Node(72, 36), Node(72, 36, 0), Node(72, 36, 2), Node(72, 36, 1)};
  EXPECT_EQ(LayeredGraphToDot(MakeLayeredGraph(g, LayoutOptions())),
            "digraph layered {\n"
            "  node [shape=box];\n"
            "  n1 [width=1.00, height=0.50];\n"
            "  subgraph cluster_0 {\n"
            "    n2 [width=1.00, height=0.50];\n"
            "    subgraph cluster_1 {\n"
            "      n0 [width=1.00, height=0.50];\n"
            "      n4 [width=1.00, height=0.50];\n"
            "    }\n"
            "  }\n"
            "  subgraph cluster_2 {\n"
            "    n3 [width=1.00, height=0.50];\n"
            "  }\n"
            "}\n");
}

TEST(LayeredGraphToDot, EmptyClustersStillAppear) {
  LayoutGraph g;
  g.clusters = {Cluster(-1), Cluster(0)};
  EXPECT_EQ(LayeredGraphToDot(MakeLayeredGraph(g, LayoutOptions())),
            "digraph layered {\n"
            "  node [shape=box];\n"
            "  subgraph cluster_0 {\n"
            "    subgraph cluster_1 {\n"
            "    }\n"
            "  }\n"
            "}\n");
}

TEST(LayeredGraphToDot, DeepNestingNeedsNoRecursion) {
  LayoutGraph g;
  const int depth = 5000;
  for (int c = 0; c < depth; ++c) g.clusters.push_back(Cluster(c - 1));
  g.nodes = {Node(72, 36, depth - 1)};
  const std::string dot = LayeredGraphToDot(MakeLayeredGraph(g, LayoutOptions()));
  const std::string deepest = std::string(2 * (depth + 1), ' ') + "n0 [";
  EXPECT_NE(dot.find("\n" + deepest), std::string::npos);
  size_t opens = 0, pos = 0;
  while ((pos = dot.find("subgraph cluster_", pos)) != std::string::npos) ++opens, ++pos;
  EXPECT_EQ(opens, static_cast<size_t>(depth));
  EXPECT_EQ(dot.substr(dot.size() - 6), "  }\n}\n");
}

TEST(LayeredGraphToDot, RanksOrdersPositionsDummiesAndProperEdges) {
  LayeredGraph lg = Ranked();
  LayeredItem filler;
  filler.kind = ItemKind::kFiller;
  filler.width = 36;
  filler.height = 18;
  filler.rank = 2;
  lg.items.push_back(filler);  // item 5
  const int orders[] = {0, 0, 0, 2, 1, 1};
  for (int i = 0; i < 6; ++i) {
    lg.items[i].order = orders[i];
    lg.items[i].x = 10.5 * i;
    lg.items[i].y = -3.25 + i;
  }
  lg.rank_top = {0, 50, 100};
  lg.BuildProperAdjacency();
  EXPECT_EQ(LayeredGraphToDot(lg),
            "digraph layered {\n"
            "  node [shape=box];\n"
            "  n0 [width=1.00, height=0.50, rank=0, order=0, pos=\"0.00,-3.25\"];\n"
            "  n1 [width=1.00, height=0.50, rank=1, order=0, pos=\"10.50,-2.25\"];\n"
            "  n2 [width=1.00, height=0.50, rank=2, order=0, pos=\"21.00,-1.25\"];\n"
            "  n3 [width=0.50, height=0.25, rank=1, order=2, pos=\"31.50,-0.25\"];\n"
            "  d4 [shape=point, width=0.00, height=0.00, rank=1, order=1, pos=\"42.00,0.75\"];\n"
            "  d5 [shape=plain, width=0.50, height=0.25, rank=2, order=1, pos=\"52.50,1.75\"];\n"
            "  n0 -> d4;\n"
            "  n0 -> n1;\n"
            "  n1 -> n2;\n"
            "  d4 -> n2;\n"
            "}\n");
}

}  // namespace
}  // namespace graphgen
