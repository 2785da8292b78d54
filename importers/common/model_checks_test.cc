// Tests for importers/common/model_checks.h: each check's boundary (at the limit passes,
// one past fails), its status code, and its message word for word, with the flag that
// raises the limit.
#include "importers/common/model_checks.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>

#include "importers/importer.h"

namespace graphgen {
namespace {

TEST(CheckName, ValidNamesPass) {
  const ImportOptions options;
  EXPECT_TRUE(CheckName("", "node #0: name", options).ok());
  EXPECT_TRUE(CheckName("conv1/Conv2D", "node #0: name", options).ok());
  EXPECT_TRUE(CheckName("caf\xC3\xA9 \xE2\x86\x92 \xF0\x9F\x98\x80", "x", options).ok());
}

TEST(CheckName, LengthLimitIsInclusive) {
  ImportOptions options;
  options.max_name_bytes = 8;
  EXPECT_TRUE(CheckName(std::string(8, 'a'), "node #3: name", options).ok());
  const Status s = CheckName(std::string(9, 'a'), "node #3: name", options);
  EXPECT_EQ(s.code(), StatusCode::kLimitExceeded);
  EXPECT_EQ(s.message(),
            "node #3: name is 9 bytes long, more than the limit of 8 (raise it with "
            "--max-name-bytes)");
}

TEST(CheckName, DefaultLimitIs4096Bytes) {
  const ImportOptions options;
  EXPECT_TRUE(CheckName(std::string(4096, 'n'), "name", options).ok());
  EXPECT_EQ(CheckName(std::string(4097, 'n'), "name", options).message(),
            "name is 4097 bytes long, more than the limit of 4096 (raise it with "
            "--max-name-bytes)");
}

TEST(CheckName, InvalidUtf8NamesTheByteAndItsOffset) {
  const ImportOptions options;
  const Status s = CheckName("ab\xFF", "node #0: name", options);
  EXPECT_EQ(s.code(), StatusCode::kBadInput);
  EXPECT_EQ(s.message(), "node #0: name is not valid UTF-8 (byte 0xFF at offset 2)");
  // An overlong encoding of '/', a lone continuation byte, a surrogate, a cut sequence.
  EXPECT_EQ(CheckName("x\xC0\xAF", "t", options).message(),
            "t is not valid UTF-8 (byte 0xC0 at offset 1)");
  EXPECT_EQ(CheckName("\x80", "t", options).message(),
            "t is not valid UTF-8 (byte 0x80 at offset 0)");
  EXPECT_EQ(CheckName("ok\xED\xA0\x80", "t", options).message(),
            "t is not valid UTF-8 (byte 0xED at offset 2)");
  EXPECT_EQ(CheckName("abc\xE2\x86", "t", options).message(),
            "t is not valid UTF-8 (byte 0xE2 at offset 3)");
}

TEST(CheckName, LengthIsCheckedBeforeEncoding) {
  ImportOptions options;
  options.max_name_bytes = 2;
  EXPECT_EQ(CheckName("\xFF\xFF\xFF", "n", options).code(), StatusCode::kLimitExceeded);
}

TEST(CheckScopeDepth, CountsScopesNotParts) {
  ImportOptions options;
  options.max_nesting_depth = 3;
  EXPECT_TRUE(CheckScopeDepth("a/b/c/Conv", "node 'x'", options).ok());
  EXPECT_TRUE(CheckScopeDepth("/a/b/c/Conv", "node 'x'", options).ok());
  EXPECT_TRUE(CheckScopeDepth("a.b.c.conv", "node 'x'", options).ok());
  EXPECT_TRUE(CheckScopeDepth("Conv", "node 'x'", options).ok());
  const Status s = CheckScopeDepth("a/b/c/d/Conv", "node 'x' (Conv): name", options);
  EXPECT_EQ(s.code(), StatusCode::kLimitExceeded);
  EXPECT_EQ(s.message(),
            "node 'x' (Conv): name nests 4 scopes, more than the limit of 3 (raise it with "
            "--max-depth)");
  EXPECT_EQ(CheckScopeDepth("a.b.c.d.e", "n", options).message(),
            "n nests 4 scopes, more than the limit of 3 (raise it with --max-depth)");
}

TEST(CheckScopeDepth, DepthZeroAllowsNoScope) {
  ImportOptions options;
  options.max_nesting_depth = 0;
  EXPECT_TRUE(CheckScopeDepth("Conv", "n", options).ok());
  EXPECT_EQ(CheckScopeDepth("a/Conv", "n", options).message(),
            "n nests 1 scopes, more than the limit of 0 (raise it with --max-depth)");
}

TEST(CheckScopeDepth, DefaultIs32) {
  const ImportOptions options;
  std::string name;
  for (int i = 0; i < 32; ++i) name += "s/";
  EXPECT_TRUE(CheckScopeDepth(name + "Op", "n", options).ok());
  EXPECT_EQ(CheckScopeDepth("s/" + name + "Op", "n", options).code(), StatusCode::kLimitExceeded);
}

TEST(CheckAttributeCount, LimitIsInclusive) {
  ImportOptions options;
  options.max_attributes = 10;
  EXPECT_TRUE(CheckAttributeCount(0, "node 'a' (Conv)", options).ok());
  EXPECT_TRUE(CheckAttributeCount(10, "node 'a' (Conv)", options).ok());
  const Status s = CheckAttributeCount(11, "node 'a' (Conv)", options);
  EXPECT_EQ(s.code(), StatusCode::kLimitExceeded);
  EXPECT_EQ(s.message(),
            "node 'a' (Conv) has 11 attributes, more than the limit of 10 (raise it with "
            "--max-attributes)");
  EXPECT_TRUE(CheckAttributeCount(1000, "n", ImportOptions()).ok());
  EXPECT_FALSE(CheckAttributeCount(1001, "n", ImportOptions()).ok());
}

TEST(CheckStringValue, LimitIsInclusive) {
  ImportOptions options;
  options.max_string_bytes = 5;
  EXPECT_TRUE(CheckStringValue("", "attribute 'pads'", options).ok());
  EXPECT_TRUE(CheckStringValue("12345", "attribute 'pads'", options).ok());
  const Status s = CheckStringValue("123456", "node 'a' (Conv): attribute 'pads'", options);
  EXPECT_EQ(s.code(), StatusCode::kLimitExceeded);
  EXPECT_EQ(s.message(),
            "node 'a' (Conv): attribute 'pads' is a string of 6 bytes, more than the limit of 5 "
            "(raise it with --max-string-bytes)");
}

TEST(CheckStringValue, ZeroLimitAllowsOnlyEmpty) {
  ImportOptions options;
  options.max_string_bytes = 0;
  EXPECT_TRUE(CheckStringValue("", "s", options).ok());
  EXPECT_EQ(CheckStringValue("x", "s", options).message(),
            "s is a string of 1 bytes, more than the limit of 0 (raise it with "
            "--max-string-bytes)");
}

TEST(CheckEdgeCount, LimitIsInclusive) {
  ImportOptions options;
  options.max_edges = 100;
  EXPECT_TRUE(CheckEdgeCount(0, options).ok());
  EXPECT_TRUE(CheckEdgeCount(100, options).ok());
  const Status s = CheckEdgeCount(101, options);
  EXPECT_EQ(s.code(), StatusCode::kLimitExceeded);
  EXPECT_EQ(s.message(), "the model has more than 100 edges (raise it with --max-edges)");
  EXPECT_EQ(CheckEdgeCount(8'000'001, ImportOptions()).message(),
            "the model has more than 8000000 edges (raise it with --max-edges)");
}

TEST(CheckRank, LimitIsInclusive) {
  ImportOptions options;
  options.max_rank = 4;
  EXPECT_TRUE(CheckRank(0, "tensor 'x'", options).ok());
  EXPECT_TRUE(CheckRank(4, "tensor 'x'", options).ok());
  const Status s = CheckRank(5, "tensor 'x'", options);
  EXPECT_EQ(s.code(), StatusCode::kLimitExceeded);
  EXPECT_EQ(s.message(),
            "tensor 'x' has rank 5, more than the limit of 4 (raise it with --max-rank)");
  EXPECT_EQ(CheckRank(65, "t", ImportOptions()).message(),
            "t has rank 65, more than the limit of 64 (raise it with --max-rank)");
}

TEST(CheckDim, RangeFromLowestToMaxDim) {
  const ImportOptions options;
  EXPECT_TRUE(CheckDim(0, 0, 0, "tensor 'x'", options).ok());
  EXPECT_TRUE(CheckDim(-1, 2, -1, "tensor 'x'", options).ok());
  EXPECT_TRUE(CheckDim(int64_t{1} << 62, 0, 0, "tensor 'x'", options).ok());
  const Status neg = CheckDim(-1, 2, 0, "tensor 'x'", options);
  EXPECT_EQ(neg.code(), StatusCode::kBadInput);
  EXPECT_EQ(neg.message(), "tensor 'x' has an absurd dimension -1 at axis 2");
  EXPECT_EQ(CheckDim(-2, 0, -1, "tensor 'x'", options).message(),
            "tensor 'x' has an absurd dimension -2 at axis 0");
  const Status big = CheckDim((int64_t{1} << 62) + 1, 3, 0, "tensor 'y'", options);
  EXPECT_EQ(big.code(), StatusCode::kBadInput);
  EXPECT_EQ(big.message(), "tensor 'y' has an absurd dimension 4611686018427387905 at axis 3");
}

TEST(CheckDim, MaxDimComesFromTheOptions) {
  ImportOptions options;
  options.max_dim = 1000;
  EXPECT_TRUE(CheckDim(1000, 1, 0, "d", options).ok());
  EXPECT_EQ(CheckDim(1001, 1, 0, "d", options).message(),
            "d has an absurd dimension 1001 at axis 1");
}

}  // namespace
}  // namespace graphgen
