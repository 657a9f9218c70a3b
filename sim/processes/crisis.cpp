#include "sim/processes/crisis.hpp"

#include <cmath>
#include <limits>

#include "sim/flagged_families.hpp"
#include "sim/processes/placement_decision.hpp"
#include "sim/random.hpp"

namespace jimsim {

CrisisHazardTerms crisis_hazard_terms(const Parameters& p) {
  const auto& c = p.crisis;
  return {c.base_hazard,
          c.severity_log_slope,
          c.capacity_log_slope,
          c.age_log_slope,
          c.after_closure_factor,
          c.after_closure_factor * c.mentor_stays_factor,
          p.professionals.consistent_policy ? 1.0 : c.handover_factor};
}

double mentor_deescalation_probability(const Parameters& p, double bond, double strain, double mentor_hours,
                                       bool partner_professional) {
  const auto& c = p.crisis;
  const double reached = mentor_hours / (mentor_hours + c.mentor_reach_hours) *
                         (partner_professional ? 1.0 : p.professionals.non_partner_reach_factor);
  return c.mentor_deescalation_chance * reached * bond * math::exp(-strain);
}

bool mentor_active_at(const Families& f, std::size_t k, const StepContext& ctx, double time_in_step) {
  if (f.mentor[k] != MentorStatus::active) return false;
  return f.mentor_found_step[k] != static_cast<std::int32_t>(ctx.step) || f.mentor_named_time[k] <= time_in_step;
}

std::uint8_t crisis_outcome(ReplicateState& s, const Parameters& p, const StepContext& ctx, std::size_t k,
                            double time_in_step, CounterRng& rng) {
  auto& f = s.families;
  // The step's count is a byte, added to total_crises after the block's crises (draw_crises). Past
  // 255 in one step (only at extreme hazards, with every decision turned) the rest go to the total
  // here, and the count stays at 255 rather than wrapping.
  if (f.crises_this_step[k] == std::numeric_limits<std::uint8_t>::max()) {
    f.total_crises[k] += 1.0;
  } else {
    f.crises_this_step[k] += 1;
  }
  if (!mentor_active_at(f, k, ctx, time_in_step)) return crisis_to_decision;
  const std::int32_t j = f.professional[k];
  const bool partner = j < 0 || s.professionals.equal_partner[static_cast<std::size_t>(j)] != 0;
  if (!bernoulli(rng, mentor_deescalation_probability(p, f.bond[k], f.strain[k], f.mentor_hours[k], partner))) {
    return crisis_to_decision;
  }
  f.total_crises_deescalated[k] += 1.0;
  return crisis_deescalated;
}

void flag_possible_crises(ReplicateState& s, const Parameters& p, const StepContext& ctx, FamilyRange block) {
  auto& f = s.families;
  // Whether each family's draw falls below a bound on its hazard, in one branch-free loop that
  // vectorises (the bound costs a quarter of the exponential); draw_crises then works out the exact
  // hazard for the few families whose draw does: their crisis, where it falls, and what follows.
  const Setting* __restrict setting = f.setting.data();
  const MentorStatus* __restrict mentor = f.mentor.data();
  const std::uint8_t* __restrict case_open = f.case_open.data();
  const std::uint8_t* __restrict in_handover = f.in_handover.data();
  const std::int32_t* __restrict arrival_step = f.arrival_step.data();
  const std::uint32_t* __restrict crisis_words = f.draws[crisis_lane].data();
  const double* __restrict severity_start = f.severity_start.data();
  const double* __restrict severity = f.severity.data();
  const double* __restrict capacity = f.parental_capacity.data();
  const double* __restrict age_at_intake = f.age_at_intake.data();
  double* __restrict home_from_time = f.home_from_time.data();
  std::uint8_t* __restrict possible = f.event_possible.data();
  std::uint8_t* __restrict crises = f.crises_this_step.data();
  const double dt = ctx.dt, middle = middle_of_step(ctx);
  const CrisisHazardTerms terms = crisis_hazard_terms(p);
  // GCC honours __restrict only on parameters: this says the arrays do not overlap.
#pragma GCC ivdep
  for (std::size_t k = block.begin; k < block.end; ++k) {
    const double bound = crisis_hazard_in_step<math::exp_upper_bound>(
        terms, middle, dt, severity_start[k], severity[k], capacity[k], age_at_intake[k], arrival_step[k],
        case_open[k] != 0, mentor[k] == MentorStatus::active, in_handover[k] != 0);
    const double home_from = home_from_time[k];
    const double window = dt - home_from;
    const bool flagged = (setting[k] == Setting::home) & (window > 0.0) &
                         event_possible(uniform_open01(crisis_words[k]), bound, window);
    possible[k] = flagged;
    crises[k] = 0;
    // Where a stay ended within the step is read once, by draw_crises for a flagged family:
    // cleared here for the rest, so that pass touches only the flagged.
    home_from_time[k] = flagged ? home_from : 0.0;
  }
}

void draw_crises(ReplicateState& s, const Parameters& p, const StepContext& ctx, FamilyRange block) {
  auto& f = s.families;
  const CrisisHazardTerms terms = crisis_hazard_terms(p);
  s.crises_drawn_in_blocks = true;
  for_each_flagged(f.event_possible.data() + block.begin, block.end - block.begin, 1, [&](std::size_t i) {
    const std::size_t k = block.begin + i;
    const double home_from = f.home_from_time[k];
    f.home_from_time[k] = 0.0;
    const double hazard = crisis_hazard_in_step<math::exp>(
        terms, middle_of_step(ctx), ctx.dt, f.severity_start[k], f.severity[k], f.parental_capacity[k],
        f.age_at_intake[k], f.arrival_step[k], f.case_open[k] != 0, f.mentor[k] == MentorStatus::active,
        f.in_handover[k] != 0);
    const double window = ctx.dt - home_from;
    const double u = uniform_open01(f.draws[crisis_lane][k]);
    if (!event_happens(u, hazard, window)) return;
    const double t = home_from + event_time_in_step(u, hazard, window);
    CounterRng rng(ctx.seed, ctx.replicate, static_cast<std::uint32_t>(k), Process::mentor_deescalation, ctx.step);
    const bool to_decision = crisis_outcome(s, p, ctx, k, t, rng) == crisis_to_decision;
    // Decided here, while this family's data is in cache, rather than in a pass of its own over a
    // region's families: the same decisions in the same order, since a decision changes only this
    // family and what no crisis reads (caseloads, the waiting list, costs).
    decide_at_crises(s, p, ctx, k, t, to_decision, hazard);
  });
  s.crises_drawn_in_blocks = false;
  // The totals streamed for the whole block rather than added crisis by crisis: a crisis is rare,
  // and at a region's size its family's line of total_crises was a cache miss (most of the crisis
  // pass's time), where a stream of the block is prefetched. The counts are whole numbers, so the
  // sums have the same bits.
  const std::uint8_t* __restrict crises = f.crises_this_step.data();
  double* __restrict total = f.total_crises.data();
#pragma GCC ivdep
  for (std::size_t k = block.begin; k < block.end; ++k) total[k] += crises[k];
}

void charge_crises(ReplicateState& s) {
  for (const double charge : s.crisis_charges) s.cumulative_cost += charge;
  s.crisis_charges.clear();
}

}  // namespace jimsim
