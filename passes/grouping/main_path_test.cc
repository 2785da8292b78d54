// Tests of the main path every reading shares (graph_walks.cc, main_path.cc): the heaviest
// path, shape arithmetic kept off it, main edges, and roles spread off it.
#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "passes/grouping/grouping.h"
#include "passes/grouping/grouping_test_util.h"

namespace graphgen {
namespace grouping_test {
namespace {

TEST(HeaviestPath, FollowsTheValleyNotTheSkip) {
  Builder b;
  BuildUnet(b, true, false);
  const LayerGraph& g = b.Done();
  std::vector<double> w(g.nodes.size(), 1);
  const std::vector<int> path = HeaviestPath(g, TopologicalOrder(g), w);
  ASSERT_EQ(path.size(), g.nodes.size());  // every node of this U-Net is on the valley
  EXPECT_EQ(path.front(), 0);
}

// The main path is the heaviest input-to-output path by node weight; ties go to the
// earlier producer.
TEST(HeaviestPath, HeavierBranchWinsAndTiesGoToTheEarlierProducer) {
  Builder b;
  b.Input("x", {1, 4});
  b.Op("Relu", "light", {"x"}, "a");
  b.Op("Relu", "heavy1", {"x"}, "h1");
  b.Op("Relu", "heavy2", {"h1"}, "h2");
  b.Op("Add", "join", {"a", "h2"}, "j");
  b.Op("Relu", "tie1", {"j"}, "t1");
  b.Op("Relu", "tie2", {"j"}, "t2");
  b.Op("Add", "end", {"t1", "t2"}, "y");
  b.Output("y");
  const LayerGraph& g = b.Done();
  const std::vector<double> w(g.nodes.size(), 1);
  const std::vector<int> path = HeaviestPath(g, TopologicalOrder(g), w);
  const std::vector<int> want = {b.N("x"),    b.N("heavy1"), b.N("heavy2"), b.N("join"),
                                 b.N("tie1"), b.N("end"),    b.N("y")};
  EXPECT_EQ(path, want);
  // Weighting the light branch flips it.
  std::vector<double> w2 = w;
  w2[b.N("light")] = 5;
  EXPECT_EQ(HeaviestPath(g, TopologicalOrder(g), w2)[1], b.N("light"));
}

// Shape arithmetic (Shape -> Slice -> Concat computing a Resize's size) weighs nothing
// on the main path, so the path takes the resized data: the size computation lands in
// the decoder with the Resize it feeds, not on the floor. The sizes are the floor's own
// doubled (PyTorch's interpolate(x, scale_factor=2) with dynamic shapes) or the skip's
// (interpolate(x, size=skip.shape[2:])).
TEST(ShapeArithmeticOffThePath, SizeComputationJoinsItsResize) {
  Builder b;
  BuildUnetWithComputedResize(b, SizeFrom::kFloorDoubled);
  const Grouping r = FindGroups(b.Done(), GroupingOptions());
  ASSERT_TRUE(r.found);
  EXPECT_EQ(r.roles[b.N("floor")], Role::kBottleneck);
  for (const char* n : {"shape_of", "take_hw", "times_two", "sizes_concat", "up", "cat"}) {
    EXPECT_EQ(r.roles[b.N(n)], Role::kDecoder) << n;
  }
  EXPECT_TRUE(HasEvidence(r, "main path of 9 nodes")) << r.evidence[0];
}

TEST(ShapeArithmeticOffThePath, FloatGlueStaysOnThePath) {
  // A float op with no resolution of its own (a Reshape without shapes) beside the floor
  // still weighs: the path runs through it into the residual Add. Only integer size
  // computations weigh nothing.
  Builder b;
  b.Input("x", {1, 3, 64, 64});
  b.Op("Conv", "e1", {"x"}, "f1", {1, 8, 32, 32}, {Strides(2)});
  b.Op("Conv", "e2", {"f1"}, "f2", {1, 16, 16, 16}, {Strides(2)});
  b.Op("Conv", "floor", {"f2"}, "fl", {1, 16, 16, 16});
  b.Op("Reshape", "view", {"fl"}, "dr");
  b.Op("Add", "residual", {"fl", "dr"}, "res", {1, 16, 16, 16});
  b.Op("Resize", "up", {"res"}, "u", {1, 16, 32, 32});
  b.Op("Concat", "cat", {"u", "f1"}, "c", {1, 24, 32, 32});
  b.Op("Resize", "up2", {"c"}, "y", {1, 24, 64, 64});
  b.Output("y");
  const Grouping r = FindGroups(b.Done(), GroupingOptions());
  ASSERT_TRUE(r.found);
  EXPECT_TRUE(HasEvidence(r, "main path of 9 nodes")) << r.evidence[0];
  EXPECT_EQ(r.roles[b.N("view")], Role::kBottleneck);
}

// Main edges: one per group boundary on the main path.
TEST(MainEdges, OnePerBoundaryOfTheMainPath) {
  Builder b;
  BuildUnet(b, true, false);
  const Grouping r = FindGroups(b.Done(), GroupingOptions());
  ASSERT_TRUE(r.found);
  const std::vector<std::pair<int, int>> want = {{b.N("p2"), b.N("b1")}, {b.N("b2"), b.N("u2")}};
  EXPECT_EQ(EdgesOf(r, EdgeKind::kMain), want);
}

// Off the main path a node takes the role of the first main-path node it feeds (a crop
// on a skip is the decoder's); one that feeds no main-path node (a deep-supervision side
// output) belongs to no group.
TEST(SpreadFromPath, CropTakesItsReadersRoleSideOutputNone) {
  Builder b;
  b.Input("x", {1, 3, 64, 64});
  b.Op("Conv", "c1", {"x"}, "e1", {1, 8, 64, 64});
  b.Op("MaxPool", "p1", {"e1"}, "q1", {1, 8, 32, 32});
  b.Op("Conv", "c2", {"q1"}, "e2", {1, 16, 32, 32});
  b.Op("MaxPool", "p2", {"e2"}, "q2", {1, 16, 16, 16});
  b.Op("Conv", "b1", {"q2"}, "b1o", {1, 32, 16, 16});
  b.Op("Conv", "side", {"b1o"}, "aux", {1, 1, 16, 16});  // deep supervision
  b.Output("aux");
  b.Op("ConvTranspose", "u2", {"b1o"}, "u2o", {1, 16, 32, 32}, {Strides(2)});
  b.Op("Slice", "crop2", {"e2"}, "e2c", {1, 16, 32, 32});
  b.Op("Concat", "cat2", {"u2o", "e2c"}, "c2o", {1, 32, 32, 32});
  b.Op("Conv", "d2", {"c2o"}, "d2o", {1, 16, 32, 32});
  b.Op("ConvTranspose", "u1", {"d2o"}, "u1o", {1, 8, 64, 64}, {Strides(2)});
  b.Op("Concat", "cat1", {"u1o", "e1"}, "c1o", {1, 16, 64, 64});
  b.Op("Conv", "d1", {"c1o"}, "y", {1, 1, 64, 64});
  b.Output("y");
  const Grouping r = FindGroups(b.Done(), GroupingOptions());
  ASSERT_TRUE(r.found);
  EXPECT_EQ(r.roles[b.N("crop2")], Role::kDecoder);
  EXPECT_EQ(r.roles[b.N("side")], Role::kNone);
  const std::vector<std::pair<int, int>> want = {{b.N("c1"), b.N("cat1")},
                                                 {b.N("c2"), b.N("crop2")}};
  EXPECT_EQ(EdgesOf(r, EdgeKind::kSkip), want);
}

}  // namespace
}  // namespace grouping_test
}  // namespace graphgen
