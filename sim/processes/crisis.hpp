// Process 6, crises: events at home whose hazard rises with problem severity and falls with
// parental capacity; lower after the case closes, and lower still when the mentor stays on.
#pragma once

#include "sim/state.hpp"

namespace jimsim {

// Weekly crisis hazard for a family at home.
double crisis_hazard(const Parameters& p, double severity, double parental_capacity, bool case_open,
                     bool mentor_active);

void draw_crises(ReplicateState& s, const Parameters& p, const StepContext& ctx);

}  // namespace jimsim
