// The sensitivity estimators on functions whose indices are known analytically: the Ishigami
// function (Ishigami and Homma 1990; the test function of Saltelli et al. 2010) for the Sobol
// indices and the variance split, a linear function and Ishigami on a 4-level grid for Morris.
#include <catch2/catch.hpp>

#include <array>
#include <boost/random/normal_distribution.hpp>
#include <boost/random/uniform_int_distribution.hpp>
#include <cmath>
#include <cstdint>
#include <numbers>
#include <numeric>
#include <stdexcept>
#include <vector>

#include "analysis/sensitivity.hpp"
#include "sim/random.hpp"

using namespace jimsim;
using Catch::Matchers::Contains;

namespace {

constexpr double pi = std::numbers::pi;
constexpr double ishigami_a = 7.0;
constexpr double ishigami_b = 0.1;

using Point = std::array<double, 3>;

// x_i uniform on [-pi, pi].
double ishigami(const Point& x) {
  const double s2 = std::sin(x[1]);
  return std::sin(x[0]) + ishigami_a * s2 * s2 + ishigami_b * std::pow(x[2], 4) * std::sin(x[0]);
}

// The analytic partial variances, from the formulas of Saltelli et al. 2010 (section 5).
struct IshigamiIndices {
  double variance;
  std::array<double, 3> first, total;
};

IshigamiIndices ishigami_indices() {
  const double a = ishigami_a, b = ishigami_b;
  const double pi4 = std::pow(pi, 4), pi8 = std::pow(pi, 8);
  const double v = a * a / 8 + b * pi4 / 5 + b * b * pi8 / 18 + 0.5;
  const double v1 = 0.5 * std::pow(1 + b * pi4 / 5, 2);
  const double v2 = a * a / 8;
  const double v13 = b * b * pi8 * (1.0 / 18 - 1.0 / 50);
  return {v, {v1 / v, v2 / v, 0.0}, {(v1 + v13) / v, v2 / v, v13 / v}};
}

// The points of a Saltelli design with `rows` base rows, in the layout sobol_indices expects: for
// base row j, A_j, B_j, then AB_j^(i) for each parameter i. A and B are uniform on [-pi, pi]^3.
std::vector<Point> saltelli_points(std::uint64_t seed, std::size_t rows) {
  std::vector<Point> points;
  points.reserve(rows * 5);
  for (std::size_t j = 0; j < rows; ++j) {
    CounterRng rng(seed, 0, static_cast<std::uint32_t>(j), Process::sweep_design, 0);
    Point a, b;
    for (double& x : a) x = -pi + 2 * pi * uniform_open01(rng);
    for (double& x : b) x = -pi + 2 * pi * uniform_open01(rng);
    points.push_back(a);
    points.push_back(b);
    for (std::size_t i = 0; i < 3; ++i) {
      Point ab = a;
      ab[i] = b[i];
      points.push_back(ab);
    }
  }
  return points;
}

std::vector<double> ishigami_outputs(const std::vector<Point>& points) {
  std::vector<double> outputs;
  outputs.reserve(points.size());
  for (const Point& x : points) outputs.push_back(ishigami(x));
  return outputs;
}

BootstrapOptions no_bootstrap() { return {0, 0.95, 1}; }

// Morris trajectories on a `levels`-level grid of the unit cube: a random start on the grid, then
// each coordinate moved once, in random order, by delta = levels / (2 (levels - 1)), upwards when
// that stays in the cube and downwards otherwise. Row-major, k values a point.
std::vector<double> morris_points(std::uint64_t seed, std::size_t trajectories, std::size_t k, int levels = 4) {
  const int jump = levels / 2;  // delta in grid steps
  std::vector<double> points;
  for (std::size_t t = 0; t < trajectories; ++t) {
    CounterRng rng(seed, 0, static_cast<std::uint32_t>(t), Process::sweep_design, 1);
    boost::random::uniform_int_distribution<int> level(0, levels - 1);
    std::vector<int> at(k);
    for (int& l : at) l = level(rng);
    std::vector<std::size_t> order(k);
    std::iota(order.begin(), order.end(), std::size_t{0});
    for (std::size_t i = k - 1; i > 0; --i) {
      boost::random::uniform_int_distribution<std::size_t> pick(0, i);
      std::swap(order[i], order[pick(rng)]);
    }
    auto append = [&] {
      for (const int l : at) points.push_back(l / static_cast<double>(levels - 1));
    };
    append();
    for (const std::size_t i : order) {
      at[i] += at[i] + jump <= levels - 1 ? jump : -jump;
      append();
    }
  }
  return points;
}

}  // namespace

