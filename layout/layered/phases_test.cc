// Each phase of the layered engine run alone on a small hand-built graph (the phases
// before it build its input), its CheckPre and CheckPost holding around it; and for each
// phase a deliberately broken graph that its CheckPost reports, so the checks can fail.
#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "layout/layered/layered_layout.h"
#include "layout/layered/layered_phases.h"
#include "layout/layered/phase_checker.h"
#include "layout/layered/phase_checks.h"
#include "layout/layered_graph.h"
#include "layout/layout_invariants.h"

namespace graphgen {
namespace {

// A chain 0 -> 1 -> 2 -> 3 -> 4 -> 5 with what every phase has to deal with: a cycle
// (2 -> 1), long edges out of one tail (0 -> 5, 0 -> 4), a self-loop (4 -> 4), a
// non-constraint edge pointing up (5 -> 0), and nested clusters (1, 2 and 3 in cluster 0;
// 3 also in cluster 1).
LayoutGraph Sample() {
  LayoutGraph g;
  g.clusters = {{-1, 60, 12}, {0, 40, 12}};
  g.nodes = {{80, 30, -1}, {80, 30, 0}, {80, 30, 0}, {80, 30, 1}, {80, 30, -1}, {80, 30, -1}};
  g.edges = {{0, 1, true}, {1, 2, true}, {2, 1, true}, {2, 3, true},  {0, 5, true},
             {3, 4, true}, {4, 5, true}, {4, 4, true}, {5, 0, false}, {0, 4, true}};
  return g;
}
constexpr int kBackEdge = 2;     // 2 -> 1, reversed by cycle breaking
constexpr int kLongEdge = 4;     // 0 -> 5, five ranks down
constexpr int kSelfLoop = 7;     // 4 -> 4
constexpr int kUpwardEdge = 8;   // 5 -> 0, non-constraint
constexpr int kShorterEdge = 9;  // 0 -> 4, shares 0's dummy chain

std::string Join(const std::vector<std::string>& lines) {
  std::string s;
  for (const std::string& line : lines) s += line + "\n";
  return s;
}

bool Mentions(const std::vector<std::string>& lines, std::string_view text) {
  return std::any_of(lines.begin(), lines.end(),
                     [&](const std::string& line) { return line.find(text) != std::string::npos; });
}

// The working graph as LayeredLayout hands it to `Phase`: made from `graph` and run
// through every phase before it.
template <typename Phase>
LayeredGraph InputOf(const LayoutGraph& graph, const LayoutOptions& options = LayoutOptions()) {
  LayeredGraph g = MakeLayeredGraph(graph, options);
  for (const std::unique_ptr<const LayeredPhase>& phase : MakeLayeredPhases()) {
    if (phase->Name() == Phase().Name()) return g;
    phase->Run(g);
  }
  ADD_FAILURE() << Phase().Name() << " is not in MakeLayeredPhases";
  return g;
}

// Runs `phase` alone on `g`, expecting its pre- and postconditions to hold.
void RunAlone(const LayeredPhase& phase, LayeredGraph& g) {
  EXPECT_EQ(Join(phase.CheckPre(g)), "") << phase.Name() << " pre";
  phase.Run(g);
  EXPECT_EQ(Join(phase.CheckPost(g)), "") << phase.Name() << " post";
}

// The graph right after `Phase` ran, its conditions checked.
template <typename Phase>
LayeredGraph OutputOf(const LayoutGraph& graph, const LayoutOptions& options = LayoutOptions()) {
  LayeredGraph g = InputOf<Phase>(graph, options);
  RunAlone(Phase(), g);
  return g;
}

Box BoxOf(const LayeredItem& it) {
  return {it.x - it.width / 2, it.y - it.height / 2, it.width, it.height};
}

TEST(PhaseList, NamesComeFromThePhaseObjectsInRunOrder) {
  const std::vector<std::unique_ptr<const LayeredPhase>> phases = MakeLayeredPhases();
  int count = 0;
  const char* const* names = LayeredPhaseNames(&count);
  ASSERT_EQ(static_cast<size_t>(count), phases.size());
  for (int i = 0; i < count; ++i) {
    EXPECT_EQ(names[i], phases[i]->Name());
    for (int j = 0; j < i; ++j) EXPECT_NE(std::string_view(names[i]), names[j]);
  }
  EXPECT_EQ(phases.front()->Name(), CycleBreaking().Name());
  EXPECT_EQ(phases.back()->Name(), RankdirTransform().Name());
}

TEST(PhaseChecker, ChecksEveryPhaseOfALayoutInOrder) {
  PhaseChecker checker;
  ASSERT_TRUE(LayeredLayout(&checker).Layout(Sample(), LayoutOptions()).ok());
  EXPECT_EQ(Join(checker.violations), "");
  const std::vector<std::unique_ptr<const LayeredPhase>> phases = MakeLayeredPhases();
  ASSERT_EQ(checker.phases.size(), phases.size());
  for (size_t i = 0; i < phases.size(); ++i) EXPECT_EQ(checker.phases[i], phases[i]->Name());
  EXPECT_GT(checker.peak_items, Sample().nodes.size());  // the dummies of 0's long edges
}

TEST(PhaseChecker, ReportsAFailedPreconditionUnderThePhaseName) {
  // Layering on a graph whose cycle was never broken.
  const LayeredGraph g = MakeLayeredGraph(Sample(), LayoutOptions());
  PhaseChecker checker;
  checker.BeforePhase(Layering(), g);
  ASSERT_EQ(checker.violations.size(), 1u);
  EXPECT_EQ(checker.violations[0], "layering (pre): cycles remain");
}

// --- cycles ---

TEST(CycleBreakingPhase, ReversesOnlyTheEdgeBackIntoTheSearchStack) {
  const LayeredGraph g = OutputOf<CycleBreaking>(Sample());
  for (size_t i = 0; i < g.edges.size(); ++i) {
    EXPECT_EQ(g.edges[i].reversed, static_cast<int>(i) == kBackEdge) << "edge " << i;
  }
  EXPECT_EQ(g.edges[kBackEdge].tail, 1);
  EXPECT_EQ(g.edges[kBackEdge].head, 2);
  EXPECT_EQ(g.edges[kSelfLoop].tail, g.edges[kSelfLoop].head);
}

TEST(CycleBreakingPhase, CheckPostReportsACycleLeft) {
  LayeredGraph g = OutputOf<CycleBreaking>(Sample());
  LayeredEdge& e = g.edges[kBackEdge];
  std::swap(e.tail, e.head);
  e.reversed = false;
  EXPECT_TRUE(Mentions(CycleBreaking().CheckPost(g), "cycles remain"));
}

// --- layering ---

TEST(LayeringPhase, RanksTheChainDownFromZero) {
  const LayeredGraph g = OutputOf<Layering>(Sample());
  for (int v = 0; v < g.num_real; ++v) EXPECT_EQ(g.items[v].rank, v);
}

TEST(LayeringPhase, TakesTheCallersRanksWhenTheyFit) {
  LayoutGraph graph;
  graph.nodes = {{80, 30, -1}, {80, 30, -1}, {80, 30, -1}};
  graph.edges = {{0, 1, true}, {0, 2, true}};
  const int preset[] = {3, 4, 6};  // shifted to start at 0, gaps kept
  for (int v = 0; v < 3; ++v) graph.nodes[v].rank = preset[v];
  const LayeredGraph g = OutputOf<Layering>(graph);
  EXPECT_EQ(g.items[0].rank, 0);
  EXPECT_EQ(g.items[1].rank, 1);
  EXPECT_EQ(g.items[2].rank, 3);
}

TEST(LayeringPhase, CheckPostReportsAFlatEdge) {
  LayeredGraph g = OutputOf<Layering>(Sample());
  g.items[2].rank = g.items[1].rank;
  EXPECT_TRUE(Mentions(Layering().CheckPost(g), "edge 1 does not point down a rank"));
}

// --- long_edges ---

TEST(LongEdgeSplittingPhase, SharesOneChainPerTailAndTurnsUpwardEdgesDown) {
  const LayeredGraph g = OutputOf<LongEdgeSplitting>(Sample());
  // 0 -> 5 (and the turned 5 -> 0) span five ranks, 0 -> 4 four: one chain of four.
  ASSERT_EQ(g.chains.size(), 1u);
  EXPECT_EQ(g.chains[0].tail, 0);
  EXPECT_EQ(g.chains[0].dummies.size(), 4u);
  for (const int e : {kLongEdge, kShorterEdge, kUpwardEdge}) EXPECT_EQ(g.edges[e].chain, 0);
  EXPECT_TRUE(g.edges[kUpwardEdge].reversed);
  EXPECT_EQ(g.edges[kUpwardEdge].tail, 0);
  EXPECT_EQ(g.items.size(), static_cast<size_t>(g.num_real) + 4);
  for (const LayeredEdge& e : g.edges) {
    if (e.tail != e.head) {
      EXPECT_LT(g.items[e.tail].rank, g.items[e.head].rank);
    }
  }
}

TEST(LongEdgeSplittingPhase, FillsAnEmptyRankInsideACluster) {
  // Cluster 0 holds 0 and 2 but not 1, between them.
  LayoutGraph graph;
  graph.clusters = {{-1, 0, 0}};
  graph.nodes = {{80, 30, 0}, {80, 30, -1}, {80, 30, 0}};
  graph.edges = {{0, 1, true}, {1, 2, true}};
  const LayeredGraph g = OutputOf<LongEdgeSplitting>(graph);
  ASSERT_EQ(g.items.size(), 4u);
  EXPECT_EQ(g.items[3].kind, ItemKind::kFiller);
  EXPECT_EQ(g.items[3].cluster, 0);
  EXPECT_EQ(g.items[3].rank, 1);
}

TEST(LongEdgeSplittingPhase, CheckPostReportsAnItemMissingFromTheRanks) {
  LayeredGraph g = OutputOf<LongEdgeSplitting>(Sample());
  g.ranks[2].erase(std::find(g.ranks[2].begin(), g.ranks[2].end(), 2));
  EXPECT_TRUE(Mentions(LongEdgeSplitting().CheckPost(g), "item 2 appears 0 times"));
}

// --- ordering ---

TEST(CrossingMinimisationPhase, UncrossesTwoEdges) {
  // 0 and 1 on top, 2 and 3 below, joined crosswise in input order.
  LayoutGraph graph;
  graph.nodes = {{80, 30, -1}, {80, 30, -1}, {80, 30, -1}, {80, 30, -1}};
  graph.edges = {{0, 3, true}, {1, 2, true}};
  const LayeredGraph g = OutputOf<CrossingMinimisation>(graph);
  const auto left_of = [&](int a, int b) { return g.items[a].order < g.items[b].order; };
  EXPECT_EQ(left_of(0, 1), left_of(3, 2));
}

TEST(CrossingMinimisationPhase, KeepsTheSampleClustersTogether) {
  const LayeredGraph g = OutputOf<CrossingMinimisation>(Sample());
  for (const std::vector<int>& rank : g.ranks) {
    for (size_t i = 0; i < rank.size(); ++i) EXPECT_EQ(g.items[rank[i]].order, static_cast<int>(i));
  }
}

TEST(CrossingMinimisationPhase, CheckPostReportsASplitCluster) {
  // Three boxes on one rank, the outer two in cluster 0: ordering puts them side by side;
  // put the loose box between them.
  LayoutGraph graph;
  graph.clusters = {{-1, 0, 0}};
  graph.nodes = {{80, 30, 0}, {80, 30, -1}, {80, 30, 0}};
  LayeredGraph g = OutputOf<CrossingMinimisation>(graph);
  ASSERT_EQ(g.ranks.size(), 1u);
  g.ranks[0] = {0, 1, 2};
  for (int i = 0; i < 3; ++i) g.items[i].order = i;
  EXPECT_EQ(Join(CrossingMinimisation().CheckPost(g)), "cluster 0 is not contiguous in rank 0\n");
}

// --- coordinates ---

TEST(CoordinateAssignmentPhase, PlacesRanksDownwardAndBoxesApart) {
  const LayoutOptions options;
  const LayeredGraph g = OutputOf<CoordinateAssignment>(Sample(), options);
  for (int v = 1; v < g.num_real; ++v) EXPECT_GT(g.items[v].y, g.items[v - 1].y);
  for (const std::vector<int>& rank : g.ranks) {
    for (size_t i = 1; i < rank.size(); ++i) {
      const LayeredItem& a = g.items[rank[i - 1]];
      const LayeredItem& b = g.items[rank[i]];
      if (a.kind != ItemKind::kReal || b.kind != ItemKind::kReal) continue;
      EXPECT_GE(b.x - b.width / 2 - (a.x + a.width / 2), options.node_sep - 1e-6);
    }
  }
  for (int v = 1; v <= 3; ++v) EXPECT_TRUE(BoxContains(g.cluster_boxes[0], BoxOf(g.items[v])));
}

TEST(CoordinateAssignmentPhase, CheckPostReportsOverlappingItems) {
  LayeredGraph g = OutputOf<CoordinateAssignment>(Sample());
  // Rank 4 holds box 4 and a dummy of 0's chain: put the right one on the left one.
  const std::vector<int>& rank = g.ranks[4];
  ASSERT_EQ(rank.size(), 2u);
  g.items[rank[1]].x = g.items[rank[0]].x;
  EXPECT_TRUE(Mentions(CoordinateAssignment().CheckPost(g), "overlap in rank 4"));
}

// --- centring ---

TEST(ClusterCentringPhase, MovesNothingWhenNoClusterIsMarked) {
  LayeredGraph g = InputOf<ClusterCentring>(Sample());
  const LayeredGraph before = g;
  RunAlone(ClusterCentring(), g);
  for (size_t v = 0; v < g.items.size(); ++v) EXPECT_EQ(g.items[v].x, before.items[v].x);
  for (size_t c = 0; c < g.clusters.size(); ++c) {
    EXPECT_EQ(g.cluster_boxes[c].x, before.cluster_boxes[c].x);
  }
}

TEST(ClusterCentringPhase, CheckPostReportsAnItemLeftOutsideItsCluster) {
  LayeredGraph g = OutputOf<ClusterCentring>(Sample());
  g.cluster_boxes[1].x += 1000;  // the inner cluster moved without its box 3
  g.cluster_labels[1].x += 1000;
  EXPECT_TRUE(Mentions(ClusterCentring().CheckPost(g), "item 3 outside cluster 1"));
}

// --- routing ---

TEST(EdgeRoutingPhase, RoutesEveryEdgeFromItsTail) {
  const LayeredGraph g = OutputOf<EdgeRouting>(Sample());
  for (size_t i = 0; i < g.edges.size(); ++i) {
    const LayeredEdge& e = g.edges[i];
    ASSERT_TRUE(e.has_route) << "edge " << i;
    EXPECT_EQ(e.route.size() % 3, 1u) << "edge " << i;
    if (e.tail == e.head || e.reversed) continue;
    // Out of the tail's bottom side, in the working direction.
    const LayeredItem& t = g.items[e.tail];
    EXPECT_NEAR(e.route.front().y, t.y + t.height / 2, 1e-6) << "edge " << i;
  }
}

TEST(EdgeRoutingPhase, CheckPostReportsARouteThroughABox) {
  LayeredGraph g = OutputOf<EdgeRouting>(Sample());
  // The long edge 0 -> 5 straight down through box 2.
  const LayeredItem& b = g.items[2];
  const Point above{b.x, b.y - b.height}, below{b.x, b.y + b.height};
  g.edges[kLongEdge].route = {above, above, below, below};
  EXPECT_TRUE(Mentions(EdgeRouting().CheckPost(g), "edge 4 (0->5) passes through node 2"));
}

// --- dummy_removal ---

TEST(DummyRemovalPhase, LeavesOnlyRealItemsAndTheRoutes) {
  LayeredGraph g = InputOf<DummyRemoval>(Sample());
  const LayeredGraph before = g;
  RunAlone(DummyRemoval(), g);
  EXPECT_EQ(g.items.size(), static_cast<size_t>(g.num_real));
  EXPECT_TRUE(g.chains.empty());
  for (size_t i = 0; i < g.edges.size(); ++i) {
    ASSERT_EQ(g.edges[i].route.size(), before.edges[i].route.size());
    for (size_t k = 0; k < g.edges[i].route.size(); ++k) {
      EXPECT_EQ(g.edges[i].route[k].x, before.edges[i].route[k].x);
      EXPECT_EQ(g.edges[i].route[k].y, before.edges[i].route[k].y);
    }
  }
}

TEST(DummyRemovalPhase, CheckPostReportsADummyLeft) {
  LayeredGraph g = OutputOf<DummyRemoval>(Sample());
  LayeredItem dummy;
  dummy.kind = ItemKind::kDummy;
  g.items.push_back(dummy);
  EXPECT_TRUE(Mentions(DummyRemoval().CheckPost(g), "7 items for 6 real ones"));
}

// --- restore_edges ---

TEST(EdgeDirectionRestorePhase, TurnsReversedEdgesBackWithTheirRoutes) {
  LayeredGraph g = InputOf<EdgeDirectionRestore>(Sample());
  const LayeredGraph before = g;
  RunAlone(EdgeDirectionRestore(), g);
  for (const int i : {kBackEdge, kUpwardEdge}) {
    ASSERT_TRUE(before.edges[i].reversed);
    const LayeredEdge& e = g.edges[i];
    EXPECT_FALSE(e.reversed);
    EXPECT_EQ(e.tail, e.from);
    EXPECT_EQ(e.head, e.to);
    std::vector<Point> route = before.edges[i].route;
    std::reverse(route.begin(), route.end());
    ASSERT_EQ(e.route.size(), route.size());
    for (size_t k = 0; k < route.size(); ++k) {
      EXPECT_EQ(e.route[k].x, route[k].x);
      EXPECT_EQ(e.route[k].y, route[k].y);
    }
  }
}

TEST(EdgeDirectionRestorePhase, CheckPostReportsAnEdgeLeftReversed) {
  LayeredGraph g = OutputOf<EdgeDirectionRestore>(Sample());
  LayeredEdge& e = g.edges[kBackEdge];
  std::swap(e.tail, e.head);
  e.reversed = true;
  EXPECT_TRUE(Mentions(EdgeDirectionRestore().CheckPost(g), "edge 2 (2->1) runs 1->2, reversed"));
}

// --- rankdir ---

TEST(RankdirTransformPhase, TurnsTheLayoutSidewaysWithTheAskedForSizes) {
  LayoutGraph graph = Sample();
  graph.nodes[0].width = 120;  // not square, so a swap would show
  LayoutOptions options;
  options.rankdir = RankDir::kLR;
  const LayeredGraph g = OutputOf<RankdirTransform>(graph, options);
  for (int v = 0; v < g.num_real; ++v) {
    EXPECT_EQ(g.items[v].width, graph.nodes[v].width);
    EXPECT_EQ(g.items[v].height, graph.nodes[v].height);
    if (v > 0) {
      EXPECT_GT(g.items[v].x, g.items[v - 1].x);  // left to right
    }
  }
}

TEST(RankdirTransformPhase, CheckPostReportsOverlappingBoxes) {
  LayeredGraph g = OutputOf<RankdirTransform>(Sample());
  g.items[5].x = g.items[4].x;
  g.items[5].y = g.items[4].y;
  EXPECT_TRUE(Mentions(RankdirTransform().CheckPost(g), "nodes 4 and 5 overlap"));
}

}  // namespace
}  // namespace graphgen
