// End of follow-up: a youth who reaches the exit age leaves youth care; an observed cohort's family
// leaves when its recorded follow-up ends; everyone still followed leaves at the horizon.
#pragma once

#include "sim/state.hpp"

namespace jimsim {

// Ends the follow-up of family k after `weeks_followed` weeks and completes its record, with the
// totals kept beside it while it was followed.
void leave_follow_up(ReplicateState& s, std::size_t k, double weeks_followed);

// Families whose follow-up ended by the start of this step leave.
void end_follow_up(ReplicateState& s, const Parameters& p, const StepContext& ctx);

// Closes the records of families still followed when the run ends at `horizon_week`.
void end_run(ReplicateState& s, double horizon_week, double dt);

}  // namespace jimsim
