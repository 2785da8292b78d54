#include "core/checked_math.h"

#include <gtest/gtest.h>

#include <limits>

namespace graphgen {
namespace {

constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
constexpr int64_t kMin = std::numeric_limits<int64_t>::min();

TEST(CheckedMath, CheckedFormsRefuseOverflow) {
  EXPECT_EQ(CheckedAdd(2, 3), 5);
  EXPECT_EQ(CheckedMul(-4, 3), -12);
  EXPECT_EQ(CheckedAdd(kMax, 1), std::nullopt);
  EXPECT_EQ(CheckedAdd(kMin, -1), std::nullopt);
  EXPECT_EQ(CheckedMul(int64_t{1} << 40, int64_t{1} << 40), std::nullopt);
  EXPECT_EQ(CheckedMul(kMin, -1), std::nullopt);
  EXPECT_EQ(CheckedMul(kMax, 1), kMax);
}

TEST(CheckedMath, SaturatingFormsClampToTheRange) {
  EXPECT_EQ(SaturatingAdd(2, 3), 5);
  EXPECT_EQ(SaturatingAdd(kMax, 1), kMax);
  EXPECT_EQ(SaturatingAdd(int64_t{1} << 62, int64_t{1} << 62), kMax);
  EXPECT_EQ(SaturatingAdd(kMin, -1), kMin);
  EXPECT_EQ(SaturatingMul(int64_t{1} << 62, 2), kMax);
  EXPECT_EQ(SaturatingMul(int64_t{1} << 62, -4), kMin);
  EXPECT_EQ(SaturatingMul(-(int64_t{1} << 62), -4), kMax);
  EXPECT_EQ(SaturatingMul(kSaturatedCount, 1), kSaturatedCount);
  EXPECT_EQ(SaturatingMul(0, kMax), 0);
}

}  // namespace
}  // namespace graphgen
