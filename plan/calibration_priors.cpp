#include "plan/calibration_priors.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>

#include "sim/distributions.hpp"
#include "sim/portable_math.hpp"

namespace jimsim {
namespace {

// libm: only check_prior reads this (a threshold on the prior's mass), never a result.
double normal_cdf(double x) { return 0.5 * std::erfc(-x / std::sqrt(2.0)); }  // libm: see above

// The prior as a distribution on the internal scale: uniform on [lo, hi], or normal(mean, sd).
struct InternalShape {
  bool uniform;
  double mean_or_lo, sd_or_hi;
};

InternalShape shape(const Prior& p) {
  switch (p.kind) {
    case PriorKind::uniform: return {true, p.a, p.b};
    case PriorKind::normal: return {false, p.a, p.b};
    case PriorKind::log_normal: return {false, math::log(p.a), p.b};
  }
  return {true, 0.0, 1.0};
}

}  // namespace

std::string Prior::describe() const {
  switch (kind) {
    case PriorKind::uniform: return fmt::format("uniform({}, {})", a, b);
    case PriorKind::normal: return fmt::format("normal(mean {}, sd {}) in [{}, {}]", a, b, lower, upper);
    case PriorKind::log_normal: return fmt::format("log-normal(median {}, sigma {}) in [{}, {}]", a, b, lower, upper);
  }
  return "";
}

std::string check_prior(const Prior& p) {
  if (!std::isfinite(p.a) || !std::isfinite(p.b)) return "the prior's values must be finite numbers";
  switch (p.kind) {
    case PriorKind::uniform:
      if (!(p.a < p.b)) return fmt::format("min {} must be below max {}", p.a, p.b);
      if (p.a < p.lower || p.b > p.upper) {
        return fmt::format("the prior's range [{}, {}] lies outside the parameter's range [{}, {}]", p.a, p.b, p.lower,
                           p.upper);
      }
      return "";
    case PriorKind::normal:
      if (!(p.b > 0.0)) return fmt::format("sd must be above 0, not {}", p.b);
      break;
    case PriorKind::log_normal:
      if (!(p.a > 0.0)) return fmt::format("median must be above 0, not {}", p.a);
      if (!(p.b > 0.0)) return fmt::format("sigma must be above 0, not {}", p.b);
      if (p.upper <= 0.0) return fmt::format("a log-normal prior needs a parameter that can be positive (range [{}, {}])", p.lower, p.upper);
      break;
  }
  if (prior_mass_inside(p) < 1e-3) {
    return fmt::format("the prior puts less than 0.1% of its mass inside the parameter's range [{}, {}]", p.lower, p.upper);
  }
  return "";
}

double to_internal(const Prior& p, double value) { return p.kind == PriorKind::log_normal ? math::log(value) : value; }
double to_parameter(const Prior& p, double internal) {
  return p.kind == PriorKind::log_normal ? math::exp(internal) : internal;
}

double internal_lower(const Prior& p) {
  if (p.kind == PriorKind::uniform) return p.a;
  if (p.kind == PriorKind::log_normal) return p.lower > 0.0 ? math::log(p.lower) : -INFINITY;
  return p.lower;
}

double internal_upper(const Prior& p) {
  if (p.kind == PriorKind::uniform) return p.b;
  if (p.kind == PriorKind::log_normal) return math::log(p.upper);
  return p.upper;
}

double prior_log_density(const Prior& p, double z) {
  if (!(z >= internal_lower(p) && z <= internal_upper(p))) return -INFINITY;
  const InternalShape s = shape(p);
  if (s.uniform) return 0.0;
  const double x = (z - s.mean_or_lo) / s.sd_or_hi;
  return -0.5 * x * x;
}

double prior_mass_inside(const Prior& p) {
  const InternalShape s = shape(p);
  if (s.uniform) return 1.0;
  const double lo = internal_lower(p), hi = internal_upper(p);
  return normal_cdf((hi - s.mean_or_lo) / s.sd_or_hi) - normal_cdf((lo - s.mean_or_lo) / s.sd_or_hi);
}

double draw_prior(const Prior& p, CounterRng& rng) {
  const InternalShape s = shape(p);
  if (s.uniform) return s.mean_or_lo + (s.sd_or_hi - s.mean_or_lo) * uniform_open01(rng);
  const double lo = internal_lower(p), hi = internal_upper(p);
  // Truncation by rejection: check_prior keeps the mass inside at 0.1% or more, so 10^5 attempts
  // fail with probability below e^-100.
  for (int attempt = 0; attempt < 100000; ++attempt) {
    const double z = draw_normal(rng, s.mean_or_lo, s.sd_or_hi);
    if (z >= lo && z <= hi) return z;
  }
  return std::clamp(s.mean_or_lo, lo, hi);
}

}  // namespace jimsim
