// The approach's own resources and those of the workforce as a whole: role-clarity meetings,
// training professionals in the approach, and the staff time of capacity no family used (what
// salaries pay for when staff are costed as employed). What belongs to no single family is shared
// equally over the families followed, so per-family costs add up to what the municipality pays.
#pragma once

#include "sim/state.hpp"

namespace jimsim {

// A role-clarity meeting for family k (at the start when the mentor is named, or at closure).
void charge_role_meeting(ReplicateState& s, const Parameters& p, std::size_t k);

// Every professional is trained in the approach when the scenario searches for mentors: the
// headcount trained, and its cost (charged before the first step).
double professionals_to_train(const ReplicateState& s, const Parameters& p);
double training_cost(const ReplicateState& s, const Parameters& p);

// Staff time (FTE-years) of professionals with no family this step, recorded, and its employed
// cost returned: counted from the caseloads before this step's crises, charged to the running cost
// (when costs.staff_employed) after the family blocks' hours (charge_idle_staff).
double count_idle_staff(ReplicateState& s, const StepContext& ctx);
void charge_idle_staff(ReplicateState& s, const Parameters& p, double idle_cost);

// At the end of the run: the professionals trained and the idle staff time, shared equally over
// the families followed.
void share_fixed_costs(ReplicateState& s, const Parameters& p);

}  // namespace jimsim
