// Parental capacity: parents' own capacity grows towards full while they take part in an
// empowering parent group and with the hours a professional spends with them.
#pragma once

#include "sim/state.hpp"

namespace jimsim {

// One step of parental capacity for the families in `block`, with the parent group's weeks; the
// group's costs wait, in family order, for charge_parent_groups.
void strengthen_parents(ReplicateState& s, const Parameters& p, const StepContext& ctx, FamilyRange block);

// Adds this step's parent-group costs to the running cost, in family order, after every block.
void charge_parent_groups(ReplicateState& s);

}  // namespace jimsim
