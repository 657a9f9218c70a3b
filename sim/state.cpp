#include "sim/state.hpp"

#include <algorithm>

#include "sim/mapped_pages.hpp"

namespace jimsim {

void Families::reset(std::size_t n) {
  count = n;
  const std::size_t padded = (n + 63) / 64 * 64;
  assign_mapped(setting, padded);
  assign_mapped(case_open, padded);
  assign_mapped(professional, padded, -1);  // none, also for the padding, which no loop may count as treated
  assign_mapped(arrival_step, padded);
  assign_mapped(age_at_intake, padded);
  assign_mapped(exit_step, padded);
  assign_mapped(severity, padded);
  assign_mapped(severity_start, padded);
  assign_mapped(baseline_severity, padded);
  assign_mapped(parental_capacity, padded);
  assign_mapped(mentor_search_hazard, padded);
  assign_mapped(treatment_weeks, padded, 0.0);
  assign_mapped(reviews_passed, padded, 0.0);
  assign_mapped(stay_weeks_left, padded, 0.0);
  assign_mapped(parent_group_weeks_left, padded);
  assign_mapped(crises_this_step, padded, 0);
  assign_mapped(event_possible, padded, 0);
  assign_mapped(home_from_time, padded, 0.0);
  assign_mapped(indication, padded, Indication::none);
  assign_mapped(bed_ready_week, padded, 0.0);
  assign_mapped(reconsider, padded, 0);
  assign_mapped(reconsider_time, padded, 0.0);
  assign_mapped(needs_specialist, padded, 0);
  assign_mapped(queue_from_week, padded, 0.0);
  assign_mapped(in_handover, padded, 0);
  assign_mapped(safety_plan, padded, 0);
  for (auto& lane : draws) assign_mapped(lane, padded, 0);
  assign_mapped(family_hours, padded, 0.0);
  assign_mapped(mentor_support_unmet, padded, 1.0);
  assign_mapped(support_dose, padded, 0.0);
  assign_mapped(mentor, padded);
  assign_mapped(mentor_findable, padded);
  assign_mapped(mentor_role_clear, padded);
  assign_mapped(mentor_found_step, padded, -1);
  assign_mapped(mentor_named_time, padded, 0.0);
  assign_mapped(mentor_present_share, padded, 1.0);
  assign_mapped(search_ends_week, padded, 0.0);
  assign_mapped(mentors_named, padded, 0);
  assign_mapped(mentor_hours, padded);
  assign_mapped(first_mentor_years_known, padded);
  assign_mapped(first_mentor_bond, padded);
  assign_mapped(bond_gain, padded);
  assign_mapped(bond, padded);
  assign_mapped(strain, padded, 0.0);
  assign_mapped(staff_time, padded, StaffTime{});
  assign_mapped(total_mentor_support_hours, padded, 0.0);
  assign_mapped(total_mentor_expense_weeks, padded, 0.0);
  assign_mapped(total_residential_days, padded, 0.0);
  assign_mapped(total_respite_days, padded, 0.0);
  assign_mapped(total_crises, padded, 0.0);
  assign_mapped(total_crises_deescalated, padded, 0.0);
  assign_mapped(record, n, FamilyRecord{});
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
