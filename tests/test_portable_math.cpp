// jimsim's own exp, log and cosine (sim/portable_math.hpp) and the distributions built on them
// (sim/distributions.hpp): accuracy against <cmath>, edge values, the same bits in vector and scalar
// code, and the moments of every distribution the model draws from.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

#include "sim/distributions.hpp"
#include "sim/portable_math.hpp"
#include "sim/random.hpp"

using namespace jimsim;

namespace {

// Distance in units in the last place of `reference`.
double ulps(double value, double reference) {
  if (value == reference) return 0.0;
  const double ulp = std::nextafter(reference, std::numeric_limits<double>::infinity()) - reference;
  return std::abs(value - reference) / std::abs(ulp);
}

// Points spread evenly over [from, to] with a fixed pseudo-random jitter.
std::vector<double> points(double from, double to, int count) {
  std::vector<double> x(static_cast<std::size_t>(count));
  CounterRng rng(5, 0, 0, Process::weekly, 0);
  for (int i = 0; i < count; ++i) x[static_cast<std::size_t>(i)] = from + (to - from) * (i + uniform_open01(rng)) / count;
  return x;
}

// Called through a pointer the compiler cannot see through, so each call is scalar code.
double (*volatile scalar_exp)(double) = [](double x) { return math::exp(x); };
double (*volatile scalar_log)(double) = [](double x) { return math::log(x); };
double (*volatile scalar_cos)(double) = [](double x) { return math::cos_two_pi(x); };

}  // namespace

TEST_CASE("exp, expm1, log and log1p are within a few units in the last place of <cmath>", "[math]") {
  double worst_exp = 0, worst_expm1 = 0, worst_log = 0, worst_log1p = 0;
  for (double x : points(-700.0, 700.0, 200000)) worst_exp = std::max(worst_exp, ulps(math::exp(x), std::exp(x)));
  for (double x : points(-3.0, 3.0, 200000)) worst_expm1 = std::max(worst_expm1, ulps(math::expm1(x), std::expm1(x)));
  for (double e : points(-740.0, 700.0, 200000)) {
    const double x = std::exp(e);
    worst_log = std::max(worst_log, ulps(math::log(x), std::log(x)));
  }
  for (double e : points(-40.0, 0.0, 100000)) {
    const double x = std::exp(e);
    worst_log1p = std::max(worst_log1p, ulps(math::log1p(x), std::log1p(x)));
    worst_log1p = std::max(worst_log1p, ulps(math::log1p(-0.5 * x), std::log1p(-0.5 * x)));
  }
  // Measured: 1, 2, 1 and 3.
  CHECK(worst_exp <= 2);
  CHECK(worst_expm1 <= 2);
  CHECK(worst_log <= 2);
  CHECK(worst_log1p <= 4);
}

TEST_CASE("cos_two_pi is within a few units in the last place of a long double reference", "[math]") {
  double worst = 0.0;
  for (double u : points(-1.0, 2.0, 300000)) {
    const auto reference = static_cast<double>(std::cos(6.283185307179586476925286766559L * static_cast<long double>(u)));
    if (std::abs(reference) > 1e-3) worst = std::max(worst, ulps(math::cos_two_pi(u), reference));
  }
  CHECK(worst <= 6);  // measured 4
  CHECK(math::cos_two_pi(0.0) == 1.0);
  CHECK(math::cos_two_pi(0.5) == -1.0);
  CHECK(math::cos_two_pi(0.25) == Approx(0.0).margin(1e-16));
}

TEST_CASE("the portable functions' edge values", "[math]") {
  constexpr double inf = std::numeric_limits<double>::infinity();
  CHECK(math::exp(0.0) == 1.0);
  CHECK(math::exp(-1000.0) == 0.0);
  CHECK(math::exp(1000.0) == inf);
  CHECK(std::isnan(math::exp(std::nan(""))));
  CHECK(math::log(1.0) == 0.0);
  CHECK(math::log(0.0) == -inf);
  CHECK(std::isnan(math::log(-1.0)));
  CHECK(math::log(inf) == inf);
  CHECK(math::log(4.9e-324) == Approx(std::log(4.9e-324)));  // subnormal
  CHECK(math::expm1(0.0) == 0.0);
  CHECK(math::expm1(1e-300) == 1e-300);
  CHECK(math::log1p(0.0) == 0.0);
  CHECK(math::log1p(1e-300) == 1e-300);
  CHECK(math::log1p(-1.0) == -inf);
}

