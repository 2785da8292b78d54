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

// Issue 21: U+FFFE / U+FFFF made the SVG ill-formed XML; U+009B (CSI) reached the
// terminal through --summary. Noncharacters become U+FFFD, C1 controls a space.
TEST(Utf8, SanitizeReplacesNoncharactersAndC1Controls) {
  EXPECT_EQ(SanitizeUtf8("a\xEF\xBF\xBE"
                         "b\xEF\xBF\xBF"
                         "c"),
            "a\xEF\xBF\xBD"
            "b\xEF\xBF\xBD"
            "c");
  EXPECT_EQ(SanitizeUtf8("\xEF\xB7\x90\xF0\x9F\xBF\xBF"), "\xEF\xBF\xBD\xEF\xBF\xBD");
  EXPECT_EQ(SanitizeUtf8("x\xC2\x9B"
                         "31m\xC2\x80\xC2\x9F"),
            "x 31m  ");
  // Their neighbours are text and stay.
  EXPECT_EQ(SanitizeUtf8("\xC2\xA0\xEF\xBF\xBD\xEF\xB7\xB0\xF0\x9F\x98\x80"),
            "\xC2\xA0\xEF\xBF\xBD\xEF\xB7\xB0\xF0\x9F\x98\x80");
  EXPECT_EQ(XmlEscape("\xEF\xBF\xBF<"), "\xEF\xBF\xBD&lt;");
  EXPECT_EQ(DotEscape("\xEF\xBF\xBE"), "\xEF\xBF\xBD");
  EXPECT_EQ(Quote("\xC2\x9B"
                  "2J"),
            " 2J");
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

std::string Join(const std::vector<std::string_view>& pieces) {
  std::string out;
  for (std::string_view p : pieces) out += p;
  return out;
}

TEST(SplitForLines, PiecesAreBoundedAndRejoin) {
  const std::string text(1000, 'a');
  const auto pieces = SplitForLines(text, 100);
  ASSERT_EQ(pieces.size(), 10u);
  for (std::string_view p : pieces) EXPECT_EQ(p.size(), 100u);
  EXPECT_EQ(Join(pieces), text);
  EXPECT_EQ(SplitForLines("", 10).size(), 1u);
  EXPECT_EQ(SplitForLines("short", 10).size(), 1u);
}

TEST(SplitForLines, NeverCutsAUnit) {
  // "ab\\n" is a, b, an escaped backslash, n: no cut between the two backslashes.
  auto pieces = SplitForLines("ab\\\\n", 3);
  EXPECT_EQ(pieces[0], "ab");
  EXPECT_EQ(Join(pieces), "ab\\\\n");
  pieces = SplitForLines("x&amp;y", 3);
  EXPECT_EQ(pieces[0], "x");
  EXPECT_EQ(pieces[1], "&amp;");
  EXPECT_EQ(pieces[2], "y");
  // U+00D7 (2 bytes) and U+1F600 (4 bytes) stay whole.
  pieces = SplitForLines("a\xC3\x97\xF0\x9F\x98\x80", 2);
  EXPECT_EQ(pieces[0], "a");
  EXPECT_EQ(pieces[1], "\xC3\x97");
  EXPECT_EQ(pieces[2], "\xF0\x9F\x98\x80");
}

TEST(SplitForLines, PiecesDoNotEndInBlanks) {
  const auto pieces = SplitForLines("aaaa bbbb cccc", 5);
  EXPECT_EQ(pieces[0], "aaaa");
  EXPECT_EQ(pieces[1], " bbbb");
  EXPECT_EQ(pieces[2], " cccc");
  // Breaks land at separators when one is in the second half of the line.
  const auto words = SplitForLines("rankdir=TB show_shapes=1 show_dtype=0", 20);
  EXPECT_EQ(words[0], "rankdir=TB");
  EXPECT_EQ(words[1], " show_shapes=1");
  EXPECT_EQ(words[2], " show_dtype=0");
  const auto hashes = SplitForLines("aaaa.bbbb.cccc.dddd", 12);
  EXPECT_EQ(hashes[0], "aaaa.bbbb.");
  EXPECT_EQ(hashes[1], "cccc.dddd");
  // A run of blanks longer than a line is cut anyway.
  EXPECT_EQ(Join(SplitForLines(std::string(50, ' '), 7)), std::string(50, ' '));
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
