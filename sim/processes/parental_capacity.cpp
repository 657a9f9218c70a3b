#include "sim/processes/parental_capacity.hpp"

#include <algorithm>
#include <cmath>

#include "sim/portable_math.hpp"

namespace jimsim {

void strengthen_parents(ReplicateState& s, const Parameters& p, const StepContext& ctx, FamilyRange block) {
  auto& f = s.families;
  const double group_gain = -math::expm1(-p.parent_group.capacity_gain_rate * ctx.dt);
  const double per_parent_hour = p.support.parent_capacity_gain_per_hour * ctx.dt;
  const double parent_share = p.professionals.parent_share;
  // Professional hours with the parents (parent_share of the family's hours), for every family in
  // a loop that vectorises: a family without hours this step (not followed, or no professional)
  // gains exactly 0.
  const double* __restrict family_hours = f.family_hours.data();
  double* __restrict capacity = f.parental_capacity.data();
  // A family's hours never exceed max_hours_per_family (allocate_professionals), so when that bound
  // keeps every argument below 1/2, expm1 is its series alone: the same value at half the work.
  if (per_parent_hour * (p.professionals.max_hours_per_family * parent_share) < 0.5) {
#pragma GCC ivdep  // the arrays do not overlap (GCC honours __restrict only on parameters)
    for (std::size_t k = block.begin; k < block.end; ++k) {
      capacity[k] += (1.0 - capacity[k]) * -math::expm1_near_zero(-per_parent_hour * (family_hours[k] * parent_share));
    }
  } else {
#pragma GCC ivdep
    for (std::size_t k = block.begin; k < block.end; ++k) {
      capacity[k] += (1.0 - capacity[k]) * -math::expm1(-per_parent_hour * (family_hours[k] * parent_share));
    }
  }
  for (std::size_t k = block.begin; k < std::min(block.end, f.size()); ++k) {
    if (f.parent_group_weeks_left[k] <= 0.0) continue;
    if (f.setting[k] == Setting::not_arrived || f.setting[k] == Setting::exited) continue;
    const double weeks = std::min(ctx.dt, f.parent_group_weeks_left[k]);
    f.parent_group_weeks_left[k] -= weeks;
    f.parental_capacity[k] += (1.0 - f.parental_capacity[k]) * group_gain;
    f.record[k].parent_group_weeks += weeks;
    s.cumulative_cost += weeks * p.costs.parent_group_week;
  }
}

}  // namespace jimsim
