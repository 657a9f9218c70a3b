#include "sim/processes/placement_decision.hpp"

#include <cmath>

#include "sim/processes/residential_stay.hpp"
#include "sim/random.hpp"

namespace jimsim {

double placement_needed_probability(const Parameters& p, double severity, double threshold) {
  const double spread = p.placement.decision_spread;
  if (spread <= 0.0) return severity >= threshold ? 1.0 : 0.0;
  return 1.0 / (1.0 + std::exp(-(severity - threshold) / spread));
}

double respite_offer_probability(const Parameters& p, double bond, double strain) {
  return p.placement.respite_willingness * bond * std::exp(-strain);
}

void decide_placements(ReplicateState& s, const Parameters& p, const StepContext& ctx) {
  auto& f = s.families;
  for (std::size_t k = 0; k < f.size(); ++k) {
    if (!f.crisis[k]) continue;
    const auto family = static_cast<std::uint32_t>(k);
    const std::int32_t j = f.professional[k];
    const double threshold = j >= 0 ? s.professionals.crisis_threshold[static_cast<std::size_t>(j)]
                                    : p.professionals.crisis_threshold_mean;
    CounterRng decision(ctx.seed, ctx.replicate, family, Process::placement_decision, ctx.step);
    if (!bernoulli(decision, placement_needed_probability(p, f.severity[k], threshold))) continue;

    if (f.mentor[k] == MentorStatus::active) {
      CounterRng offer(ctx.seed, ctx.replicate, family, Process::respite_offer, ctx.step);
      if (bernoulli(offer, respite_offer_probability(p, f.bond[k], f.strain[k]))) {
        start_respite(s, p, ctx, k);
        continue;
      }
    }
    start_residential_stay(s, p, ctx, k);
  }
}

}  // namespace jimsim
