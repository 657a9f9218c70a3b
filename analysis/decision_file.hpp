// The decision analysis stored in /comparison next to the comparison tables (layout in
// docs/results-format.md, "The comparison group"): tables frontier, acceptability,
// value_of_information, budget_impact and tornado, with the settings and the decision as
// attributes of /comparison/decision.
// Internal to analysis/ (it takes HDF5 ids).
#pragma once

#include <hdf5.h>

#include <string>
#include <vector>

#include "analysis/budget_impact.hpp"
#include "analysis/decision_analysis.hpp"
#include "analysis/price_tornado.hpp"

namespace jimsim {

// Everything `compare` decides with.
struct DecisionTables {
  DecisionAnalysis decision;
  BudgetImpact budget;
  Tornado tornado;
};

// Writes group `decision` under `comparison_group`. Throws results_hdf5::Hdf5Failure.
void write_decision_tables(hid_t comparison_group, const DecisionTables& tables);

}  // namespace jimsim
