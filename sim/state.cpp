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
  severity_start.resize(n);
  baseline_severity.resize(n);
  parental_capacity.resize(n);
  network_size.resize(n);
  treatment_weeks.assign(n, 0.0);
  stay_weeks_left.assign(n, 0.0);
  parent_group_weeks_left.resize(n);
  crisis.assign(n, 0);
  crisis_time.assign(n, 0.0);
  crisis_rate.assign(n, 0.0);
  crises_this_step.assign(n, 0);
  home_from_time.assign(n, 0.0);
  indication.assign(n, Indication::none);
  bed_ready_week.assign(n, 0.0);
  reconsider.assign(n, 0);
  reconsider_time.assign(n, 0.0);
  needs_specialist.assign(n, 0);
  queue_from_week.assign(n, 0.0);
  in_handover.assign(n, 0);
  safety_plan.assign(n, 0);
  for (auto& lane : draws) lane.assign(n, 0);
  family_hours.assign(n, 0.0);
  mentor_support_hours.assign(n, 0.0);
  support_dose.assign(n, 0.0);
  mentor.resize(n);
  mentor_findable.resize(n);
  mentor_role_clear.resize(n);
  mentor_found_step.assign(n, -1);
  mentor_named_time.assign(n, 0.0);
  search_ends_week.assign(n, 0.0);
  mentors_named.assign(n, 0);
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

namespace jimsim {
namespace {

void update_room(ReplicateState& s, std::int32_t j, std::int32_t old_caseload) {
  auto& pr = s.professionals;
  auto& set = s.free.with_room[pr.specialist[static_cast<std::size_t>(j)]];
  set.erase({old_caseload, j});
  const std::int32_t now = pr.caseload[static_cast<std::size_t>(j)];
  if (s.free.caseload_cap == 0 || now < s.free.caseload_cap) set.insert({now, j});
}

}  // namespace

double age_at(const Families& f, std::size_t k, double weeks_since_intake) {
  return f.age_at_intake[k] + weeks_since_intake / 52.1775;
}

void index_free_professionals(ReplicateState& s, int caseload_cap) {
  auto& pr = s.professionals;
  s.free = FreeProfessionals{};
  s.free.caseload_cap = caseload_cap;
  for (std::size_t j = 0; j < pr.size(); ++j) {
    s.free.exists[pr.specialist[j]] = true;
    if (caseload_cap == 0 || pr.caseload[j] < caseload_cap) {
      s.free.with_room[pr.specialist[j]].insert({pr.caseload[j], static_cast<std::int32_t>(j)});
    }
  }
}

void assign_professional(ReplicateState& s, std::size_t k, std::int32_t j) {
  const auto jj = static_cast<std::size_t>(j);
  s.families.professional[k] = j;
  ++s.professionals.caseload[jj];
  update_room(s, j, s.professionals.caseload[jj] - 1);
}

void release_professional(ReplicateState& s, std::size_t k) {
  auto& prof = s.families.professional[k];
  if (prof < 0) return;
  const std::int32_t j = prof;
  prof = -1;
  --s.professionals.caseload[static_cast<std::size_t>(j)];
  update_room(s, j, s.professionals.caseload[static_cast<std::size_t>(j)] + 1);
}

}  // namespace jimsim
