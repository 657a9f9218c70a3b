// Distributions parametrised as the parameters state them (a mean and a spread), drawn from a
// stream. Written on sim/portable_math.hpp rather than Boost.Random's distributions, which call
// glibc's libm: every draw is then the same bits on any machine, and the normal draw of the hot
// loop is branch-free, so a loop over families vectorises.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>

#include "sim/portable_math.hpp"
#include "sim/random.hpp"

namespace jimsim {

// A uniform draw in [0, 1) from one 32-bit word.
inline double uniform_closed_open01(std::uint32_t word) { return word * 0x1p-32; }

// A uniform draw in (0, 1) with 53 bits, from two words: for the inversions whose tails need more
// than 32 bits (an exponential from one word stops at 22 times its mean).
inline double uniform_open01_53(std::uint32_t high, std::uint32_t low) {
  const std::uint64_t bits = (std::uint64_t{high} << 21) | (low >> 11);  // 53 bits
  return (static_cast<double>(bits) + 0.5) * 0x1p-53;
}
inline double uniform_open01_53(CounterRng& rng) {
  const std::uint32_t high = rng();
  return uniform_open01_53(high, rng());
}

// A standard normal draw from two words (Box and Muller 1958, one of the pair): exact in
// distribution except beyond 6.6 standard deviations, which 32-bit words cannot reach (a chance of
// 4e-11 per draw). Branch-free, so the severity noise of all families is one vector loop.
inline double standard_normal(std::uint32_t radius_word, std::uint32_t angle_word) {
  const double radius = std::sqrt(-2.0 * math::log(uniform_open01(radius_word)));
  return radius * math::cos_two_pi(uniform_closed_open01(angle_word));
}
inline double standard_normal(CounterRng& rng) {
  const std::uint32_t radius_word = rng();
  return standard_normal(radius_word, rng());
}

// Normal with the given mean and standard deviation.
inline double draw_normal(CounterRng& rng, double mean, double sd) { return mean + sd * standard_normal(rng); }

// Normal truncated below at 0, by rejection (64 candidates at most, then 0); a mean of 0 or more
// keeps acceptance at least 1/2. A standard deviation of 0 gives the mean, or 0 below it.
inline double draw_nonnegative_normal(CounterRng& rng, double mean, double sd) {
  if (sd <= 0.0) return std::max(mean, 0.0);
  for (int attempt = 0; attempt < 64; ++attempt) {
    const double x = draw_normal(rng, mean, sd);
    if (x >= 0.0) return x;
  }
  return 0.0;
}

// Exponential with the given rate (per unit of the result), by inversion.
inline double draw_exponential(CounterRng& rng, double rate) { return -math::log(uniform_open01_53(rng)) / rate; }

// Standard gamma of the given shape (Marsaglia and Tsang 2000, "A simple method for generating
// gamma variables"): a squeeze accepts nearly every candidate without a logarithm; below shape 1,
// a draw of shape + 1 times U^(1/shape).
inline double standard_gamma(CounterRng& rng, double shape) {
  const bool boosted = shape < 1.0;
  const double d = (boosted ? shape + 1.0 : shape) - 1.0 / 3.0;
  const double c = 1.0 / std::sqrt(9.0 * d);
  double x = d;
  for (;;) {
    double z, v;
    do {
      z = standard_normal(rng);
      v = 1.0 + c * z;
    } while (v <= 0.0);
    v = v * v * v;
    const double u = uniform_open01(rng);
    const double z2 = z * z;
    if (u < 1.0 - 0.0331 * z2 * z2 || math::log(u) < 0.5 * z2 + d * (1.0 - v + math::log(v))) {
      x = d * v;
      break;
    }
  }
  if (boosted) x *= math::exp(math::log(uniform_open01(rng)) / shape);
  return x;
}

// Beta with the given mean and concentration (alpha + beta); a mean at 0 or 1 is that value.
inline double draw_beta(CounterRng& rng, double mean, double concentration) {
  if (mean <= 0.0) return 0.0;
  if (mean >= 1.0) return 1.0;
  const double a = standard_gamma(rng, mean * concentration);
  const double b = standard_gamma(rng, (1.0 - mean) * concentration);
  return a + b > 0.0 ? a / (a + b) : mean;  // both underflow only for tiny shapes
}

// Gamma with the given mean and shape; a mean of 0 is 0.
inline double draw_gamma_shape(CounterRng& rng, double mean, double shape) {
  if (mean <= 0.0) return 0.0;
  return standard_gamma(rng, shape) * (mean / shape);
}

// Gamma with the given mean and standard deviation; a standard deviation of 0 is the mean.
inline double draw_gamma_mean_sd(CounterRng& rng, double mean, double sd) {
  if (sd <= 0.0 || mean <= 0.0) return mean;
  return draw_gamma_shape(rng, mean, (mean / sd) * (mean / sd));
}

// Poisson with the given mean, by inversion from one 53-bit uniform: about mean + 1 steps, and the
// probabilities stay normal numbers for every mean the parameters allow (up to 100; e^-700 is the
// limit).
inline int draw_poisson(CounterRng& rng, double mean) {
  if (mean <= 0.0) return 0;
  const double u = uniform_open01_53(rng);
  double probability = math::exp(-mean), cumulative = probability;
  int k = 0;
  while (u > cumulative) {
    ++k;
    probability *= mean / k;
    const double next = cumulative + probability;
    if (next == cumulative) break;  // u within rounding of 1: the tail adds nothing more
    cumulative = next;
  }
  return k;
}

}  // namespace jimsim
