#include <catch2/catch.hpp>

#include <boost/random/sobol.hpp>
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <limits>
#include <numbers>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include "plan/sobol_directions.hpp"
#include "plan/unit_designs.hpp"
#include "sim/random.hpp"

using namespace jimsim;

namespace {

// Passes only if `call` throws std::invalid_argument whose message contains `text`.
template <typename Call>
void require_invalid_argument(Call call, const std::string& text) {
  try {
    call();
  } catch (const std::invalid_argument& error) {
    CHECK_THAT(std::string(error.what()), Catch::Contains(text));
    return;
  }
  FAIL("no std::invalid_argument was thrown; expected one mentioning \"" << text << "\"");
}

std::vector<double> column(const UnitPoints& design, std::size_t dimension) {
  std::vector<double> values(design.size());
  for (std::size_t i = 0; i < design.size(); ++i) values[i] = design(i, dimension);
  return values;
}

// Whether the values put exactly one point in each of values.size() equal intervals of [0, 1).
bool one_per_stratum(const std::vector<double>& values) {
  const std::size_t n = values.size();
  std::vector<int> count(n, 0);
  for (double x : values) {
    if (!(x >= 0.0 && x < 1.0)) return false;
    ++count[static_cast<std::size_t>(x * static_cast<double>(n))];
  }
  return std::all_of(count.begin(), count.end(), [](int c) { return c == 1; });
}

// Pearson correlation of two columns.
double correlation(const std::vector<double>& x, const std::vector<double>& y) {
  const double n = static_cast<double>(x.size());
  double mx = 0, my = 0;
  for (std::size_t i = 0; i < x.size(); ++i) mx += x[i] / n, my += y[i] / n;
  double sxy = 0, sxx = 0, syy = 0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    sxy += (x[i] - mx) * (y[i] - my);
    sxx += (x[i] - mx) * (x[i] - mx);
    syy += (y[i] - my) * (y[i] - my);
  }
  return sxy / std::sqrt(sxx * syy);
}

}  // namespace

// ---- Latin hypercube ----------------------------------------------------------------------------

TEST_CASE("latin_hypercube puts exactly one point in every stratum of every dimension", "[design]") {
  for (const std::size_t n : {std::size_t{1}, std::size_t{2}, std::size_t{7}, std::size_t{1000}}) {
    const UnitPoints design = latin_hypercube(n, 12, 2024);
    REQUIRE(design.dimensions == 12);
    REQUIRE(design.size() == n);
    REQUIRE(design.values.size() == n * 12);
    for (std::size_t d = 0; d < 12; ++d) CHECK(one_per_stratum(column(design, d)));
    for (double x : design.values) {
      REQUIRE(x > 0.0);
      REQUIRE(x < 1.0);
    }
  }
}

TEST_CASE("latin_hypercube is reproducible per seed, differs between seeds and keeps columns", "[design]") {
  const UnitPoints a = latin_hypercube(200, 6, 7), b = latin_hypercube(200, 6, 7);
  CHECK(a.values == b.values);
  const UnitPoints other = latin_hypercube(200, 6, 8);
  for (std::size_t d = 0; d < 6; ++d) CHECK(column(other, d) != column(a, d));
  // Each dimension has its own stream, so adding dimensions leaves the existing columns unchanged.
  const UnitPoints wider = latin_hypercube(200, 9, 7);
  for (std::size_t d = 0; d < 6; ++d) CHECK(column(wider, d) == column(a, d));
}

TEST_CASE("latin_hypercube columns have mean one half and are uncorrelated", "[design]") {
  constexpr std::size_t n = 1000, k = 20;
  const UnitPoints design = latin_hypercube(n, k, 99);
  for (std::size_t d = 0; d < k; ++d) {
    const std::vector<double> x = column(design, d);
    double mean = 0.0;
    for (double v : x) mean += v / n;
    // One point per stratum pins the mean to within half a stratum of 1/2.
    CHECK(std::abs(mean - 0.5) <= 0.5 / n);
    // Independent permutations: each correlation is about N(0, 1/n).
    for (std::size_t e = 0; e < d; ++e) CHECK(std::abs(correlation(x, column(design, e))) < 4.5 / std::sqrt(n));
  }
}

