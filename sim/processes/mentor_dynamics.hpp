// Process 9, mentor dynamics: the trust bond grows with contact; strain grows with crises and when
// the professional leaves the mentor unsupported, and fades over time; the dropout hazard rises with
// strain, falls with professional support, and is higher when the role was never made clear.
#pragma once

#include "sim/portable_math.hpp"
#include "sim/state.hpp"

namespace jimsim {

// Share of the mentor's support need that professional hours leave unmet: 1 - hours / need, below
// 0 when the need is exceeded. Worked out per professional profile and caseload each step
// (case_shares.cpp), not per family.
inline double mentor_support_unmet(double support_need_hours, double support_hours_per_week) {
  return 1.0 - support_hours_per_week / support_need_hours;
}

// Share of the mentor's support need that goes unmet this week (0 after closure: the mentor no
// longer works alongside a professional), from Families::mentor_support_unmet. Inline and
// branch-free, for the loops over families.
inline double mentor_support_gap(bool case_open, double support_unmet) {
  return case_open & (support_unmet > 0.0) ? support_unmet : 0.0;  // & rather than &&: no branch
}

// Weekly dropout hazard of an active mentor, given the factor strain multiplies it by.
inline double mentor_dropout_hazard_at(const Parameters::mentor_dynamics_parameters& m, double strain_factor,
                                       double support_gap, bool role_clear) {
  return m.dropout_base_hazard * strain_factor * (1.0 + (m.unsupported_dropout_factor - 1.0) * support_gap) *
         (role_clear ? 1.0 : m.unclear_role_dropout_factor);
}

// Weekly dropout hazard of an active mentor.
inline double mentor_dropout_hazard(const Parameters::mentor_dynamics_parameters& m, double strain, double support_gap,
                                    bool role_clear) {
  // strain >= 0; e^0 is exactly 1
  return mentor_dropout_hazard_at(m, math::exp(m.dropout_strain_log_slope * strain), support_gap, role_clear);
}

// At least the hazard above and at most 7% more (every factor is at least 0, and rounding is
// monotonic): enough to tell which mentors could drop out this step, at a quarter of exp's work.
inline double mentor_dropout_hazard_bound(const Parameters::mentor_dynamics_parameters& m, double strain,
                                          double support_gap, bool role_clear) {
  return mentor_dropout_hazard_at(m, math::exp_upper_bound(m.dropout_strain_log_slope * strain), support_gap,
                                  role_clear);
}
inline double mentor_dropout_hazard(const Parameters& p, double strain, double support_gap, bool role_clear) {
  return mentor_dropout_hazard(p.mentor_dynamics, strain, support_gap, role_clear);
}

void update_mentors(ReplicateState& s, const Parameters& p, const StepContext& ctx);

}  // namespace jimsim