TEST_CASE("Sobol indices of the Ishigami function are within 0.02 of the analytic values at N = 2^17",
          "[sensitivity]") {
  const IshigamiIndices exact = ishigami_indices();
  // Over 200 seeds at this N the largest error of any index was 0.014 and the root mean square
  // error of the noisiest, ST1 (its Jansen terms carry x3^8), was 0.004: 0.02 is 5 of those.
  const std::size_t rows = std::size_t{1} << 17;
  const auto indices = sobol_indices(ishigami_outputs(saltelli_points(11, rows)), 3, no_bootstrap());
  REQUIRE(indices.size() == 3);
  for (std::size_t i = 0; i < 3; ++i) {
    INFO("parameter x" << i + 1);
    CHECK(indices[i].first == Approx(exact.first[i]).margin(0.02));
    CHECK(indices[i].total == Approx(exact.total[i]).margin(0.02));
    CHECK(std::isnan(indices[i].first_low));  // no resamples, no interval
  }
}

TEST_CASE("Bootstrap intervals of Sobol indices cover the analytic value about 95% of the time", "[sensitivity]") {
  const IshigamiIndices exact = ishigami_indices();
  // 200 independent designs of N = 256 rows, 500 resamples each. Measured coverage was 0.92 to 0.97
  // per index (percentile intervals undercover a little at small N, most for ST1). With 200 trials a
  // true coverage of 0.92 has a binomial standard deviation of 0.019, so 0.85 is 3.7 of them below;
  // at most one miss in 200 (above 0.995) would mean intervals far too wide.
  const int trials = 200;
  const std::size_t rows = 256;
  std::array<int, 3> first_covered{}, total_covered{};
  for (int trial = 0; trial < trials; ++trial) {
    const auto seed = static_cast<std::uint64_t>(1000 + trial);
    const auto indices = sobol_indices(ishigami_outputs(saltelli_points(seed, rows)), 3, {500, 0.95, seed});
    for (std::size_t i = 0; i < 3; ++i) {
      first_covered[i] += indices[i].first_low <= exact.first[i] && exact.first[i] <= indices[i].first_high;
      total_covered[i] += indices[i].total_low <= exact.total[i] && exact.total[i] <= indices[i].total_high;
    }
  }
  for (std::size_t i = 0; i < 3; ++i) {
    INFO("parameter x" << i + 1);
    const double first = first_covered[i] / static_cast<double>(trials);
    const double total = total_covered[i] / static_cast<double>(trials);
    CHECK(first >= 0.85);
    CHECK(first <= 0.995);
    CHECK(total >= 0.85);
    CHECK(total <= 0.995);
  }
}

TEST_CASE("Sobol intervals bracket the estimates and are a pure function of the seed", "[sensitivity]") {
  const std::vector<double> outputs = ishigami_outputs(saltelli_points(5, 512));
  const auto once = sobol_indices(outputs, 3, {300, 0.9, 42});
  const auto again = sobol_indices(outputs, 3, {300, 0.9, 42});
  const auto other = sobol_indices(outputs, 3, {300, 0.9, 43});
  bool any_differs = false;
  for (std::size_t i = 0; i < 3; ++i) {
    CHECK(once[i].first_low <= once[i].first);
    CHECK(once[i].first <= once[i].first_high);
    CHECK(once[i].total_low <= once[i].total);
    CHECK(once[i].total <= once[i].total_high);
    CHECK(once[i].first_low == again[i].first_low);
    CHECK(once[i].first_high == again[i].first_high);
    CHECK(once[i].total_low == again[i].total_low);
    CHECK(once[i].total_high == again[i].total_high);
    CHECK(once[i].first == other[i].first);  // the estimates do not depend on the seed
    any_differs = any_differs || once[i].first_low != other[i].first_low || once[i].total_high != other[i].total_high;
  }
  CHECK(any_differs);
}

