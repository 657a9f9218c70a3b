#include "sim/processes/crisis.hpp"

#include <cmath>

#include "sim/processes/placement_decision.hpp"
#include "sim/random.hpp"

namespace jimsim {

double crisis_hazard(const Parameters& p, double severity, double parental_capacity, bool case_open,
                     bool mentor_active, double age_years, bool in_handover) {
  const auto& c = p.crisis;
  double hazard = c.base_hazard * std::exp(c.severity_log_slope * (severity - 1.0) -
                                           c.capacity_log_slope * (parental_capacity - 0.5) -
                                           c.age_log_slope * std::abs(age_years - 16.0));
  if (!case_open) hazard *= c.after_closure_factor * (mentor_active ? c.mentor_stays_factor : 1.0);
  if (in_handover && !p.professionals.consistent_policy) hazard *= c.handover_factor;
  return hazard;
}

double mentor_deescalation_probability(const Parameters& p, double bond, double strain, double mentor_hours,
                                       bool partner_professional) {
  const auto& c = p.crisis;
  const double reached = mentor_hours / (mentor_hours + c.mentor_reach_hours) *
                         (partner_professional ? 1.0 : p.professionals.non_partner_reach_factor);
  return c.mentor_deescalation_chance * reached * bond * std::exp(-strain);
}

bool mentor_active_at(const Families& f, std::size_t k, const StepContext& ctx, double time_in_step) {
  if (f.mentor[k] != MentorStatus::active) return false;
  return f.mentor_found_step[k] != static_cast<std::int32_t>(ctx.step) || f.mentor_named_time[k] <= time_in_step;
}

std::uint8_t crisis_outcome(ReplicateState& s, const Parameters& p, const StepContext& ctx, std::size_t k,
                            double time_in_step, CounterRng& rng) {
  auto& f = s.families;
  f.record[k].crises += 1.0;
  f.crises_this_step[k] += 1;
  if (!mentor_active_at(f, k, ctx, time_in_step)) return crisis_to_decision;
  const std::int32_t j = f.professional[k];
  const bool partner = j < 0 || s.professionals.equal_partner[static_cast<std::size_t>(j)] != 0;
  if (!bernoulli(rng, mentor_deescalation_probability(p, f.bond[k], f.strain[k], f.mentor_hours[k], partner))) {
    return crisis_to_decision;
  }
  f.record[k].crises_deescalated += 1.0;
  return crisis_deescalated;
}

void draw_crises(ReplicateState& s, const Parameters& p, const StepContext& ctx) {
  auto& f = s.families;
  for (std::size_t k = 0; k < f.size(); ++k) {
    f.crises_this_step[k] = 0;
    const double home_from = f.home_from_time[k];
    f.home_from_time[k] = 0.0;
    if (f.setting[k] != Setting::home) continue;
    const double middle = 0.5 * (f.severity_start[k] + f.severity[k]);
    const double weeks = weeks_since_intake(s, k, ctx) - 0.5 * ctx.dt;
    const double hazard = crisis_hazard(p, middle, f.parental_capacity[k], f.case_open[k] != 0,
                                        f.mentor[k] == MentorStatus::active, age_at(f, k, weeks), f.in_handover[k] != 0);
    const double window = ctx.dt - home_from;
    const double u = uniform_open01(f.draws[crisis_lane][k]);
    if (window <= 0.0 || !event_happens(u, hazard, window)) continue;
    const double t = home_from + event_time_in_step(u, hazard, window);
    CounterRng rng(ctx.seed, ctx.replicate, static_cast<std::uint32_t>(k), Process::mentor_deescalation, ctx.step);
    const bool to_decision = crisis_outcome(s, p, ctx, k, t, rng) == crisis_to_decision;
    // Decided here, while this family's data is in cache, rather than in a pass of its own over a
    // region's families: the same decisions in the same order, since a decision changes only this
    // family and what no crisis reads (caseloads, the waiting list, costs).
    decide_at_crises(s, p, ctx, k, t, to_decision, hazard);
  }
}

}  // namespace jimsim
