// Global sensitivity analysis: which parameters move an outcome, and how much of its spread is
// chance rather than parameters.
//
// Three estimators, independent of the model; they take the outputs of a design that is generated
// and run elsewhere:
// - Sobol indices from a Saltelli design: the share of the outcome's variance each parameter
//   explains alone (first order) and with all its interactions (total).
// - Morris elementary effects: a cheaper screening of which parameters matter at all.
// - The split of an outcome's variance into what the parameters explain and what chance explains,
//   for designs run with several replicates per point. The Sobol and Morris estimators are then
//   applied to the point means.
// Intervals come from a seeded bootstrap, so every result is a pure function of the inputs and the
// seed. Bad input throws std::invalid_argument; the caller adds the file or outcome name.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace jimsim {

struct BootstrapOptions {
  std::size_t resamples = 1000;  // 0 skips the bootstrap: the interval bounds are then NaN
  double confidence = 0.95;      // of the percentile intervals, strictly between 0 and 1
  std::uint64_t seed = 1;
};

struct SobolIndex {
  double first, first_low, first_high;  // first order (Saltelli et al. 2010) with its interval
  double total, total_low, total_high;  // total (Jansen 1999) with its interval
};

// Sobol indices of k = `parameters` parameters from the outputs of a Saltelli design with N base
// rows, laid out row by row: outputs[j*(k+2)] is f(A_j), outputs[j*(k+2)+1] is f(B_j) and
// outputs[j*(k+2)+2+i] is f(AB_j^(i)), A_j with column i taken from B_j. N must be at least 2.
// Intervals resample base rows. One entry per parameter.
std::vector<SobolIndex> sobol_indices(std::span<const double> outputs, std::size_t parameters,
                                      const BootstrapOptions& options = {});

struct MorrisIndex {
  double mu;       // mean elementary effect
  double mu_star;  // mean absolute elementary effect
  double mu_star_low, mu_star_high;
  double sigma;    // sample standard deviation (n - 1) of the elementary effects
};

// Morris screening of k = `parameters` parameters. `unit_points` holds the design's points in the
// unit cube, row-major (k values a point), as r >= 2 trajectories of k+1 consecutive points; two
// consecutive points of a trajectory differ in exactly one coordinate, and each coordinate moves
// once per trajectory. `outputs` has one value a point. Elementary effects are in unit-cube units:
// (f(x') - f(x)) / (x'_i - x_i). Intervals resample trajectories. One entry per parameter.
std::vector<MorrisIndex> morris_indices(std::span<const double> unit_points, std::size_t parameters,
                                        std::span<const double> outputs, const BootstrapOptions& options = {});

struct VarianceSplit {
  double parameter_share, chance_share;  // each variance over their sum
  // Variance of the point means less the noise they carry (the point-by-replicate interaction mean
  // square over R), floored at 0: what the parameters explain.
  double parameter_variance;
  double chance_variance;  // mean over points of the within-point variance (n - 1): one cohort's chance
};

// The variance of an outcome split into parameters and chance, for a design of `points` points each
// run with `replicates` replicates: outputs[p*replicates + r] is replicate r at point p. Needs at
// least 2 points and 2 replicates. Unbiased with common random numbers (replicate r meets the same
// draws at every point), whose shared part does not spread the point means, and without.
VarianceSplit split_variance(std::span<const double> outputs, std::size_t points, std::size_t replicates);

// The mean over replicates at each point, same layout as split_variance.
std::vector<double> point_means(std::span<const double> outputs, std::size_t points, std::size_t replicates);

}  // namespace jimsim
