// The decision analysis as the terminal shows it and as CSV rows for spreadsheets.
#pragma once

#include <string>

#include "analysis/decision_analysis.hpp"

namespace jimsim {

// The frontier (whole cohort, or every subgroup with `subgroups`), the decision at its willingness
// to pay, and acceptability with the value of information at a few points of the grid.
std::string decision_table_text(const DecisionAnalysis& d, bool subgroups);

// Rows in the comparison CSV's columns (comparison_csv): tables frontier, acceptability and
// value_of_information, with columns wtp and probability_best filled where they apply.
std::string decision_csv_rows(const DecisionAnalysis& d);

}  // namespace jimsim