TEST_CASE("Sobol indices do not change when the outcome is shifted by a large constant", "[sensitivity]") {
  // An outcome such as a cost has a large mean and a comparatively small spread; the estimators
  // must not lose it to cancellation. Shifting by 1e6 costs about 1e-10 relative in the outputs.
  std::vector<double> outputs = ishigami_outputs(saltelli_points(3, 4096));
  const auto plain = sobol_indices(outputs, 3, no_bootstrap());
  for (double& y : outputs) y += 1e6;
  const auto shifted = sobol_indices(outputs, 3, no_bootstrap());
  for (std::size_t i = 0; i < 3; ++i) {
    CHECK(shifted[i].first == Approx(plain[i].first).margin(1e-6));
    CHECK(shifted[i].total == Approx(plain[i].total).margin(1e-6));
  }
}

TEST_CASE("With independent noise the chance share is sigma^2 / (V + sigma^2) and Sobol indices of the point "
          "means are near the analytic ones",
          "[sensitivity]") {
  const IshigamiIndices exact = ishigami_indices();
  const double sigma = 2.0;
  const std::size_t rows = std::size_t{1} << 15, replicates = 10;
  const std::vector<Point> points = saltelli_points(21, rows);
  std::vector<double> outputs;
  outputs.reserve(points.size() * replicates);
  boost::random::normal_distribution<double> z;
  for (std::size_t p = 0; p < points.size(); ++p) {
    CounterRng rng(21, 0, static_cast<std::uint32_t>(p), Process::sweep_design, 2);
    const double g = ishigami(points[p]);
    for (std::size_t r = 0; r < replicates; ++r) outputs.push_back(g + sigma * z(rng));
  }

  const VarianceSplit split = split_variance(outputs, points.size(), replicates);
  const double noise = sigma * sigma;
  // 163,840 points: the chance variance averages 9 degrees of freedom a point, so its relative
  // standard error is sqrt(2 / (9 * 163840)) = 0.001; the parameter variance's is about
  // sqrt((kurtosis - 1) / 163840) = 0.003 for Ishigami. The share's standard error is then below
  // 0.001; 0.01 allows for the correlation of points within a Saltelli row.
  CHECK(split.chance_share == Approx(noise / (exact.variance + noise)).margin(0.01));
  CHECK(split.parameter_share == Approx(1 - split.chance_share).margin(1e-12));
  CHECK(split.chance_variance == Approx(noise).epsilon(0.01));
  CHECK(split.parameter_variance == Approx(exact.variance).epsilon(0.03));

  // A point mean carries noise of variance s = sigma^2 / R, independent across points. It adds s to
  // V and to every f(A) - f(AB) difference, so the indices converge to V_i / (V + s) and
  // (VT_i + s) / (V + s): a bias of at most s / V = 0.03 here. At N = 2^15 the sampling error's
  // root mean square is about 0.008 for ST1 (twice that at 2^17), so 0.04 is 5 of them; the
  // tolerance against the analytic indices widens by the bias bound.
  const std::vector<double> means = point_means(outputs, points.size(), replicates);
  const auto indices = sobol_indices(means, 3, no_bootstrap());
  const double s = noise / static_cast<double>(replicates);
  for (std::size_t i = 0; i < 3; ++i) {
    INFO("parameter x" << i + 1);
    const double v = exact.variance;
    CHECK(indices[i].first == Approx(exact.first[i] * v / (v + s)).margin(0.04));
    CHECK(indices[i].total == Approx((exact.total[i] * v + s) / (v + s)).margin(0.04));
    CHECK(indices[i].first == Approx(exact.first[i]).margin(0.04 + s / v));
    CHECK(indices[i].total == Approx(exact.total[i]).margin(0.04 + s / v));
  }
}

