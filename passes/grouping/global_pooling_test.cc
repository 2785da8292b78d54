// Tests of the global-pooling evidence (global_pooling.cc): global pool ops, reductions to
// 1x1 or fewer axes, and pooling windows as large as their map.
#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "passes/grouping/grouping.h"
#include "passes/grouping/grouping_test_util.h"

namespace graphgen {
namespace grouping_test {
namespace {

// Global pooling has no resolution: GlobalAveragePool, a reduction to 1×1, a reduction
// that drops the spatial axes; a broadcast of the result stays global (shown for the
// squeeze-excite by SpatialLevels.FromShapesRoundedPerOpAndGlobalPoolHasNone; here the
// reductions).
TEST(GlobalPooling, ReductionsToOneByOneOrFewerAxesAreGlobal) {
  Builder b;
  b.Input("x", {1, 3, 64, 64});
  b.Op("Conv", "c", {"x"}, "a", {1, 8, 32, 32});
  b.Op("ReduceMean", "mean11", {"a"}, "m", {1, 8, 1, 1});
  b.Op("ReduceMean", "mean_axes", {"a"}, "v", {1, 8});
  b.Op("MaxPool", "pool", {"a"}, "p", {1, 8, 16, 16});
  const SpatialLevels s = ComputeSpatialLevels(b.Done());
  EXPECT_TRUE(s.global[b.T("m")]);
  EXPECT_EQ(s.level[b.T("m")], kNoLevel);
  EXPECT_TRUE(s.global[b.T("v")]);
  EXPECT_FALSE(s.global[b.T("p")]);
  EXPECT_EQ(s.level[b.T("p")], 2);
}

// Without shapes, a pooling window as large as its map is global pooling (Keras'
// AveragePooling2D(pool_size=32) on a 32×32 map, a squeeze-excite's squeeze), not a drop
// by five halvings.
TEST(PoolWindowAsLargeAsItsMap, IsGlobal) {
  Builder b;
  b.g.format = "TensorFlow GraphDef";
  b.g.channels_last = true;
  b.Input("x", {1, 64, 64, 3});
  b.Op("Conv2D", "stem", {"x"}, "a", {}, {TfStrides(2)});
  b.Op("AvgPool", "squeeze", {"a"}, "s", {},
       {{"ksize", "[1, 32, 32, 1]"}, {"strides", "[1, 32, 32, 1]"}});
  const SpatialLevels s = ComputeSpatialLevels(b.Done());
  EXPECT_EQ(s.level[b.T("a")], 1);
  EXPECT_TRUE(s.global[b.T("s")]);
  EXPECT_EQ(s.level[b.T("s")], kNoLevel);
}

TEST(PoolWindowAsLargeAsItsMap, SmallerWindowsResample) {
  Builder b;
  b.g.format = "TensorFlow GraphDef";
  b.g.channels_last = true;
  b.Input("x", {1, 64, 64, 3});
  b.Op("Conv2D", "stem", {"x"}, "a", {}, {TfStrides(2)});
  b.Op("AvgPool", "pool2", {"a"}, "p", {}, {{"ksize", "[1, 2, 2, 1]"}, TfStrides(2)});
  // 8 of a 16-wide map: a big window, not the whole map.
  b.Op("MaxPool", "pool8", {"p"}, "q", {}, {{"ksize", "[1, 8, 8, 1]"}, TfStrides(8)});
  const SpatialLevels s = ComputeSpatialLevels(b.Done());
  EXPECT_FALSE(s.global[b.T("p")]);
  EXPECT_EQ(s.level[b.T("p")], 2);
  EXPECT_FALSE(s.global[b.T("q")]);
  EXPECT_EQ(s.level[b.T("q")], 5);
}

// The same rule decides a whole model: a squeeze-excite classifier without shapes whose
// squeeze, read as a drop by five halvings, would be a valley the Mul climbs out of.
TEST(PoolWindowAsLargeAsItsMap, SqueezeExciteClassifierHasNoValley) {
  Builder b;
  b.g.format = "TensorFlow GraphDef";
  b.g.channels_last = true;
  b.Input("x", {1, 64, 64, 3});
  b.Op("Conv2D", "stem", {"x"}, "a", {}, {TfStrides(2)});
  b.Op("Conv2D", "conv", {"a"}, "f", {});
  b.Op("AvgPool", "se/squeeze", {"f"}, "s1", {},
       {{"ksize", "[1, 32, 32, 1]"}, {"strides", "[1, 1, 1, 1]"}});
  b.Op("Conv2D", "se/reduce", {"s1"}, "s2");
  b.Op("Relu", "se/relu", {"s2"}, "s3");
  b.Op("Conv2D", "se/expand", {"s3"}, "s4");
  b.Op("Sigmoid", "se/gate", {"s4"}, "s5");
  b.Op("Mul", "se/scale", {"f", "s5"}, "m");
  b.Op("Conv2D", "down", {"m"}, "d", {}, {TfStrides(2)});
  b.Op("Mean", "gap", {"d"}, "g");
  b.Op("MatMul", "fc", {"g"}, "y");
  b.Output("y");
  const LayerGraph& g = b.Done();
  const SpatialLevels s = ComputeSpatialLevels(g);
  EXPECT_TRUE(s.global[b.T("s5")]);
  EXPECT_EQ(s.level[b.T("m")], 1);
  const Grouping r = FindGroups(g, GroupingOptions());
  EXPECT_FALSE(r.found) << r.evidence.back();
}

}  // namespace
}  // namespace grouping_test
}  // namespace graphgen
