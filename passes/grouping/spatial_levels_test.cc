// Tests of the spatial-levels evidence (spatial_levels.cc): levels from shapes, strides,
// resizes and block sizes; the image input and its layout; which shape ops keep a map.
#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "passes/grouping/grouping.h"
#include "passes/grouping/grouping_test_util.h"

namespace graphgen {
namespace grouping_test {
namespace {

TEST(SpatialLevels, FromStridesWhenShapesAreMissing) {
  Builder b;
  b.Input("x", {1, 3, 64, 64});
  b.Op("Conv", "c", {"x"}, "a", {}, {Strides(2)});
  b.Op("MaxPool", "p", {"a"}, "b", {}, {Strides(2)});
  b.Op("Relu", "r", {"b"}, "c");
  b.Op("Resize", "up", {"c"}, "d");
  b.Op("DepthToSpace", "d2s", {"d"}, "e", {}, {{"blocksize", "4"}});
  b.Op("ConvTranspose", "ct", {"e"}, "f", {}, {Strides(2)});
  const LayerGraph& g = b.Done();
  const SpatialLevels s = ComputeSpatialLevels(g);
  EXPECT_EQ(s.level[b.T("x")], 0);
  EXPECT_EQ(s.level[b.T("a")], 1);
  EXPECT_EQ(s.level[b.T("b")], 2);
  EXPECT_EQ(s.level[b.T("c")], 2);
  EXPECT_EQ(s.level[b.T("d")], 1);  // Resize without a recorded factor: taken as 2
  EXPECT_EQ(s.level[b.T("e")], -1);
  EXPECT_EQ(s.level[b.T("f")], -2);
  ASSERT_EQ(s.notes.size(), 1u);
  EXPECT_NE(s.notes[0].find("up"), std::string::npos);
}

TEST(SpatialLevels, FromShapesRoundedPerOpAndGlobalPoolHasNone) {
  Builder b;
  b.Input("x", {1, 3, 572, 572});
  b.Op("Conv", "valid", {"x"}, "a", {1, 8, 570, 570});  // a valid conv: no level change
  b.Op("MaxPool", "p", {"a"}, "b", {1, 8, 285, 285});
  b.Op("GlobalAveragePool", "gap", {"b"}, "c", {1, 8, 1, 1});
  b.Op("Conv", "se", {"c"}, "d", {1, 8, 1, 1});
  b.Op("Mul", "scale", {"b", "d"}, "e", {1, 8, 285, 285});
  b.Op("Flatten", "flat", {"e"}, "f", {1, 8 * 285 * 285});
  const LayerGraph& g = b.Done();
  const SpatialLevels s = ComputeSpatialLevels(g);
  EXPECT_EQ(s.level[b.T("a")], 0);
  EXPECT_EQ(s.level[b.T("b")], 1);
  EXPECT_EQ(s.level[b.T("c")], kNoLevel);
  EXPECT_TRUE(s.global[b.T("c")]);
  EXPECT_TRUE(s.global[b.T("d")]);
  EXPECT_EQ(s.level[b.T("e")], 1);
  EXPECT_EQ(s.level[b.T("f")], kNoLevel);
  EXPECT_EQ(s.channels[b.T("e")], 8);
}

// Image inputs: a float map, or an integer picture with a few channels (TF.js feeds
// uint8/int32 pictures straight in) is the image; integer token ids are not.
TEST(ImageInput, IntegerPictureWithFewChannelsIsTheImage) {
  Builder b;
  b.Typed("img", DType::kInt32, {1, 64, 64, 3});
  b.Input("img", {1, 64, 64, 3});
  b.Op("Conv", "c", {"img"}, "a", {}, {Strides(2)});
  const SpatialLevels s = ComputeSpatialLevels(b.Done());
  EXPECT_EQ(s.level[b.T("img")], 0);
  EXPECT_EQ(s.channels[b.T("img")], 3);
  EXPECT_EQ(s.level[b.T("a")], 1);
}

TEST(ImageInput, IntegerIdsAndManyChannelIntegersAreNot) {
  Builder b;
  b.Typed("ids", DType::kInt64, {1, 128});
  b.Input("ids", {1, 128});
  b.Typed("mask", DType::kInt32, {1, 64, 32, 32});  // 64 "channels": an index volume
  b.Input("mask", {1, 64, 32, 32});
  b.Op("Gather", "embed", {"ids"}, "e");
  b.Op("Mul", "masked", {"mask", "mask"}, "a");
  const SpatialLevels s = ComputeSpatialLevels(b.Done());
  EXPECT_EQ(s.level[b.T("ids")], kNoLevel);
  EXPECT_EQ(s.level[b.T("mask")], kNoLevel);
  EXPECT_EQ(s.level[b.T("e")], kNoLevel);
  EXPECT_EQ(s.level[b.T("a")], kNoLevel);
}

// Input layout: an NCHW input in front of a TensorFlow graph's NHWC ops (onnx-tf) is
// read by its own shape, not the format's convention.
TEST(InputLayout, NchwInputOfATensorFlowGraphReadByItsShape) {
  Builder b;
  b.g.format = "TensorFlow GraphDef";
  b.g.channels_last = true;
  b.Typed("img", DType::kInt32, {1, 3, 64, 64});
  b.Input("img", {1, 3, 64, 64});
  b.Input("x", {1, 3, 64, 64});
  // A vector made back into an NHWC map 16 wide: 1/4 of the input's 64, not of 13.9
  // (the side 3×64 would give read as NHWC).
  b.Op("MatMul", "fc", {"x"}, "v", {1, 1024});
  b.Op("Reshape", "unflat", {"v"}, "m", {1, 16, 16, 4});
  const SpatialLevels s = ComputeSpatialLevels(b.Done());
  EXPECT_EQ(s.level[b.T("img")], 0);
  EXPECT_EQ(s.channels[b.T("img")], 3);
  EXPECT_EQ(s.channels[b.T("x")], 3);
  EXPECT_EQ(s.level[b.T("m")], 2);
}

TEST(InputLayout, AmbiguousInputKeepsTheFormatsConvention) {
  Builder b;
  b.g.format = "TensorFlow GraphDef";
  b.g.channels_last = true;
  b.Input("x", {1, 16, 32, 32});  // 16 or 32 channels: the shape cannot tell
  b.Typed("y", DType::kInt32, {1, 3, 64, 64});
  b.Input("y", {1, 3, 64, 64});
  const SpatialLevels tf = ComputeSpatialLevels(b.Done());
  EXPECT_EQ(tf.channels[b.T("x")], 32);
  b.g.format = "ONNX";
  b.g.channels_last = false;
  const SpatialLevels onnx = ComputeSpatialLevels(b.g);
  EXPECT_EQ(onnx.channels[b.T("x")], 16);
  // And an unambiguous NCHW picture stays NCHW in either format.
  EXPECT_EQ(onnx.channels[b.T("y")], 3);
}

// Strides, transposed convolutions, DepthToSpace and resizes move the level when shapes
// are missing (FromStridesWhenShapesAreMissing above); ops without a stride do not.
TEST(SpatialLevels, UnstridedOpsKeepTheLevelWithoutShapes) {
  Builder b;
  b.Input("x", {1, 3, 64, 64});
  b.Op("Conv", "c", {"x"}, "a", {}, {Strides(2)});
  b.Op("Conv", "same", {"a"}, "b", {}, {{"strides", "[1, 1]"}});
  b.Op("Conv", "plain", {"b"}, "c");
  b.Op("MaxPool", "pool3", {"c"}, "d", {}, {{"kernel_shape", "[3, 3]"}, {"strides", "[1, 1]"}});
  b.Op("BatchNormalization", "bn", {"d"}, "e");
  const SpatialLevels s = ComputeSpatialLevels(b.Done());
  for (const char* t : {"b", "c", "d", "e"}) EXPECT_EQ(s.level[b.T(t)], 1) << t;
  EXPECT_TRUE(s.notes.empty());
}

// A channel shuffle (N×C×H×W -> N×g×C/g×H×W and back) keeps the map's resolution through
// its rank-5 detour; a flatten does not.
TEST(ChannelShuffle, KeepsTheResolutionThroughRankFive) {
  Builder b;
  b.Input("x", {1, 3, 64, 64});
  b.Op("Conv", "c", {"x"}, "a", {1, 16, 16, 16});
  b.Op("Reshape", "split_groups", {"a"}, "r5", {1, 2, 8, 16, 16});
  const SpatialLevels s = ComputeSpatialLevels(b.Done());
  EXPECT_EQ(s.level[b.T("a")], 2);
  EXPECT_EQ(s.level[b.T("r5")], 2);
}

TEST(ChannelShuffle, FlattenIsNoFeatureMap) {
  Builder b;
  b.Input("x", {1, 3, 64, 64});
  b.Op("Conv", "c", {"x"}, "a", {1, 16, 16, 16});
  b.Op("Reshape", "flat", {"a"}, "f", {1, 4096});
  b.Op("Reshape", "to3", {"a"}, "t", {1, 16, 256});
  const SpatialLevels s = ComputeSpatialLevels(b.Done());
  EXPECT_EQ(s.level[b.T("f")], kNoLevel);
  EXPECT_EQ(s.level[b.T("t")], kNoLevel);
}

// Without shapes, a Transpose (NCHW <-> NHWC around every op of an onnx-tf graph), a
// Squeeze / ExpandDims / Unpack / Pack of the batch axis (a TF.js preprocessing step)
// keep the resolution; a Reshape may flatten, so it drops it.
TEST(LayoutOpsWithoutShapes, TransposePackUnpackKeepTheResolution) {
  Builder b;
  b.Input("x", {1, 3, 64, 64});
  b.Op("Conv", "c", {"x"}, "a", {}, {Strides(2)});
  b.Op("Transpose", "to_nhwc", {"a"}, "t");
  b.Op("ExpandDims", "expand", {"t"}, "e");
  b.Op("Squeeze", "squeeze", {"e"}, "q");
  b.Op("Unpack", "unstack", {"q"}, "u");
  b.Op("Pack", "stack", {"u"}, "p");
  b.Op("Conv", "c2", {"p"}, "y", {}, {Strides(2)});
  const SpatialLevels s = ComputeSpatialLevels(b.Done());
  for (const char* t : {"t", "e", "q", "u", "p"}) EXPECT_EQ(s.level[b.T(t)], 1) << t;
  EXPECT_EQ(s.level[b.T("y")], 2);
}

TEST(LayoutOpsWithoutShapes, ReshapeDropsTheResolution) {
  Builder b;
  b.Input("x", {1, 3, 64, 64});
  b.Op("Conv", "c", {"x"}, "a", {}, {Strides(2)});
  b.Op("Reshape", "reshape", {"a"}, "r");
  b.Op("Transpose", "t", {"r"}, "t2");
  const SpatialLevels s = ComputeSpatialLevels(b.Done());
  EXPECT_EQ(s.level[b.T("r")], kNoLevel);
  EXPECT_EQ(s.level[b.T("t2")], kNoLevel);
}

// Crops and pads trim borders (a paper U-Net's skip crop 64 -> 40 would round to one
// halving); they never resample. A pooling op with the same ratio does.
TEST(CropsAndPads, KeepTheLevelWhateverTheRatio) {
  Builder b;
  b.Input("x", {1, 3, 64, 64});
  b.Op("Conv", "c", {"x"}, "a", {1, 8, 64, 64});
  b.Op("Slice", "crop", {"a"}, "cr", {1, 8, 40, 40});
  b.Op("Pad", "pad", {"a"}, "pd", {1, 8, 96, 96});
  b.Op("MaxPool", "valid_pool", {"a"}, "vp", {1, 8, 40, 40});
  const SpatialLevels s = ComputeSpatialLevels(b.Done());
  EXPECT_EQ(s.level[b.T("cr")], 0);
  EXPECT_EQ(s.level[b.T("pd")], 0);
  EXPECT_EQ(s.level[b.T("vp")], 1);
}

// A reshape that changes the apparent resolution (space-to-depth by hand, a patch
// embedding's reshape) has changed what the axes mean: no feature map at a new level.
// One that keeps the extent keeps the level.
TEST(ReshapeChangingResolution, IsNoFeatureMap) {
  Builder b;
  b.Input("x", {1, 3, 64, 64});
  b.Op("Conv", "c", {"x"}, "a", {1, 8, 32, 32});
  b.Op("Reshape", "s2d", {"a"}, "r", {1, 32, 16, 16});
  const SpatialLevels s = ComputeSpatialLevels(b.Done());
  EXPECT_EQ(s.level[b.T("r")], kNoLevel);
}

TEST(ReshapeChangingResolution, SameExtentKeepsTheLevel) {
  Builder b;
  b.Input("x", {1, 3, 64, 64});
  b.Op("Conv", "c", {"x"}, "a", {1, 8, 32, 32});
  b.Op("Reshape", "same", {"a"}, "r", {1, 8, 32, 32});
  const SpatialLevels s = ComputeSpatialLevels(b.Done());
  EXPECT_EQ(s.level[b.T("r")], 1);
}

// A resize to a computed size (no scales) merged with a map of known resolution resized
// to that map's size: an FPN's top-down path meeting its lateral (up), a PAN's bottom-up
// path (down). Otherwise the factor is taken as 2 and a note says so.
TEST(ResizeToComputedSize, TakesTheResolutionItJoins) {
  Builder b;
  b.g.format = "TensorFlow GraphDef";
  b.g.channels_last = true;
  b.Input("x", {1, 64, 64, 3});
  b.Op("Conv2D", "c1", {"x"}, "l1", {}, {TfStrides(2)});
  b.Op("Conv2D", "c2", {"l1"}, "l2", {}, {TfStrides(2)});
  b.Op("Conv2D", "c3", {"l2"}, "l3", {}, {TfStrides(2)});
  // Top-down: 1/8 resized straight to the 1/2 lateral (the ×2 guess would say 1/4).
  b.Op("ResizeBilinear", "up", {"l3", "size_of_l1"}, "u");
  b.Op("AddV2", "fuse_up", {"u", "l1"}, "p1");
  // Bottom-up: 1/2 resized (through a Relu) down to the 1/4 map it joins.
  b.Op("ResizeBilinear", "down", {"p1", "size_of_l2"}, "dn");
  b.Op("Relu", "down_act", {"dn"}, "dn2");
  b.Op("ConcatV2", "fuse_down", {"dn2", "l2"}, "p2");
  const SpatialLevels s = ComputeSpatialLevels(b.Done());
  EXPECT_EQ(s.level[b.T("u")], 1);
  EXPECT_EQ(s.level[b.T("p1")], 1);
  EXPECT_EQ(s.level[b.T("dn")], 2);
  EXPECT_EQ(s.level[b.T("p2")], 2);
  EXPECT_TRUE(s.notes.empty());
}

TEST(ResizeToComputedSize, ScalesOrNoJoinGoByTheFactor) {
  Builder b;
  b.g.format = "TensorFlow GraphDef";
  b.g.channels_last = true;
  b.Input("x", {1, 64, 64, 3});
  b.Op("Conv2D", "c1", {"x"}, "l1", {}, {TfStrides(2)});
  b.Op("Conv2D", "c2", {"l1"}, "l2", {}, {TfStrides(2)});
  b.Op("Conv2D", "c3", {"l2"}, "l3", {}, {TfStrides(2)});
  // Recorded scales win over the map joined.
  b.Op("Resize", "scaled", {"l3"}, "s", {}, {{"scales", "[1, 1, 2, 2]"}});
  b.Op("Add", "join", {"s", "l1"}, "j");
  // No join: the factor is a guess, and said to be one.
  b.Op("ResizeBilinear", "lonely", {"l3", "size"}, "k");
  b.Op("Conv2D", "after", {"k"}, "y");
  const SpatialLevels s = ComputeSpatialLevels(b.Done());
  EXPECT_EQ(s.level[b.T("s")], 2);
  EXPECT_EQ(s.level[b.T("k")], 2);
  ASSERT_EQ(s.notes.size(), 1u);
  EXPECT_NE(s.notes[0].find("lonely"), std::string::npos);
}

// Back from a vector to a feature map (an autoencoder's Unflatten), the resolution
// follows from the size alone; a conv on a globally pooled 1×1 map stays global.
TEST(FeatureMapFromVector, ResolutionFromItsSize) {
  Builder b;
  b.Input("x", {1, 1, 32, 32});
  b.Op("Conv", "c", {"x"}, "a", {1, 8, 16, 16});
  b.Op("Flatten", "flat", {"a"}, "f", {1, 2048});
  b.Op("Gemm", "fc", {"f"}, "z", {1, 512});
  b.Op("Reshape", "unflat", {"z"}, "u", {1, 8, 8, 8});
  const SpatialLevels s = ComputeSpatialLevels(b.Done());
  EXPECT_EQ(s.level[b.T("f")], kNoLevel);
  EXPECT_EQ(s.level[b.T("u")], 2);
}

TEST(FeatureMapFromVector, ConvOnAGlobalMapStaysGlobal) {
  Builder b;
  b.Input("x", {1, 1, 32, 32});
  b.Op("Conv", "c", {"x"}, "a", {1, 8, 16, 16});
  b.Op("GlobalAveragePool", "gap", {"a"}, "g", {1, 8, 1, 1});
  b.Op("Conv", "fc", {"g"}, "h", {1, 8, 1, 1});
  const SpatialLevels s = ComputeSpatialLevels(b.Done());
  EXPECT_EQ(s.level[b.T("h")], kNoLevel);
  EXPECT_TRUE(s.global[b.T("h")]);
}

// Shape-less graphs (TF.js graph models carry no shapes): the first conv or pool on an
// input of unknown rank takes that input as the image; a matrix product does not.
TEST(ShapelessInput, FirstConvTakesItAsTheImage) {
  Builder b;
  b.Input("x", {});
  b.Op("Conv2D", "stem", {"x"}, "a", {}, {TfStrides(2)});
  b.Op("Conv2D", "next", {"a"}, "c", {}, {TfStrides(2)});
  const SpatialLevels s = ComputeSpatialLevels(b.Done());
  EXPECT_EQ(s.level[b.T("a")], 1);
  EXPECT_EQ(s.level[b.T("c")], 2);
}

TEST(ShapelessInput, MatMulDoesNot) {
  Builder b;
  b.Input("x", {});
  b.Op("MatMul", "fc", {"x"}, "a");
  b.Op("Conv2D", "conv", {"a"}, "c", {}, {TfStrides(2)});
  const SpatialLevels s = ComputeSpatialLevels(b.Done());
  EXPECT_EQ(s.level[b.T("a")], kNoLevel);
  EXPECT_EQ(s.level[b.T("c")], kNoLevel);
}

}  // namespace
}  // namespace grouping_test
}  // namespace graphgen
