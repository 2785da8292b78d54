// Locale-independent number formatting for coordinates in text formats (SVG, DOT).
#ifndef RENDER_NUMBER_FORMAT_H_
#define RENDER_NUMBER_FORMAT_H_

#include <string>

namespace graphgen {

// `v` rounded to two decimals, without trailing zeros: 12.5, 3, -0.25. Always '.' as the
// decimal mark, whatever the locale.
std::string FormatCoord(double v);

}  // namespace graphgen

#endif  // RENDER_NUMBER_FORMAT_H_