TEST_CASE("latin_hypercube rejects empty designs", "[design]") {
  require_invalid_argument([] { latin_hypercube(0, 3, 1); }, "number of points");
  require_invalid_argument([] { latin_hypercube(5, 0, 1); }, "number of dimensions");
}

// ---- Sobol sequence -----------------------------------------------------------------------------

TEST_CASE("the Sobol direction table holds primitive polynomials and valid initial numbers", "[design]") {
  // Primitive polynomials over GF(2) of degree 1..13 (OEIS A011260): the table holds all of them.
  constexpr std::array<std::size_t, 14> primitive_count{0, 1, 1, 2, 2, 6, 6, 18, 16, 48, 60, 176, 144, 630};
  std::array<std::size_t, 14> count{};
  int previous_degree = 0, previous_coefficients = -1;
  for (const detail::SobolPolynomial& row : detail::sobol_polynomials) {
    const unsigned s = row.degree;
    REQUIRE(s >= 1);
    REQUIRE(s <= detail::sobol_max_degree);
    ++count[s];
    // Joe and Kuo list polynomials by degree, then by a.
    if (static_cast<int>(s) == previous_degree) CHECK(row.coefficients > previous_coefficients);
    CHECK(static_cast<int>(s) >= previous_degree);
    previous_degree = static_cast<int>(s);
    previous_coefficients = row.coefficients;
    CHECK(row.coefficients < (1u << (s - 1)));
    for (unsigned k = 0; k < detail::sobol_max_degree; ++k) {
      const unsigned m = row.initial_directions[k];
      if (k < s) {
        CHECK(m % 2 == 1);
        CHECK(m < (2u << k));
      } else {
        CHECK(m == 0);
      }
    }
    // x^s + a_1 x^(s-1) + ... + a_(s-1) x + 1 is primitive: x has multiplicative order 2^s - 1.
    const std::uint32_t polynomial = (1u << s) | (std::uint32_t{row.coefficients} << 1) | 1u;
    std::uint32_t power = 1;
    std::uint32_t order = 0;
    do {
      power <<= 1;
      if (power & (1u << s)) power ^= polynomial;
      ++order;
    } while (power != 1 && order < (1u << s));
    CHECK(order == (1u << s) - 1);
  }
  CHECK(count == primitive_count);
}

TEST_CASE("sobol_sequence gives the published first points", "[design]") {
  const UnitPoints p = sobol_sequence(10, 3);
  REQUIRE(p.size() == 10);
  REQUIRE(p.dimensions == 3);
  // Dimension 1 is the van der Corput sequence in Gray-code order; SciPy's
  // scipy/stats/tests/test_sobol.py (test_Unscrambled1DSobol, 1.7 series).
  const std::vector<double> first{0, 0.5, 0.75, 0.25, 0.375, 0.875, 0.625, 0.125, 0.1875, 0.6875};
  // Dimension 2: SciPy's scipy/stats/tests/test_qmc.py, TestSobol.unscramble_nd ("theoretical
  // values from Joe Kuo2010"), the first 8 points.
  const std::vector<double> second{0, 0.5, 0.25, 0.75, 0.375, 0.875, 0.125, 0.625};
  // Dimension 3: SciPy's test_sobol.py, test_Unscrambled3DSobol.
  const std::vector<double> third{0, 0.5, 0.25, 0.75, 0.625, 0.125, 0.875, 0.375, 0.9375, 0.4375};
  for (std::size_t i = 0; i < 10; ++i) {
    CHECK(p(i, 0) == first[i]);
    if (i < second.size()) CHECK(p(i, 1) == second[i]);
    CHECK(p(i, 2) == third[i]);
  }

  // SciPy's test_UnscrambledHighDimSobol: in 1111 dimensions point 0 is all 0, point 1 all 0.5, and
  // point 2 has 557 coordinates at 0.25 and 554 at 0.75.
  const UnitPoints high = sobol_sequence(3, sobol_max_dimensions);
  std::size_t zeros = 0, halves = 0, quarters = 0, three_quarters = 0;
  for (std::size_t d = 0; d < sobol_max_dimensions; ++d) {
    zeros += high(0, d) == 0.0;
    halves += high(1, d) == 0.5;
    quarters += high(2, d) == 0.25;
    three_quarters += high(2, d) == 0.75;
  }
  CHECK(zeros == 1111);
  CHECK(halves == 1111);
  CHECK(quarters == 557);
  CHECK(three_quarters == 554);
}

