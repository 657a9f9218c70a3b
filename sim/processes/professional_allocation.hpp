// Process 3, allocation of professional time: families on the waiting list get a professional of
// the kind their last review asked for (basic or specialist care), first come first served, from
// the least loaded professional with room under the caseload cap; each professional's hours are
// shared over their caseload, between the youth and parents and, on top while there is time,
// supporting the mentor. Staff time is counted both as hours delivered and as each family's share
// of its professional's FTE, so either perspective can price it (sim/pricing.hpp).
#pragma once

#include "sim/state.hpp"

namespace jimsim {

// The waiting list served, and what a family of each professional gets this step (case_shares.hpp).
void allocate_professionals(ReplicateState& s, const Parameters& p, const StepContext& ctx);

// Then each family's hours this step, its staff time and their cost (added to the running cost in
// family order), for the families in `block`. The idle staff's cost follows all blocks
// (charge_idle_staff).
void give_professional_hours(ReplicateState& s, const Parameters& p, const StepContext& ctx, FamilyRange block);

}  // namespace jimsim
