#include "sim/processes/placement_decision.hpp"

#include <algorithm>
#include <cmath>

#include "sim/processes/crisis.hpp"
#include "sim/processes/mentor_dynamics.hpp"
#include "sim/processes/residential_stay.hpp"
#include "sim/portable_math.hpp"

namespace jimsim {

double placement_needed_probability(const Parameters& p, double severity, double threshold) {
  const double spread = p.placement.decision_spread;
  if (spread <= 0.0) return severity >= threshold ? 1.0 : 0.0;
  return 1.0 / (1.0 + math::exp(-(severity - threshold) / spread));
}

double family_say_credit(const Parameters& p, bool safety_plan, bool mentor_active, double bond, double parental_capacity) {
  const auto& pl = p.placement;
  return (safety_plan ? pl.safety_plan_credit : 0.0) + (mentor_active ? pl.mentor_bond_credit * bond : 0.0) +
         pl.capacity_credit * (parental_capacity - 0.5);
}

double respite_offer_probability(const Parameters& p, double bond, double strain, double support_gap) {
  const double support = 1.0 - (1.0 - p.placement.unsupported_respite_factor) * support_gap;
  return p.placement.respite_willingness * bond * math::exp(-strain) * support;
}

Decision decide_placement(ReplicateState& s, const Parameters& p, const StepContext& ctx, std::size_t k,
                          double time_in_step, Process stream, bool place_now, CounterRng* further) {
  auto& f = s.families;
  const auto family = static_cast<std::uint32_t>(k);
  const std::int32_t j = f.professional[k];
  const double shift = stream == Process::reconsideration ? p.indicated_placement.reconsider_threshold_shift : 0.0;
  const double threshold =
      shift + (j >= 0 ? s.professionals.crisis_threshold[static_cast<std::size_t>(j)] : p.professionals.crisis_threshold_mean);
  const bool mentor_active = mentor_active_at(f, k, ctx, time_in_step);
  const double severity = severity_within_step(f, k, time_in_step, ctx.dt);
  const double credit = family_say_credit(p, f.safety_plan[k] != 0, mentor_active, f.bond[k], f.parental_capacity[k]);

  // One draw decides both with and without the family's say, so a decision the family, network or
  // mentor turned is counted exactly.
  CounterRng own{ctx.seed, ctx.replicate, family, stream, ctx.step};
  const auto draws_for = [&](Process process) -> CounterRng& {
    if (further) return *further;
    own = CounterRng(ctx.seed, ctx.replicate, family, process, ctx.step);
    return own;
  };
  const double u = uniform_open01(draws_for(stream));
  const bool needed = u < placement_needed_probability(p, severity, threshold + credit);
  if (!needed) {
    if (u < placement_needed_probability(p, severity, threshold)) f.record[k].decisions_held_by_network += 1.0;
    return Decision::stays_home;
  }
  const double weeks = weeks_since_intake_at_step_start(s, k, ctx) + time_in_step;
  if (age_at(f, k, weeks) >= 18.0) {
    if (!bernoulli(draws_for(Process::adult_consent), p.placement.adult_factor)) return Decision::stays_home;
  }
  if (mentor_active) {
    const double gap = mentor_support_gap(f.case_open[k] != 0, f.mentor_support_unmet[k]);
    if (bernoulli(draws_for(Process::respite_offer), respite_offer_probability(p, f.bond[k], f.strain[k], gap))) {
      start_respite(s, p, ctx, k, time_in_step);
      return Decision::respite;
    }
  }
  if (place_now) start_residential_stay(s, p, ctx, k, time_in_step);
  return Decision::residential;
}

void decide_at_crises(ReplicateState& s, const Parameters& p, const StepContext& ctx, std::size_t k,
                      double time_in_step, bool to_decision, double hazard) {
  auto& f = s.families;
  double t = time_in_step;
  if (to_decision) decide_placement(s, p, ctx, k, t, Process::placement_decision, true);
  // The rest of the step can hold another crisis while the youth is at home, or once a stay that
  // began at this crisis has ended within the step.
  CounterRng further(ctx.seed, ctx.replicate, static_cast<std::uint32_t>(k), Process::further_crises, ctx.step);
  for (;;) {
    if (f.setting[k] != Setting::home) {
      const double back = stay_end_in_step(f, k, ctx.dt);
      if (back < 0.0) break;
      return_home(s, k);
      t = std::max(t, back);
    }
    const double rest = ctx.dt - t;
    const double u = uniform_open01(further);
    if (rest <= 0.0 || !event_happens(u, hazard, rest)) break;
    t += event_time_in_step(u, hazard, rest);
    if (crisis_outcome(s, p, ctx, k, t, further) != crisis_to_decision) continue;
    decide_placement(s, p, ctx, k, t, Process::placement_decision, true, &further);
  }
}

}  // namespace jimsim
