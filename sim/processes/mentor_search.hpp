// Process 2, mentor search: each week a searching youth may name a mentor (a JIM) from their own
// network; a bigger network makes it likelier, and some youths never find one.
#pragma once

#include "sim/state.hpp"

namespace jimsim {

// Weekly hazard of naming a mentor for a youth with this network size.
double mentor_search_hazard(const Parameters& p, double network_size);

void search_for_mentors(ReplicateState& s, const Parameters& p, const StepContext& ctx);

}  // namespace jimsim
