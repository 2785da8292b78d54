#include "core/text.h"

#include <algorithm>
#include <cstdio>

#include "core/checked_math.h"

namespace graphgen {
namespace {

// Length of the valid UTF-8 sequence at s[i], or 0 if it is invalid.
size_t ValidSequenceLength(std::string_view s, size_t i) {
  const auto b = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char c = b(i);
  if (c < 0x80) return 1;
  size_t len;
  uint32_t cp;
  if (c >= 0xC2 && c <= 0xDF) {
    len = 2;
    cp = c & 0x1F;
  } else if (c >= 0xE0 && c <= 0xEF) {
    len = 3;
    cp = c & 0x0F;
  } else if (c >= 0xF0 && c <= 0xF4) {
    len = 4;
    cp = c & 0x07;
  } else {
    return 0;
  }
  if (i + len > s.size()) return 0;
  for (size_t k = 1; k < len; ++k) {
    if ((b(i + k) & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (b(i + k) & 0x3F);
  }
  if (len == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) return 0;
  if (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) return 0;
  return len;
}

// The code point of the valid `len`-byte sequence at s[i].
uint32_t CodePointAt(std::string_view s, size_t i, size_t len) {
  const unsigned char lead_mask = len == 1 ? 0x7F : len == 2 ? 0x1F : len == 3 ? 0x0F : 0x07;
  uint32_t cp = static_cast<unsigned char>(s[i]) & lead_mask;
  for (size_t k = 1; k < len; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
  return cp;
}

// Noncharacters: U+FDD0..U+FDEF and the last two code points of every plane (U+FFFE,
// U+FFFF, U+1FFFE...). U+FFFE and U+FFFF are outside XML's Char production, so one in a
// name made the SVG ill-formed; the others are no text either.
bool IsNoncharacter(uint32_t cp) {
  return (cp >= 0xFDD0 && cp <= 0xFDEF) || (cp & 0xFFFE) == 0xFFFE;
}

}  // namespace

size_t FindInvalidUtf8(std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    const size_t len = ValidSequenceLength(s, i);
    if (len == 0) return i;
    i += len;
  }
  return std::string_view::npos;
}

std::string SanitizeUtf8(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    const size_t len = ValidSequenceLength(s, i);
    if (len == 0) {
      out += "\xEF\xBF\xBD";
      ++i;
      continue;
    }
    const uint32_t cp = CodePointAt(s, i, len);
    if ((cp < 0x20 || cp == 0x7F) && cp != '\t' && cp != '\n') {
      out += ' ';
    } else if (cp >= 0x80 && cp <= 0x9F) {
      // C1 controls: U+009B is a terminal's CSI, as ESC [ is, and XML discourages them.
      out += ' ';
    } else if (IsNoncharacter(cp)) {
      out += "\xEF\xBF\xBD";
    } else {
      out.append(s.substr(i, len));
    }
    i += len;
  }
  return out;
}

std::string XmlEscape(std::string_view s) {
  std::string clean = SanitizeUtf8(s);
  std::string out;
  out.reserve(clean.size());
  for (char c : clean) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      case '\n':
        out += "&#10;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string DotEscape(std::string_view s) {
  std::string clean = SanitizeUtf8(s);
  std::string out;
  out.reserve(clean.size());
  for (char c : clean) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      default:
        out += c;
    }
  }
  return out;
}

namespace {

// The bytes at `i` that no line break may split: a UTF-8 sequence, a backslash and the byte
// it escapes (DotEscape escapes only ASCII), or an XML entity such as "&amp;" or "&#10;".
size_t UnitLength(std::string_view s, size_t i) {
  const unsigned char c = static_cast<unsigned char>(s[i]);
  size_t len = 1;
  if (c == '\\') {
    len = 2;
  } else if (c == '&') {
    // The longest entity escaping writes is "&#1114111;" (10 bytes).
    const size_t semi = s.substr(i, 12).find(';');
    if (semi != std::string_view::npos) len = semi + 1;
  } else if (c >= 0xF0) {
    len = 4;
  } else if (c >= 0xE0) {
    len = 3;
  } else if (c >= 0xC0) {
    len = 2;
  }
  return std::min(len, s.size() - i);
}

bool IsBlank(char c) { return c == ' ' || c == '\t'; }

// A place a reader expects a line to break: before a blank, or after a separator such as
// the '.' between model-nodes' hashes.
bool IsSoftBreak(std::string_view s, size_t at) {
  if (at < s.size() && IsBlank(s[at])) return !IsBlank(s[at - 1]);
  const char c = s[at - 1];
  return c == '.' || c == ',' || c == ';' || c == '/';
}

}  // namespace

