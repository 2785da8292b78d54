#include "diagram/text_metrics.h"

#include <cstdint>
#include <iterator>

namespace graphgen {
namespace {

#include "diagram/font_metrics_data.inc"

constexpr int kAverageWidth = 612;  // DejaVu Sans 'o': a fair stand-in for other Latin.
constexpr int kWideWidth = 1000;

bool IsWide(char32_t cp) {
  return (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) ||
         (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
         (cp >= 0xFF00 && cp <= 0xFF60) || (cp >= 0x1F300 && cp <= 0x1FAFF) ||
         (cp >= 0x20000 && cp <= 0x3FFFD);
}

int GlyphWidth(char32_t cp, bool bold) {
  const uint16_t* widths = bold ? kBoldWidths : kRegularWidths;
  if (cp >= 32 && cp <= 126) return widths[cp - 32];
  for (size_t i = 0; i < std::size(kExtraCodePoints); ++i) {
    if (kExtraCodePoints[i] == cp) return widths[95 + i];
  }
  return IsWide(cp) ? kWideWidth : kAverageWidth;
}

}  // namespace

double TextWidth(std::string_view text, double size, bool bold) {
  int64_t units = 0;
  for (size_t i = 0; i < text.size();) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    char32_t cp;
    size_t len;
    if (c < 0x80) {
      cp = c;
      len = 1;
    } else if ((c & 0xE0) == 0xC0) {
      cp = c & 0x1F;
      len = 2;
    } else if ((c & 0xF0) == 0xE0) {
      cp = c & 0x0F;
      len = 3;
    } else if ((c & 0xF8) == 0xF0) {
      cp = c & 0x07;
      len = 4;
    } else {
      cp = 0xFFFD;
      len = 1;
    }
    if (len > 1) {
      if (i + len > text.size()) {
        cp = 0xFFFD;
        len = 1;
      } else {
        for (size_t k = 1; k < len; ++k) {
          cp = (cp << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3F);
        }
      }
    }
    units += GlyphWidth(cp, bold);
    i += len;
  }
  return static_cast<double>(units) * size / 1000.0;
}

}  // namespace graphgen
