// Distributions parametrised as the parameters state them (a mean and a spread), drawn from a
// stream. Boost.Random gives the same values on every platform.
#pragma once

#include <boost/random/beta_distribution.hpp>
#include <boost/random/gamma_distribution.hpp>

#include "sim/random.hpp"

namespace jimsim {

// Beta with the given mean and concentration (alpha + beta); a mean at 0 or 1 is that value.
inline double draw_beta(CounterRng& rng, double mean, double concentration) {
  if (mean <= 0.0) return 0.0;
  if (mean >= 1.0) return 1.0;
  return boost::random::beta_distribution<double>(mean * concentration, (1.0 - mean) * concentration)(rng);
}

// Gamma with the given mean and shape; a mean of 0 is 0.
inline double draw_gamma_shape(CounterRng& rng, double mean, double shape) {
  if (mean <= 0.0) return 0.0;
  return boost::random::gamma_distribution<double>(shape, mean / shape)(rng);
}

// Gamma with the given mean and standard deviation; a standard deviation of 0 is the mean.
inline double draw_gamma_mean_sd(CounterRng& rng, double mean, double sd) {
  if (sd <= 0.0 || mean <= 0.0) return mean;
  return draw_gamma_shape(rng, mean, (mean / sd) * (mean / sd));
}

}  // namespace jimsim