TEST_CASE("sobol_sequence matches Joe and Kuo's own generator in 100 dimensions", "[design]") {
  // Points 100, 513 and 1023 of the output of Joe and Kuo's sobol.cc with new-joe-kuo-6.21201, as
  // kept by Sobol.jl (JuliaMath/Sobol.jl, test/results/exp_results_100, 1024 points of 100
  // dimensions). Written as the published decimals times 1024, which is exact: every value is a
  // multiple of 2^-10. Past point 2^9 every dimension uses the polynomial recurrence.
  const std::array<int, 100> point_100{
      424, 264, 792, 744, 904, 760, 24, 488, 648, 712, 472, 696, 488, 872, 328, 504, 696, 760, 856, 344,
      776, 408, 8, 504, 24, 8, 968, 680, 248, 744, 728, 424, 264, 264, 376, 680, 1000, 488, 920, 136,
      728, 680, 424, 504, 264, 616, 280, 728, 744, 680, 904, 824, 72, 856, 392, 792, 88, 280, 424, 168,
      504, 24, 472, 664, 200, 552, 808, 616, 184, 776, 232, 888, 72, 520, 456, 824, 488, 920, 424, 616,
      88, 552, 552, 376, 904, 296, 120, 344, 216, 1000, 648, 584, 664, 664, 392, 680, 488, 88, 888, 904};
  const std::array<int, 100> point_513{
      515, 769, 465, 503, 981, 67, 117, 419, 899, 425, 489, 375, 699, 879, 777, 333, 383, 135, 969, 961,
      977, 305, 955, 415, 203, 907, 407, 465, 391, 19, 637, 175, 477, 905, 115, 147, 327, 849, 233, 57,
      765, 655, 845, 69, 519, 453, 67, 547, 361, 325, 127, 79, 845, 31, 299, 223, 727, 31, 575, 407,
      979, 623, 107, 43, 47, 347, 219, 939, 307, 899, 771, 959, 583, 835, 495, 951, 993, 353, 545, 305,
      817, 913, 9, 441, 313, 857, 745, 521, 361, 709, 117, 605, 349, 853, 237, 957, 421, 93, 605, 429};
  const std::array<int, 100> point_1023{
      1, 771, 627, 149, 191, 449, 143, 633, 353, 871, 695, 37, 133, 681, 371, 475, 321, 897, 599, 327,
      887, 19, 813, 201, 245, 385, 521, 779, 861, 445, 951, 629, 463, 895, 341, 885, 965, 1011, 923,
      715, 647, 997, 951, 111, 509, 319, 989, 781, 863, 843, 265, 177, 675, 417, 929, 113, 817, 881,
      745, 361, 105, 201, 809, 41, 101, 477, 989, 541, 805, 589, 509, 101, 517, 661, 349, 501, 191, 771,
      579, 539, 15, 83, 23, 863, 127, 463, 867, 907, 887, 563, 435, 771, 487, 775, 983, 23, 535, 943,
      995, 543};
  const UnitPoints p = sobol_sequence(1024, 100);
  for (std::size_t d = 0; d < 100; ++d) {
    CHECK(p(100, d) * 1024 == point_100[d]);
    CHECK(p(513, d) * 1024 == point_513[d]);
    CHECK(p(1023, d) * 1024 == point_1023[d]);
  }
}

