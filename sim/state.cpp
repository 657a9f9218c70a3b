#include "sim/state.hpp"

#include <algorithm>

namespace jimsim {

void Families::reset(std::size_t n) {
  count = n;
  const std::size_t padded = (n + 63) / 64 * 64;
  setting.assign(padded, {});
  case_open.assign(padded, {});
  professional.assign(padded, -1);  // none, also for the padding, which no loop may count as treated
  arrival_step.assign(padded, {});
  age_at_intake.assign(padded, {});
  exit_step.assign(padded, {});
  severity.assign(padded, {});
  severity_start.assign(padded, {});
  baseline_severity.assign(padded, {});
  parental_capacity.assign(padded, {});
  mentor_search_hazard.assign(padded, {});
  treatment_weeks.assign(padded, 0.0);
  reviews_passed.assign(padded, 0.0);
  stay_weeks_left.assign(padded, 0.0);
  parent_group_weeks_left.assign(padded, {});
  crises_this_step.assign(padded, 0);
  event_possible.assign(padded, 0);
  home_from_time.assign(padded, 0.0);
  indication.assign(padded, Indication::none);
  bed_ready_week.assign(padded, 0.0);
  reconsider.assign(padded, 0);
  reconsider_time.assign(padded, 0.0);
  needs_specialist.assign(padded, 0);
  queue_from_week.assign(padded, 0.0);
  in_handover.assign(padded, 0);
  safety_plan.assign(padded, 0);
  for (auto& lane : draws) lane.assign(padded, 0);
  family_hours.assign(padded, 0.0);
  mentor_support_unmet.assign(padded, 1.0);
  support_dose.assign(padded, 0.0);
  mentor.assign(padded, {});
  mentor_findable.assign(padded, {});
  mentor_role_clear.assign(padded, {});
  mentor_found_step.assign(padded, -1);
  mentor_named_time.assign(padded, 0.0);
  mentor_present_share.assign(padded, 1.0);
  search_ends_week.assign(padded, 0.0);
  mentors_named.assign(padded, 0);
  mentor_hours.assign(padded, {});
  first_mentor_years_known.assign(padded, {});
  first_mentor_bond.assign(padded, {});
  bond_gain.assign(padded, {});
  bond.assign(padded, {});
  strain.assign(padded, 0.0);
  staff_time.assign(padded, StaffTime{});
  total_mentor_support_hours.assign(padded, 0.0);
  total_mentor_expense_weeks.assign(padded, 0.0);
  total_residential_days.assign(padded, 0.0);
  total_respite_days.assign(padded, 0.0);
  total_crises.assign(padded, 0.0);
  total_crises_deescalated.assign(padded, 0.0);
  record.assign(n, FamilyRecord{});
}

FamiliesByStep index_families_by_step(const std::vector<std::int32_t>& step_of, std::size_t families, std::size_t steps) {
  FamiliesByStep index;
  index.begin.assign(steps + 1, 0);
  const auto in_run = [&](std::int32_t t) { return t >= 0 && static_cast<std::size_t>(t) < steps; };
  for (std::size_t k = 0; k < families; ++k) {
    if (in_run(step_of[k])) ++index.begin[static_cast<std::size_t>(step_of[k]) + 1];
  }
  for (std::size_t t = 1; t <= steps; ++t) index.begin[t] += index.begin[t - 1];
  index.family.resize(index.begin[steps]);
  std::vector<std::uint32_t> next(index.begin.begin(), index.begin.end() - 1);
  for (std::size_t k = 0; k < families; ++k) {
    if (in_run(step_of[k])) index.family[next[static_cast<std::size_t>(step_of[k])]++] = static_cast<std::uint32_t>(k);
  }
  return index;
}

void draw_weekly_randoms(ReplicateState& s, const StepContext& ctx) {
  // Every family gets its block, followed or not: a branch-free loop is faster than skipping.
  auto& d = s.families.draws;
  weekly_draws(ctx.seed, ctx.replicate, ctx.step, static_cast<std::uint32_t>(s.families.padded_size()), d[0].data(),
               d[1].data(), d[2].data(), d[3].data());
}

}  // namespace jimsim

namespace jimsim {
namespace {

// Professional j's key: ordered by caseload, then index.
std::uint64_t room_key(const ReplicateState& s, std::size_t j) {
  const std::int32_t caseload = s.professionals.caseload[j];
  if (s.free.caseload_cap != 0 && caseload >= s.free.caseload_cap) return FreeProfessionals::no_room;
  return (static_cast<std::uint64_t>(caseload) << 32) | j;
}

// Professional j's caseload changed: its leaf and the nodes above it that it decides.
void update_room(ReplicateState& s, std::size_t j) {
  auto& tree = s.free.tree[s.professionals.specialist[j]];
  std::size_t node = s.free.first_leaf[s.professionals.specialist[j]] + s.free.leaf[j];
  tree[node] = room_key(s, j);
  for (node /= 2; node >= 1; node /= 2) {
    const std::uint64_t least = std::min(tree[2 * node], tree[2 * node + 1]);
    if (tree[node] == least) break;  // nothing above changes either
    tree[node] = least;
  }
}

}  // namespace

void index_free_professionals(ReplicateState& s, int caseload_cap) {
  const auto& pr = s.professionals;
  auto& free = s.free;
  free = FreeProfessionals{};
  free.caseload_cap = caseload_cap;
  free.leaf.resize(pr.size());
  std::array<std::uint32_t, 2> count{};
  for (std::size_t j = 0; j < pr.size(); ++j) {
    free.exists[pr.specialist[j]] = true;
    free.leaf[j] = count[pr.specialist[j]]++;
  }
  for (int kind = 0; kind < 2; ++kind) {
    std::size_t leaves = 1;
    while (leaves < count[kind]) leaves *= 2;
    free.first_leaf[kind] = leaves;
    free.tree[kind].assign(2 * leaves, FreeProfessionals::no_room);
  }
  for (std::size_t j = 0; j < pr.size(); ++j) {
    free.tree[pr.specialist[j]][free.first_leaf[pr.specialist[j]] + free.leaf[j]] = room_key(s, j);
  }
  for (auto& tree : free.tree) {
    for (std::size_t node = tree.size() / 2 - 1; node >= 1; --node) {
      tree[node] = std::min(tree[2 * node], tree[2 * node + 1]);
    }
  }
}

void assign_professional(ReplicateState& s, std::size_t k, std::int32_t j) {
  const auto jj = static_cast<std::size_t>(j);
  s.families.professional[k] = j;
  ++s.professionals.caseload[jj];
  update_room(s, jj);
}

void release_professional(ReplicateState& s, std::size_t k) {
  auto& prof = s.families.professional[k];
  if (prof < 0) return;
  const std::int32_t j = prof;
  prof = -1;
  --s.professionals.caseload[static_cast<std::size_t>(j)];
  update_room(s, static_cast<std::size_t>(j));
}

}  // namespace jimsim
