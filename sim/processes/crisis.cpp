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

namespace {

// Packs the block's flagged families (Families::event_possible bit 0) into `c`, to a multiple of
// eight entries (the last family repeated), so the vector loop over them has no scalar remainder.
// Returns how many are real.
std::size_t pack_candidates(const Families& f, FamilyRange block, CrisisCandidates& c) {
  c.family.clear();
  for_each_flagged(f.event_possible.data() + block.begin, block.end - block.begin, 1,
                   [&](std::size_t i) { c.family.push_back(static_cast<std::uint32_t>(block.begin + i)); });
  const std::size_t m = c.family.size();
  if (m == 0) return 0;
  c.family.resize((m + 7) / 8 * 8, c.family.back());
  const std::size_t padded = c.family.size();
  for (auto* v : {&c.home_from, &c.severity_start, &c.severity_end, &c.parental_capacity, &c.age_at_intake,
                  &c.arrival_step, &c.case_open, &c.mentor_active, &c.in_handover, &c.uniform, &c.hazard, &c.time,
                  &c.happens}) {
    v->resize(padded);
  }
  for (std::size_t j = 0; j < padded; ++j) {
    const std::size_t k = c.family[j];
    c.home_from[j] = f.home_from_time[k];
    c.severity_start[j] = f.severity_start[k];
    c.severity_end[j] = f.severity[k];
    c.parental_capacity[j] = f.parental_capacity[k];
    c.age_at_intake[j] = f.age_at_intake[k];
    c.arrival_step[j] = f.arrival_step[k];
    c.case_open[j] = f.case_open[k] != 0;
    c.mentor_active[j] = f.mentor[k] == MentorStatus::active;
    c.in_handover[j] = f.in_handover[k] != 0;
    c.uniform[j] = uniform_open01(f.draws[crisis_lane][k]);
  }
  return m;
}

// For every packed family: the exact hazard, whether the first crisis of the step happens, and
// when. One vector loop: scalar, family by family, each exponential and logarithm was a chain of
// dependent operations the next family waited for.
void find_first_crises(CrisisCandidates& c, const CrisisHazardTerms terms, double middle, double dt) {
  const std::size_t padded = c.family.size();
  const double* __restrict home_from = c.home_from.data();
  const double* __restrict severity_start = c.severity_start.data();
  const double* __restrict severity_end = c.severity_end.data();
  const double* __restrict capacity = c.parental_capacity.data();
  const double* __restrict age_at_intake = c.age_at_intake.data();
  const double* __restrict arrival_step = c.arrival_step.data();
  const double* __restrict case_open = c.case_open.data();
  const double* __restrict mentor_active = c.mentor_active.data();
  const double* __restrict in_handover = c.in_handover.data();
  const double* __restrict uniform = c.uniform.data();
  double* __restrict hazard = c.hazard.data();
  double* __restrict time = c.time.data();
  double* __restrict happens = c.happens.data();
#pragma GCC ivdep  // the arrays do not overlap (GCC honours __restrict only on parameters)
  for (std::size_t j = 0; j < padded; ++j) {
    const double h = crisis_hazard_in_step<math::exp>(terms, middle, dt, severity_start[j], severity_end[j],
                                                      capacity[j], age_at_intake[j], arrival_step[j],
                                                      case_open[j] != 0.0, mentor_active[j] != 0.0,
                                                      in_handover[j] != 0.0);
    const double window = dt - home_from[j];
    const double u = uniform[j];
    hazard[j] = h;
    happens[j] = event_happens_as_number(u, h, window);
    time[j] = home_from[j] + event_time_in_step(u, h, window);
  }
}

}  // namespace

void draw_crises(ReplicateState& s, const Parameters& p, const StepContext& ctx, FamilyRange block) {
  auto& f = s.families;
  CrisisCandidates& candidates = s.crisis_candidates;
  const std::size_t m = pack_candidates(f, block, candidates);
  find_first_crises(candidates, crisis_hazard_terms(p), middle_of_step(ctx), ctx.dt);
  // The crises, and what follows, in family order. A family's hazard and crisis read only its own
  // data, which no other family's crisis or decision changes, so working them out first for all
  // gives what one family after the other did.
  s.crises_drawn_in_blocks = true;
  for (std::size_t j = 0; j < m; ++j) {
    const std::size_t k = candidates.family[j];
    f.home_from_time[k] = 0.0;
    if (candidates.happens[j] == 0.0) continue;
    const double t = candidates.time[j];
    CounterRng rng(ctx.seed, ctx.replicate, static_cast<std::uint32_t>(k), Process::mentor_deescalation, ctx.step);
    const bool to_decision = crisis_outcome(s, p, ctx, k, t, rng) == crisis_to_decision;
    // Decided here, while this family's data is in cache, rather than in a pass of its own over a
    // region's families: the same decisions in the same order, since a decision changes only this
    // family and what no crisis reads (caseloads, the waiting list, costs).
    decide_at_crises(s, p, ctx, k, t, to_decision, candidates.hazard[j]);
  }
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
