#include "analysis/sensitivity.hpp"

#include <algorithm>
#include <boost/random/uniform_int_distribution.hpp>
#include <cmath>
#include <fmt/format.h>
#include <limits>
#include <stdexcept>

#include "sim/random.hpp"

namespace jimsim {
namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

// Agents of Process::sensitivity_bootstrap: Sobol and Morris resample from different streams, so
// one analysis's draws never echo the other's under the same seed.
constexpr std::uint32_t sobol_stream = 0;
constexpr std::uint32_t morris_stream = 1;

constexpr std::size_t max_uint32 = std::numeric_limits<std::uint32_t>::max();

double to_double(std::size_t n) { return static_cast<double>(n); }

void require_finite(std::span<const double> values, const char* what) {
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (!std::isfinite(values[i])) throw std::invalid_argument(fmt::format("{} {} is not finite ({})", what, i, values[i]));
  }
}

void check_bootstrap_options(const BootstrapOptions& options) {
  if (!(options.confidence > 0.0 && options.confidence < 1.0)) {
    throw std::invalid_argument(fmt::format("confidence level {} is not strictly between 0 and 1", options.confidence));
  }
  if (options.resamples > max_uint32) {
    throw std::invalid_argument(fmt::format("{} bootstrap resamples are more than the {} supported", options.resamples, max_uint32));
  }
}

// Draws the units (rows or trajectories) of one bootstrap resample. Boost's uniform_int_distribution
// rather than the standard one: its algorithm is fixed, so the draws are the same on every platform.
class Resample {
 public:
  Resample(const BootstrapOptions& options, std::size_t resample, std::uint32_t stream, std::size_t units)
      : rng_(options.seed, static_cast<std::uint32_t>(resample), stream, Process::sensitivity_bootstrap, 0),
        unit_(0, static_cast<std::uint32_t>(units - 1)) {}
  std::size_t next() { return unit_(rng_); }

 private:
  CounterRng rng_;
  boost::random::uniform_int_distribution<std::uint32_t> unit_;
};

// Linear interpolation between order statistics (numpy's default, as in analysis/comparison.cpp).
double percentile_of_sorted(const std::vector<double>& sorted, double p) {
  if (sorted.empty()) return nan;
  const double position = p * to_double(sorted.size() - 1);
  const auto below = static_cast<std::size_t>(std::floor(position));
  const std::size_t above = std::min(below + 1, sorted.size() - 1);
  return sorted[below] + (position - to_double(below)) * (sorted[above] - sorted[below]);
}

struct Interval {
  double low, high;
};

Interval percentile_interval(std::vector<double> values, double confidence) {
  std::sort(values.begin(), values.end());
  const double tail = (1.0 - confidence) / 2.0;
  return {percentile_of_sorted(values, tail), percentile_of_sorted(values, 1.0 - tail)};
}

// ---------------------------------------------------------------------------------------------
// Sobol

// The Saltelli design reduced to what the estimators need, row by row. Outputs are shifted by the
// mean of f(A) and f(B), which leaves every index unchanged but keeps the one-pass sums below free
// of cancellation when an outcome (a cost, say) has a large mean and a small spread.
struct SaltelliRows {
  std::size_t parameters = 0;
  std::vector<double> a, b;  // shifted f(A_j), f(B_j)
  std::vector<double> d;     // d[j*k + i] = f(AB_j^(i)) - f(A_j)
};

// Sums over a multiset of rows, from which the indices follow.
struct SaltelliSums {
  double rows = 0, a = 0, b = 0, squares = 0;
  double low = std::numeric_limits<double>::infinity(), high = -std::numeric_limits<double>::infinity();
  std::vector<double> bd, d, dd;  // per parameter: sums of b*d, d and d^2

  explicit SaltelliSums(std::size_t parameters) : bd(parameters), d(parameters), dd(parameters) {}

