// Arithmetic on numbers that come from model files. A file can declare any dims, kernel
// sizes, strides and weight shapes; multiplying or summing them in plain int64_t is
// undefined behaviour on overflow (issue 21: a parameter total printed negative). Counts
// saturate at kSaturatedCount, which the text helpers print as "≥ 9.2e18"; shapes use
// the checked forms and become unknown dims instead.
#ifndef CORE_CHECKED_MATH_H_
#define CORE_CHECKED_MATH_H_

#include <cstdint>
#include <limits>
#include <optional>

namespace graphgen {

// The value a saturated count holds: more than int64 can say.
inline constexpr int64_t kSaturatedCount = std::numeric_limits<int64_t>::max();

// a + b and a * b, or nullopt when the result does not fit int64.
inline std::optional<int64_t> CheckedAdd(int64_t a, int64_t b) {
  int64_t r;
  if (__builtin_add_overflow(a, b, &r)) return std::nullopt;
  return r;
}
inline std::optional<int64_t> CheckedMul(int64_t a, int64_t b) {
  int64_t r;
  if (__builtin_mul_overflow(a, b, &r)) return std::nullopt;
  return r;
}

// a + b and a * b clamped to int64's range: a sum of parameter counts that would overflow
// stays at the top instead of wrapping negative.
inline int64_t SaturatingAdd(int64_t a, int64_t b) {
  int64_t r;
  if (!__builtin_add_overflow(a, b, &r)) return r;
  return b > 0 ? std::numeric_limits<int64_t>::max() : std::numeric_limits<int64_t>::min();
}
inline int64_t SaturatingMul(int64_t a, int64_t b) {
  int64_t r;
  if (!__builtin_mul_overflow(a, b, &r)) return r;
  return (a < 0) == (b < 0) ? std::numeric_limits<int64_t>::max()
                            : std::numeric_limits<int64_t>::min();
}

// `v` clamped to int's range: a limit computed in int64 from a flag's value, handed to a
// library that takes an int.
inline int ClampToInt(int64_t v) {
  if (v > std::numeric_limits<int>::max()) return std::numeric_limits<int>::max();
  if (v < std::numeric_limits<int>::min()) return std::numeric_limits<int>::min();
  return static_cast<int>(v);
}

}  // namespace graphgen

#endif  // CORE_CHECKED_MATH_H_
