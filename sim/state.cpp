#include "sim/state.hpp"

namespace jimsim {

void Families::resize(std::size_t n) {
  setting.resize(n);
  case_open.resize(n);
  professional.resize(n);
  arrival_step.resize(n);
  age_at_intake.resize(n);
  max_follow_up_weeks.resize(n);
  severity.resize(n);
  baseline_severity.resize(n);
  parental_capacity.resize(n);
  network_size.resize(n);
  treatment_weeks.assign(n, 0.0);
  stay_weeks_left.assign(n, 0.0);
  parent_group_weeks_left.resize(n);
  crisis.assign(n, 0);
  family_hours.assign(n, 0.0);
  mentor_support_hours.assign(n, 0.0);
  support_dose.assign(n, 0.0);
  mentor.resize(n);
  mentor_findable.resize(n);
  mentor_role_clear.resize(n);
  mentor_hours.resize(n);
  bond.resize(n);
  strain.assign(n, 0.0);
  record.resize(n);
}

}  // namespace jimsim
