// Parental capacity: parents' own capacity grows towards full while they take part in an
// empowering parent group and with the hours a professional spends with them.
#pragma once

#include "sim/state.hpp"

namespace jimsim {

// One step of parental capacity for the families in `block`, with the parent group's weeks and
// costs (added to the running cost in family order).
void strengthen_parents(ReplicateState& s, const Parameters& p, const StepContext& ctx, FamilyRange block);

}  // namespace jimsim
