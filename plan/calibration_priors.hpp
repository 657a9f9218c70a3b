// Priors of a calibration's free parameters: uniform, normal or log-normal, each truncated to the
// parameter's declared range. A log-normal parameter is handled on the log scale (where it is
// normal), so the perturbation kernel moves it by ratios, as its prior does; the others on their
// own scale. "Internal" values below are on that scale.
#pragma once

#include <limits>
#include <string>

#include "sim/random.hpp"

namespace jimsim {

enum class PriorKind { uniform, normal, log_normal };

struct Prior {
  PriorKind kind = PriorKind::uniform;
  double a = 0.0;  // uniform: minimum; normal: mean; log_normal: median
  double b = 1.0;  // uniform: maximum; normal: standard deviation; log_normal: sd of the log
  double lower = -std::numeric_limits<double>::infinity();  // the parameter's declared range
  double upper = std::numeric_limits<double>::infinity();

  std::string describe() const;  // "uniform(0.05, 1)", "log-normal(median 0.05, sigma 0.5)"
};

// Why the prior cannot be used for a parameter with range [lower, upper] (a uniform range outside
// it, a non-positive sd, a log-normal parameter that may be negative, almost no prior mass inside
// the range), or "" when it can.
std::string check_prior(const Prior& prior);

double to_internal(const Prior& prior, double value);
double to_parameter(const Prior& prior, double internal);
double internal_lower(const Prior& prior);
double internal_upper(const Prior& prior);

// Log density on the internal scale, up to a constant; -infinity outside the range.
double prior_log_density(const Prior& prior, double internal);

// A draw from the truncated prior, on the internal scale.
double draw_prior(const Prior& prior, CounterRng& rng);

// Share of the untruncated prior's mass inside the parameter's range.
double prior_mass_inside(const Prior& prior);

}  // namespace jimsim
