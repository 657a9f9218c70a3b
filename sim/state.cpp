#include "sim/state.hpp"

namespace jimsim {

void Families::resize(std::size_t n) {
  setting.resize(n);
  case_open.resize(n);
  professional.resize(n);
  arrival_step.resize(n);
  age_at_intake.resize(n);
  exit_step.resize(n);
  severity.resize(n);
  baseline_severity.resize(n);
  parental_capacity.resize(n);
  network_size.resize(n);
  treatment_weeks.assign(n, 0.0);
  stay_weeks_left.assign(n, 0.0);
  parent_group_weeks_left.resize(n);
  crisis.assign(n, 0);
  for (auto& lane : draws) lane.assign(n, 0);
  family_hours.assign(n, 0.0);
  mentor_support_hours.assign(n, 0.0);
  support_dose.assign(n, 0.0);
  mentor.resize(n);
  mentor_findable.resize(n);
  mentor_role_clear.resize(n);
  mentor_found_step.assign(n, -1);
  mentor_hours.resize(n);
  bond_gain.resize(n);
  bond.resize(n);
  strain.assign(n, 0.0);
  record.resize(n);
}

void draw_weekly_randoms(ReplicateState& s, const StepContext& ctx) {
  // Every family gets its block, followed or not: a branch-free loop is faster than skipping.
  auto& d = s.families.draws;
  weekly_draws(ctx.seed, ctx.replicate, ctx.step, static_cast<std::uint32_t>(s.families.size()), d[0].data(),
               d[1].data(), d[2].data(), d[3].data());
}

}  // namespace jimsim
