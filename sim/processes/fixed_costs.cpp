#include "sim/processes/fixed_costs.hpp"

#include <cmath>

namespace jimsim {

void charge_role_meeting(ReplicateState& s, const Parameters& p, std::size_t k) {
  s.families.record[k].cost_role_meetings += p.costs.role_meeting;
  s.cumulative_cost += p.costs.role_meeting;
}

double training_cost(const ReplicateState& s, const Parameters& p) {
  if (!p.mentor_search.enabled) return 0.0;
  return p.costs.training_per_professional * static_cast<double>(s.professionals.size());
}

void charge_idle_staff(ReplicateState& s, const Parameters& p, const StepContext& ctx) {
  if (!p.costs.staff_employed) return;
  const auto& pr = s.professionals;
  double idle = 0.0;
  for (std::size_t j = 0; j < pr.size(); ++j) {
    if (pr.caseload[j] == 0) idle += pr.employed_cost_week[j];
  }
  s.unassigned_staff_cost += idle * ctx.dt;
  s.cumulative_cost += idle * ctx.dt;
}

void share_fixed_costs(ReplicateState& s, const Parameters& p) {
  auto& f = s.families;
  double followed = 0.0;
  for (std::size_t k = 0; k < f.size(); ++k) followed += !std::isnan(f.record[k].follow_up_weeks);
  if (followed == 0.0) return;
  const double training = training_cost(s, p) / followed;
  const double idle_staff = s.unassigned_staff_cost / followed;
  for (std::size_t k = 0; k < f.size(); ++k) {
    if (std::isnan(f.record[k].follow_up_weeks)) continue;
    f.record[k].cost_training += training;
    f.record[k].cost_professional += idle_staff;
  }
}

}  // namespace jimsim