TEST_CASE("With noise shared by all points per replicate the chance share is the within-point spread and the "
          "point means carry no noise",
          "[sensitivity]") {
  // Common random numbers taken to the extreme: y[p][r] = g(x_p) + sigma z[r]. Every point spreads
  // exactly like sigma z over replicates, so the chance variance is sigma^2 times the sample
  // variance of the R draws; the point means are g(x_p) + sigma mean(z), a constant shift, so their
  // variance is that of g and the Sobol indices of the means are those of g. The noise is all in the
  // replicate effect and none in the point-by-replicate interaction, so the split subtracts nothing
  // from the variance of the means: the parameter variance is exactly that of g.
  const double sigma = 2.0;
  const std::size_t rows = 2048, replicates = 8;
  const std::vector<Point> points = saltelli_points(31, rows);
  const std::vector<double> clean = ishigami_outputs(points);
  std::vector<double> shared(replicates);
  boost::random::normal_distribution<double> z;
  for (std::size_t r = 0; r < replicates; ++r) {
    CounterRng rng(31, static_cast<std::uint32_t>(r), 0, Process::sweep_design, 3);
    shared[r] = sigma * z(rng);
  }
  std::vector<double> outputs;
  for (const double g : clean) {
    for (const double noise : shared) outputs.push_back(g + noise);
  }

  auto sample_variance = [](const std::vector<double>& v) {
    const double mean = std::accumulate(v.begin(), v.end(), 0.0) / static_cast<double>(v.size());
    double squares = 0;
    for (const double x : v) squares += (x - mean) * (x - mean);
    return squares / static_cast<double>(v.size() - 1);
  };
  const double chance = sample_variance(shared);
  const double between = sample_variance(clean);
  const VarianceSplit split = split_variance(outputs, points.size(), replicates);
  // Identities up to rounding: values near 20 lose about 1e-14 each, so 1e-9 relative is ample.
  CHECK(split.chance_variance == Approx(chance).epsilon(1e-9));
  CHECK(split.parameter_variance == Approx(between).epsilon(1e-9));
  CHECK(split.chance_share == Approx(chance / (between + chance)).epsilon(1e-9));

  const auto from_means = sobol_indices(point_means(outputs, points.size(), replicates), 3, no_bootstrap());
  const auto from_clean = sobol_indices(clean, 3, no_bootstrap());
  for (std::size_t i = 0; i < 3; ++i) {
    CHECK(from_means[i].first == Approx(from_clean[i].first).margin(1e-9));
    CHECK(from_means[i].total == Approx(from_clean[i].total).margin(1e-9));
  }
}

TEST_CASE("Morris effects of a linear function are its coefficients with zero spread", "[sensitivity]") {
  const std::vector<double> c = {3.0, -2.0, 0.5, 0.0, 10.0};
  const std::size_t k = c.size(), trajectories = 20;
  const std::vector<double> points = morris_points(7, trajectories, k);
  std::vector<double> outputs;
  for (std::size_t p = 0; p < points.size() / k; ++p) {
    double y = 0;
    for (std::size_t i = 0; i < k; ++i) y += c[i] * points[p * k + i];
    outputs.push_back(y);
  }
  const auto indices = morris_indices(points, k, outputs, {200, 0.95, 1});
  REQUIRE(indices.size() == k);
  // Each effect is c_i up to the rounding of a five-term sum of values below 10, divided by 2/3.
  for (std::size_t i = 0; i < k; ++i) {
    INFO("parameter " << i);
    CHECK(indices[i].mu == Approx(c[i]).margin(1e-12));
    CHECK(indices[i].mu_star == Approx(std::abs(c[i])).margin(1e-12));
    CHECK(indices[i].sigma == Approx(0.0).margin(1e-12));
    CHECK(indices[i].mu_star_low == Approx(std::abs(c[i])).margin(1e-12));
    CHECK(indices[i].mu_star_high == Approx(std::abs(c[i])).margin(1e-12));
  }
}

