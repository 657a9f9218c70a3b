#include "sim/processes/severity.hpp"

#include <algorithm>
#include <cmath>

#include "sim/distributions.hpp"
#include "sim/random.hpp"
#include "sim/portable_math.hpp"

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
    step.decay = math::exp(-r * dt);
    step.noise_sd = p.severity.noise_sd * std::sqrt(-math::expm1(-2.0 * r * dt) / (2.0 * r));
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

void update_severity(ReplicateState& s, const Parameters& p, const StepContext& ctx, FamilyRange block) {
  auto& f = s.families;
  const SeverityStep step = severity_step(p, ctx.dt);
  // One branch-free loop over every family, followed or not, so that it vectorises: the normal
  // draws and the step cost less for all than a branch per family costs for those followed.
  const Setting* __restrict setting = f.setting.data();
  const std::uint32_t* __restrict radius_words = f.draws[severity_lane_a].data();
  const std::uint32_t* __restrict angle_words = f.draws[severity_lane_b].data();
  const double* __restrict baseline = f.baseline_severity.data();
  const double* __restrict dose = f.support_dose.data();
  double* __restrict severity = f.severity.data();
  double* __restrict severity_start = f.severity_start.data();
#pragma GCC ivdep  // the arrays do not overlap (GCC honours __restrict only on parameters)
  for (std::size_t k = block.begin; k < block.end; ++k) {
    const bool followed = setting[k] != Setting::not_arrived && setting[k] != Setting::exited;
    // Without noise (noise_sd 0) the step's noise_sd is 0 and z drops out.
    const double z = standard_normal(radius_words[k], angle_words[k]);
    const double now = severity[k];
    const double next = next_severity(step, now, baseline[k], dose[k], z);
    severity_start[k] = now;
    severity[k] = followed ? next : now;
  }
}

}  // namespace jimsim
