// Indicated placement: a youth referred with a residential placement already on the table.
//
// Care as usual carries the placement out when a bed is free (a gamma-distributed wait), unless by
// then the case has improved below indicated_placement.withdraw_severity. The JIM approach puts the
// placement on hold while the youth looks for a mentor and home treatment starts, and reconsiders
// it when a mentor is named and when the search ends without one: the placement decision
// (placement_decision.hpp, with the family's, network's and mentor's say) then confirms it (the
// youth waits for a bed), replaces it with a stay at the mentor's, or withdraws it. A crisis while
// the placement is on hold or waiting for a bed goes to the placement decision like any crisis.
#pragma once

#include "sim/state.hpp"

namespace jimsim {

// Family k arrives with a placement indicated: on hold during a mentor search, else waiting for a bed.
void start_indication(ReplicateState& s, const Parameters& p, const StepContext& ctx, std::size_t k);

// A reconsideration point for family k, `time_in_step` weeks into this step (mentor named, search
// over); acted on by `act_on_indications` later in the step.
void request_reconsideration(ReplicateState& s, std::size_t k, double time_in_step);

// Ends family k's pending indication with this outcome; nothing when none is pending.
void resolve_indication(ReplicateState& s, std::size_t k, IndicationOutcome outcome);

// Reconsiders held placements that reached a reconsideration point, and carries out (or withdraws)
// confirmed placements whose bed is free.
void act_on_indications(ReplicateState& s, const Parameters& p, const StepContext& ctx);

}  // namespace jimsim
