// Process 9, mentor dynamics: the trust bond grows with contact; strain grows with crises and when
// the professional leaves the mentor unsupported, and fades over time; the dropout hazard rises with
// strain, falls with professional support, and is higher when the role was never made clear.
#pragma once

#include "sim/state.hpp"

namespace jimsim {

// Share of the mentor's support need that goes unmet this week (0 after closure: the mentor no
// longer works alongside a professional).
double mentor_support_gap(const Parameters& p, bool case_open, double support_hours_per_week);

// Weekly dropout hazard of an active mentor.
double mentor_dropout_hazard(const Parameters& p, double strain, double support_gap, bool role_clear);

void update_mentors(ReplicateState& s, const Parameters& p, const StepContext& ctx);

}  // namespace jimsim
