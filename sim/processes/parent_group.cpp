#include "sim/processes/parent_group.hpp"

#include <algorithm>
#include <cmath>

namespace jimsim {

void attend_parent_groups(ReplicateState& s, const Parameters& p, const StepContext& ctx) {
  auto& f = s.families;
  const double gain = -std::expm1(-p.parent_group.capacity_gain_rate * ctx.dt);
  for (std::size_t k = 0; k < f.size(); ++k) {
    if (f.parent_group_weeks_left[k] <= 0.0) continue;
    if (f.setting[k] == Setting::not_arrived || f.setting[k] == Setting::exited) continue;
    const double weeks = std::min(ctx.dt, f.parent_group_weeks_left[k]);
    f.parent_group_weeks_left[k] -= weeks;
    f.parental_capacity[k] += (1.0 - f.parental_capacity[k]) * gain;
    auto& rec = f.record[k];
    const double cost = weeks * p.costs.parent_group_week;
    rec.parent_group_weeks += weeks;
    rec.cost_parent_group += cost;
    s.cumulative_cost += cost;
  }
}

}  // namespace jimsim