TEST_CASE("sobol_sequence agrees with Boost.Random's independent implementation", "[design]") {
  // Boost's sobol engine builds its direction numbers from its own transcription of the same table
  // with its own recurrence code; its point n is our point n + 1 (it skips the zero point).
  constexpr std::size_t k = sobol_max_dimensions;
  const UnitPoints ours = sobol_sequence(2048, k);
  boost::random::sobol_engine<std::uint32_t, 32> boost_sobol(k);
  std::size_t differences = 0;
  for (std::size_t i = 1; i < ours.size(); ++i) {
    for (std::size_t d = 0; d < k; ++d) differences += ours(i, d) != boost_sobol() * 0x1p-32;
  }
  CHECK(differences == 0);
  // Far into the sequence, up to its very last 32-bit point, 2^32 - 1.
  for (const std::uint64_t skip : {std::uint64_t{1} << 20, (std::uint64_t{1} << 32) - 8}) {
    const UnitPoints window = sobol_sequence(8, k, skip);
    boost_sobol.seed(static_cast<std::uint32_t>(skip - 1));
    differences = 0;
    for (std::size_t i = 0; i < 8; ++i) {
      for (std::size_t d = 0; d < k; ++d) differences += window(i, d) != boost_sobol() * 0x1p-32;
    }
    CHECK(differences == 0);
  }
}

TEST_CASE("sobol_sequence with skip continues the same sequence", "[design]") {
  const UnitPoints whole = sobol_sequence(300, 40);
  for (const std::size_t skip : {std::size_t{1}, std::size_t{37}, std::size_t{128}}) {
    const UnitPoints tail = sobol_sequence(300 - skip, 40, skip);
    REQUIRE(tail.size() == 300 - skip);
    CHECK(std::equal(tail.values.begin(), tail.values.end(), whole.values.begin() + skip * 40));
  }
  // Fewer dimensions are the leading columns of more.
  const UnitPoints narrow = sobol_sequence(300, 7);
  for (std::size_t d = 0; d < 7; ++d) CHECK(column(narrow, d) == column(whole, d));
}

TEST_CASE("sobol_sequence is stratified in every one-dimensional projection", "[design]") {
  // Any aligned block of 2^m points has exactly one point in each of 2^m equal intervals.
  for (const std::size_t skip : {std::size_t{0}, std::size_t{3} << 10}) {
    const UnitPoints p = sobol_sequence(1024, sobol_max_dimensions, skip);
    for (std::size_t d = 0; d < sobol_max_dimensions; ++d) REQUIRE(one_per_stratum(column(p, d)));
  }
  // Dimensions 1 and 2 form a (0, m, 2)-net: every elementary box of area 2^-m holds one point.
  const UnitPoints p = sobol_sequence(1024, 2);
  for (int a = 0; a <= 10; ++a) {
    const int b = 10 - a;
    std::vector<int> count(1024, 0);
    for (std::size_t i = 0; i < 1024; ++i) {
      const auto x = static_cast<std::size_t>(std::ldexp(p(i, 0), a));
      const auto y = static_cast<std::size_t>(std::ldexp(p(i, 1), b));
      ++count[(x << b) | y];
    }
    CHECK(std::all_of(count.begin(), count.end(), [](int c) { return c == 1; }));
  }
}

TEST_CASE("sobol_sequence values lie in the half-open unit interval and only point 0 touches zero", "[design]") {
  const UnitPoints p = sobol_sequence(4096, 300);
  CHECK(std::all_of(p.values.begin(), p.values.begin() + 300, [](double x) { return x == 0.0; }));
  CHECK(std::all_of(p.values.begin() + 300, p.values.end(),
                    [](double x) { return x >= 0x1p-32 && x <= 1.0 - 0x1p-32; }));
  const UnitPoints last = sobol_sequence(1, 50, sobol_index_limit - 1);
  for (double x : last.values) {
    CHECK(x > 0.0);
    CHECK(x < 1.0);
  }
}

