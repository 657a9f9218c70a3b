// Policy comparison: what each scenario achieves, and what it changes against a baseline, with
// honest uncertainty, for the whole cohort and per subgroup.
//
// Two kinds of interval answer two questions:
// - The *replicate range* (2.5th to 97.5th percentile over replicates) says what a cohort of this
//   size could see: it does not shrink with more replicates.
// - The *interval of the mean* (Student t over replicates) says how precisely the simulation pins
//   down the expected value: it shrinks with more replicates.
// Differences against the baseline are paired by replicate: scenarios in one run share common random
// numbers, so replicate r of every scenario meets the same families and draws, and pairing removes
// most of the noise. Two policies are "not distinguishable" on a measure when the interval of the
// mean paired difference contains 0.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "sim/outcomes.hpp"
#include "io/results_file.hpp"

namespace jimsim {

inline constexpr int comparison_format_version = 3;
inline constexpr double interval_level = 0.95;
inline constexpr int bootstrap_resamples = 2000;
inline constexpr std::uint64_t bootstrap_seed = 20131;  // fixed: the comparison is reproducible

// A per-family or per-youth measure computed from one replicate's outcome totals.
struct Measure {
  std::string_view id;
  std::string_view label;
  std::string_view unit;
  bool lower_is_better;
  double (*value)(const Outcomes&);  // NaN when undefined (e.g. nobody followed six months)
};

// The measures of the comparison tables, in display order.
const std::vector<Measure>& comparison_measures();

// A mean with its two intervals (see above). `replicates` counts the replicates where the measure
// is defined; intervals need at least two.
struct Estimate {
  double mean = 0.0;
  double range_lower = 0.0;  // replicate range
  double range_upper = 0.0;
  double mean_lower = 0.0;   // interval of the mean
  double mean_upper = 0.0;
  int replicates = 0;
};

struct MeasureRow {
  std::string scenario;
  int subgroup = 0;
  std::string measure;
  Estimate value;
};

// Scenario minus baseline, paired by replicate.
struct DifferenceRow {
  std::string scenario;
  int subgroup = 0;
  std::string measure;
  Estimate difference;
  double share_better = 0.0;  // share of replicates where the scenario did better than the baseline
  bool distinguishable = false;
};

// Cost-effectiveness against the baseline: placements averted per 100 families, cost difference
// per family and cost per placement averted (the incremental cost-effectiveness ratio).
struct CostEffectivenessRow {
  std::string scenario;
  int subgroup = 0;
  Estimate placements_averted_per_100;
  Estimate cost_difference_per_family;
  // Ratio of the mean cost difference to the mean placements averted, euro per placement averted:
  // NaN unless placements are averted at extra cost (a negative ratio cannot be ranked). Its
  // bootstrap interval (analysis/ratio_bootstrap.hpp) is given only when nearly every resample
  // averts placements and its lower end is positive; otherwise the quadrant shares below say what
  // the cloud looks like.
  double cost_per_placement_averted = 0.0;
  double icer_lower = 0.0;
  double icer_upper = 0.0;
  bool icer_interval_defined = false;
  // Share of bootstrap resamples in which the policy averts placements and saves money (dominant),
  // averts placements at extra cost, prevents none and saves money, or prevents none at extra cost
  // (dominated).
  double share_dominant = 0.0;
  double share_averts_costs_more = 0.0;
  double share_saves_averts_none = 0.0;
  double share_dominated = 0.0;
  std::string verdict;  // one plain-language sentence
};

struct Comparison {
  std::string baseline;
  int replicates = 0;
  std::string posterior;  // non-empty: each replicate ran with a posterior draw from this file
  std::vector<std::string> price_changes;  // --price as given: costs re-priced from the stored counts
  std::vector<std::string> scenarios;  // in run order
  std::vector<MeasureRow> outcomes;
  std::vector<DifferenceRow> differences;          // every scenario but the baseline
  std::vector<CostEffectivenessRow> cost_effectiveness;
};

// Throws InputError when the baseline is not in the file (the message lists the scenarios that
// are) or when there are fewer than two replicates (no interval is possible).
Comparison compare_scenarios(const ResultsFile& results, const std::string& baseline);

// The aligned terminal tables (whole cohort, or every subgroup with `subgroups`).
std::string comparison_table_text(const Comparison& c, bool subgroups);

// Every row of the three tables as CSV, one line per (table, scenario, subgroup, measure).
std::string comparison_csv(const Comparison& c);

// Statistics used above, exposed for tests.
Estimate estimate(const std::vector<double>& values);
double percentile(std::vector<double> values, double p);  // linear interpolation, as numpy's default
double student_t_quantile(double p, int degrees_of_freedom);

}  // namespace jimsim
