#include "sim/processes/parental_capacity.hpp"

#include <algorithm>
#include <cmath>

#include "sim/flagged_families.hpp"
#include "sim/portable_math.hpp"

namespace jimsim {

void strengthen_parents(ReplicateState& s, const Parameters& p, const StepContext& ctx, FamilyRange block) {
  auto& f = s.families;
  // Parental capacity of the families in the block, in a branch-free loop that vectorises: the
  // professional hours with the parents (their gain worked out per row of the step's case shares:
  // give_professional_hours wrote each family's, and a family without hours this step gains exactly
  // 0), then the parent group for those in one. Flags (bit 0 of Families::event_possible) the
  // families in a group, whose weeks and costs follow family by family.
  {
    const double group_gain = -math::expm1(-p.parent_group.capacity_gain_rate * ctx.dt);
    const Setting* __restrict setting = f.setting.data();
    const double* __restrict gain_from_hours = f.parent_capacity_gain.data();
    const double* __restrict group_weeks_left = f.parent_group_weeks_left.data();
    double* __restrict capacity = f.parental_capacity.data();
    std::uint8_t* __restrict in_group = f.event_possible.data();
#pragma GCC ivdep  // the arrays do not overlap (GCC honours __restrict only on parameters)
    for (std::size_t k = block.begin; k < block.end; ++k) {
      const double from_hours = capacity[k] + (1.0 - capacity[k]) * gain_from_hours[k];
      const bool group = (group_weeks_left[k] > 0.0) & (setting[k] != Setting::not_arrived) & (setting[k] != Setting::exited);
      capacity[k] = group ? from_hours + (1.0 - from_hours) * group_gain : from_hours;
      in_group[k] = group;
    }
  }
  // The group's weeks, and its cost, charged after all blocks (charge_parent_groups). (The flags
  // are scratch until the crisis loop of this block overwrites them.)
  for_each_flagged(f.event_possible.data() + block.begin, block.end - block.begin, 1, [&](std::size_t i) {
    const std::size_t k = block.begin + i;
    const double weeks = std::min(ctx.dt, f.parent_group_weeks_left[k]);
    f.parent_group_weeks_left[k] -= weeks;
    f.record[k].parent_group_weeks += weeks;
    s.parent_group_charges.push_back(weeks * p.costs.parent_group_week);
  });
}

void charge_parent_groups(ReplicateState& s) {
  for (const double charge : s.parent_group_charges) s.cumulative_cost += charge;
  s.parent_group_charges.clear();
}

}  // namespace jimsim