TEST_CASE("sobol_sequence integrates a smooth function faster than pseudo-random points", "[design]") {
  // f(x) = prod_j (pi/2) sin(pi x_j) on [0, 1]^5 has integral 1 and variance (pi^2/8)^5 - 1.
  constexpr std::size_t k = 5;
  const auto f = [](std::span<const double> x) {
    double product = 1.0;
    for (double v : x) product *= std::numbers::pi / 2 * std::sin(std::numbers::pi * v);
    return product;
  };
  const auto sobol_error = [&](std::size_t n) {
    const UnitPoints p = sobol_sequence(n, k);
    double sum = 0.0;
    for (std::size_t i = 0; i < n; ++i) sum += f(p.point(i));
    return std::abs(sum / static_cast<double>(n) - 1.0);
  };
  // Root-mean-square error of plain Monte Carlo over 8 independent pseudo-random point sets.
  const auto random_error = [&](std::size_t n) {
    double squares = 0.0;
    std::vector<double> x(k);
    for (std::uint32_t replicate = 0; replicate < 8; ++replicate) {
      CounterRng rng(31, replicate, 0, Process::sweep_design, 1000);
      double sum = 0.0;
      for (std::size_t i = 0; i < n; ++i) {
        for (double& v : x) v = uniform_open01(rng);
        sum += f(x);
      }
      squares += std::pow(sum / static_cast<double>(n) - 1.0, 2) / 8;
    }
    return std::sqrt(squares);
  };
  const double sobol_small = sobol_error(1 << 10), sobol_large = sobol_error(1 << 16);
  const double random_small = random_error(1 << 10), random_large = random_error(1 << 16);
  CHECK(sobol_small < random_small / 5);
  CHECK(sobol_large < random_large / 20);
  // 64 times the points: Monte Carlo gains about 8 times, Sobol far more (nearly 1/n).
  CHECK(sobol_small / sobol_large > 16);
  CHECK(random_small / random_large < 16);
}

TEST_CASE("sobol_sequence rejects bad arguments", "[design]") {
  require_invalid_argument([] { sobol_sequence(0, 3); }, "number of points");
  require_invalid_argument([] { sobol_sequence(4, 0); }, "number of dimensions");
  require_invalid_argument([] { sobol_sequence(4, sobol_max_dimensions + 1); }, "table has 1111");
  require_invalid_argument([] { sobol_sequence(2, 3, sobol_index_limit - 1); }, "ends at point 4294967295");
  require_invalid_argument([] { sobol_sequence(1, 3, sobol_index_limit); }, "ends at point");
}

// ---- Saltelli -----------------------------------------------------------------------------------

TEST_CASE("saltelli_design lays out A, B and the AB_i rows", "[design]") {
  constexpr std::size_t n = 64, k = 7, skip = 64;
  const UnitPoints design = saltelli_design(n, k, skip);
  REQUIRE(design.dimensions == k);
  REQUIRE(design.size() == n * (k + 2));
  const UnitPoints sobol = sobol_sequence(n, 2 * k, skip);
  for (std::size_t j = 0; j < n; ++j) {
    const std::size_t a = j * (k + 2), b = a + 1;
    for (std::size_t d = 0; d < k; ++d) {
      // A and B are the first and last k columns of the 2k-dimensional sequence.
      REQUIRE(design(a, d) == sobol(j, d));
      REQUIRE(design(b, d) == sobol(j, k + d));
    }
    for (std::size_t i = 0; i < k; ++i) {
      for (std::size_t d = 0; d < k; ++d) REQUIRE(design(a + 2 + i, d) == (d == i ? design(b, d) : design(a, d)));
    }
  }
}

