// Budget impact for the user's own population (ISPOR's budget impact guidelines): given referrals a
// year and a number of years, what each policy costs and achieves per calendar year, by cost item,
// and the difference against the baseline.
//
// Each year's referrals arrive evenly over the year and are followed as the simulated cohort was
// (resource use by year since intake, ReplicateResult::by_year). A referral in its k-th year since
// intake therefore spends half of that year in one calendar year and half in the next, so calendar
// year t holds, per referral a year, the first t - 1 years since intake in full and half of year t.
// Use beyond the simulated follow-up (the horizon) is not counted: the totals say so. Amounts are
// undiscounted, as budget impact analysis asks.
#pragma once

#include <string>
#include <vector>

#include "analysis/comparison.hpp"

namespace jimsim {

struct BudgetSettings {
  double referrals_per_year = 100.0;
  int years = 5;
};

struct BudgetImpactRow {
  std::string scenario;
  int year = 0;      // 1..years; 0 is the total over all years
  std::string item;  // placements, residential_days or a cost field (cost_professional, ..., cost_total)
  std::string unit;
  Estimate value;       // the whole population in that year
  Estimate difference;  // scenario minus baseline, paired by replicate
};

struct BudgetImpact {
  double referrals_per_year = 0.0;
  int years = 0;
  int horizon_years = 0;       // years since intake with resource use (the last one may be partial)
  double horizon_weeks = 0.0;  // the longest simulated horizon of the scenarios
  std::vector<BudgetImpactRow> rows;  // scenarios in run order, then items, then years 1..years and 0
};

// The items, in display order, with their units and plain names.
struct BudgetItem {
  std::string_view id;
  std::string_view unit;
  std::string_view label;
};
const std::vector<BudgetItem>& budget_items();

// Throws InputError for referrals that are not a finite positive number, years outside 1..100, a
// results file without resource use by year (written by an older jimsim), or an unknown baseline.
BudgetImpact budget_impact(const ResultsFile& results, const std::string& baseline, const BudgetSettings& settings);

}  // namespace jimsim
