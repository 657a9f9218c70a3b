// The decision analysis as the terminal shows it and as CSV rows for spreadsheets.
#pragma once

#include <string>

#include "analysis/budget_impact.hpp"
#include "analysis/decision_analysis.hpp"
#include "analysis/price_tornado.hpp"

namespace jimsim {

// The frontier (whole cohort, or every subgroup with `subgroups`), the decision at its willingness
// to pay, and acceptability with the value of information at a few points of the grid.
std::string decision_table_text(const DecisionAnalysis& d, bool subgroups);

// Per policy: placements and cost in the last year and over all years, against the baseline; then
// the difference of `policy` against the baseline by cost item and year.
std::string budget_impact_text(const BudgetImpact& b, const std::string& baseline, const std::string& policy);

// The prices by how much they move the policy's net benefit, and whether the decision changes.
std::string tornado_text(const Tornado& t, std::string_view effect_unit_label);

// Rows in the comparison CSV's columns (comparison_csv): tables frontier, acceptability and
// value_of_information, with columns wtp and probability_best filled where they apply (and an
// empty `year`).
std::string decision_csv_rows(const DecisionAnalysis& d);

// Budget impact rows in the same columns, the calendar year in column `year` (0: all years).
std::string budget_csv_rows(const BudgetImpact& b);

}  // namespace jimsim
