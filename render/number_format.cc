#include "render/number_format.h"

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

namespace graphgen {

std::string FormatCoord(double v) {
  if (!std::isfinite(v)) return "0";
  // From 2^52 on every double is a whole number, and from about 9.2e16 on its hundredths
  // overflow int64 (1e17 came out as "--92233720368547758.0("): print its digits as they
  // are. "%.0f" writes no decimal mark, so the locale cannot show here either.
  if (std::fabs(v) >= 4503599627370496.0) {
    char buf[320];  // DBL_MAX has 309 digits
    std::snprintf(buf, sizeof(buf), "%.0f", v);
    return buf;
  }
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