  void add(const SaltelliRows& design, std::size_t j) {
    const double aj = design.a[j], bj = design.b[j];
    rows += 1;
    a += aj;
    b += bj;
    squares += aj * aj + bj * bj;
    low = std::min({low, aj, bj});
    high = std::max({high, aj, bj});
    const double* dj = &design.d[j * design.parameters];
    for (std::size_t i = 0; i < design.parameters; ++i) {
      bd[i] += bj * dj[i];
      d[i] += dj[i];
      dd[i] += dj[i] * dj[i];
    }
  }

  // False when every f(A) and f(B) among the rows is the same: the indices are then undefined.
  bool indices(std::vector<double>& first, std::vector<double>& total) const {
    if (!(high > low)) return false;
    const double mean = (a + b) / (2 * rows);
    const double variance = (squares - 2 * rows * mean * mean) / (2 * rows - 1);
    if (!(variance > 0)) return false;
    for (std::size_t i = 0; i < bd.size(); ++i) {
      // Saltelli et al. 2010: mean of f(B) (f(AB^(i)) - f(A)). f(B) is centred on the rows' mean:
      // since f(AB^(i)) - f(A) has mean 0 this leaves the expectation unchanged, and it keeps the
      // estimator's variance from growing with the outcome's squared mean.
      first[i] = (bd[i] - mean * d[i]) / rows / variance;
      total[i] = dd[i] / (2 * rows) / variance;  // Jansen 1999
    }
    return true;
  }
};

}  // namespace

std::vector<SobolIndex> sobol_indices(std::span<const double> outputs, std::size_t parameters,
                                      const BootstrapOptions& options) {
  if (parameters == 0) throw std::invalid_argument("Sobol indices need at least one parameter");
  const std::size_t width = parameters + 2;
  if (outputs.size() % width != 0) {
    throw std::invalid_argument(fmt::format(
        "Saltelli design: {} outputs is not a multiple of parameters + 2 = {} (f(A), f(B) and one f(AB) per parameter "
        "for each base row)",
        outputs.size(), width));
  }
  const std::size_t rows = outputs.size() / width;
  if (rows < 2) throw std::invalid_argument(fmt::format("Saltelli design: {} base rows, need at least 2", rows));
  if (rows > max_uint32) throw std::invalid_argument(fmt::format("Saltelli design: {} base rows is too many", rows));
  require_finite(outputs, "output");
  check_bootstrap_options(options);

  double shift = 0;
  for (std::size_t j = 0; j < rows; ++j) shift += outputs[j * width] + outputs[j * width + 1];
  shift /= to_double(2 * rows);

  SaltelliRows design;
  design.parameters = parameters;
  design.a.resize(rows);
  design.b.resize(rows);
  design.d.resize(rows * parameters);
  for (std::size_t j = 0; j < rows; ++j) {
    const double* row = &outputs[j * width];
    design.a[j] = row[0] - shift;
    design.b[j] = row[1] - shift;
    for (std::size_t i = 0; i < parameters; ++i) design.d[j * parameters + i] = row[2 + i] - row[0];
  }

  SaltelliSums all(parameters);
  for (std::size_t j = 0; j < rows; ++j) all.add(design, j);
  std::vector<double> first(parameters), total(parameters);
  if (!all.indices(first, total)) {
    throw std::invalid_argument("Saltelli design: zero variance, every f(A) and f(B) is the same");
  }

  // Resamples where every drawn f(A) and f(B) is the same have no indices; they are left out.
  std::vector<std::vector<double>> first_resampled(parameters), total_resampled(parameters);
  std::vector<double> first_b(parameters), total_b(parameters);
  for (std::size_t resample = 0; resample < options.resamples; ++resample) {
    Resample draw(options, resample, sobol_stream, rows);
    SaltelliSums sums(parameters);
    for (std::size_t n = 0; n < rows; ++n) sums.add(design, draw.next());
    if (!sums.indices(first_b, total_b)) continue;
    for (std::size_t i = 0; i < parameters; ++i) {
      first_resampled[i].push_back(first_b[i]);
      total_resampled[i].push_back(total_b[i]);
    }
  }

  std::vector<SobolIndex> indices(parameters);
  for (std::size_t i = 0; i < parameters; ++i) {
    const Interval f = percentile_interval(std::move(first_resampled[i]), options.confidence);
    const Interval t = percentile_interval(std::move(total_resampled[i]), options.confidence);
    indices[i] = {first[i], f.low, f.high, total[i], t.low, t.high};
  }
  return indices;
}

