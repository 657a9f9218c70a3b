#include "sim/processes/exit.hpp"

#include <cmath>
#include <limits>

#include "sim/processes/indicated_placement.hpp"

namespace jimsim {
void leave_follow_up(ReplicateState& s, std::size_t k, double weeks_followed) {
  auto& f = s.families;
  release_professional(s, k);
  resolve_indication(s, k, IndicationOutcome::open_at_end);
  f.setting[k] = Setting::exited;
  f.case_open[k] = 0;
  f.in_handover[k] = 0;
  auto& rec = f.record[k];
  rec.follow_up_weeks = weeks_followed;
  rec.final_severity = f.severity[k];
  rec.mentor_active_at_end = f.mentor[k] == MentorStatus::active;
  // Only arrived families add to these totals, and each family leaves once.
  const StaffTime& staff = f.staff_time[k];
  rec.basic_hours = staff.hours[0];
  rec.specialist_hours = staff.hours[1];
  rec.professional_hours = rec.basic_hours + rec.specialist_hours;
  rec.basic_fte_years = staff.fte_years[0];
  rec.specialist_fte_years = staff.fte_years[1];
  rec.mentor_support_hours = f.total_mentor_support_hours[k];
  rec.mentor_expense_weeks = f.total_mentor_expense_weeks[k];
  rec.residential_days = f.total_residential_days[k];
  rec.respite_days = f.total_respite_days[k];
  rec.crises = f.total_crises[k];
  rec.crises_deescalated = f.total_crises_deescalated[k];
}

void end_follow_up(ReplicateState& s, const Parameters& /*p*/, const StepContext& ctx) {
  auto& f = s.families;
  const double week_start = ctx.week_end - ctx.dt;
  for (const std::uint32_t k : s.exits.at(ctx.step)) {
    if (f.setting[k] == Setting::not_arrived || f.setting[k] == Setting::exited) continue;
    leave_follow_up(s, k, week_start - f.arrival_step[k] * ctx.dt);
  }
}

void end_run(ReplicateState& s, double horizon_week, double dt) {
  auto& f = s.families;
  for (std::size_t k = 0; k < f.size(); ++k) {
    if (f.setting[k] == Setting::exited) continue;
    if (f.setting[k] == Setting::not_arrived) {
      // Intake falls after the horizon: never followed, left out of every outcome.
      f.record[k].follow_up_weeks = std::numeric_limits<double>::quiet_NaN();
      f.record[k].final_severity = f.severity[k];
      continue;
    }
    leave_follow_up(s, k, horizon_week - f.arrival_step[k] * dt);
  }
}

}  // namespace jimsim
