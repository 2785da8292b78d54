#include "diagram/text_metrics.h"

#include <gtest/gtest.h>

namespace graphgen {
namespace {

TEST(TextWidth, MatchesDejaVuSansAdvances) {
  // DejaVu Sans: 'M' advances 1767/2048 em = 863/1000, bold 'M' 995/1000.
  EXPECT_DOUBLE_EQ(TextWidth("M", 10, false), 8.63);
  EXPECT_DOUBLE_EQ(TextWidth("M", 10, true), 9.95);
  EXPECT_DOUBLE_EQ(TextWidth("", 10, false), 0);
  EXPECT_GT(TextWidth("Conv", 10, true), TextWidth("Conv", 10, false));
}

TEST(TextWidth, NonAsciiAndBrokenUtf8AreFinite) {
  EXPECT_DOUBLE_EQ(TextWidth("\xC3\x97", 10, false), 8.38);    // ×
  EXPECT_DOUBLE_EQ(TextWidth("\xE4\xB8\xAD", 10, false), 10);  // a CJK ideograph: 1 em
  EXPECT_GT(TextWidth("\xFF\xFE", 10, false), 0);
  EXPECT_GT(TextWidth("\xE4\xB8", 10, false), 0);  // cut short
}

}  // namespace
}  // namespace graphgen
