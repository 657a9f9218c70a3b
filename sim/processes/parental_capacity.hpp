// Parental capacity: parents' own capacity grows towards full while they take part in an
// empowering parent group and with the hours a professional spends with them.
#pragma once

#include "sim/state.hpp"

namespace jimsim {

void strengthen_parents(ReplicateState& s, const Parameters& p, const StepContext& ctx);

}  // namespace jimsim