// ---------------------------------------------------------------------------------------------
// Morris

std::vector<MorrisIndex> morris_indices(std::span<const double> unit_points, std::size_t parameters,
                                        std::span<const double> outputs, const BootstrapOptions& options) {
  if (parameters == 0) throw std::invalid_argument("Morris design: needs at least one parameter");
  const std::size_t k = parameters;
  const std::size_t points = outputs.size();
  if (unit_points.size() != points * k) {
    throw std::invalid_argument(fmt::format("Morris design: {} coordinates for {} outputs of {} parameters, expected {}",
                                            unit_points.size(), points, k, points * k));
  }
  if (points % (k + 1) != 0) {
    throw std::invalid_argument(fmt::format(
        "Morris design: {} points is not a whole number of trajectories of parameters + 1 = {} points", points, k + 1));
  }
  const std::size_t trajectories = points / (k + 1);
  if (trajectories < 2) {
    throw std::invalid_argument(fmt::format("Morris design: {} trajectories, need at least 2", trajectories));
  }
  if (trajectories > max_uint32) throw std::invalid_argument(fmt::format("Morris design: {} trajectories is too many", trajectories));
  require_finite(unit_points, "coordinate");
  require_finite(outputs, "output");
  check_bootstrap_options(options);

  // effects[t*k + i]: the elementary effect of parameter i in trajectory t.
  std::vector<double> effects(trajectories * k);
  std::vector<bool> moved(k);
  for (std::size_t t = 0; t < trajectories; ++t) {
    std::fill(moved.begin(), moved.end(), false);
    for (std::size_t s = 0; s < k; ++s) {
      const std::size_t p = t * (k + 1) + s;
      const double* x = &unit_points[p * k];
      const double* next = x + k;
      std::size_t changed = 0, differing = 0;
      for (std::size_t i = 0; i < k; ++i) {
        if (next[i] != x[i]) {
          changed = i;
          ++differing;
        }
      }
      if (differing != 1) {
        throw std::invalid_argument(fmt::format(
            "Morris design: points {} and {} (trajectory {}) differ in {} coordinates; consecutive points must differ "
            "in exactly one",
            p, p + 1, t, differing));
      }
      if (moved[changed]) {
        throw std::invalid_argument(fmt::format(
            "Morris design: trajectory {} moves parameter {} more than once; each parameter must move once", t, changed));
      }
      moved[changed] = true;
      effects[t * k + changed] = (outputs[p + 1] - outputs[p]) / (next[changed] - x[changed]);
    }
  }

  std::vector<MorrisIndex> indices(k);
  const double r = to_double(trajectories);
  for (std::size_t i = 0; i < k; ++i) {
    double sum = 0, absolute = 0;
    for (std::size_t t = 0; t < trajectories; ++t) {
      sum += effects[t * k + i];
      absolute += std::abs(effects[t * k + i]);
    }
    const double mu = sum / r;
    double squares = 0;
    for (std::size_t t = 0; t < trajectories; ++t) squares += (effects[t * k + i] - mu) * (effects[t * k + i] - mu);
    indices[i] = {mu, absolute / r, nan, nan, std::sqrt(squares / (r - 1))};
  }

  if (options.resamples > 0) {
    std::vector<std::vector<double>> resampled(k, std::vector<double>(options.resamples));
    std::vector<double> absolute(k);
    for (std::size_t resample = 0; resample < options.resamples; ++resample) {
      Resample draw(options, resample, morris_stream, trajectories);
      std::fill(absolute.begin(), absolute.end(), 0.0);
      for (std::size_t n = 0; n < trajectories; ++n) {
        const double* e = &effects[draw.next() * k];
        for (std::size_t i = 0; i < k; ++i) absolute[i] += std::abs(e[i]);
      }
      for (std::size_t i = 0; i < k; ++i) resampled[i][resample] = absolute[i] / r;
    }
    for (std::size_t i = 0; i < k; ++i) {
      const Interval interval = percentile_interval(std::move(resampled[i]), options.confidence);
      indices[i].mu_star_low = interval.low;
      indices[i].mu_star_high = interval.high;
    }
  }
  return indices;
}

