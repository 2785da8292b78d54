#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "layout/layered/layered_layout.h"
#include "layout/layered/layered_phases.h"
#include "layout/layered/phase_checker.h"
#include "layout/layout_invariants.h"

namespace graphgen {
namespace {

double CentreX(const Box& b) { return b.x + b.width / 2; }

// A U as the diagram builder ranks it: a left column going down (0 -> 1 -> 2), a right
// column whose edges run backwards (3 -> 4 -> 5 in layout terms), each a labelled
// cluster, and a two-box "bottleneck" cluster hanging below both, a rank apart: entered
// from the left column's foot (2 -> 6) and left towards the right column's foot (5 -> 7,
// a long edge beside the cluster). With `beside`, the right column reaches down past the
// bottleneck's top.
LayoutGraph U(bool centre, bool beside = false) {
  LayoutGraph g;
  LayoutCluster column;
  column.label_width = 120;
  column.label_height = 14;
  g.clusters = {column, column};
  LayoutCluster bottleneck;
  bottleneck.label_width = 200;  // wider than its content, as "Bottleneck · 1/4 · 64 ch"
  bottleneck.label_height = 14;
  bottleneck.centre = centre;
  g.clusters.push_back(bottleneck);
  const int rank_of[] = {0, 1, 2, 0, 1, beside ? 4 : 2, 4, 5};
  const int cluster_of[] = {0, 0, 0, 1, 1, 1, 2, 2};
  for (int i = 0; i < 8; ++i) {
    LayoutNode n;
    n.width = 80;
    n.height = 30;
    n.rank = rank_of[i];
    n.cluster = cluster_of[i];
    g.nodes.push_back(n);
  }
  g.edges = {{0, 1, true}, {1, 2, true}, {3, 4, true}, {4, 5, true},
             {2, 6, true}, {6, 7, true}, {5, 7, true}};
  return g;
}

LayoutResult LayOut(const LayoutGraph& g, PhaseChecker* observer) {
  auto r = LayeredLayout(observer).Layout(g, LayoutOptions());
  EXPECT_TRUE(r.ok()) << r.status().message();
  return *r;
}

TEST(ClusterCentring, MarkedClusterSitsMidwayBetweenTheBoxesItJoins) {
  const LayoutGraph g = U(true);
  PhaseChecker observer;
  const LayoutResult r = LayOut(g, &observer);
  EXPECT_NE(std::find(observer.phases.begin(), observer.phases.end(), ClusterCentring().Name()),
            observer.phases.end());
  EXPECT_TRUE(observer.violations.empty()) << observer.violations.front();
  EXPECT_TRUE(CheckLayoutResult(g, r).empty()) << CheckLayoutResult(g, r).front();
  const double left = CentreX(r.nodes[2]), right = CentreX(r.nodes[5]);
  ASSERT_GT(right - left, 100);  // two columns
  const double middle = (left + right) / 2;
  EXPECT_NEAR(CentreX(r.clusters[2]), middle, 0.5);
}

// Positions after coordinate assignment and after centring.
class XObserver : public LayeredPhaseObserver {
 public:
  void AfterPhase(std::string_view phase, const LayeredGraph& g, double) override {
    const bool coordinates = phase == CoordinateAssignment().Name();
    if (!coordinates && phase != ClusterCentring().Name()) return;
    std::vector<double>& x = coordinates ? before : after;
    for (const LayeredItem& it : g.items) x.push_back(it.x);
    for (const Box& b : g.cluster_boxes) x.push_back(b.x);
  }
  std::vector<double> before, after;
};

TEST(ClusterCentring, MovesOnlyMarkedClusters) {
  XObserver unmarked, marked;
  ASSERT_TRUE(LayeredLayout(&unmarked).Layout(U(false), LayoutOptions()).ok());
  ASSERT_FALSE(unmarked.before.empty());
  EXPECT_EQ(unmarked.before, unmarked.after);
  ASSERT_TRUE(LayeredLayout(&marked).Layout(U(true), LayoutOptions()).ok());
  EXPECT_EQ(marked.before, unmarked.before);  // the flag changes nothing before
}

TEST(ClusterCentring, StopsClearOfWhatIsBesideIt) {
  const LayoutGraph g = U(true, /*beside=*/true);
  PhaseChecker observer;
  const LayoutResult r = LayOut(g, &observer);
  EXPECT_TRUE(observer.violations.empty()) << observer.violations.front();
  EXPECT_TRUE(CheckLayoutResult(g, r).empty()) << CheckLayoutResult(g, r).front();
  // Node 5 shares rank 4 with node 6: the cluster keeps node_sep from it.
  const Box& c = r.clusters[2];
  const Box& n5 = r.nodes[5];
  const bool clear = n5.x >= c.x + c.width + LayoutOptions().node_sep - 1e-6 ||
                     n5.x + n5.width <= c.x - LayoutOptions().node_sep + 1e-6;
  EXPECT_TRUE(clear) << "cluster " << c.x << "+" << c.width << ", node " << n5.x;
}

}  // namespace
}  // namespace graphgen
