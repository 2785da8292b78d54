// Tests of the spatial reading (spatial_reading.cc): U-Nets, segmentation heads,
// autoencoders with a dense latent, pyramid necks, context modules, skips and side heads.
#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "passes/grouping/grouping.h"
#include "passes/grouping/grouping_test_util.h"

namespace graphgen {
namespace grouping_test {
namespace {

TEST(Grouping, UnetFromStructureAlone) {
  Builder b;
  BuildUnet(b, true, false);
  const LayerGraph& g = b.Done();
  GroupingOptions o;
  o.mode = GroupingMode::kStructure;
  const Grouping r = FindGroups(g, o);
  ASSERT_TRUE(r.found) << r.evidence.back();
  EXPECT_EQ(r.basis, "spatial");
  const auto role = [&](const char* n) { return r.roles[b.N(n)]; };
  for (const char* n : {"c1", "p1", "c2", "p2"}) EXPECT_EQ(role(n), Role::kEncoder) << n;
  for (const char* n : {"b1", "b2"}) EXPECT_EQ(role(n), Role::kBottleneck) << n;
  for (const char* n : {"u2", "cat2", "d2", "u1", "cat1", "d1"}) {
    EXPECT_EQ(role(n), Role::kDecoder) << n;
  }
  EXPECT_EQ(r.roles[0], Role::kNone);  // the input
  std::vector<std::pair<int, int>> skips;
  for (const TypedEdge& e : r.edges) {
    if (e.kind == EdgeKind::kSkip) skips.emplace_back(e.from, e.to);
  }
  const std::vector<std::pair<int, int>> want = {{b.N("c1"), b.N("cat1")},
                                                 {b.N("c2"), b.N("cat2")}};
  EXPECT_EQ(skips, want);
  ASSERT_EQ(r.stages.size(), 5u);
  EXPECT_EQ(r.stages[0].label, "1/1 \xC2\xB7 8 ch");
  EXPECT_EQ(r.stages[1].label, "1/2 \xC2\xB7 16 ch");
  EXPECT_EQ(r.stages[2].role, Role::kBottleneck);
  EXPECT_EQ(r.stages[2].label, "1/4 \xC2\xB7 32 ch");
  EXPECT_EQ(r.stages[3].label, "1/2 \xC2\xB7 16 ch");
  EXPECT_EQ(r.stages[4].label, "1/1 \xC2\xB7 1 ch");
  EXPECT_GE(r.confidence, 0.7);
}

// A control dependency spanning the U (as a TF1 Assert on the input waited for by the
// decoder would) is not a skip, and changes nothing the grouping finds.
TEST(Grouping, ControlEdgesAreNeitherSkipsNorEvidence) {
  Builder b;
  BuildUnet(b, true, false);
  LayerGraph g = b.Done();
  const Grouping plain = FindGroups(g, GroupingOptions());
  g.control_edges = {{b.N("c1"), b.N("d1")}, {b.N("c2"), b.N("u1")}, {0, b.N("b2")}};
  const Grouping r = FindGroups(g, GroupingOptions());
  ASSERT_TRUE(r.found);
  EXPECT_EQ(r.roles, plain.roles);
  EXPECT_EQ(r.edges.size(), plain.edges.size());
  for (const TypedEdge& e : r.edges) {
    EXPECT_FALSE(e.kind == EdgeKind::kSkip && e.from == b.N("c1") && e.to == b.N("d1"));
  }
  EXPECT_EQ(r.evidence, plain.evidence);
}

TEST(Grouping, UnetWithoutShapesFromStrides) {
  Builder b;
  BuildUnet(b, false, false);
  const Grouping r = FindGroups(b.Done(), GroupingOptions());
  ASSERT_TRUE(r.found);
  EXPECT_EQ(r.roles[b.N("b1")], Role::kBottleneck);
  EXPECT_EQ(r.roles[b.N("cat1")], Role::kDecoder);
  int skips = 0;
  for (const TypedEdge& e : r.edges) skips += e.kind == EdgeKind::kSkip;
  EXPECT_EQ(skips, 2);
}

TEST(Grouping, ClassifierWithSqueezeExcitationHasNone) {
  Builder b;
  b.Input("x", {1, 3, 64, 64});
  b.Op("Conv", "stem", {"x"}, "a", {1, 8, 32, 32});
  b.Op("Conv", "c", {"a"}, "b", {1, 8, 32, 32});
  b.Op("GlobalAveragePool", "se_pool", {"b"}, "s1", {1, 8, 1, 1});
  b.Op("Conv", "se_fc1", {"s1"}, "s2", {1, 2, 1, 1});
  b.Op("Relu", "se_relu", {"s2"}, "s3", {1, 2, 1, 1});
  b.Op("Conv", "se_fc2", {"s3"}, "s4", {1, 8, 1, 1});
  b.Op("Sigmoid", "se_gate", {"s4"}, "s5", {1, 8, 1, 1});
  b.Op("Mul", "se_mul", {"b", "s5"}, "m", {1, 8, 32, 32});
  b.Op("Conv", "down", {"m"}, "d", {1, 16, 16, 16});
  b.Op("GlobalAveragePool", "gap", {"d"}, "g", {1, 16, 1, 1});
  b.Op("Flatten", "flat", {"g"}, "f", {1, 16});
  b.Op("Gemm", "fc", {"f"}, "y", {1, 10});
  b.Output("y");
  const Grouping r = FindGroups(b.Done(), GroupingOptions());
  EXPECT_FALSE(r.found);
  EXPECT_STREQ(r.Verdict(), "no encoder-decoder structure");
  for (Role role : r.roles) EXPECT_EQ(role, Role::kNone);
}

TEST(Grouping, SegmentationHeadWithLowLevelSkip) {
  // LR-ASPP-like: backbone to 1/8 with a 1/4 tap, head at 1/8, upsample to 1/4, add the
  // tapped feature, upsample to full size.
  Builder b;
  b.Input("x", {1, 3, 64, 64});
  b.Op("Conv", "/backbone/c0/Conv", {"x"}, "a", {1, 8, 32, 32});
  b.Op("Conv", "/backbone/c1/Conv", {"a"}, "low", {1, 8, 16, 16});
  b.Op("Conv", "/backbone/c2/Conv", {"low"}, "b", {1, 16, 8, 8});
  b.Op("Conv", "/backbone/c3/Conv", {"b"}, "b2", {1, 16, 8, 8});
  b.Op("Conv", "/backbone/c4/Conv", {"b2"}, "b3", {1, 16, 8, 8});
  b.Op("Conv", "/backbone/c5/Conv", {"b3"}, "high", {1, 16, 8, 8});
  b.Op("Conv", "/classifier/cbr/Conv", {"high"}, "h", {1, 8, 8, 8});
  b.Op("Resize", "/classifier/Resize", {"h"}, "hu", {1, 8, 16, 16});
  b.Op("Conv", "/classifier/high_classifier/Conv", {"hu"}, "hc", {1, 2, 16, 16});
  b.Op("Conv", "/classifier/low_classifier/Conv", {"low"}, "lc", {1, 2, 16, 16});
  b.Op("Add", "/classifier/Add", {"lc", "hc"}, "s", {1, 2, 16, 16});
  b.Op("Resize", "/Resize", {"s"}, "y", {1, 2, 64, 64});
  b.Output("y");
  const Grouping r = FindGroups(b.Done(), GroupingOptions());
  ASSERT_TRUE(r.found);
  for (const char* n : {"/backbone/c0/Conv", "/backbone/c2/Conv", "/backbone/c5/Conv"}) {
    EXPECT_EQ(r.roles[b.N(n)], Role::kEncoder) << n;
  }
  for (const char* n : {"/classifier/cbr/Conv", "/classifier/low_classifier/Conv", "/Resize"}) {
    EXPECT_EQ(r.roles[b.N(n)], Role::kDecoder) << n;
  }
  std::vector<std::pair<int, int>> skips;
  for (const TypedEdge& e : r.edges) {
    if (e.kind == EdgeKind::kSkip) skips.emplace_back(e.from, e.to);
  }
  const std::vector<std::pair<int, int>> want = {
      {b.N("/backbone/c1/Conv"), b.N("/classifier/low_classifier/Conv")}};
  EXPECT_EQ(skips, want);
}

TEST(Grouping, ConvAutoencoderWithDenseLatent) {
  Builder b;
  b.Input("x", {1, 1, 28, 28});
  b.Op("Conv", "c1", {"x"}, "a", {1, 8, 14, 14});
  b.Op("Conv", "c2", {"a"}, "b", {1, 16, 7, 7});
  b.Op("Flatten", "flat", {"b"}, "f", {1, 784});
  b.Op("Gemm", "fc_enc", {"f"}, "z", {1, 16});
  b.Op("Gemm", "fc_dec", {"z"}, "g", {1, 784});
  b.Op("Reshape", "unflat", {"g"}, "u", {1, 16, 7, 7});
  b.Op("ConvTranspose", "t1", {"u"}, "v", {1, 8, 14, 14});
  b.Op("ConvTranspose", "t2", {"v"}, "y", {1, 1, 28, 28});
  b.Output("y");
  const Grouping r = FindGroups(b.Done(), GroupingOptions());
  ASSERT_TRUE(r.found);
  for (const char* n : {"c1", "c2", "flat", "fc_enc"})
    EXPECT_EQ(r.roles[b.N(n)], Role::kEncoder) << n;
  for (const char* n : {"fc_dec", "unflat", "t1", "t2"})
    EXPECT_EQ(r.roles[b.N(n)], Role::kDecoder) << n;
}

TEST(Grouping, ContextModuleOnAFlatFloorIsTheBottleneck) {
  // DeepLab-like, unnamed: backbone to 1/4 then dilated at 1/4, ASPP (three branches and
  // a concat, a projection), a head conv, one upsample to full size.
  Builder b;
  b.Input("x", {1, 3, 64, 64});
  b.Op("Conv", "s1", {"x"}, "a", {1, 8, 32, 32});
  b.Op("Conv", "s2", {"a"}, "b", {1, 16, 16, 16});
  b.Op("Conv", "dil1", {"b"}, "c", {1, 16, 16, 16});
  b.Op("Conv", "dil2", {"c"}, "d", {1, 16, 16, 16});
  b.Op("Conv", "br1", {"d"}, "e1", {1, 8, 16, 16});
  b.Op("Conv", "br2", {"d"}, "e2", {1, 8, 16, 16});
  b.Op("Conv", "br3a", {"d"}, "e3a", {1, 8, 16, 16});
  b.Op("Relu", "br3b", {"e3a"}, "e3", {1, 8, 16, 16});
  b.Op("Concat", "join", {"e1", "e2", "e3"}, "f", {1, 24, 16, 16});
  b.Op("Conv", "project", {"f"}, "g", {1, 8, 16, 16});
  b.Op("Relu", "project_relu", {"g"}, "h", {1, 8, 16, 16});
  b.Op("Conv", "head", {"h"}, "i", {1, 2, 16, 16});
  b.Op("Resize", "upsample", {"i"}, "y", {1, 2, 64, 64});
  b.Output("y");
  const Grouping r = FindGroups(b.Done(), GroupingOptions());
  ASSERT_TRUE(r.found);
  for (const char* n : {"s1", "s2", "dil1", "dil2"})
    EXPECT_EQ(r.roles[b.N(n)], Role::kEncoder) << n;
  for (const char* n : {"br1", "br2", "br3a", "br3b", "join", "project", "project_relu"}) {
    EXPECT_EQ(r.roles[b.N(n)], Role::kBottleneck) << n;
  }
  for (const char* n : {"head", "upsample"}) EXPECT_EQ(r.roles[b.N(n)], Role::kDecoder) << n;
}

// Falling then rising resolution is an encoder-decoder (the U-Net tests above); never
// falling (a super-resolution net) or never rising (a classifier) is not.
TEST(SpatialValley, ResolutionThatNeverFallsIsNoEncoderDecoder) {
  Builder b;
  b.Input("x", {1, 3, 32, 32});
  b.Op("Conv", "feat", {"x"}, "a", {1, 16, 32, 32});
  b.Op("Conv", "feat2", {"a"}, "c", {1, 16, 32, 32});
  b.Op("ConvTranspose", "up", {"c"}, "u", {1, 8, 64, 64}, {Strides(2)});
  b.Op("Conv", "out", {"u"}, "y", {1, 3, 64, 64});
  b.Output("y");
  const Grouping r = FindGroups(b.Done(), GroupingOptions());
  EXPECT_FALSE(r.found);
  EXPECT_TRUE(HasEvidence(r, "never falls"));
}

// Never rising stays no structure even when weak names would carry it over the line: a
// classifier named backbone / head (detection-framework style) has no decoder.
TEST(SpatialValley, ClassifierNamedBackboneAndHeadHasNone) {
  Builder b;
  b.Input("x", {1, 3, 64, 64});
  b.Op("Conv", "/backbone/stem/Conv", {"x"}, "a", {1, 8, 32, 32});
  b.Op("Conv", "/backbone/layer1/Conv", {"a"}, "c", {1, 16, 16, 16});
  b.Op("Conv", "/backbone/layer2/Conv", {"c"}, "d", {1, 32, 8, 8});
  b.Op("GlobalAveragePool", "/head/pool/GlobalAveragePool", {"d"}, "g", {1, 32, 1, 1});
  b.Op("Flatten", "/head/flatten/Flatten", {"g"}, "f", {1, 32});
  b.Op("Gemm", "/head/fc/Gemm", {"f"}, "y", {1, 10});
  b.Output("y");
  const Grouping r = FindGroups(b.Done(), GroupingOptions());
  EXPECT_FALSE(r.found) << r.evidence.back();
  EXPECT_TRUE(HasEvidence(r, "never rises again"));
}

// A vector segment between feature maps is a dense latent (ConvAutoencoderWithDenseLatent
// above) only when something in it is a vector: a shape-less reshape round trip (a
// channel shuffle written without shapes) is not the floor of a valley.
TEST(DenseLatentFloor, ShapelessReshapeRoundTripIsNoVector) {
  Builder b;
  b.Input("x", {1, 3, 64, 64});
  b.Op("Conv", "c1", {"x"}, "a", {1, 8, 32, 32});
  b.Op("Conv", "c2", {"a"}, "c", {1, 16, 16, 16});
  b.Op("Reshape", "shuffle_in", {"c"}, "r");
  b.Op("Transpose", "shuffle", {"r"}, "t");
  b.Op("Reshape", "shuffle_out", {"t"}, "m", {1, 16, 16, 16});
  b.Op("Conv", "c3", {"m"}, "d", {1, 32, 8, 8});
  b.Op("GlobalAveragePool", "gap", {"d"}, "g", {1, 32, 1, 1});
  b.Op("Flatten", "flat", {"g"}, "f", {1, 32});
  b.Op("Gemm", "fc", {"f"}, "y", {1, 10});
  b.Output("y");
  const Grouping r = FindGroups(b.Done(), GroupingOptions());
  EXPECT_FALSE(r.found) << r.evidence.back();
}

// A feature-pyramid neck (the rise stops short of the input's resolution) is found with
// 0.1 less confidence than a full U, and the evidence says why.
void BuildValley(Builder& b, bool full_rise) {
  b.Input("x", {1, 3, 64, 64});
  b.Op("Conv", "e1", {"x"}, "f1", {1, 8, 32, 32});
  b.Op("Conv", "e2", {"f1"}, "f2", {1, 16, 16, 16});
  b.Op("Conv", "e3", {"f2"}, "f3", {1, 32, 8, 8});
  b.Op("Conv", "floor", {"f3"}, "fl", {1, 32, 8, 8});
  b.Op("Resize", "up3", {"fl"}, "u3", {1, 32, 16, 16});
  b.Op("Conv", "lateral", {"f2"}, "l2", {1, 32, 16, 16});
  b.Op("Add", "fuse", {"u3", "l2"}, "p2", {1, 32, 16, 16});
  std::string last = "p2";
  if (full_rise) {
    b.Op("Resize", "up2", {"p2"}, "u2", {1, 32, 32, 32});
    b.Op("Resize", "up1", {"u2"}, "u1", {1, 32, 64, 64});
    last = "u1";
  }
  b.Op("Conv", "head", {last}, "y",
       full_rise ? std::vector<int64_t>{1, 2, 64, 64} : std::vector<int64_t>{1, 2, 16, 16});
  b.Output("y");
}

TEST(PyramidNeck, ShortRiseCostsConfidence) {
  Builder neck;
  BuildValley(neck, false);
  GroupingOptions o;
  o.mode = GroupingMode::kStructure;
  const Grouping r = FindGroups(neck.Done(), o);
  ASSERT_TRUE(r.found);
  // 0.55 for a valley, +0.2 for the skip, -0.1 for stopping at 1/4.
  EXPECT_NEAR(r.confidence, 0.65, 1e-9);
  EXPECT_TRUE(HasEvidence(r, "the rise stops at 1/4"));
  EXPECT_EQ(EdgesOf(r, EdgeKind::kSkip).size(), 1u);
}

TEST(PyramidNeck, FullRiseIsNotDiscounted) {
  Builder full;
  BuildValley(full, true);
  GroupingOptions o;
  o.mode = GroupingMode::kStructure;
  const Grouping r = FindGroups(full.Done(), o);
  ASSERT_TRUE(r.found);
  EXPECT_NEAR(r.confidence, 0.8, 1e-9);
  EXPECT_FALSE(HasEvidence(r, "pyramid neck"));
}

// A context module needs three or more parallel branches joined again; two branches on a
// flat floor (a residual block) are no ASPP.
TEST(ContextModule, TwoBranchesAreNoContextModule) {
  Builder b;
  b.Input("x", {1, 3, 64, 64});
  b.Op("Conv", "s1", {"x"}, "a", {1, 8, 32, 32});
  b.Op("Conv", "s2", {"a"}, "c", {1, 16, 16, 16});
  b.Op("Conv", "br1", {"c"}, "e1", {1, 8, 16, 16});
  b.Op("Conv", "br2", {"c"}, "e2", {1, 8, 16, 16});
  b.Op("Concat", "join", {"e1", "e2"}, "f", {1, 16, 16, 16});
  b.Op("Conv", "project", {"f"}, "g", {1, 8, 16, 16});
  b.Op("Conv", "head", {"g"}, "i", {1, 2, 16, 16});
  b.Op("Resize", "upsample", {"i"}, "y", {1, 2, 64, 64});
  b.Output("y");
  const Grouping r = FindGroups(b.Done(), GroupingOptions());
  ASSERT_TRUE(r.found);
  EXPECT_FALSE(HasEvidence(r, "context module"));
  // The floor is the bottleneck from its first node to the last before the rise.
  EXPECT_EQ(r.roles[b.N("head")], Role::kBottleneck);
}

// Skips: an encoder map read in the decoder that reaches a merge with the decoder's own
// stream at its resolution (the U-Net tests above). A read of the encoder map's size only
// (PyTorch's interpolate(x, size=skip.shape[2:])) is no skip.
TEST(Skips, SizeOnlyReadOfAnEncoderMapIsNoSkip) {
  Builder b;
  BuildUnetWithComputedResize(b, SizeFrom::kSkip);
  const Grouping r = FindGroups(b.Done(), GroupingOptions());
  ASSERT_TRUE(r.found);
  const std::vector<std::pair<int, int>> want = {{b.N("e1"), b.N("cat")}};
  EXPECT_EQ(EdgesOf(r, EdgeKind::kSkip), want);
}

// A detector's heads, one per pyramid level, are all the decoder's, each in the stage of
// the level it reads: the main path runs through one of them, the others leave a decoder
// map and feed only their own outputs; what feeds a head and nothing else (its anchor
// grid, made from constants) joins it. A tiny PAN: down to 1/8, up to 1/4 with a lateral,
// back down to 1/8; a head on each of the two levels.
void BuildPanWithHeads(Builder& b, bool aux_on_bottleneck) {
  b.Input("x", {1, 3, 64, 64});
  b.Op("Conv", "e1", {"x"}, "f1", {1, 8, 32, 32});
  b.Op("Conv", "e2", {"f1"}, "f2", {1, 16, 16, 16});
  b.Op("Conv", "e3", {"f2"}, "f3", {1, 32, 8, 8});
  b.Op("Conv", "floor", {"f3"}, "fl", {1, 32, 8, 8});
  b.Op("Resize", "up", {"fl"}, "u", {1, 32, 16, 16});
  b.Op("Conv", "lateral", {"f2"}, "l", {1, 32, 16, 16});
  b.Op("Add", "p4", {"u", "l"}, "p4o", {1, 32, 16, 16});
  b.Op("Conv", "down", {"p4o"}, "dn", {1, 32, 8, 8}, {Strides(2)});
  b.Op("Add", "n8", {"dn", "fl"}, "n8o", {1, 32, 8, 8});
  for (const std::string level : {"4", "8"}) {
    const std::string in = level == "4" ? "p4o" : "n8o";
    const std::string h = "head" + level + "/";
    b.Typed(h + "grid", DType::kInt64, {3});
    b.Op("Const", h + "anchor_grid", {}, h + "grid");
    b.Typed(h + "grid2", DType::kInt64, {3});
    b.Op("Add", h + "anchor_offset", {h + "grid"}, h + "grid2");
    b.Op("Conv", h + "conv", {in}, h + "c");
    b.Op("Sigmoid", h + "score", {h + "c"}, h + "s");
    b.Op("Reshape", h + "flat", {h + "s", h + "grid2"}, h + "y", {1, 64, 32});
    b.Output(h + "y");
  }
  if (aux_on_bottleneck) {
    b.Op("GlobalAveragePool", "aux/pool", {"fl"}, "ap", {1, 32, 1, 1});
    b.Op("Flatten", "aux/flat", {"ap"}, "af", {1, 32});
    b.Op("Gemm", "aux/fc", {"af"}, "ay", {1, 10});
    b.Output("ay");
  }
}

TEST(DecoderSideHeads, EveryLevelsHeadIsTheDecoders) {
  Builder b;
  BuildPanWithHeads(b, false);
  const Grouping r = FindGroups(b.Done(), GroupingOptions());
  ASSERT_TRUE(r.found);
  for (const char* level : {"head4/", "head8/"}) {
    for (const char* n : {"anchor_grid", "anchor_offset", "conv", "score", "flat"}) {
      EXPECT_EQ(r.roles[b.N(std::string(level) + n)], Role::kDecoder) << level << n;
    }
  }
  for (const char* n : {"head4/conv", "head4/flat", "head4/anchor_grid"}) {
    EXPECT_EQ(r.stage_of[b.N(n)], r.stage_of[b.N("p4")]) << n;
  }
  EXPECT_EQ(r.stage_of[b.N("head8/conv")], r.stage_of[b.N("n8")]);
}

TEST(DecoderSideHeads, AnAuxiliaryClassifierOnTheBottleneckBelongsToNeither) {
  Builder b;
  BuildPanWithHeads(b, true);
  const Grouping r = FindGroups(b.Done(), GroupingOptions());
  ASSERT_TRUE(r.found);
  EXPECT_EQ(r.roles[b.N("head4/conv")], Role::kDecoder);
  for (const char* n : {"aux/pool", "aux/flat", "aux/fc"}) {
    EXPECT_EQ(r.roles[b.N(n)], Role::kNone) << n;
  }
}

}  // namespace
}  // namespace grouping_test
}  // namespace graphgen