TEST_CASE("exp_upper_bound is never below exp and at most 7% above it", "[math]") {
  // Over the whole range exp returns a normal number, densely near 0 where the hazards are, and at
  // the points where x / ln 2 is a half-integer (the chord's ends) and an integer (its middle).
  std::vector<double> x = points(-708.0, 709.0, 400000);
  for (const double near : points(-10.0, 10.0, 400000)) x.push_back(near);
  for (int n = -1021; n <= 1022; ++n) {
    for (const double f : {-0.5, 0.0, 0.5}) {
      const double at = (n + f) * 0.69314718055994530942;
      for (const double y : {std::nextafter(at, -1e300), at, std::nextafter(at, 1e300)}) x.push_back(y);
    }
  }
  double lowest_ratio = 2.0, highest_ratio = 0.0;
  for (const double y : x) {
    if (y < -708.0 || y > 709.0) continue;
    const double exact = math::exp(y), bound = math::exp_upper_bound(y);
    if (exact == 0.0 || std::isinf(exact) || std::isinf(bound)) continue;
    lowest_ratio = std::min(lowest_ratio, bound / exact);
    highest_ratio = std::max(highest_ratio, bound / exact);
  }
  CHECK(lowest_ratio >= 1.0);
  CHECK(lowest_ratio < 1.0 + 1e-6);  // the chord touches 2^f at its ends
  CHECK(highest_ratio <= 1.07);
  constexpr double inf = std::numeric_limits<double>::infinity();
  CHECK(math::exp_upper_bound(-1000.0) == 0.0);  // as exp
  CHECK(math::exp_upper_bound(-inf) == 0.0);
  CHECK(math::exp_upper_bound(709.5) == inf);
  CHECK(math::exp_upper_bound(1000.0) == inf);
  CHECK(math::exp_upper_bound(inf) == inf);
  CHECK(std::isnan(math::exp_upper_bound(std::nan(""))));
}

TEST_CASE("vector and scalar code give the same bits", "[math]") {
  // The loops below vectorise in an optimised build; the reference calls go through a pointer, so
  // they are scalar. IEEE arithmetic is exact per operation and nothing is reassociated, so the
  // results must be identical: what makes results independent of the instruction set.
  const std::vector<double> x = points(-30.0, 30.0, 4099), u = points(0.0, 1.0, 4099);
  std::vector<double> e(x.size()), l(x.size()), c(x.size());
  for (std::size_t i = 0; i < x.size(); ++i) e[i] = math::exp(x[i]);
  for (std::size_t i = 0; i < x.size(); ++i) l[i] = math::log(u[i]);
  for (std::size_t i = 0; i < x.size(); ++i) c[i] = math::cos_two_pi(u[i]);
  int differing = 0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    differing += e[i] != scalar_exp(x[i]);
    differing += l[i] != scalar_log(u[i]);
    differing += c[i] != scalar_cos(u[i]);
  }
  CHECK(differing == 0);
}

namespace {

struct Moments {
  double mean = 0, variance = 0, skewness = 0, kurtosis = 0;
};

template <class Draw>
Moments moments(int n, Draw draw) {
  std::vector<double> x(static_cast<std::size_t>(n));
  double sum = 0;
  for (int i = 0; i < n; ++i) {
    CounterRng rng(11, 0, static_cast<std::uint32_t>(i), Process::weekly, 3);
    x[static_cast<std::size_t>(i)] = draw(rng);
    sum += x[static_cast<std::size_t>(i)];
  }
  Moments m;
  m.mean = sum / n;
  double m2 = 0, m3 = 0, m4 = 0;
  for (double v : x) {
    const double d = v - m.mean;
    m2 += d * d;
    m3 += d * d * d;
    m4 += d * d * d * d;
  }
  m.variance = m2 / (n - 1);
  m.skewness = (m3 / n) / std::pow(m2 / n, 1.5);
  m.kurtosis = (m4 / n) / ((m2 / n) * (m2 / n));
  return m;
}

}  // namespace

