// Process 3, allocation of professional time: families on the waiting list get a professional of
// the kind their severity calls for, first come first served, while caseloads are below the cap;
// each professional's hours are shared over their caseload and split between the youth and
// parents and supporting the mentor.
#pragma once

#include "sim/state.hpp"

namespace jimsim {

void allocate_professionals(ReplicateState& s, const Parameters& p, const StepContext& ctx);

}  // namespace jimsim