TEST_CASE("saltelli_design defaults to SALib's skip and keeps points inside (0, 1)", "[design]") {
  CHECK(saltelli_default_skip(1) == 16);
  CHECK(saltelli_default_skip(16) == 16);
  CHECK(saltelli_default_skip(17) == 32);
  CHECK(saltelli_default_skip(1000) == 1024);
  CHECK(saltelli_default_skip(1024) == 1024);
  CHECK(saltelli_design(100, 4).values == saltelli_design(100, 4, 128).values);

  // With N a power of two the default skip makes the base rows an aligned block: A and B stay
  // stratified, and no coordinate is 0 or 1.
  constexpr std::size_t n = 256, k = 115;
  const UnitPoints design = saltelli_design(n, k);
  for (const std::size_t offset : {std::size_t{0}, std::size_t{1}}) {
    for (std::size_t d = 0; d < k; ++d) {
      std::vector<double> values(n);
      for (std::size_t j = 0; j < n; ++j) values[j] = design(j * (k + 2) + offset, d);
      CHECK(one_per_stratum(values));
    }
  }
  CHECK(std::all_of(design.values.begin(), design.values.end(), [](double x) { return x > 0.0 && x < 1.0; }));
  // Without a skip the first base row is Sobol point 0, all zeros.
  const UnitPoints unskipped = saltelli_design(4, 3, 0);
  for (std::size_t d = 0; d < 3; ++d) CHECK(unskipped(0, d) == 0.0);
}

TEST_CASE("saltelli_design rejects bad arguments", "[design]") {
  require_invalid_argument([] { saltelli_design(0, 3, 16); }, "number of base samples");
  require_invalid_argument([] { saltelli_design(8, 0, 16); }, "number of dimensions");
  require_invalid_argument([] { saltelli_design(8, 556, 16); }, "at most 555 dimensions");
  require_invalid_argument([] { saltelli_design(8, 3, sobol_index_limit - 4); }, "Sobol sequence ends");
  require_invalid_argument([] { saltelli_default_skip(0); }, "number of base samples");
  require_invalid_argument([] { saltelli_design(0, 3); }, "number of base samples");
  CHECK(saltelli_design(2, 555, 1).size() == 2 * 557);
}

// ---- Morris -------------------------------------------------------------------------------------

TEST_CASE("morris_trajectories move every coordinate once by delta along the grid", "[design]") {
  for (const int p : {2, 4, 6, 10}) {
    constexpr std::size_t r = 50, k = 9;
    const UnitPoints design = morris_trajectories(r, k, p, 11);
    REQUIRE(design.dimensions == k);
    REQUIRE(design.size() == r * (k + 1));
    const double delta = morris_delta(p);
    CHECK(delta == Approx(p / (2.0 * (p - 1))));
    const long half = p / 2;
    for (std::size_t t = 0; t < r; ++t) {
      std::vector<int> moves(k, 0);
      for (std::size_t s = 0; s <= k; ++s) {
        for (std::size_t d = 0; d < k; ++d) {
          const double x = design(t * (k + 1) + s, d);
          REQUIRE(x >= 0.0);
          REQUIRE(x <= 1.0);
          // On the grid {0, 1/(p-1), ..., 1}.
          REQUIRE(x * (p - 1) == Approx(std::round(x * (p - 1))).margin(1e-12));
        }
        if (s == 0) continue;
        std::size_t changed = 0;
        for (std::size_t d = 0; d < k; ++d) {
          const double before = design(t * (k + 1) + s - 1, d), after = design(t * (k + 1) + s, d);
          if (before == after) continue;
          ++changed;
          ++moves[d];
          CHECK(std::abs(std::lround(after * (p - 1)) - std::lround(before * (p - 1))) == half);
          CHECK(std::abs(after - before) == Approx(delta).epsilon(1e-15));
        }
        REQUIRE(changed == 1);
      }
      CHECK(std::all_of(moves.begin(), moves.end(), [](int m) { return m == 1; }));
    }
  }
}

TEST_CASE("morris_trajectories start anywhere on the grid and move up as often as down", "[design]") {
  constexpr int p = 4;
  constexpr std::size_t r = 2000, k = 5;
  const UnitPoints design = morris_trajectories(r, k, p, 3);
  std::array<double, p> starts{};
  std::size_t up = 0;
  for (std::size_t t = 0; t < r; ++t) {
    for (std::size_t d = 0; d < k; ++d) {
      const double start = design(t * (k + 1), d);
      ++starts[static_cast<std::size_t>(std::lround(start * (p - 1)))];
      up += design(t * (k + 1) + k, d) > start;
    }
  }
  // Chi-square with 3 degrees of freedom; its 0.999 quantile is 16.3.
  const double expected = static_cast<double>(r * k) / p;
  double chi2 = 0.0;
  for (double c : starts) chi2 += (c - expected) * (c - expected) / expected;
  CHECK(chi2 < 16.3);
  CHECK(static_cast<double>(up) / (r * k) == Approx(0.5).margin(0.03));
}