TEST_CASE("the normal draw has the moments and tails of a standard normal", "[math][distributions]") {
  // 400,000 draws: standard errors of mean 0.0016, variance 0.0022, skewness 0.0039, kurtosis 0.0077;
  // the tolerances are 4 standard errors.
  constexpr int n = 400000;
  const Moments m = moments(n, [](CounterRng& rng) { return standard_normal(rng); });
  CHECK(m.mean == Approx(0.0).margin(0.0064));
  CHECK(m.variance == Approx(1.0).margin(0.009));
  CHECK(m.skewness == Approx(0.0).margin(0.016));
  CHECK(m.kurtosis == Approx(3.0).margin(0.031));
  // Tail shares beyond 2 and 3 standard deviations: 0.0455 and 0.0027 (binomial standard errors
  // 0.00033 and 0.000082).
  int beyond_2 = 0, beyond_3 = 0;
  for (int i = 0; i < n; ++i) {
    CounterRng rng(12, 0, static_cast<std::uint32_t>(i), Process::weekly, 0);
    const double z = std::abs(standard_normal(rng));
    beyond_2 += z > 2.0;
    beyond_3 += z > 3.0;
  }
  CHECK(beyond_2 / double{n} == Approx(0.0455).margin(4 * 0.00033));
  CHECK(beyond_3 / double{n} == Approx(0.0027).margin(4 * 0.000082));
}

TEST_CASE("exponential, gamma, beta and Poisson draws have their means and variances", "[math][distributions]") {
  constexpr int n = 200000;
  // Each check: the sample mean within 4 standard errors, the sample variance within 5% (its
  // relative standard error is below 1.3% for these shapes at this n).
  const auto check = [&](const Moments& m, double mean, double variance) {
    CHECK(m.mean == Approx(mean).margin(4 * std::sqrt(variance / n)));
    CHECK(m.variance == Approx(variance).epsilon(0.05));
  };
  check(moments(n, [](CounterRng& r) { return draw_exponential(r, 0.25); }), 4.0, 16.0);
  for (const double shape : {0.4, 1.0, 2.0, 4.0, 30.0}) {
    INFO("gamma shape " << shape);
    check(moments(n, [&](CounterRng& r) { return draw_gamma_shape(r, 3.0, shape); }), 3.0, 9.0 / shape);
  }
  check(moments(n, [](CounterRng& r) { return draw_gamma_mean_sd(r, 9.0, 5.1); }), 9.0, 5.1 * 5.1);
  for (const double mean : {0.2, 0.5, 0.8}) {
    INFO("beta mean " << mean);
    const double concentration = 10.0;
    check(moments(n, [&](CounterRng& r) { return draw_beta(r, mean, concentration); }), mean,
          mean * (1 - mean) / (concentration + 1));
  }
  for (const double mean : {0.3, 8.0, 100.0}) {
    INFO("Poisson mean " << mean);
    check(moments(n, [&](CounterRng& r) { return static_cast<double>(draw_poisson(r, mean)); }), mean, mean);
  }
  CounterRng rng(1, 0, 0, Process::weekly, 0);
  CHECK(draw_beta(rng, 0.0, 10.0) == 0.0);
  CHECK(draw_beta(rng, 1.0, 10.0) == 1.0);
  CHECK(draw_gamma_shape(rng, 0.0, 2.0) == 0.0);
  CHECK(draw_gamma_mean_sd(rng, 5.0, 0.0) == 5.0);
  CHECK(draw_poisson(rng, 0.0) == 0);
}
