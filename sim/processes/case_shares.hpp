// What a family gets from its professional in one step: hours with the youth and parents, hours
// supporting the mentor, the professional's FTE share and the cost. It depends on the professional
// (kind, hours, FTE, salary, view of the mentor), their caseload and whether the family has an
// active mentor, and nothing else. So it is worked out once per run for each distinct
// professional profile and caseload (a few dozen in a region of thousands of professionals), and
// each family reads its row from a table that stays in the core's own cache: at a region's size,
// a row per professional was a cache miss per family.
#pragma once

#include "sim/state.hpp"

namespace jimsim {

// This step's rows, after the waiting list was served (caseloads no longer change in the step).
void work_out_case_shares(CaseShares& shares, const Professionals& pr, const Parameters& p, const StepContext& ctx);

}  // namespace jimsim