// ---------------------------------------------------------------------------------------------
// Chance versus parameters

namespace {

void check_replicated_layout(std::span<const double> outputs, std::size_t points, std::size_t replicates) {
  if (points == 0 || replicates == 0 || outputs.size() / replicates != points || outputs.size() % replicates != 0) {
    throw std::invalid_argument(fmt::format("{} outputs do not match {} points times {} replicates", outputs.size(),
                                            points, replicates));
  }
  require_finite(outputs, "output");
}

}  // namespace

std::vector<double> point_means(std::span<const double> outputs, std::size_t points, std::size_t replicates) {
  check_replicated_layout(outputs, points, replicates);
  std::vector<double> means(points);
  for (std::size_t p = 0; p < points; ++p) {
    double sum = 0;
    for (std::size_t r = 0; r < replicates; ++r) sum += outputs[p * replicates + r];
    means[p] = sum / to_double(replicates);
  }
  return means;
}

VarianceSplit split_variance(std::span<const double> outputs, std::size_t points, std::size_t replicates) {
  check_replicated_layout(outputs, points, replicates);
  if (replicates < 2) {
    throw std::invalid_argument(fmt::format("{} replicate per point, need at least 2 to see chance", replicates));
  }
  if (points < 2) throw std::invalid_argument(fmt::format("{} point, need at least 2 to see the parameters", points));

  const auto [lowest, highest] = std::minmax_element(outputs.begin(), outputs.end());
  if (*lowest == *highest) throw std::invalid_argument("zero variance: every output is the same");

  const std::vector<double> means = point_means(outputs, points, replicates);
  double within = 0;
  for (std::size_t p = 0; p < points; ++p) {
    double squares = 0;
    for (std::size_t r = 0; r < replicates; ++r) {
      const double deviation = outputs[p * replicates + r] - means[p];
      squares += deviation * deviation;
    }
    within += squares / to_double(replicates - 1);
  }
  const double chance = within / to_double(points);

  double grand = 0;
  for (const double m : means) grand += m;
  grand /= to_double(points);
  double between = 0;
  for (const double m : means) between += (m - grand) * (m - grand);
  between /= to_double(points - 1);
  // The noise a point mean carries is the point-by-replicate interaction over R: with common random
  // numbers the part of chance shared by every point (replicate r's cohort) shifts all point means
  // alike and does not spread them. The interaction mean square of the two-way layout estimates
  // that noise whether or not random numbers are shared (without sharing it equals the within-point
  // variance in expectation), so subtracting it over R makes the parameter variance unbiased
  // either way; a negative estimate means the parameters' share is indistinguishable from 0.
  std::vector<double> replicate_means(replicates, 0.0);
  for (std::size_t p = 0; p < points; ++p) {
    for (std::size_t r = 0; r < replicates; ++r) replicate_means[r] += outputs[p * replicates + r];
  }
  for (auto& m : replicate_means) m /= to_double(points);
  double interaction = 0;
  for (std::size_t p = 0; p < points; ++p) {
    for (std::size_t r = 0; r < replicates; ++r) {
      const double residual = outputs[p * replicates + r] - means[p] - replicate_means[r] + grand;
      interaction += residual * residual;
    }
  }
  interaction /= to_double((points - 1) * (replicates - 1));
  const double parameter = std::max(0.0, between - interaction / to_double(replicates));

  const double total = parameter + chance;
  return {parameter / total, chance / total, parameter, chance};
}

}  // namespace jimsim