TEST_CASE("morris_trajectories are reproducible per seed", "[design]") {
  const UnitPoints a = morris_trajectories(20, 6, 4, 5);
  CHECK(a.values == morris_trajectories(20, 6, 4, 5).values);
  CHECK(a.values != morris_trajectories(20, 6, 4, 6).values);
  // Each trajectory has its own stream, so more trajectories extend the design without changing it.
  const UnitPoints more = morris_trajectories(30, 6, 4, 5);
  CHECK(std::equal(a.values.begin(), a.values.end(), more.values.begin()));
  // A Latin hypercube with the same seed uses other streams.
  CHECK(latin_hypercube(7, 6, 5).values != std::vector<double>(a.values.begin(), a.values.begin() + 42));
}

TEST_CASE("morris_trajectories reject bad arguments", "[design]") {
  require_invalid_argument([] { morris_trajectories(4, 3, 1, 1); }, "at least 2, got 1");
  require_invalid_argument([] { morris_trajectories(4, 3, -4, 1); }, "at least 2, got -4");
  require_invalid_argument([] { morris_trajectories(4, 3, 5, 1); }, "must be even");
  require_invalid_argument([] { morris_delta(3); }, "must be even");
  require_invalid_argument([] { morris_trajectories(0, 3, 4, 1); }, "number of trajectories");
  require_invalid_argument([] { morris_trajectories(4, 0, 4, 1); }, "number of dimensions");
}

// ---- Full factorial -----------------------------------------------------------------------------

TEST_CASE("full_factorial lists the grid with the last factor fastest", "[design]") {
  const std::vector<std::size_t> levels{2, 3, 2};
  const auto grid = full_factorial(levels);
  REQUIRE(full_factorial_size(levels) == 12);
  REQUIRE(grid.size() == 12);
  std::size_t i = 0;
  for (std::size_t a = 0; a < 2; ++a) {
    for (std::size_t b = 0; b < 3; ++b) {
      for (std::size_t c = 0; c < 2; ++c, ++i) {
        CHECK(grid[i] == std::vector<std::size_t>{a, b, c});
        CHECK(full_factorial_point(levels, i) == grid[i]);
      }
    }
  }
  const std::vector<std::size_t> single{1, 4};
  CHECK(full_factorial(single) == std::vector<std::vector<std::size_t>>{{0, 0}, {0, 1}, {0, 2}, {0, 3}});
  const std::vector<std::size_t> one_factor{3};
  CHECK(full_factorial(one_factor) == std::vector<std::vector<std::size_t>>{{0}, {1}, {2}});
}

TEST_CASE("full_factorial refuses grids that are empty or too large", "[design]") {
  require_invalid_argument([] { full_factorial(std::vector<std::size_t>{}); }, "at least one factor");
  require_invalid_argument([] { full_factorial(std::vector<std::size_t>{3, 0, 2}); }, "factor 1 has no levels");
  // Exactly the limit is allowed; one more level is not, and neither is a product that overflows.
  const std::vector<std::size_t> at_limit{10000, 10000};
  CHECK(full_factorial_size(at_limit) == full_factorial_max_points);
  CHECK(full_factorial_point(at_limit, full_factorial_max_points - 1) == std::vector<std::size_t>{9999, 9999});
  require_invalid_argument([] { full_factorial_size(std::vector<std::size_t>{10001, 10000}); }, "more than the");
  const std::size_t huge = std::numeric_limits<std::size_t>::max();
  require_invalid_argument([&] { full_factorial(std::vector<std::size_t>{huge, huge, 2}); }, "more than the");
  require_invalid_argument([] { full_factorial_point(std::vector<std::size_t>{2, 3}, 6); }, "grid has 6 points");
}
