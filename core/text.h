// String handling for text that comes from model files: UTF-8 checks, repair, and the
// escaping every output format needs. Model strings reach DOT, SVG and XML only through here.
#ifndef CORE_TEXT_H_
#define CORE_TEXT_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace graphgen {

// Returns the byte offset of the first invalid UTF-8 sequence in `s`, or npos when the
// whole string is valid (overlongs, surrogates and code points past U+10FFFF are invalid).
size_t FindInvalidUtf8(std::string_view s);

// `s` with every invalid UTF-8 sequence and every noncharacter (U+FFFE, U+FFFF,
// U+FDD0..U+FDEF, U+nFFFE/F: outside XML's Char production or no text) replaced by
// U+FFFD, and every C0 control except tab and newline, DEL and every C1 control
// (U+0080..U+009F, U+009B being a terminal's CSI) replaced by a space, so it can be
// drawn, embedded in XML, DOT or JSON, and printed on a terminal.
std::string SanitizeUtf8(std::string_view s);

// For XML text and attribute values (SVG): sanitised, then & < > " ' escaped.
std::string XmlEscape(std::string_view s);

// The body of a DOT double-quoted string: sanitised, then " and \ escaped and newlines
// written as \n, so no model string can end the string or inject DOT syntax.
std::string DotEscape(std::string_view s);

// `escaped` (XmlEscape or DotEscape output) cut into pieces of at most `max_bytes`, so a
// writer can put each on its own line: Graphviz 2.43 silently draws nothing once a line
// passes ~16 KB, and editors choke on megabyte lines. A piece never ends inside a UTF-8
// sequence, a backslash escape (\n, \") or an XML entity (&amp;), and never ends in a
// space or tab when it can end earlier (hooks strip trailing whitespace, which would change
// the value). Pieces end before a blank or after '.', ',', ';' or '/' when one of those is
// in the second half of the piece. A piece is longer than `max_bytes` only when one unit
// is. Concatenating the pieces gives `escaped` back.
std::vector<std::string_view> SplitForLines(std::string_view escaped, size_t max_bytes);

// A short, printable quotation of a model string for error messages: sanitised, clipped
// to `max_bytes` (at a character boundary) with "..." appended when clipped.
std::string Quote(std::string_view s, size_t max_bytes = 80);

// Parameter counts the way Keras and Netron print them: 0, 940, 9.4k, 23.5M, 1.2B; a
// saturated count (kSaturatedCount) reads "≥ 9.2e18".
std::string HumanCount(int64_t n);

// 1234567 -> "1,234,567" for summary tables; a saturated count reads "≥ 9.2e18".
std::string GroupedCount(int64_t n);

// Appends code point `cp` to `out` as UTF-8 (no check that it is a scalar value).
void AppendUtf8(uint32_t cp, std::string* out);

// The inverse of XmlEscape: the five named entities and decimal character references
// (&#233;); anything else, malformed references included, is kept as written.
std::string XmlUnescape(std::string_view s);

}  // namespace graphgen

#endif  // CORE_TEXT_H_