TEST_CASE("Morris screening of the Ishigami function ranks x1 and x2 above x3, whose mean effect is 0",
          "[sensitivity]") {
  // On the 4-level grid x_i takes -pi, -pi/3, pi/3, pi and moves by two levels (delta = 2/3), so:
  // - x2 moves between sin^2 = 0 and 3/4: every |EE2| is a (3/4) / (2/3) = 9a/8, its sign set by
  //   the pair of levels, so mu*2 = 9a/8 exactly and mu2 averages 0;
  // - x1 moves between sin = 0 and sqrt(3)/2 upwards in both pairs: EE1 = (3 sqrt(3)/4)(1 + b x3^4)
  //   > 0, so mu1 = mu*1, with expectation (3 sqrt(3)/4)(1 + b (pi^4 + (pi/3)^4) / 2) = 7.70;
  // - EE3 = b sin(x1) (x3'^4 - x3^4) / (2/3) with |x3'^4 - x3^4| = (80/81) pi^4 and sin x1 = 0 or
  //   +-sqrt(3)/2 with equal chance, so mu3 averages 0 and mu*3 averages
  //   b (sqrt(3)/4)(80/81) pi^4 (3/2) = 6.25, below mu*1 and mu*2.
  const std::size_t k = 3, trajectories = 1000;
  const std::vector<double> points = morris_points(13, trajectories, k);
  std::vector<double> outputs;
  for (std::size_t p = 0; p < points.size() / k; ++p) {
    Point x;
    for (std::size_t i = 0; i < k; ++i) x[i] = -pi + 2 * pi * points[p * k + i];
    outputs.push_back(ishigami(x));
  }
  const auto m = morris_indices(points, k, outputs, {500, 0.95, 2});
  const double a = ishigami_a, b = ishigami_b, pi4 = std::pow(pi, 4);
  const double root_r = std::sqrt(static_cast<double>(trajectories));

  // Rounding only: sin(+-pi) is 1e-16, not 0.
  CHECK(m[1].mu_star == Approx(9 * a / 8).epsilon(1e-9));
  CHECK(m[0].mu == Approx(m[0].mu_star).epsilon(1e-12));
  // Sampling: 4 standard errors of a mean over 1000 trajectories. For mu*3, |EE3| is 0 or twice its
  // mean with equal chance, so its standard deviation equals its mean.
  const double mu_star_1 = 3 * std::sqrt(3.0) / 4 * (1 + b * (pi4 + pi4 / 81) / 2);
  const double mu_star_3 = b * std::sqrt(3.0) / 4 * 80.0 / 81 * pi4 * 1.5;
  CHECK(m[0].mu_star == Approx(mu_star_1).margin(4 * m[0].sigma / root_r));
  CHECK(m[2].mu_star == Approx(mu_star_3).margin(4 * mu_star_3 / root_r));
  CHECK(std::abs(m[1].mu) <= 4 * m[1].sigma / root_r);
  CHECK(std::abs(m[2].mu) <= 4 * m[2].sigma / root_r);
  CHECK(m[2].mu_star > 0);
  // The expected gaps, 1.45 and 1.63, are 5 and 6 standard errors of the difference.
  CHECK(m[0].mu_star > m[2].mu_star);
  CHECK(m[1].mu_star > m[2].mu_star);

  for (std::size_t i = 0; i < k; ++i) {
    CHECK(m[i].mu_star_low <= m[i].mu_star);
    CHECK(m[i].mu_star <= m[i].mu_star_high);
  }
  CHECK(m[1].mu_star_low == Approx(9 * a / 8).epsilon(1e-9));  // every resample sees the same |EE2|
  CHECK(m[1].mu_star_high == Approx(9 * a / 8).epsilon(1e-9));
}

