// The approach's own costs and the costs of the workforce as a whole: role-clarity meetings,
// training professionals in the approach, and, when staff are costed as employed, the salaries of
// capacity no family used. Costs that belong to no single family are shared equally over the
// families followed, so per-family costs add up to what the municipality pays.
#pragma once

#include "sim/state.hpp"

namespace jimsim {

// A role-clarity meeting for family k (at the start when the mentor is named, or at closure).
void charge_role_meeting(ReplicateState& s, const Parameters& p, std::size_t k);

// Training every professional in the approach, when the scenario searches for mentors: charged
// before the first step.
double training_cost(const ReplicateState& s, const Parameters& p);

// Employed staff cost for this step of professionals with no family (staff_employed only).
void charge_idle_staff(ReplicateState& s, const Parameters& p, const StepContext& ctx);

// At the end of the run: the training cost and the idle staff cost, shared equally over the
// families followed.
void share_fixed_costs(ReplicateState& s, const Parameters& p);

}  // namespace jimsim
