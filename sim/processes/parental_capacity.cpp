#include "sim/processes/parental_capacity.hpp"

#include <algorithm>
#include <cmath>

#include "sim/flagged_families.hpp"
#include "sim/portable_math.hpp"

namespace jimsim {
namespace {

struct CapacityGains {
  double per_parent_hour;  // gain rate per professional hour with the parents, over the step
  double parent_share;     // share of a family's professional hours spent with the parents
  double group_gain;       // share of the missing capacity a parent group adds in a step
};

// Parental capacity of the families in `block`, in a branch-free loop that vectorises: the
// professional hours with the parents (a family without hours this step, not followed or without
// a professional, gains exactly 0), then the parent group for those in one. Flags (bit 0 of
// Families::event_possible) the families in a group, whose weeks and costs follow family by family.
// `series_only`: every argument of expm1 is below 1/2 in size, where expm1 is its series alone.
template <bool series_only>
void gain_capacity(Families& f, const CapacityGains& g, FamilyRange block) {
  const Setting* __restrict setting = f.setting.data();
  const double* __restrict family_hours = f.family_hours.data();
  const double* __restrict group_weeks_left = f.parent_group_weeks_left.data();
  double* __restrict capacity = f.parental_capacity.data();
  std::uint8_t* __restrict in_group = f.event_possible.data();
#pragma GCC ivdep  // the arrays do not overlap (GCC honours __restrict only on parameters)
  for (std::size_t k = block.begin; k < block.end; ++k) {
    const double x = -g.per_parent_hour * (family_hours[k] * g.parent_share);
    const double from_hours = capacity[k] + (1.0 - capacity[k]) * -(series_only ? math::expm1_near_zero(x) : math::expm1(x));
    const bool group = (group_weeks_left[k] > 0.0) & (setting[k] != Setting::not_arrived) & (setting[k] != Setting::exited);
    capacity[k] = group ? from_hours + (1.0 - from_hours) * g.group_gain : from_hours;
    in_group[k] = group;
  }
}

}  // namespace

void strengthen_parents(ReplicateState& s, const Parameters& p, const StepContext& ctx, FamilyRange block) {
  auto& f = s.families;
  const CapacityGains gains{p.support.parent_capacity_gain_per_hour * ctx.dt, p.professionals.parent_share,
                            -math::expm1(-p.parent_group.capacity_gain_rate * ctx.dt)};
  // A family's hours never exceed max_hours_per_family (allocate_professionals), so when that bound
  // keeps every argument below 1/2, expm1 is its series alone: the same value at half the work.
  if (gains.per_parent_hour * (p.professionals.max_hours_per_family * gains.parent_share) < 0.5) {
    gain_capacity<true>(f, gains, block);
  } else {
    gain_capacity<false>(f, gains, block);
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
