// add_repeatedly (sim/repeated_addition.hpp) against adding one term at a time, to the last bit:
// random totals and amounts over many magnitudes, amounts at a tie (an odd multiple of half a unit
// of the total), below half a unit, totals just below a power of two and at zero, long runs that
// cross many binades, and what takes the one-at-a-time path (negative, infinite, NaN).
#include <catch2/catch.hpp>

#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <random>

#include "sim/repeated_addition.hpp"

using namespace jimsim;

namespace {

double one_at_a_time(double total, double amount, std::uint64_t times) {
  for (std::uint64_t i = 0; i < times; ++i) total += amount;
  return total;
}

bool same_bits(double a, double b) { return std::bit_cast<std::uint64_t>(a) == std::bit_cast<std::uint64_t>(b); }

// The distance from x to the next double up.
double unit_above(double x) { return std::nextafter(x, std::numeric_limits<double>::infinity()) - x; }

}  // namespace

TEST_CASE("adding the same amount many times has the bits of adding it one term at a time", "[repeated_addition]") {
  std::mt19937_64 rng(20261206);
  std::uniform_real_distribution<double> log10_total(-3.0, 12.0), log10_amount(-6.0, 5.0);
  std::uniform_int_distribution<std::uint64_t> times(0, 3000);
  int differ = 0, shortcut_taken = 0;
  for (int trial = 0; trial < 40000; ++trial) {
    const double total = trial % 10 == 0 ? 0.0 : std::pow(10.0, log10_total(rng));
    const double amount = std::pow(10.0, log10_amount(rng));
    const std::uint64_t n = times(rng);
    const double expected = one_at_a_time(total, amount, n);
    const double got = add_repeatedly(total, amount, n);
    differ += !same_bits(got, expected);
    shortcut_taken += n > 2 && total > 4.0 * amount;
  }
  CHECK(differ == 0);
  CHECK(shortcut_taken > 20000);
}

TEST_CASE("repeated additions at a tie, below half a unit and across powers of two keep their bits", "[repeated_addition]") {
  int differ = 0;
  // Totals with an even and an odd last bit, amounts k + 1/2 units of the total (a tie at every
  // addition, for even and odd k), and amounts just either side of the tie.
  for (const double base : {1000.0, 1000.0 + unit_above(1000.0), 3.0e6, 3.0e6 + unit_above(3.0e6), 12345.678}) {
    const double u = unit_above(base);
    for (const double k : {0.0, 1.0, 2.0, 3.0, 1000.0, 1001.0}) {
      for (const double amount : {(k + 0.5) * u, std::nextafter((k + 0.5) * u, 0.0), std::nextafter((k + 0.5) * u, 1e300),
                                  k * u + u / 4, u / 2, u / 3}) {
        if (!(amount > 0.0)) continue;
        for (const std::uint64_t n : {1u, 2u, 3u, 7u, 100u, 5000u}) {
          differ += !same_bits(add_repeatedly(base, amount, n), one_at_a_time(base, amount, n));
        }
      }
    }
  }
  // Entering a binade where the amount is a tie: the addition that enters it need not be one (it
  // can land on an odd total), so the increment is read from the next. A first version read it from
  // the entering one and failed 6,648 of these 25,728 (and 106 of 20,000 random trials above).
  for (const int e : {10, 20, 30, 40}) {
    const double unit = std::ldexp(1.0, e - 53);  // half a unit of the binade above 2^e
    for (int odd = 1; odd < 64; odd += 2) {
      for (int below = 1; below < 200; below += 3) {
        const double total = std::ldexp(1.0, e) - below * unit, amount = odd * unit;
        for (const std::uint64_t n : {10u, 100u, 1000u}) {
          differ += !same_bits(add_repeatedly(total, amount, n), one_at_a_time(total, amount, n));
        }
      }
    }
  }
  // Just below powers of two, with steps that reach and cross them, and long runs over many binades.
  for (const double power : {1024.0, 1048576.0, 0x1p40}) {
    for (const double below : {1.0, 7.5, 100.0, power / 4}) {
      for (const double amount : {0.1, 1.0, 3.7, 64.0, power / 1000}) {
        for (const std::uint64_t n : {3u, 50u, 1000u, 200000u}) {
          const double total = power - below;
          differ += !same_bits(add_repeatedly(total, amount, n), one_at_a_time(total, amount, n));
        }
      }
    }
  }
  CHECK(differ == 0);
}

TEST_CASE("repeated additions the closed form leaves alone are added one term at a time", "[repeated_addition]") {
  const double nan = std::numeric_limits<double>::quiet_NaN(), inf = std::numeric_limits<double>::infinity();
  int differ = 0;
  for (const double total : {0.0, -0.0, -5.0, 1e-300, 5e-324, 1e308, std::numeric_limits<double>::max(), inf, -inf, nan}) {
    for (const double amount : {1.0, -1.0, 0.0, -0.0, 1e300, 5e-324, inf, nan, 1e-3}) {
      for (const std::uint64_t n : {0u, 1u, 2u, 3u, 10u, 1000u}) {
        const double expected = one_at_a_time(total, amount, n), got = add_repeatedly(total, amount, n);
        differ += !(same_bits(got, expected) || (std::isnan(got) && std::isnan(expected)));
      }
    }
  }
  CHECK(differ == 0);
  CHECK(same_bits(add_repeatedly(2.5, 1.0, 0), 2.5));
}