std::vector<std::string_view> SplitForLines(std::string_view escaped, size_t max_bytes) {
  std::vector<std::string_view> pieces;
  size_t start = 0;
  // The last unit boundary after `start` where a break reads well, and the last one that
  // at least does not leave the piece ending in a blank.
  size_t last_soft = 0, last_unblank = 0;
  size_t i = 0;
  while (i < escaped.size()) {
    const size_t unit = UnitLength(escaped, i);
    if (i > start && i + unit - start > max_bytes) {
      size_t cut = i;
      if (!IsSoftBreak(escaped, i) && last_soft > start && last_soft >= start + max_bytes / 2) {
        cut = last_soft;
      } else if (IsBlank(escaped[cut - 1]) && last_unblank > start) {
        cut = last_unblank;
      }
      pieces.push_back(escaped.substr(start, cut - start));
      start = cut;
      continue;
    }
    i += unit;
    if (!IsBlank(escaped[i - 1])) last_unblank = i;
    if (i < escaped.size() && IsSoftBreak(escaped, i)) last_soft = i;
  }
  if (start < escaped.size() || pieces.empty()) pieces.push_back(escaped.substr(start));
  return pieces;
}

std::string Quote(std::string_view s, size_t max_bytes) {
  // Sanitise only what can be shown: a parser's 100 MB error context took seconds.
  // Four more bytes than the clip keeps the last character whole.
  const std::string_view shown = s.substr(0, std::min(s.size(), max_bytes + 4));
  std::string clean = SanitizeUtf8(shown);
  for (char& c : clean) {
    if (c == '\n' || c == '\t') c = ' ';
  }
  if (clean.size() <= max_bytes && shown.size() == s.size()) return clean;
  if (clean.size() <= max_bytes) return clean + "...";
  size_t cut = max_bytes;
  while (cut > 0 && (static_cast<unsigned char>(clean[cut]) & 0xC0) == 0x80) --cut;
  return clean.substr(0, cut) + "...";
}

namespace {
// What a count that saturated (core/checked_math.h) reads as: at least int64's maximum.
constexpr const char* kSaturatedText = "\u2265 9.2e18";
}  // namespace

std::string HumanCount(int64_t n) {
  if (n < 0) return "?";
  if (n == kSaturatedCount) return kSaturatedText;
  if (n < 1000) return std::to_string(n);
  static constexpr struct {
    double scale;
    const char* suffix;
  } kUnits[] = {{1e12, "T"}, {1e9, "B"}, {1e6, "M"}, {1e3, "k"}};
  for (const auto& unit : kUnits) {
    const double v = static_cast<double>(n) / unit.scale;
    if (v >= 1.0) {
      char buf[32];
      // Integers print exactly in every libc; one decimal keeps 9.4k readable.
      const int64_t tenths = static_cast<int64_t>(v * 10.0 + 0.5);
      if (v >= 100.0 || tenths % 10 == 0) {
        std::snprintf(buf, sizeof(buf), "%lld%s", static_cast<long long>(v + 0.5), unit.suffix);
      } else {
        std::snprintf(buf, sizeof(buf), "%lld.%lld%s", static_cast<long long>(tenths / 10),
                      static_cast<long long>(tenths % 10), unit.suffix);
      }
      return buf;
    }
  }
  return std::to_string(n);
}

std::string GroupedCount(int64_t n) {
  if (n == kSaturatedCount) return kSaturatedText;
  std::string digits = std::to_string(n < 0 ? -n : n);
  std::string out;
  int count = 0;
  for (auto it = digits.rbegin(); it != digits.rend(); ++it) {
    if (count > 0 && count % 3 == 0) out += ',';
    out += *it;
    ++count;
  }
  if (n < 0) out += '-';
  return std::string(out.rbegin(), out.rend());
}

void AppendUtf8(uint32_t cp, std::string* out) {
  if (cp < 0x80) {
    *out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    *out += static_cast<char>(0xC0 | (cp >> 6));
    *out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    *out += static_cast<char>(0xE0 | (cp >> 12));
    *out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    *out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    *out += static_cast<char>(0xF0 | (cp >> 18));
    *out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    *out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    *out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// The entities XmlEscape writes, plus decimal character references.
std::string XmlUnescape(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '&') {
      out += s[i];
      continue;
    }
    const size_t semi = s.find(';', i);
    if (semi == std::string_view::npos || semi - i > 10) {
      out += s[i];
      continue;
    }
    const std::string_view ent = s.substr(i + 1, semi - i - 1);
    if (ent == "amp") {
      out += '&';
    } else if (ent == "lt") {
      out += '<';
    } else if (ent == "gt") {
      out += '>';
    } else if (ent == "quot") {
      out += '"';
    } else if (ent == "apos") {
      out += '\'';
    } else if (ent.size() > 1 && ent[0] == '#' && ent[1] != 'x') {
      uint32_t cp = 0;
      for (char c : ent.substr(1)) {
        if (c < '0' || c > '9' || cp > 0x10FFFF) {
          cp = 0xFFFD;
          break;
        }
        cp = cp * 10 + static_cast<uint32_t>(c - '0');
      }
      AppendUtf8(cp > 0x10FFFF ? 0xFFFD : cp, &out);
    } else {
      out.append(s.data() + i, semi - i + 1);
    }
    i = semi;
  }
  return out;
}

}  // namespace graphgen
