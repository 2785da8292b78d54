#include "core/text.h"

#include <gtest/gtest.h>

#include "core/checked_math.h"

namespace graphgen {
namespace {

TEST(Utf8, FindsFirstInvalidByte) {
  EXPECT_EQ(FindInvalidUtf8("plain"), std::string_view::npos);
  EXPECT_EQ(FindInvalidUtf8("N\xC3\x97"
                            "3"),
            std::string_view::npos);  // N×3
  EXPECT_EQ(FindInvalidUtf8("ab\xFF"), 2u);
  EXPECT_EQ(FindInvalidUtf8("\xC0\x80"), 0u);          // overlong NUL
  EXPECT_EQ(FindInvalidUtf8("\xED\xA0\x80"), 0u);      // surrogate
  EXPECT_EQ(FindInvalidUtf8("\xF4\x90\x80\x80"), 0u);  // past U+10FFFF
  EXPECT_EQ(FindInvalidUtf8("x\xE2\x82"), 1u);         // cut short
}

TEST(Utf8, SanitizeReplacesInvalidBytesAndControls) {
  EXPECT_EQ(SanitizeUtf8("a\xFF"
                         "b"),
            "a\xEF\xBF\xBD"
            "b");
  EXPECT_EQ(SanitizeUtf8(std::string("a\0b\x1b", 4)), "a b ");
  EXPECT_EQ(SanitizeUtf8("line\nnext\ttab"), "line\nnext\ttab");
}

TEST(Escape, XmlEscapesMarkupAndQuotes) {
  EXPECT_EQ(XmlEscape("<script>\"&'"), "&lt;script&gt;&quot;&amp;&#39;");
  EXPECT_EQ(XmlEscape("a\xFF"), "a\xEF\xBF\xBD");
}

TEST(Escape, DotCannotLeaveTheString) {
  EXPECT_EQ(DotEscape("say \"hi\"\\n"), "say \\\"hi\\\"\\\\n");
  EXPECT_EQ(DotEscape("two\nlines"), "two\\nlines");
  EXPECT_EQ(DotEscape("x\"]; evil [label=\""), "x\\\"]; evil [label=\\\"");
}

TEST(Quote, ClipsAtCharacterBoundary) {
  EXPECT_EQ(Quote("short"), "short");
  EXPECT_EQ(Quote("abcdef", 3), "abc...");
  // "×" is two bytes; a cut inside it backs off to before it.
  EXPECT_EQ(Quote("a\xC3\x97"
                  "b",
                  2),
            "a...");
  EXPECT_EQ(Quote("tab\there"), "tab here");
}

TEST(Counts, HumanAndGrouped) {
  EXPECT_EQ(HumanCount(0), "0");
  EXPECT_EQ(HumanCount(940), "940");
  EXPECT_EQ(HumanCount(9408), "9.4k");
  EXPECT_EQ(HumanCount(2000), "2k");
  EXPECT_EQ(HumanCount(123456), "123k");
  EXPECT_EQ(HumanCount(25557032), "25.6M");
  EXPECT_EQ(HumanCount(1200000000), "1.2B");
  EXPECT_EQ(GroupedCount(0), "0");
  EXPECT_EQ(GroupedCount(117058), "117,058");
  EXPECT_EQ(GroupedCount(1234567), "1,234,567");
  // A total that saturated says so instead of printing int64's maximum as if exact.
  EXPECT_EQ(HumanCount(kSaturatedCount), "\u2265 9.2e18");
  EXPECT_EQ(GroupedCount(kSaturatedCount), "\u2265 9.2e18");
}

}  // namespace
}  // namespace graphgen
