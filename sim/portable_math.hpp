// The exponential, logarithm and cosine the model uses, written in plain IEEE double arithmetic.
//
// Why not <cmath>: glibc picks its exp, log and friends at run time by the instruction set it finds
// (FMA or not), so the last bit of a result could differ from one x86-64 machine to the next, and
// its functions are calls the compiler cannot vectorise. These are inline, branch-free (selects,
// not jumps) and use only +, -, *, /, sqrt and bit operations, so:
//   - a loop over families that calls them vectorises (SSE2 two families per instruction, AVX2
//     four), and the vector and scalar code give the same bits, since IEEE arithmetic is exact per
//     operation and nothing is reassociated;
//   - they give the same bits on every machine and instruction set, because the model library is
//     compiled with -ffp-contract=off (no fused multiply-add whose rounding would differ).
// Accuracy: within 2 units in the last place over the ranges the model uses (tests/test_portable_math.cpp
// checks it against <cmath> over many points), which is far below any statistical effect.
#pragma once

#include <bit>
#include <cstdint>
#include <limits>
#include <utility>

namespace jimsim::math {

namespace detail {

inline constexpr double ln2_hi = 6.93147180369123816490e-01;  // 20 trailing zero bits: n * ln2_hi is exact
inline constexpr double ln2_lo = 1.90821492927058770002e-10;
inline constexpr double inv_ln2 = 1.44269504088896338700e+00;
inline constexpr double two_pi = 6.28318530717958647693e+00;
inline constexpr double round_shifter = 0x1.8p52;  // x + 1.5 * 2^52 rounds x to an integer in the low bits

inline double from_bits(std::uint64_t bits) { return std::bit_cast<double>(bits); }
inline std::uint64_t to_bits(double x) { return std::bit_cast<std::uint64_t>(x); }

// c0 + x (c1 + x (c2 + ...)): the coefficients in ascending order, unrolled at compile time.
inline double horner(double /*x*/, double c0) { return c0; }
template <class... Rest>
inline double horner(double x, double c0, Rest... rest) {
  return c0 + x * horner(x, rest...);
}

// 1/n! for the Taylor series below.
inline constexpr double inverse_factorial(int n) {
  double f = 1.0;
  for (int i = 2; i <= n; ++i) f *= i;
  return 1.0 / f;
}
// As a variable template, so it is a compile-time constant in every build type.
template <int N>
inline constexpr double inverse_factorial_v = inverse_factorial(N);
template <int... N>
inline double horner_inverse_factorials(double x, std::integer_sequence<int, N...>) {
  return horner(x, inverse_factorial_v<N>...);
}

}  // namespace detail

// e^x. Below -708 the result is 0 (the model's hazards never need subnormals); above 709, +inf.
inline double exp(double x) {
  using namespace detail;
  // The bounds plus 0 * x (0 for finite x; NaN for an infinite x, which the last line returns as
  // 0 or inf): not constants, so the compiler does not fold a path per bound, which would keep
  // a loop that calls exp from vectorising. NaN stays NaN.
  const double zero = 0.0 * x;
  const double clamped = x < -708.0 ? -708.0 + zero : x > 709.0 ? 709.0 + zero : x;
  const double shifted = clamped * inv_ln2 + round_shifter;
  const double n = shifted - round_shifter;  // the nearest integer to x / ln 2
  const double r = (clamped - n * ln2_hi) - n * ln2_lo;  // |r| <= ln 2 / 2, nearly exact
  // 2^n from the integer in shifted's low bits: (n + 1023) << 52.
  const double scale = from_bits(((to_bits(shifted) - to_bits(round_shifter)) + 1023u) << 52);
  // e^r = 1 + r + r^2 (1/2! + r/3! + ... + r^11/13!): the remainder is below 4e-18 relative.
  const double tail = horner_inverse_factorials(r, std::integer_sequence<int, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13>{});
  const double result = (1.0 + (r + r * r * tail)) * scale;
  return x < -708.0 ? 0.0 : x > 709.0 ? std::numeric_limits<double>::infinity() : result;
}

// A value at least exp(x) and at most 7% above it: 2^n times the chord of 2^f over f in [-1/2, 1/2]
// (above the convex curve), with x / ln 2 = n + f. For a loop that only needs to know whether a
// draw could fall below a hazard (the exact hazard follows for the few that could), at a quarter of
// exp's work. The factor 1 + 2^-30 covers the rounding of x / ln 2 (below 3e-13 relative for
// |x| <= 709) and exp's own error (4 ulp).
inline double exp_upper_bound(double x) {
  using namespace detail;
  const double zero = 0.0 * x;  // as in exp: no path folded per bound
  const double clamped = x < -708.0 ? -708.0 + zero : x > 709.0 ? 709.0 + zero : x;
  const double y = clamped * inv_ln2;
  const double shifted = y + round_shifter;
  const double n = shifted - round_shifter;  // y rounded to an integer: f = y - n is exact, |f| <= 1/2
  const double f = y - n;
  const double scale = from_bits(((to_bits(shifted) - to_bits(round_shifter)) + 1023u) << 52);
  constexpr double sqrt2 = 1.41421356237309504880, half_sqrt2 = 0.70710678118654752440;
  constexpr double chord_middle = 0.5 * (sqrt2 + half_sqrt2) * (1.0 + 0x1p-30);  // at f = 0
  constexpr double chord_slope = (sqrt2 - half_sqrt2) * (1.0 + 0x1p-30);
  const double bound = (chord_middle + chord_slope * f) * scale;
  // Below -708 exp is 0, and so is the bound (also at -inf, where the clamp gives NaN).
  return x > 709.0 ? std::numeric_limits<double>::infinity() : x < -708.0 ? 0.0 : bound;
}

// e^x - 1 for |x| < 1/2: x + x^2 (1/2! + x/3! + ... + x^15/17!), remainder below 2e-21 relative.
// What expm1 computes there; a loop whose arguments are known to be that small calls it alone.
inline double expm1_near_zero(double x) {
  using namespace detail;
  const double tail = horner_inverse_factorials(
      x, std::integer_sequence<int, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17>{});
  return x + x * x * tail;
}

// e^x - 1, accurate near 0 where exp(x) - 1 would cancel.
inline double expm1(double x) {
  const double series = expm1_near_zero(x);
  const double far = exp(x) - 1.0;  // loses less than a bit for |x| >= 1/2
  return (x > -0.5 && x < 0.5) ? series : far;
}

// Natural logarithm; -inf at 0, NaN below 0 and for NaN.
inline double log(double x) {
  using namespace detail;
  // Subnormal inputs are scaled into the normal range first.
  const bool tiny = x < 0x1p-1022;
  const std::uint64_t bits = to_bits(tiny ? x * 0x1p54 : x);
  // x = m 2^k with m in [sqrt(1/2), sqrt(2)) (as musl's log): adding the distance from sqrt(1/2)'s
  // bits to 1's carries the mantissas from sqrt(2) up into the next exponent.
  constexpr std::uint64_t sqrt_half_bits = 0x3fe6a09e00000000ull;
  const std::uint64_t moved = bits + (0x3ff0000000000000ull - sqrt_half_bits);
  const double m = from_bits((moved & 0x000fffffffffffffull) + sqrt_half_bits);
  // k as a double without an integer conversion (none exists for 64-bit lanes below AVX-512):
  // the exponent field written into the mantissa of 2^52, then 2^52 and the bias subtracted.
  const double k = from_bits((moved >> 52) | 0x4330000000000000ull) - (0x1p52 + 1023.0) - (tiny ? 54.0 : 0.0);
  // log(m) = 2 atanh(s) with s = f / (2 + f), f = m - 1, |s| <= 0.1716:
  // 2s + s z (2/3 + 2z/5 + ... + 2z^10/23) with z = s^2, remainder below 1e-19 relative.
  const double f = m - 1.0;
  const double s = f / (2.0 + f);
  const double z = s * s;
  const double tail = horner(z, 2.0 / 3, 2.0 / 5, 2.0 / 7, 2.0 / 9, 2.0 / 11, 2.0 / 13, 2.0 / 15, 2.0 / 17, 2.0 / 19,
                             2.0 / 21, 2.0 / 23);
  const double log_m = (f - s * f) + s * z * tail;  // 2s = f - s f keeps the large term nearly exact
  const double result = k * ln2_hi + (log_m + k * ln2_lo);
  const double edge = x == 0.0 ? -std::numeric_limits<double>::infinity()
                               : (x > 0.0 ? x /* +inf */ : std::numeric_limits<double>::quiet_NaN());
  return (x > 0.0 && x < std::numeric_limits<double>::infinity()) ? result : edge;
}

// log(1 + x), accurate near 0 (Goldberg's correction of the rounding of 1 + x).
inline double log1p(double x) {
  const double w = 1.0 + x;
  const double corrected = x * (log(w) / (w - 1.0));
  return w == 1.0 ? x : (w == std::numeric_limits<double>::infinity() ? w : corrected);
}

// cos(2 pi u) for finite u, reduced exactly to an eighth of a turn.
inline double cos_two_pi(double u) {
  using namespace detail;
  const double turn = u - ((u + round_shifter) - round_shifter);  // in [-1/2, 1/2], exact
  const double a = turn < 0.0 ? -turn : turn;                      // cos is even
  const bool second_quarter = a > 0.25;
  const double b = second_quarter ? 0.5 - a : a;  // cos(2 pi a) = -cos(2 pi (1/2 - a)); b in [0, 1/4]
  const bool near_quarter = b > 0.125;
  // cos(t) at t = 2 pi b <= pi/4, or sin(t) at t = 2 pi (1/4 - b) <= pi/4: Taylor series to t^18,
  // remainder below 1e-20.
  const double t = two_pi * (near_quarter ? 0.25 - b : b);
  const double t2 = t * t;
  // cos t = 1 - t^2 (1/2! - t^2/4! + ... + t^16/18!), sin t = t - t t^2 (1/3! - t^2/5! + ... + t^14/17!):
  // one Horner loop whose coefficients each lane picks, so a vector loop evaluates one polynomial,
  // not two. The sine's extra highest coefficient is 0, which leaves its value exact.
  const double y = -t2;
  double p = near_quarter ? 0.0 : inverse_factorial_v<18>;
  p = (near_quarter ? inverse_factorial_v<17> : inverse_factorial_v<16>) + y * p;
  p = (near_quarter ? inverse_factorial_v<15> : inverse_factorial_v<14>) + y * p;
  p = (near_quarter ? inverse_factorial_v<13> : inverse_factorial_v<12>) + y * p;
  p = (near_quarter ? inverse_factorial_v<11> : inverse_factorial_v<10>) + y * p;
  p = (near_quarter ? inverse_factorial_v<9> : inverse_factorial_v<8>) + y * p;
  p = (near_quarter ? inverse_factorial_v<7> : inverse_factorial_v<6>) + y * p;
  p = (near_quarter ? inverse_factorial_v<5> : inverse_factorial_v<4>) + y * p;
  p = (near_quarter ? inverse_factorial_v<3> : inverse_factorial_v<2>) + y * p;
  const double value = (near_quarter ? t : 1.0) - (near_quarter ? t * t2 : t2) * p;
  return second_quarter ? -value : value;
}

}  // namespace jimsim::math
