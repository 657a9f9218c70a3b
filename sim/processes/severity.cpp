#include "sim/processes/severity.hpp"

#include <algorithm>
#include <boost/random/normal_distribution.hpp>
#include <cmath>

#include "sim/random.hpp"

namespace jimsim {

double support_effect(const Parameters& p, double dose) {
  return p.severity.max_support_effect * dose / (dose + p.severity.dose_half_saturation);
}

double next_severity(const Parameters& p, double severity, double baseline, double dose, double dt, double z) {
  const double r = p.severity.reversion_rate;
  const double push = support_effect(p, dose);
  double mean, sd;
  if (r > 0.0) {
    const double decay = std::exp(-r * dt);
    const double target = baseline - push / r;
    mean = target + (severity - target) * decay;
    sd = p.severity.noise_sd * std::sqrt(-std::expm1(-2.0 * r * dt) / (2.0 * r));
  } else {
    mean = severity - push * dt;
    sd = p.severity.noise_sd * std::sqrt(dt);
  }
  return std::max(0.0, mean + sd * z);
}

void update_severity(ReplicateState& s, const Parameters& p, const StepContext& ctx) {
  auto& f = s.families;
  const bool noisy = p.severity.noise_sd > 0.0;
  boost::random::normal_distribution<double> normal;
  for (std::size_t k = 0; k < f.size(); ++k) {
    if (f.setting[k] == Setting::not_arrived || f.setting[k] == Setting::exited) continue;
    double z = 0.0;
    if (noisy) {
      CounterRng rng(ctx.seed, ctx.replicate, static_cast<std::uint32_t>(k), Process::severity, ctx.step);
      z = normal(rng);
    }
    f.severity[k] = next_severity(p, f.severity[k], f.baseline_severity[k], f.support_dose[k], ctx.dt, z);
  }
}

}  // namespace jimsim
