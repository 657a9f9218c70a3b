#include "sim/replicate.hpp"

#include <algorithm>
#include <cmath>
#include <utility>
#include <vector>

#include "sim/processes/case_review.hpp"
#include "sim/processes/crisis.hpp"
#include "sim/processes/exit.hpp"
#include "sim/processes/fixed_costs.hpp"
#include "sim/processes/indicated_placement.hpp"
#include "sim/processes/intake.hpp"
#include "sim/processes/mentor_dynamics.hpp"
#include "sim/processes/mentor_search.hpp"
#include "sim/processes/parental_capacity.hpp"
#include "sim/processes/professional_allocation.hpp"
#include "sim/processes/residential_stay.hpp"
#include "sim/processes/severity.hpp"
#include "sim/processes/support_dose.hpp"
#include "sim/pricing.hpp"
#include "sim/resource_use_by_year.hpp"
#include "sim/summary.hpp"

namespace jimsim {
namespace {

// One time step: the model's processes in the order they act within a week.
void step(ReplicateState& s, const Parameters& p, const StepContext& ctx, std::size_t families_per_block) {
  end_follow_up(s, p, ctx);
  admit_arrivals(s, p, ctx);
  draw_weekly_randoms(s, ctx);
  continue_stays(s, p, ctx);
  search_for_mentors(s, p, ctx);
  allocate_professionals(s, p, ctx);
  const double idle_cost = count_idle_staff(s, ctx);  // before crises free anyone
  // These act on each family alone, or (the crises and their decisions) change besides the family
  // only what none of them reads: caseloads, the waiting list. Block by block, so a block stays in
  // cache through them; what they add to the running cost is added after the blocks, in the order
  // of one pass per process over all families.
  const std::size_t families = s.families.padded_size();
  for (std::size_t begin = 0; begin < families; begin += families_per_block) {
    const FamilyRange block{begin, std::min(begin + families_per_block, families)};
    give_professional_hours(s, p, ctx, block);
    compute_support_dose(s, p, ctx, block);
    update_severity(s, p, ctx, block);
    strengthen_parents(s, p, ctx, block);
    flag_possible_crises(s, p, ctx, block);
    draw_crises(s, p, ctx, block);  // and the placement decisions they lead to
  }
  charge_idle_staff(s, p, idle_cost);
  charge_parent_groups(s);
  charge_crises(s);
  act_on_indications(s, p, ctx);
  update_mentors(s, p, ctx);
  review_cases(s, p, ctx);
}

// Runs an initialised replicate to the horizon.
ReplicateResult run(ReplicateState state, const Parameters& p, std::uint64_t seed, std::uint32_t replicate,
                    bool keep_family_records, ReplicateWorkspace& workspace, ReplicateReport report) {
  const bool everything = report == ReplicateReport::everything;
  const int steps = step_count(p);
  const double dt = p.simulation.time_step_weeks;
  // A multiple of 64 (FamilyRange): the vector loops' width.
  const std::size_t families_per_block = std::max<std::size_t>(1, (workspace.families_per_block + 63) / 64) * 64;
  state.cumulative_cost += training_cost(state, p);
  // The weekly series and the resource use by year only watch the state: without them (a
  // calibration's report) the records are the same.
  WeeklyRecorder recorder(everything ? steps : 0);
  YearlyResourceUse& by_year = workspace.by_year;
  by_year.start(p, steps);
  for (int t = 0; t < steps; ++t) {
    const StepContext ctx{seed, replicate, static_cast<std::uint32_t>(t), dt, (t + 1) * dt};
    if (everything) by_year.before_step(state, t);
    step(state, p, ctx, families_per_block);
    if (everything) {
      by_year.after_step(state, t);
      recorder.record(state, t);
    }
  }
  end_run(state, steps * dt, dt);
  share_fixed_costs(state, p);
  ReplicateResult result;
  if (everything) result.by_year = by_year.finish(state, p);
  // The records are all that is left to read; the per-family arrays go back to the workspace.
  std::vector<FamilyRecord> records = std::move(state.families.record);
  workspace.families = std::move(state.families);
  state = ReplicateState{};

  for (auto& record : records) price(record, p.costs);
  if (everything) {
    result.outcomes = summarise_families(records, p.costs);
    result.series = recorder.finish(records, dt);
  }
  if (keep_family_records || !everything) {
    result.families = std::move(records);
  } else {
    workspace.families.record = std::move(records);
  }
  return result;
}

}  // namespace

int step_count(const Parameters& p) {
  return static_cast<int>(std::ceil(p.simulation.horizon_weeks / p.simulation.time_step_weeks - 1e-9));
}

int year_count(const Parameters& p) {
  return std::max(1, static_cast<int>(std::ceil(p.simulation.horizon_weeks / weeks_per_year - 1e-9)));
}

ReplicateResult simulate_replicate(const Parameters& p, const Cohort& cohort, std::uint64_t seed,
                                   std::uint32_t replicate, bool keep_family_records, ReplicateWorkspace& workspace,
                                   ReplicateReport report) {
  check_cohort(cohort, p);
  ReplicateState state;
  state.families = std::move(workspace.families);
  initialise_replicate(state, cohort, p, seed, replicate);
  return run(std::move(state), p, seed, replicate, keep_family_records, workspace, report);
}

ReplicateResult simulate_replicate(const Parameters& p, const Cohort& cohort, std::uint64_t seed,
                                   std::uint32_t replicate, bool keep_family_records, ReplicateReport report) {
  ReplicateWorkspace workspace;
  return simulate_replicate(p, cohort, seed, replicate, keep_family_records, workspace, report);
}

ReplicateResult simulate_replicate(const Parameters& p, std::uint64_t seed, std::uint32_t replicate,
                                   bool keep_family_records, ReplicateWorkspace& workspace, ReplicateReport report) {
  ReplicateState state;
  state.families = std::move(workspace.families);
  {
    // The state holds all it needs of the cohort, so the cohort (50 bytes a family) is freed before
    // the run rather than held through it.
    const Cohort cohort = draw_cohort(p, seed, replicate);
    check_cohort(cohort, p);
    initialise_replicate(state, cohort, p, seed, replicate);
  }
  return run(std::move(state), p, seed, replicate, keep_family_records, workspace, report);
}

ReplicateResult simulate_replicate(const Parameters& p, std::uint64_t seed, std::uint32_t replicate,
                                   bool keep_family_records, ReplicateReport report) {
  ReplicateWorkspace workspace;
  return simulate_replicate(p, seed, replicate, keep_family_records, workspace, report);
}

}  // namespace jimsim
