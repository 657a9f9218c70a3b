#include "sim/processes/mentor_dynamics.hpp"

#include <algorithm>
#include <cmath>

#include "sim/processes/mentor_search.hpp"
#include "sim/processes/residential_stay.hpp"
#include "sim/random.hpp"

namespace jimsim {

double mentor_support_gap(const Parameters& p, bool case_open, double support_hours_per_week) {
  if (!case_open) return 0.0;
  return std::max(0.0, 1.0 - support_hours_per_week / p.mentor_dynamics.support_need_hours);
}

double mentor_dropout_hazard(const Parameters& p, double strain, double support_gap, bool role_clear) {
  const auto& m = p.mentor_dynamics;
  const double strain_factor = strain > 0.0 ? std::exp(m.dropout_strain_log_slope * strain) : 1.0;
  return m.dropout_base_hazard * strain_factor *
         (1.0 + (m.unsupported_dropout_factor - 1.0) * support_gap) * (role_clear ? 1.0 : m.unclear_role_dropout_factor);
}

void update_mentors(ReplicateState& s, const Parameters& p, const StepContext& ctx) {
  auto& f = s.families;
  const auto& m = p.mentor_dynamics;
  const double strain_kept = std::exp(-m.strain_recovery_rate * ctx.dt);
  // Strain that builds at a constant rate while it fades: the exact integral over the step.
  const double build_weeks = m.strain_recovery_rate > 0.0 ? -std::expm1(-m.strain_recovery_rate * ctx.dt) / m.strain_recovery_rate
                                                          : ctx.dt;
  for (std::size_t k = 0; k < f.size(); ++k) {
    if (f.mentor[k] != MentorStatus::active || f.setting[k] == Setting::exited) continue;
    f.bond[k] += (1.0 - f.bond[k]) * f.bond_gain[k];
    const double gap = mentor_support_gap(p, f.case_open[k] != 0, f.mentor_support_hours[k]);
    f.strain[k] = f.strain[k] * strain_kept + m.strain_unsupported_rate * gap * build_weeks +
                  m.strain_per_crisis * f.crises_this_step[k];
    if (f.case_open[k] && f.setting[k] != Setting::residential) {
      f.total_mentor_expense_weeks[k] += ctx.dt;
      s.cumulative_cost += p.costs.mentor_expenses_week * ctx.dt;
    }
    // A mentor named this step shares the weekly lane with the search: dropout starts next step.
    if (f.mentor_found_step[k] == static_cast<std::int32_t>(ctx.step)) continue;
    const double hazard = mentor_dropout_hazard(p, f.strain[k], gap, f.mentor_role_clear[k] != 0);
    const double u = uniform_open01(f.draws[mentor_dropout_lane][k]);
    if (!event_happens(u, hazard, ctx.dt)) continue;
    const double t = event_time_in_step(u, hazard, ctx.dt);
    const double week = weeks_since_intake_at_step_start(s, k, ctx) + t;
    f.mentor[k] = MentorStatus::dropped_out;
    f.record[k].mentor_dropout_week = week;
    end_respite(s, p, k, t, ctx.dt);
    // During treatment at home the youth may look for someone else.
    if (p.mentor_search.search_again && f.case_open[k] && f.setting[k] == Setting::home) {
      start_mentor_search(s, k, week + p.mentor_search.repeat_search_weeks);
    }
  }
}

}  // namespace jimsim
