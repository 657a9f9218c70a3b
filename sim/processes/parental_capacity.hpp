// Parental capacity: parents' own capacity grows towards full while they take part in an
// empowering parent group and with the hours a professional spends with them.
#pragma once

#include "sim/portable_math.hpp"
#include "sim/state.hpp"

namespace jimsim {

// The share of their missing capacity parents gain over a step of `dt` weeks from a professional's
// `family_hours` a week (part of which, professionals.parent_share, is spent with them). It depends
// on the family only through the hours, which are the same for every family of a professional
// (sim/processes/case_shares.hpp): worked out once per row of that table, not per family and step.
inline double parent_capacity_gain(const Parameters& p, double dt, double family_hours) {
  const double per_parent_hour = p.support.parent_capacity_gain_per_hour * dt;
  return -math::expm1(-per_parent_hour * (family_hours * p.professionals.parent_share));
}

// One step of parental capacity for the families in `block`, with the parent group's weeks; the
// group's costs wait, in family order, for charge_parent_groups.
void strengthen_parents(ReplicateState& s, const Parameters& p, const StepContext& ctx, FamilyRange block);

// Adds this step's parent-group costs to the running cost, in family order, after every block.
void charge_parent_groups(ReplicateState& s);

}  // namespace jimsim
