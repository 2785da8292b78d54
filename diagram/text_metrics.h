// Text measurement from metrics that ship with graphgen (DejaVu Sans advance widths), so
// box sizes never depend on the fonts a machine happens to have.
#ifndef DIAGRAM_TEXT_METRICS_H_
#define DIAGRAM_TEXT_METRICS_H_

#include <string_view>

namespace graphgen {

// The font every renderer names; the metrics below are this font's.
inline constexpr const char* kFontFamily = "DejaVu Sans";

// Width in points of UTF-8 `text` set in DejaVu Sans at `size` points. Characters outside
// the table measure as an average glyph (wide East Asian ones as a full em), so any
// string, valid UTF-8 or not, gets a finite, deterministic width.
double TextWidth(std::string_view text, double size, bool bold);

// Distance between baselines of consecutive lines at `size` points.
inline double LineHeight(double size) { return size * 1.25; }

// Baseline offset below the top of a line box: DejaVu's ascent is 0.928 em; this puts the
// glyphs visually centred in the line box.
inline double BaselineOffset(double size) { return size * 0.95; }

}  // namespace graphgen

#endif  // DIAGRAM_TEXT_METRICS_H_
