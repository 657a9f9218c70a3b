// Process 10, case reviews: at reviews every case_closure.review_interval_weeks of treatment, a
// case closes when severity has come down after the shortest treatment (and at the longest
// treatment in any case; never while an indicated placement is still pending), or steps up to specialist care when severity has risen, or down to basic
// care when it has fallen. Reviews come at set times, so a finer time step gives no extra chances
// to close. At closure the professional's slot frees up and the mentor stays on with a chance that
// an end meeting about the role raises. At a step-up or step-down, collaborating basic and
// specialist care keep the case with the current professional until the next one takes over;
// without collaboration the case is referred anew and waits without a professional.
#pragma once

#include "sim/state.hpp"

namespace jimsim {

// Closes family k's case now.
void close_case(ReplicateState& s, const Parameters& p, const StepContext& ctx, std::size_t k);

void review_cases(ReplicateState& s, const Parameters& p, const StepContext& ctx);

}  // namespace jimsim
