// Process 10, case closure: treatment ends when severity has come down after the shortest
// treatment, or at the longest; the professional's slot frees up; the mentor stays on with a chance
// that an end meeting about the role raises.
#pragma once

#include "sim/state.hpp"

namespace jimsim {

void close_cases(ReplicateState& s, const Parameters& p, const StepContext& ctx);

}  // namespace jimsim
