// Tests of the combiner (combiner.cc): names refining structure, weak names and paired
// idioms on a floor, and the least confidence for the verdict.
#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "passes/grouping/grouping.h"
#include "passes/grouping/grouping_test_util.h"

namespace graphgen {
namespace grouping_test {
namespace {

TEST(Grouping, DownUpIdiomDoesNotEraseAStructuralBottleneck) {
  // Milesial-style names: the lowest level's convs live in "down2" with its pool.
  Builder b;
  b.Input("x", {1, 3, 64, 64});
  b.Op("Conv", "/inc/Conv", {"x"}, "e1", {1, 8, 64, 64});
  b.Op("MaxPool", "/down1/MaxPool", {"e1"}, "q1", {1, 8, 32, 32});
  b.Op("Conv", "/down1/Conv", {"q1"}, "e2", {1, 16, 32, 32});
  b.Op("MaxPool", "/down2/MaxPool", {"e2"}, "q2", {1, 16, 16, 16});
  b.Op("Conv", "/down2/Conv", {"q2"}, "e3", {1, 16, 16, 16});
  b.Op("Resize", "/up1/Resize", {"e3"}, "u1", {1, 16, 32, 32});
  b.Op("Concat", "/up1/Concat", {"e2", "u1"}, "c1", {1, 32, 32, 32});
  b.Op("Conv", "/up1/Conv", {"c1"}, "d1", {1, 8, 32, 32});
  b.Op("Resize", "/up2/Resize", {"d1"}, "u2", {1, 8, 64, 64});
  b.Op("Concat", "/up2/Concat", {"e1", "u2"}, "c2", {1, 16, 64, 64});
  b.Op("Conv", "/outc/Conv", {"c2"}, "y", {1, 2, 64, 64});
  b.Output("y");
  const Grouping r = FindGroups(b.Done(), GroupingOptions());
  ASSERT_TRUE(r.found);
  EXPECT_EQ(r.roles[b.N("/down2/MaxPool")], Role::kEncoder);
  EXPECT_EQ(r.roles[b.N("/down2/Conv")], Role::kBottleneck);
  EXPECT_EQ(r.roles[b.N("/outc/Conv")], Role::kDecoder);
  int skips = 0;
  for (const TypedEdge& e : r.edges) skips += e.kind == EdgeKind::kSkip;
  EXPECT_EQ(skips, 2);
}

// Names refining structure: a strong name moves a node to the neighbouring role it
// names; a name two roles away is a conflict that costs confidence and moves nothing.
TEST(NamesRefineStructure, StrongNameMovesANodeToTheNeighbouringRole) {
  Builder b;
  BuildUnet(b, true, false);
  b.g.nodes[b.N("p2")].name = "/bottleneck/pool/MaxPool";
  const Grouping r = FindGroups(b.Done(), GroupingOptions());
  ASSERT_TRUE(r.found);
  EXPECT_EQ(r.roles[b.N("/bottleneck/pool/MaxPool")], Role::kBottleneck);
  EXPECT_TRUE(HasEvidence(r, "1 refined by their names"));
}

TEST(NamesRefineStructure, NameTwoRolesAwayIsAConflict) {
  Builder plain, b;
  BuildUnet(plain, true, false);
  BuildUnet(b, true, false);
  b.g.nodes[b.N("c1")].name = "/decoder/conv/Conv";
  const Grouping base = FindGroups(plain.Done(), GroupingOptions());
  const Grouping r = FindGroups(b.Done(), GroupingOptions());
  ASSERT_TRUE(r.found);
  EXPECT_EQ(r.roles[b.N("/decoder/conv/Conv")], Role::kEncoder);
  EXPECT_TRUE(HasEvidence(r, "1 conflict"));
  EXPECT_NEAR(r.confidence, base.confidence - 0.3, 1e-9);
}

// Weak names (backbone, head, classifier, aspp) only settle a long undivided floor (a
// segmentation backbone's dilated tail against its head); on an ordinary encoder node
// they move nothing.
TEST(WeakNames, SettleALongFloor) {
  Builder b;
  b.Input("x", {1, 3, 64, 64});
  b.Op("Conv", "s1", {"x"}, "a", {1, 8, 32, 32});
  b.Op("Conv", "s2", {"a"}, "c", {1, 16, 16, 16});
  b.Op("Conv", "/backbone/dil1/Conv", {"c"}, "d1", {1, 16, 16, 16});
  b.Op("Conv", "/backbone/dil2/Conv", {"d1"}, "d2", {1, 16, 16, 16});
  b.Op("Conv", "/backbone/dil3/Conv", {"d2"}, "d3", {1, 16, 16, 16});
  b.Op("Conv", "/classifier/conv/Conv", {"d3"}, "h", {1, 8, 16, 16});
  b.Op("Conv", "/classifier/out/Conv", {"h"}, "i", {1, 2, 16, 16});
  b.Op("Resize", "upsample", {"i"}, "y", {1, 2, 64, 64});
  b.Output("y");
  const Grouping r = FindGroups(b.Done(), GroupingOptions());
  ASSERT_TRUE(r.found);
  for (const char* n : {"/backbone/dil1/Conv", "/backbone/dil3/Conv"}) {
    EXPECT_EQ(r.roles[b.N(n)], Role::kEncoder) << n;
  }
  for (const char* n : {"/classifier/conv/Conv", "/classifier/out/Conv"}) {
    EXPECT_EQ(r.roles[b.N(n)], Role::kDecoder) << n;
  }
}

TEST(WeakNames, MoveNothingOffAShortFloor) {
  Builder b;
  BuildUnet(b, true, false);
  b.g.nodes[b.N("c2")].name = "/aspp/conv/Conv";  // weak bottleneck token on the encoder
  const Grouping r = FindGroups(b.Done(), GroupingOptions());
  ASSERT_TRUE(r.found);
  EXPECT_EQ(r.roles[b.N("/aspp/conv/Conv")], Role::kEncoder);
  EXPECT_TRUE(HasEvidence(r, "0 refined by their names, 0 conflict"));
}

// Idioms (down/up) name the resampling steps, not the floor: they do not move a found
// bottleneck (DownUpIdiomDoesNotEraseAStructuralBottleneck above), but they do divide a
// long undivided floor (a dilated tail) between encoder and decoder.
TEST(PairedIdioms, DivideALongFloor) {
  Builder b;
  b.Input("x", {1, 3, 64, 64});
  b.Op("Conv", "/down1/Conv", {"x"}, "a", {1, 8, 32, 32});
  b.Op("Conv", "/down2/Conv", {"a"}, "c", {1, 16, 16, 16});
  b.Op("Conv", "/down3/Conv", {"c"}, "d1", {1, 16, 16, 16});
  b.Op("Conv", "/down4/Conv", {"d1"}, "d2", {1, 16, 16, 16});
  b.Op("Conv", "/middle/Conv", {"d2"}, "m", {1, 16, 16, 16});
  b.Op("Conv", "/up1/Conv", {"m"}, "u1", {1, 16, 16, 16});
  b.Op("Conv", "/up2/Conv", {"u1"}, "u2", {1, 8, 16, 16});
  b.Op("Resize", "/up3/Resize", {"u2"}, "y", {1, 8, 64, 64});
  b.Output("y");
  const Grouping r = FindGroups(b.Done(), GroupingOptions());
  ASSERT_TRUE(r.found);
  for (const char* n : {"/down3/Conv", "/down4/Conv"}) {
    EXPECT_EQ(r.roles[b.N(n)], Role::kEncoder) << n;
  }
  EXPECT_EQ(r.roles[b.N("/middle/Conv")], Role::kBottleneck);
  for (const char* n : {"/up1/Conv", "/up2/Conv"}) EXPECT_EQ(r.roles[b.N(n)], Role::kDecoder) << n;
}

// Paired idioms (down/up, contract/expand, inc/outc) count only when both halves appear:
// "expand" alone is a MobileNet expansion conv, not the second half of a U-Net.
TEST(PairedIdioms, CountWhenBothHalvesAppear) {
  Builder b;
  BuildUnet(b, true, false);
  b.g.nodes[b.N("c1")].name = "/contract1/Conv";
  b.g.nodes[b.N("d1")].name = "/expand1/Conv";
  const Grouping r = FindGroups(b.Done(), GroupingOptions());
  ASSERT_TRUE(r.found);
  EXPECT_TRUE(HasEvidence(r, "2 of 2 named nodes agree")) << r.evidence.back();
}

TEST(PairedIdioms, OneHalfAloneIsNoName) {
  Builder plain, b;
  BuildUnet(plain, true, false);
  BuildUnet(b, true, false);
  b.g.nodes[b.N("c2")].name = "/features/expand/Conv";
  const Grouping base = FindGroups(plain.Done(), GroupingOptions());
  const Grouping r = FindGroups(b.Done(), GroupingOptions());
  ASSERT_TRUE(r.found);
  EXPECT_EQ(r.roles[b.N("/features/expand/Conv")], Role::kEncoder);
  EXPECT_FALSE(HasEvidence(r, "named nodes agree"));
  EXPECT_NEAR(r.confidence, base.confidence, 1e-9);
}

// The verdict needs min_confidence: a grouping found below it is reported as none.
TEST(Verdict, BelowTheLeastConfidenceIsNoStructure) {
  Builder b;
  BuildUnet(b, true, false);
  GroupingOptions o;
  o.min_confidence = 0.99;
  const Grouping r = FindGroups(b.Done(), o);
  EXPECT_FALSE(r.found);
  EXPECT_TRUE(HasEvidence(r, "below 0.99"));
  for (Role role : r.roles) EXPECT_EQ(role, Role::kNone);
}

}  // namespace
}  // namespace grouping_test
}  // namespace graphgen
