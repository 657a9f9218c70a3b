#include "sim/processes/fixed_costs.hpp"

#include <cmath>

#include "sim/processes/exit.hpp"

namespace jimsim {

void charge_role_meeting(ReplicateState& s, const Parameters& p, std::size_t k) {
  s.families.record[k].role_meetings += 1.0;
  add_to_running_cost(s, p.costs.role_meeting);
}

double professionals_to_train(const ReplicateState& s, const Parameters& p) {
  if (!p.mentor_search.enabled) return 0.0;
  return static_cast<double>(s.professionals.size());
}

double training_cost(const ReplicateState& s, const Parameters& p) {
  return p.costs.training_per_professional * professionals_to_train(s, p);
}

double count_idle_staff(ReplicateState& s, const StepContext& ctx) {
  const auto& pr = s.professionals;
  std::array<double, 2> idle_fte{};
  double idle_cost_week = 0.0;
  for (std::size_t j = 0; j < pr.size(); ++j) {
    if (pr.caseload[j] != 0) continue;
    idle_fte[pr.specialist[j]] += pr.fte[j];
    idle_cost_week += pr.employed_cost_week[j];
  }
  for (int kind = 0; kind < 2; ++kind) {
    auto& by_step = s.idle_fte_years_by_step[kind];
    if (by_step.size() <= ctx.step) by_step.resize(ctx.step + 1, 0.0);
    by_step[ctx.step] += idle_fte[kind] * ctx.dt / weeks_per_year;
  }
  return idle_cost_week * ctx.dt;
}

void charge_idle_staff(ReplicateState& s, const Parameters& p, double idle_cost) {
  if (p.costs.staff_employed) s.cumulative_cost += idle_cost;
}

void share_fixed_costs(ReplicateState& s, const Parameters& p) {
  auto& f = s.families;
  double followed = 0.0;
  for (std::size_t k = 0; k < f.size(); ++k) followed += !std::isnan(f.record[k].follow_up_weeks);
  if (followed == 0.0) return;
  std::array<double, 2> idle_fte_years{};
  for (int kind = 0; kind < 2; ++kind) {
    for (const double step : s.idle_fte_years_by_step[kind]) idle_fte_years[kind] += step;
  }
  const double trained = professionals_to_train(s, p) / followed;
  const double idle_basic = idle_fte_years[0] / followed, idle_specialist = idle_fte_years[1] / followed;
  for (std::size_t k = 0; k < f.size(); ++k) {
    if (std::isnan(f.record[k].follow_up_weeks)) continue;
    f.record[k].professionals_trained = trained;
    f.record[k].basic_fte_years += idle_basic;
    f.record[k].specialist_fte_years += idle_specialist;
  }
}

}  // namespace jimsim
