// Tests for render/number_format.h: FormatCoord's rounding to two decimals, trailing
// zeros, signs, non-finite values, values too large for hundredths in 64 bits, and its
// independence from the C locale's decimal mark.
#include "render/number_format.h"

#include <gtest/gtest.h>

#include <clocale>
#include <cmath>
#include <limits>
#include <string>

namespace graphgen {
namespace {

TEST(FormatCoord, WholeNumbersHaveNoDecimalMark) {
  EXPECT_EQ(FormatCoord(0), "0");
  EXPECT_EQ(FormatCoord(3), "3");
  EXPECT_EQ(FormatCoord(-7), "-7");
  EXPECT_EQ(FormatCoord(1000000), "1000000");
  EXPECT_EQ(FormatCoord(2.0000001), "2");
}

TEST(FormatCoord, TrailingZerosAreDropped) {
  EXPECT_EQ(FormatCoord(12.5), "12.5");
  EXPECT_EQ(FormatCoord(12.50), "12.5");
  EXPECT_EQ(FormatCoord(0.1), "0.1");
  EXPECT_EQ(FormatCoord(0.05), "0.05");
  EXPECT_EQ(FormatCoord(10.01), "10.01");
  EXPECT_EQ(FormatCoord(0.1 + 0.2), "0.3");
}

TEST(FormatCoord, RoundsToTwoDecimalsHalfAwayFromZero) {
  EXPECT_EQ(FormatCoord(1.234), "1.23");
  EXPECT_EQ(FormatCoord(1.236), "1.24");
  EXPECT_EQ(FormatCoord(0.125), "0.13");
  EXPECT_EQ(FormatCoord(-0.125), "-0.13");
  EXPECT_EQ(FormatCoord(1.999), "2");
  EXPECT_EQ(FormatCoord(-1.999), "-2");
  EXPECT_EQ(FormatCoord(99.999), "100");
}

TEST(FormatCoord, NegativeValues) {
  EXPECT_EQ(FormatCoord(-0.25), "-0.25");
  EXPECT_EQ(FormatCoord(-0.5), "-0.5");
  EXPECT_EQ(FormatCoord(-12.04), "-12.04");
}

TEST(FormatCoord, WhatRoundsToZeroHasNoSign) {
  EXPECT_EQ(FormatCoord(-0.0), "0");
  EXPECT_EQ(FormatCoord(-0.001), "0");
  EXPECT_EQ(FormatCoord(-0.004), "0");
  EXPECT_EQ(FormatCoord(0.004), "0");
  EXPECT_EQ(FormatCoord(0.006), "0.01");
}

TEST(FormatCoord, NonFiniteIsZero) {
  EXPECT_EQ(FormatCoord(std::numeric_limits<double>::quiet_NaN()), "0");
  EXPECT_EQ(FormatCoord(std::numeric_limits<double>::infinity()), "0");
  EXPECT_EQ(FormatCoord(-std::numeric_limits<double>::infinity()), "0");
}

TEST(FormatCoord, HugeValuesKeepTheirDigits) {
  EXPECT_EQ(FormatCoord(1e13 + 0.25), "10000000000000.25");
  // From 2^52 on every double is a whole number.
  EXPECT_EQ(FormatCoord(4503599627370496.0), "4503599627370496");  // 2^52
  EXPECT_EQ(FormatCoord(4503599627370497.0), "4503599627370497");
  // Past what hundredths hold in 64 bits: these printed "--92233720368547758.0(".
  EXPECT_EQ(FormatCoord(1e17), "100000000000000000");
  EXPECT_EQ(FormatCoord(-1e17), "-100000000000000000");
  EXPECT_EQ(FormatCoord(std::ldexp(1.0, 70)), "1180591620717411303424");
  const std::string max = FormatCoord(std::numeric_limits<double>::max());
  EXPECT_EQ(max.size(), 309u);
  EXPECT_EQ(max.substr(0, 6), "179769");
  EXPECT_EQ(max.find_first_not_of("0123456789"), std::string::npos);
}

TEST(FormatCoord, DecimalMarkIgnoresTheLocale) {
  // A locale with a decimal comma, when the machine has one; the C locale otherwise,
  // where the check still holds.
  const char* old = std::setlocale(LC_NUMERIC, nullptr);
  const std::string saved = old != nullptr ? old : "C";
  for (const char* name : {"de_DE.UTF-8", "fr_FR.UTF-8", "C.UTF-8"}) {
    if (std::setlocale(LC_NUMERIC, name) != nullptr) break;
  }
  const std::string half = FormatCoord(0.5);
  const std::string big = FormatCoord(1e20);
  std::setlocale(LC_NUMERIC, saved.c_str());
  EXPECT_EQ(half, "0.5");
  EXPECT_EQ(big, "100000000000000000000");
}

}  // namespace
}  // namespace graphgen
