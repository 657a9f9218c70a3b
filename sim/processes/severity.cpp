#include "sim/processes/severity.hpp"

#include <algorithm>
#include <boost/random/normal_distribution.hpp>
#include <cmath>

#include "sim/random.hpp"

namespace jimsim {

namespace {

double saturating_effect(double max_effect, double half_saturation, double dose) {
  return max_effect * dose / (dose + half_saturation);
}

}  // namespace

double support_effect(const Parameters& p, double dose) {
  return saturating_effect(p.severity.max_support_effect, p.severity.dose_half_saturation, dose);
}

SeverityStep severity_step(const Parameters& p, double dt) {
  const double r = p.severity.reversion_rate;
  SeverityStep step{p.severity.max_support_effect, p.severity.dose_half_saturation, r, 1.0, 0.0, dt};
  if (r > 0.0) {
    step.decay = std::exp(-r * dt);
    step.noise_sd = p.severity.noise_sd * std::sqrt(-std::expm1(-2.0 * r * dt) / (2.0 * r));
  } else {
    step.noise_sd = p.severity.noise_sd * std::sqrt(dt);
  }
  return step;
}

double next_severity(const SeverityStep& step, double severity, double baseline, double dose, double z) {
  const double push = saturating_effect(step.max_support_effect, step.dose_half_saturation, dose);
  double mean;
  if (step.reversion_rate > 0.0) {
    const double target = baseline - push / step.reversion_rate;
    mean = target + (severity - target) * step.decay;
  } else {
    mean = severity - push * step.dt;
  }
  return std::max(0.0, mean + step.noise_sd * z);
}

double next_severity(const Parameters& p, double severity, double baseline, double dose, double dt, double z) {
  return next_severity(severity_step(p, dt), severity, baseline, dose, z);
}

void update_severity(ReplicateState& s, const Parameters& p, const StepContext& ctx) {
  auto& f = s.families;
  const bool noisy = p.severity.noise_sd > 0.0;
  const SeverityStep step = severity_step(p, ctx.dt);
  boost::random::normal_distribution<double> normal;
  for (std::size_t k = 0; k < f.size(); ++k) {
    if (f.setting[k] == Setting::not_arrived || f.setting[k] == Setting::exited) continue;
    double z = 0.0;
    if (noisy) {
      WeeklyLaneRng rng(f.draws[severity_lane_a][k], f.draws[severity_lane_b][k], ctx.seed, ctx.replicate,
                        static_cast<std::uint32_t>(k), Process::severity, ctx.step);
      z = normal(rng);
    }
    f.severity_start[k] = f.severity[k];
    f.severity[k] = next_severity(step, f.severity[k], f.baseline_severity[k], f.support_dose[k], z);
  }
}

}  // namespace jimsim