TEST_CASE("Morris intervals are a pure function of the seed", "[sensitivity]") {
  const std::size_t k = 3;
  const std::vector<double> points = morris_points(17, 50, k);
  std::vector<double> outputs;
  for (std::size_t p = 0; p < points.size() / k; ++p) {
    Point x;
    for (std::size_t i = 0; i < k; ++i) x[i] = -pi + 2 * pi * points[p * k + i];
    outputs.push_back(ishigami(x));
  }
  const auto once = morris_indices(points, k, outputs, {300, 0.95, 9});
  const auto again = morris_indices(points, k, outputs, {300, 0.95, 9});
  const auto other = morris_indices(points, k, outputs, {300, 0.95, 10});
  CHECK(once[0].mu_star_low == again[0].mu_star_low);
  CHECK(once[0].mu_star_high == again[0].mu_star_high);
  CHECK(once[2].mu_star_low == again[2].mu_star_low);
  CHECK(once[2].mu_star_high == again[2].mu_star_high);
  CHECK((once[0].mu_star_low != other[0].mu_star_low || once[0].mu_star_high != other[0].mu_star_high));
  CHECK((once[2].mu_star_low != other[2].mu_star_low || once[2].mu_star_high != other[2].mu_star_high));
}

TEST_CASE("Sobol indices reject malformed Saltelli outputs and options", "[sensitivity]") {
  const std::vector<double> outputs = ishigami_outputs(saltelli_points(1, 10));  // 10 rows of 5
  CHECK_THROWS_AS(sobol_indices(outputs, 0), std::invalid_argument);
  CHECK_THROWS_WITH(sobol_indices(outputs, 0), Contains("at least one parameter"));
  CHECK_THROWS_WITH(sobol_indices(outputs, 2), Contains("not a multiple of parameters + 2 = 4"));
  CHECK_THROWS_AS(sobol_indices(std::span(outputs).first(49), 3), std::invalid_argument);
  CHECK_THROWS_WITH(sobol_indices(std::span(outputs).first(5), 3), Contains("1 base rows, need at least 2"));
  CHECK_THROWS_WITH(sobol_indices(std::vector<double>(50, 4.0), 3), Contains("zero variance"));
  std::vector<double> with_nan = outputs;
  with_nan[7] = std::nan("");
  CHECK_THROWS_WITH(sobol_indices(with_nan, 3), Contains("output 7 is not finite"));
  CHECK_THROWS_WITH(sobol_indices(outputs, 3, {100, 1.0, 1}), Contains("confidence level"));
  CHECK_THROWS_WITH(sobol_indices(outputs, 3, {100, 0.0, 1}), Contains("confidence level"));
}

TEST_CASE("Morris indices reject malformed designs", "[sensitivity]") {
  // Two parameters, trajectories of three points.
  const std::vector<double> good = {0, 0, 1, 0, 1, 1, /**/ 1, 1, 1, 0, 0, 0};
  const std::vector<double> outputs = {0, 1, 2, 2, 1, 0};
  CHECK_NOTHROW(morris_indices(good, 2, outputs, {10, 0.95, 1}));
  CHECK_THROWS_AS(morris_indices(good, 0, outputs), std::invalid_argument);
  CHECK_THROWS_WITH(morris_indices(good, 0, outputs), Contains("at least one parameter"));
  CHECK_THROWS_WITH(morris_indices(good, 2, std::span(outputs).first(5)), Contains("12 coordinates for 5 outputs of 2 parameters, expected 10"));
  CHECK_THROWS_WITH(morris_indices(std::span(good).first(10), 2, std::span(outputs).first(5)),
                    Contains("not a whole number of trajectories"));
  CHECK_THROWS_WITH(morris_indices(std::span(good).first(6), 2, std::span(outputs).first(3)),
                    Contains("1 trajectories, need at least 2"));
  const std::vector<double> unmoved = {0, 0, 0, 0, 1, 0, /**/ 1, 1, 1, 0, 0, 0};
  CHECK_THROWS_WITH(morris_indices(unmoved, 2, outputs), Contains("points 0 and 1 (trajectory 0) differ in 0 coordinates"));
  const std::vector<double> diagonal = {0, 0, 1, 0, 1, 1, /**/ 1, 1, 0, 0, 0, 1};
  CHECK_THROWS_WITH(morris_indices(diagonal, 2, outputs), Contains("points 3 and 4 (trajectory 1) differ in 2 coordinates"));
  const std::vector<double> twice = {0, 0, 1, 0, 0, 0, /**/ 1, 1, 1, 0, 0, 0};
  CHECK_THROWS_WITH(morris_indices(twice, 2, outputs), Contains("moves parameter 0 more than once"));
  std::vector<double> infinite = outputs;
  infinite[4] = INFINITY;
  CHECK_THROWS_WITH(morris_indices(good, 2, infinite), Contains("output 4 is not finite"));
  CHECK_THROWS_WITH(morris_indices(good, 2, outputs, {10, 1.5, 1}), Contains("confidence level"));
}

