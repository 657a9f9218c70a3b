#include "sim/processes/parental_capacity.hpp"

#include <algorithm>
#include <cmath>

#include "sim/portable_math.hpp"

namespace jimsim {

void strengthen_parents(ReplicateState& s, const Parameters& p, const StepContext& ctx) {
  auto& f = s.families;
  const double group_gain = -math::expm1(-p.parent_group.capacity_gain_rate * ctx.dt);
  const double per_parent_hour = p.support.parent_capacity_gain_per_hour * ctx.dt;
  for (std::size_t k = 0; k < f.size(); ++k) {
    if (f.setting[k] == Setting::not_arrived || f.setting[k] == Setting::exited) continue;
    // Professional hours with the parents: parent_share of the family's hours.
    const double parent_hours = f.family_hours[k] * p.professionals.parent_share;
    if (parent_hours > 0.0) {
      f.parental_capacity[k] += (1.0 - f.parental_capacity[k]) * -math::expm1(-per_parent_hour * parent_hours);
    }
    if (f.parent_group_weeks_left[k] <= 0.0) continue;
    const double weeks = std::min(ctx.dt, f.parent_group_weeks_left[k]);
    f.parent_group_weeks_left[k] -= weeks;
    f.parental_capacity[k] += (1.0 - f.parental_capacity[k]) * group_gain;
    f.record[k].parent_group_weeks += weeks;
    s.cumulative_cost += weeks * p.costs.parent_group_week;
  }
}

}  // namespace jimsim
