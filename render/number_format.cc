#include "render/number_format.h"

#include <cmath>
#include <cstdint>
#include <cstdlib>

namespace graphgen {

std::string FormatCoord(double v) {
  if (!std::isfinite(v)) return "0";
  // Integer arithmetic rather than printf, so no locale can change the decimal mark.
  const int64_t hundredths = static_cast<int64_t>(std::llround(v * 100.0));
  const bool negative = hundredths < 0;
  const int64_t abs = negative ? -hundredths : hundredths;
  std::string out = (negative ? "-" : "") + std::to_string(abs / 100);
  const int64_t frac = abs % 100;
  if (frac != 0) {
    out += '.';
    out += static_cast<char>('0' + frac / 10);
    if (frac % 10 != 0) out += static_cast<char>('0' + frac % 10);
  }
  return out;
}

}  // namespace graphgen