TEST_CASE("The variance split rejects mismatched or too small layouts and constant outputs", "[sensitivity]") {
  const std::vector<double> outputs = {1, 2, 3, 5, 4, 8};
  CHECK_NOTHROW(split_variance(outputs, 3, 2));
  CHECK_THROWS_AS(split_variance(outputs, 4, 2), std::invalid_argument);
  CHECK_THROWS_WITH(split_variance(outputs, 4, 2), Contains("6 outputs do not match 4 points times 2 replicates"));
  CHECK_THROWS_WITH(split_variance(outputs, 2, 4), Contains("do not match"));
  CHECK_THROWS_WITH(split_variance(outputs, 6, 1), Contains("need at least 2 to see chance"));
  CHECK_THROWS_WITH(split_variance(outputs, 1, 6), Contains("need at least 2 to see the parameters"));
  CHECK_THROWS_WITH(split_variance(std::vector<double>(6, 2.5), 3, 2), Contains("zero variance"));
  CHECK_THROWS_WITH(split_variance(outputs, 0, 0), Contains("do not match"));
  CHECK_THROWS_WITH(point_means(outputs, 4, 2), Contains("do not match"));
  std::vector<double> with_nan = outputs;
  with_nan[2] = std::nan("");
  CHECK_THROWS_WITH(split_variance(with_nan, 3, 2), Contains("output 2 is not finite"));
}

TEST_CASE("The variance split of a small hand-worked case", "[sensitivity]") {
  // Points (1, 3), (2, 4), (6, 8): within-point variances 2 each, so chance = 2. Replicate 1 is
  // always 2 above replicate 0: all of chance is shared by the points (common random numbers), the
  // point-by-replicate interaction is 0 and the point means 2, 3, 7 carry no noise: their variance
  // 7 is all parameters. Shares 7/9 and 2/9.
  const std::vector<double> outputs = {1, 3, 2, 4, 6, 8};
  const VarianceSplit split = split_variance(outputs, 3, 2);
  CHECK(split.chance_variance == Approx(2.0));
  CHECK(split.parameter_variance == Approx(7.0));
  CHECK(split.parameter_share == Approx(7.0 / 9.0));
  CHECK(split.chance_share == Approx(2.0 / 9.0));
  // (1, 3), (2, 4), (8, 6): the third point goes the other way. Replicate means 11/3 and 13/3,
  // grand mean 4; residuals +-2/3, +-2/3, +-4/3: interaction mean square (16/9 + 32/9) / 2 = 8/3,
  // so the parameter variance is 7 - (8/3) / 2 = 17/3.
  const VarianceSplit crossed = split_variance(std::vector<double>{1, 3, 2, 4, 8, 6}, 3, 2);
  CHECK(crossed.chance_variance == Approx(2.0));
  CHECK(crossed.parameter_variance == Approx(17.0 / 3.0));
  CHECK(point_means(outputs, 3, 2) == std::vector<double>{2, 3, 7});
  // Means that differ less than chance predicts: the parameter variance is floored at 0.
  const VarianceSplit noise_only = split_variance(std::vector<double>{0, 4, 4, 0}, 2, 2);
  CHECK(noise_only.parameter_variance == 0.0);
  CHECK(noise_only.chance_share == 1.0);
}
