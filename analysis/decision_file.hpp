// The decision analysis stored in /comparison next to the comparison tables (layout in
// docs/results-format.md, "The comparison group"): tables frontier, acceptability and
// value_of_information, with the settings and the decision as attributes of /comparison/decision.
// Internal to analysis/ (it takes HDF5 ids).
#pragma once

#include <hdf5.h>

#include "analysis/decision_analysis.hpp"

namespace jimsim {

// Writes group `decision` under `comparison_group`. Throws results_hdf5::Hdf5Failure.
void write_decision_tables(hid_t comparison_group, const DecisionAnalysis& d);

}  // namespace jimsim
