#include "layout/layered/layered_layout.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "layout/graph_families.h"
#include "layout/layered/phase_checker.h"
#include "layout/layout_invariants.h"
#include "layout/layout_metrics.h"

namespace graphgen {
namespace {

LayoutOptions BenchOptions(RankDir dir = RankDir::kTB) {
  LayoutOptions o;
  o.rankdir = dir;
  o.node_sep = 18;
  o.rank_sep = 36;
  return o;
}

std::string Join(const std::vector<std::string>& v) {
  std::string s;
  for (size_t i = 0; i < v.size() && i < 10; ++i) s += v[i] + "\n";
  return s;
}

void ExpectClean(const LayoutGraph& g, const LayoutOptions& o, PhaseChecker* obs = nullptr) {
  PhaseChecker local;
  PhaseChecker& observer = obs ? *obs : local;
  auto r = LayeredLayout(&observer).Layout(g, o);
  ASSERT_TRUE(r.ok()) << r.status().message();
  int count = 0;
  LayeredPhaseNames(&count);
  EXPECT_EQ(observer.phases.size(), static_cast<size_t>(count));
  EXPECT_TRUE(observer.violations.empty()) << Join(observer.violations);
  const std::vector<std::string> final_issues = CheckLayoutResult(g, *r);
  EXPECT_TRUE(final_issues.empty()) << Join(final_issues);
  for (size_t i = 0; i < g.edges.size(); ++i) {
    EXPECT_TRUE(r->edges[i].has_arrow);
    ASSERT_GE(r->edges[i].points.size(), 4u);
  }
}

struct FamilyCase {
  const char* family;
  int nodes;
};

class Families : public ::testing::TestWithParam<FamilyCase> {};

TEST_P(Families, EveryPhaseKeepsItsInvariants) {
  ExpectClean(FamilyGraph(GetParam().family, GetParam().nodes), BenchOptions());
}

INSTANTIATE_TEST_SUITE_P(
    Generated, Families,
    ::testing::Values(FamilyCase{"chain", 50}, FamilyCase{"chain", 1000}, FamilyCase{"resnet", 100},
                      FamilyCase{"resnet", 2000}, FamilyCase{"unet", 100}, FamilyCase{"unet", 2000},
                      FamilyCase{"unet_clusters", 60}, FamilyCase{"unet_clusters", 2000},
                      FamilyCase{"transformer", 100}, FamilyCase{"transformer", 2000},
                      FamilyCase{"encdec_transformer", 300},
                      FamilyCase{"encdec_transformer", 2000}),
    [](const ::testing::TestParamInfo<FamilyCase>& info) {
      return std::string(info.param.family) + "_" + std::to_string(info.param.nodes);
    });

TEST(LayeredLayout, EveryRankDir) {
  for (RankDir dir : {RankDir::kTB, RankDir::kBT, RankDir::kLR, RankDir::kRL}) {
    SCOPED_TRACE(RankDirName(dir));
    const LayoutGraph g = UNetGraph(60, true);
    ExpectClean(g, BenchOptions(dir));
    auto r = LayeredLayout().Layout(g, BenchOptions(dir));
    ASSERT_TRUE(r.ok());
    // The input (node 0) comes first along the flow, the output (last) last.
    const Box& in = r->nodes.front();
    const Box& out = r->nodes.back();
    switch (dir) {
      case RankDir::kTB:
        EXPECT_LT(in.y + in.height, out.y);
        break;
      case RankDir::kBT:
        EXPECT_GT(in.y, out.y + out.height);
        break;
      case RankDir::kLR:
        EXPECT_LT(in.x + in.width, out.x);
        break;
      case RankDir::kRL:
        EXPECT_GT(in.x, out.x + out.width);
        break;
    }
    // Sizes are the asked-for ones in every direction, not swapped.
    EXPECT_EQ(in.width, g.nodes[0].width);
    EXPECT_EQ(in.height, g.nodes[0].height);
  }
}

TEST(LayeredLayout, DeterministicBitForBit) {
  const LayoutGraph g = EncDecTransformerGraph(800);
  auto a = LayeredLayout().Layout(g, BenchOptions());
  auto b = LayeredLayout().Layout(g, BenchOptions());
  ASSERT_TRUE(a.ok() && b.ok());
  ASSERT_EQ(a->nodes.size(), b->nodes.size());
  for (size_t i = 0; i < a->nodes.size(); ++i) {
    EXPECT_EQ(a->nodes[i].x, b->nodes[i].x);
    EXPECT_EQ(a->nodes[i].y, b->nodes[i].y);
  }
  for (size_t i = 0; i < a->edges.size(); ++i) {
    ASSERT_EQ(a->edges[i].points.size(), b->edges[i].points.size());
    for (size_t k = 0; k < a->edges[i].points.size(); ++k) {
      EXPECT_EQ(a->edges[i].points[k].x, b->edges[i].points[k].x);
      EXPECT_EQ(a->edges[i].points[k].y, b->edges[i].points[k].y);
    }
  }
}

TEST(LayeredLayout, CyclesSelfLoopsAndBackwardEdges) {
  LayoutGraph g;
  g.nodes = {{60, 30, -1}, {60, 30, -1}, {60, 30, -1}, {60, 30, -1}};
  g.edges = {{0, 1, true},  {1, 2, true}, {2, 0, true},  // a cycle
             {2, 2, true},                               // a self-loop
             {3, 0, false},                              // non-constraint
             {2, 3, true},  {1, 2, true}};               // a multi-edge
  ExpectClean(g, BenchOptions());
  auto r = LayeredLayout().Layout(g, BenchOptions());
  ASSERT_TRUE(r.ok());
  // The cycle's back edge still ends with its arrow on node 0 (its `to`).
  const EdgePath& back = r->edges[2];
  const Box& n0 = r->nodes[0];
  EXPECT_NEAR(back.arrow_tip.y, n0.y + n0.height, 0.01);
  // Its route starts at node 2's box.
  const Box& n2 = r->nodes[2];
  EXPECT_NEAR(back.points.front().y, n2.y, 0.01);
}

TEST(LayeredLayout, EmptyAndTinyGraphs) {
  auto r = LayeredLayout().Layout(LayoutGraph(), LayoutOptions());
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->nodes.size(), 0u);
  LayoutGraph one;
  one.nodes = {{80, 20, 0}};
  one.clusters = {{-1, 50, 12}, {0, 40, 12}};  // cluster 1 is empty
  for (RankDir dir : {RankDir::kTB, RankDir::kBT, RankDir::kLR, RankDir::kRL}) {
    SCOPED_TRACE(RankDirName(dir));
    LayoutOptions o;
    o.rankdir = dir;
    ExpectClean(one, o);
  }
}

TEST(LayeredLayout, RejectsEdgesToMissingNodes) {
  LayoutGraph g;
  g.nodes = {{80, 20, -1}};
  g.edges = {{0, 5, true}};
  EXPECT_FALSE(LayeredLayout().Layout(g, LayoutOptions()).ok());
}

TEST(LayeredLayout, LongEdgesShareOneDummyChainPerTail) {
  // The encoder output feeds K and V of every decoder block: one dummy per rank per
  // chain, not per edge, so dummies stay within a small multiple of the node count.
  const LayoutGraph g = EncDecTransformerGraph(3000);
  PhaseChecker obs;
  ExpectClean(g, BenchOptions(), &obs);
  EXPECT_LT(obs.peak_items, 3 * g.nodes.size());
}

TEST(LayeredLayout, UNetMainChainIsStraight) {
  // Without clusters the encoder-bottleneck-decoder chain is one vertical line; the skip
  // edges go around it.
  const LayoutGraph g = UNetGraph(100, false);
  auto r = LayeredLayout().Layout(g, BenchOptions());
  ASSERT_TRUE(r.ok());
  int off_axis = 0;
  const double axis = r->nodes[1].x + r->nodes[1].width / 2;
  for (const Box& b : r->nodes) off_axis += std::abs(b.x + b.width / 2 - axis) > 1;
  EXPECT_LE(off_axis, 2) << "boxes off the main axis";
}

// A U-Net nested the way the grouping pass draws one: encoder{stage{level{Conv, ReLU,
// Conv, ReLU}, MaxPool}}, bottleneck{level{...}}, decoder{stage{level{ConvT, Concat, ...}}},
// each label as wide as graphgen's, a skip from every encoder level into its Concat.
LayoutGraph NestedUNet(int levels) {
  LayoutGraph g;
  const auto cluster = [&](int parent, double label_width) {
    g.clusters.push_back({parent, label_width, 14});
    return static_cast<int>(g.clusters.size()) - 1;
  };
  const auto node = [&](double width, int c, int from) {
    g.nodes.push_back({width, from < 0 ? 36.0 : 46.0, c});
    const int n = static_cast<int>(g.nodes.size()) - 1;
    if (from >= 0) g.edges.push_back({from, n, true});
    return n;
  };
  const auto chain = [&](int x, int c) {
    for (int i = 0; i < 4; ++i) x = node(i % 2 ? 80 : 96, c, x);
    return x;
  };
  int x = node(90, -1, -1);
  const int encoder = cluster(-1, 56);
  std::vector<int> skips;
  for (int l = 0; l < levels; ++l) {
    const int stage = cluster(encoder, 62);
    x = chain(x, cluster(stage, 44));
    skips.push_back(x);
    x = node(84, stage, x);
  }
  x = chain(x, cluster(cluster(-1, 160), 64));
  const int decoder = cluster(-1, 56);
  for (int l = levels - 1; l >= 0; --l) {
    const int level = cluster(cluster(decoder, 62), 44);
    x = node(110, level, x);
    const int concat = node(90, level, x);
    g.edges.push_back({skips[l], concat, true});
    x = chain(concat, level);
  }
  node(90, -1, x);
  return g;
}

TEST(LayeredLayout, MainPathRunsStraightThroughNestedClusters) {
  // Each level's first box used to follow the MaxPool that the level above had pulled
  // aside, so the encoder stepped sideways level by level (a staircase). The path from
  // the input through every cluster to the output is one vertical line, top to bottom
  // and sideways, with the skips beside it.
  for (RankDir dir : {RankDir::kTB, RankDir::kLR}) {
    SCOPED_TRACE(RankDirName(dir));
    for (const LayoutGraph& g : {UNetGraph(100, true), UNetGraph(2000, true), NestedUNet(3)}) {
      ExpectClean(g, BenchOptions(dir));
      auto r = LayeredLayout().Layout(g, BenchOptions(dir));
      ASSERT_TRUE(r.ok());
      const MainPath m = MeasureMainPath(g, *r, dir);
      EXPECT_GE(m.boxes, static_cast<int>(g.nodes.size()) * 3 / 4);
      EXPECT_EQ(m.bends, 0) << "sideways travel " << m.travel << " pt";
    }
  }
}

TEST(LayeredLayout, SidewaysLabelsKeepClearOfEdgesAndFitTheirCluster) {
  // Sideways a cluster's label runs along its top side. Cluster 0 holds a chain a1 ->
  // a2 -> a3 whose first box also feeds q1 and q2 outside it: in the gaps after a1 those
  // edges leave the cluster through its top, so the label slides along past them (or,
  // when nothing is left, the cluster grows). Cluster 1 is one box with a label four
  // times as long: it grows along the flow to hold it.
  LayoutGraph g;
  g.clusters = {{-1, 150, 14}, {-1, 200, 14}};
  g.nodes = {{60, 30, -1},                             // 0: input
             {60, 30, 0},  {60, 30, 0},  {60, 30, 0},  // 1-3: a1, a2, a3
             {60, 30, -1}, {60, 30, -1},               // 4, 5: q1, q2
             {50, 30, 1},                              // 6: the short cluster
             {60, 30, -1}};                            // 7: output
  g.edges = {{0, 1, true}, {1, 2, true}, {2, 3, true}, {1, 4, true}, {1, 5, true},
             {4, 6, true}, {5, 7, true}, {3, 7, true}, {6, 7, true}};
  for (RankDir dir : {RankDir::kLR, RankDir::kRL, RankDir::kTB}) {
    SCOPED_TRACE(RankDirName(dir));
    ExpectClean(g, BenchOptions(dir));
    auto r = LayeredLayout().Layout(g, BenchOptions(dir));
    ASSERT_TRUE(r.ok());
    for (int c = 0; c < 2; ++c) {
      const Box& label = r->cluster_labels[c];
      const Box& box = r->clusters[c];
      EXPECT_EQ(label.width, g.clusters[c].label_width);
      EXPECT_GE(box.width + 1e-6, label.width);
      // At the cluster's top, like top to bottom.
      EXPECT_LE(label.y - box.y, 4 + 1e-6);
    }
  }
}

TEST(LayeredLayout, EdgesFanOutOverABoxSide) {
  // A wide box with four inputs and four outputs (one rank away each): its edges meet it
  // at ports at least 12 pt apart, in the order of their other ends, so they neither
  // overlap nor cross near the box; the edge to the box right below stays straight.
  LayoutGraph g;
  for (int i = 0; i < 4; ++i) g.nodes.push_back({70, 30, -1});
  g.nodes.push_back({160, 60, -1});  // node 4: room for four ports either way round
  for (int i = 0; i < 4; ++i) g.nodes.push_back({70, 30, -1});
  for (int i = 0; i < 4; ++i) g.edges.push_back({i, 4, true});
  for (int i = 5; i < 9; ++i) g.edges.push_back({4, i, true});
  g.nodes.push_back({60, 30, -1});  // node 9, fed by node 6 only: a straight chain
  g.edges.push_back({6, 9, true});
  for (RankDir dir : {RankDir::kTB, RankDir::kLR}) {
    SCOPED_TRACE(RankDirName(dir));
    const bool sideways = dir == RankDir::kLR;
    ExpectClean(g, BenchOptions(dir));
    auto r = LayeredLayout().Layout(g, BenchOptions(dir));
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(CountCrowdedPorts(g, *r, dir, 12, 0.8), 0);
    EXPECT_EQ(CountCrossings(g, *r), 0);
    const auto across = [&](const Point& p) { return sideways ? p.y : p.x; };
    const auto centre = [&](int n) {
      const Box& b = r->nodes[n];
      return sideways ? b.y + b.height / 2 : b.x + b.width / 2;
    };
    // Outgoing: start points in the order of the heads, 12 pt apart at least.
    std::vector<std::pair<double, double>> out;  // (head centre, start)
    for (int e = 4; e < 8; ++e)
      out.emplace_back(centre(g.edges[e].to), across(r->edges[e].points[0]));
    std::sort(out.begin(), out.end());
    for (size_t i = 1; i < out.size(); ++i) EXPECT_GE(out[i].second - out[i - 1].second, 12 - 1e-6);
    // Incoming, likewise by tail.
    std::vector<std::pair<double, double>> in;
    for (int e = 0; e < 4; ++e)
      in.emplace_back(centre(g.edges[e].from), across(r->edges[e].arrow_tip));
    std::sort(in.begin(), in.end());
    for (size_t i = 1; i < in.size(); ++i) EXPECT_GE(in[i].second - in[i - 1].second, 12 - 1e-6);
    // A lone edge leaves and enters in the middle of the boxes.
    EXPECT_NEAR(across(r->edges[8].points[0]), centre(6), 1e-6);
    EXPECT_NEAR(across(r->edges[8].arrow_tip), centre(9), 1e-6);
  }
}

TEST(LayeredLayout, TransformerBlocksCrossAtTheMinimum) {
  // Each block of the transformer family (5 blocks at 100 nodes) must cross 10 times: Q and
  // K both feed the 4 heads (C(4,2) = 6 crossings whatever their order), V's 4 edges into
  // the heads' second MatMuls cross 2 chains at best (V between the middle two), and the
  // LayerNorm -> V edge, two ranks long, then crosses 2 chains on whichever side it passes.
  // Graphviz dot draws the same 10 (its count read 9 until arrowheads were measured).
  const LayoutGraph g = FamilyGraph("transformer", 100);
  ASSERT_EQ(g.nodes.size(), 122u);
  auto r = LayeredLayout().Layout(g, BenchOptions());
  ASSERT_TRUE(r.ok());
  EXPECT_LE(CountCrossings(g, *r), 50);
}

TEST(LayeredLayout, ArrowheadsOnOneBoxKeepApart) {
  for (const char* family : {"resnet", "unet_clusters", "transformer", "encdec_transformer"}) {
    SCOPED_TRACE(family);
    const LayoutGraph g = FamilyGraph(family, 1000);
    auto r = LayeredLayout().Layout(g, BenchOptions());
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(CountCrowdedPorts(g, *r, RankDir::kTB, 12, 0.8), 0);
  }
}

}  // namespace
}  // namespace graphgen
