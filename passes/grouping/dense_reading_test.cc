// Tests of the widths evidence (widths.cc) and the dense reading (dense_reading.cc).
#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "passes/grouping/grouping.h"
#include "passes/grouping/grouping_test_util.h"

namespace graphgen {
namespace grouping_test {
namespace {

TEST(Widths, FromDenseParameterCounts) {
  Builder b;
  b.Input("x", {1, 784});
  b.Op("MatMul", "m1", {"x"}, "a", {}, {}, 784 * 256);
  b.Op("BiasAdd", "b1", {"a"}, "b", {}, {}, 256);
  b.Op("Gemm", "m2", {"b"}, "c", {}, {}, 257 * 32);
  const LayerGraph& g = b.Done();
  const std::vector<int64_t> w = ComputeWidths(g);
  EXPECT_EQ(w[b.T("a")], 256);
  EXPECT_EQ(w[b.T("b")], 256);
  EXPECT_EQ(w[b.T("c")], 32);
}

// Widths: of integer tensors none, and a dense layer whose parameters fit neither
// in×out nor (in+1)×out leaves its width unknown.
TEST(Widths, NoneForIntegersOrParametersThatDoNotFit) {
  Builder b;
  b.Input("x", {1, 784});
  b.Typed("ids", DType::kInt64, {1, 16});
  b.Input("ids", {1, 16});
  b.Op("MatMul", "odd", {"x"}, "a", {}, {}, 1000);
  b.Op("Relu", "r", {"a"}, "b");
  const std::vector<int64_t> w = ComputeWidths(b.Done());
  EXPECT_EQ(w[b.T("x")], 784);
  EXPECT_EQ(w[b.T("ids")], -1);
  EXPECT_EQ(w[b.T("a")], -1);
  EXPECT_EQ(w[b.T("b")], -1);
}

TEST(Grouping, DenseAutoencoderFromParameterCounts) {
  Builder b;
  b.Input("x", {1, 784});
  b.Op("MatMul", "m1", {"x"}, "a", {}, {}, 784 * 64);
  b.Op("Sigmoid", "s1", {"a"}, "a2");
  b.Op("MatMul", "m2", {"a2"}, "z", {}, {}, 64 * 16);
  b.Op("Sigmoid", "s2", {"z"}, "z2");
  b.Op("MatMul", "m3", {"z2"}, "c", {}, {}, 16 * 64);
  b.Op("Sigmoid", "s3", {"c"}, "c2");
  b.Op("MatMul", "m4", {"c2"}, "y", {}, {}, 64 * 784);
  b.Output("y");
  const Grouping r = FindGroups(b.Done(), GroupingOptions());
  ASSERT_TRUE(r.found);
  EXPECT_EQ(r.basis, "dense");
  for (const char* n : {"m1", "s1", "m2", "s2"}) EXPECT_EQ(r.roles[b.N(n)], Role::kEncoder);
  for (const char* n : {"m3", "s3", "m4"}) EXPECT_EQ(r.roles[b.N(n)], Role::kDecoder);
}

// Narrowing then widening a little (an MLP whose 100 logits are wider than its 64-wide
// hidden layer) is no autoencoder: the decoder must widen back to twice the narrowest.
TEST(DenseWidths, SlightWideningIsNoDecoder) {
  Builder b;
  b.Input("x", {1, 784});
  b.Op("MatMul", "m1", {"x"}, "a", {1, 256});
  b.Op("Relu", "r1", {"a"}, "a2", {1, 256});
  b.Op("MatMul", "m2", {"a2"}, "c", {1, 64});
  b.Op("Relu", "r2", {"c"}, "c2", {1, 64});
  b.Op("MatMul", "m3", {"c2"}, "y", {1, 100});
  b.Output("y");
  const Grouping r = FindGroups(b.Done(), GroupingOptions());
  EXPECT_FALSE(r.found);
  EXPECT_TRUE(HasEvidence(r, "no narrowing then widening"));
}

TEST(Grouping, MlpClassifierHasNone) {
  Builder b;
  b.Input("x", {1, 784});
  b.Op("MatMul", "m1", {"x"}, "a", {1, 32});
  b.Op("Relu", "r1", {"a"}, "b", {1, 32});
  b.Op("MatMul", "m2", {"b"}, "c", {1, 128});
  b.Op("Relu", "r2", {"c"}, "d", {1, 128});
  b.Op("MatMul", "m3", {"d"}, "y", {1, 10});
  b.Output("y");
  EXPECT_FALSE(FindGroups(b.Done(), GroupingOptions()).found);
}

}  // namespace
}  // namespace grouping_test
}  // namespace graphgen
