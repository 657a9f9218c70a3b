// Empowering parent groups: while a family takes part, parents' own capacity grows towards full.
#pragma once

#include "sim/state.hpp"

namespace jimsim {

void attend_parent_groups(ReplicateState& s, const Parameters& p, const StepContext& ctx);

}  // namespace jimsim
