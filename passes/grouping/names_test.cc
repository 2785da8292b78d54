// Tests of the names evidence (names.cc) and the names reading (names_reading.cc).
#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "passes/grouping/grouping.h"
#include "passes/grouping/grouping_test_util.h"

namespace graphgen {
namespace grouping_test {
namespace {

TEST(Names, TokensAndStrengths) {
  EXPECT_EQ(NameHintOf("/encoder1/encoder1.0/Conv").role, Role::kEncoder);
  EXPECT_EQ(NameHintOf("/encoder1/encoder1.0/Conv").strength, 3);
  EXPECT_EQ(NameHintOf("/upconv2/ConvTranspose").role, Role::kDecoder);
  EXPECT_EQ(NameHintOf("/upconv2/ConvTranspose").strength, 2);
  EXPECT_EQ(NameHintOf("/bottleneck/bottleneck.0/Conv").role, Role::kBottleneck);
  EXPECT_EQ(NameHintOf("/layer1/layer1.0/downsample/downsample.0/Conv").role, Role::kEncoder);
  EXPECT_EQ(NameHintOf("/heads/head/Gemm").strength, 1);
  EXPECT_EQ(NameHintOf("decode/dense/MatMul").role, Role::kDecoder);
  EXPECT_EQ(NameHintOf("model.upBlock.conv").role, Role::kDecoder);
  // Words are matched whole: "update", "encoded_features"... and the leaf op name is not
  // a scope.
  EXPECT_EQ(NameHintOf("/update/Conv").strength, 0);
  EXPECT_EQ(NameHintOf("Decoder").strength, 0);
  EXPECT_EQ(NameHintOf("Conv_12").strength, 0);
}

TEST(Grouping, NamesAgreeingRaiseConfidenceAndNamesModeWorksAlone) {
  Builder plain, named;
  BuildUnet(plain, true, false);
  BuildUnet(named, true, true);
  const Grouping a = FindGroups(plain.Done(), GroupingOptions());
  const Grouping c = FindGroups(named.Done(), GroupingOptions());
  EXPECT_GT(c.confidence, a.confidence);
  GroupingOptions names;
  names.mode = GroupingMode::kNames;
  const Grouping n = FindGroups(named.g, names);
  ASSERT_TRUE(n.found);
  EXPECT_EQ(n.basis, "names");
  EXPECT_EQ(n.roles[named.N("/bottleneck/conv1/Conv")], Role::kBottleneck);
  EXPECT_EQ(n.roles[named.N("/decoder/up1/Concat")], Role::kDecoder);
  // Without names, names mode finds nothing.
  EXPECT_FALSE(FindGroups(plain.g, names).found);
  GroupingOptions off;
  off.mode = GroupingMode::kOff;
  EXPECT_FALSE(FindGroups(named.g, off).found);
}

// Names alone (--groups names): an encoder and a decoder named, in that order. Weak
// tokens alone, or a decoder named before the encoder, decide nothing.
TEST(NamesAlone, WeakTokensOrReversedOrderDecideNothing) {
  GroupingOptions names;
  names.mode = GroupingMode::kNames;
  Builder weak;
  weak.Input("x", {1, 8});
  weak.Op("MatMul", "/backbone/fc1/MatMul", {"x"}, "a");
  weak.Op("MatMul", "/backbone/fc2/MatMul", {"a"}, "c");
  weak.Op("MatMul", "/head/fc1/MatMul", {"c"}, "d");
  weak.Op("MatMul", "/head/fc2/MatMul", {"d"}, "y");
  weak.Output("y");
  EXPECT_FALSE(FindGroups(weak.Done(), names).found);
  Builder reversed;
  reversed.Input("x", {1, 8});
  reversed.Op("MatMul", "/decoder/fc1/MatMul", {"x"}, "a");
  reversed.Op("MatMul", "/decoder/fc2/MatMul", {"a"}, "c");
  reversed.Op("MatMul", "/encoder/fc1/MatMul", {"c"}, "d");
  reversed.Op("MatMul", "/encoder/fc2/MatMul", {"d"}, "y");
  reversed.Output("y");
  EXPECT_FALSE(FindGroups(reversed.Done(), names).found);
  // One node of each named is too little to go on.
  Builder single;
  single.Input("x", {1, 8});
  single.Op("MatMul", "/encoder/MatMul", {"x"}, "a");
  single.Op("MatMul", "fc2", {"a"}, "c");
  single.Op("MatMul", "fc3", {"c"}, "d");
  single.Op("MatMul", "/decoder/MatMul", {"d"}, "y");
  single.Output("y");
  EXPECT_FALSE(FindGroups(single.Done(), names).found);
  Builder ordered;
  ordered.Input("x", {1, 8});
  ordered.Op("MatMul", "/encoder/fc1/MatMul", {"x"}, "a");
  ordered.Op("MatMul", "/encoder/fc2/MatMul", {"a"}, "c");
  ordered.Op("MatMul", "/decoder/fc1/MatMul", {"c"}, "d");
  ordered.Op("MatMul", "/decoder/fc2/MatMul", {"d"}, "y");
  ordered.Output("y");
  const Grouping r = FindGroups(ordered.Done(), names);
  ASSERT_TRUE(r.found);
  EXPECT_EQ(r.roles[ordered.N("/decoder/fc1/MatMul")], Role::kDecoder);
}

}  // namespace
}  // namespace grouping_test
}  // namespace graphgen
