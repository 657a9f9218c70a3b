// The decision a municipality takes to a budget meeting: which policy is worth its cost, at which
// willingness to pay, and how sure we are.
//
// - The efficiency frontier (analysis/efficiency_frontier.hpp) over all policies, for the whole
//   cohort and each subgroup, with paired intervals for every step along it.
// - Net monetary benefit (willingness to pay x effect - cost, per family) against the baseline,
//   the cost-effectiveness acceptability curve (the share of replicates in which each policy has
//   the highest net benefit), its frontier (the policy with the highest expected net benefit) and
//   the expected value of perfect information, over a grid of willingness to pay.
//
// Uncertainty comes from the replicates. Each replicate is one cohort of the run's size meeting its
// own chance events, and, when the run used --posterior, its own draw of the calibrated parameters;
// so the acceptability curve answers "in what share of such cohorts is this policy the best", which
// includes the chance that a cohort of this size brings. It does not cover uncertainty in the
// model's structure.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "analysis/comparison.hpp"
#include "analysis/efficiency_frontier.hpp"

namespace jimsim {

// What a policy achieves, per family, as a number where higher is better.
struct EffectMeasure {
  std::string_view id;
  std::string_view unit_label;  // "placement averted": what one unit of effect is
  std::string_view unit;        // "placements/family": the unit of effect per family, as files record it
  double (*per_family)(const Outcomes&);  // higher is better; NaN when the group has no families
};

// placements (youths placed at least once, averted), residential_days (avoided), and
// placement_free_weeks (gained).
const std::vector<EffectMeasure>& effect_measures();
// Throws InputError naming the accepted ids.
const EffectMeasure& find_effect_measure(std::string_view id);

struct DecisionSettings {
  std::string effect = "placements";
  std::vector<double> wtp_grid;  // euro per unit of effect, for the curves; empty: the default grid
  double decision_wtp = 0.0;     // the willingness to pay the summary decides at
};

// The default grid: 0 to 150,000 euro per unit in steps of 2,500 (placements); scaled for other
// effects by their typical size (see decision_analysis.cpp).
std::vector<double> default_wtp_grid(std::string_view effect);

// A willingness-to-pay grid as a user writes it: one amount ("50000"), a range "FROM:TO:STEP"
// (both ends included) or a list "0,20000,50000". Throws InputError saying what is wrong.
std::vector<double> parse_wtp_grid(std::string_view text);

// One policy on (or off) the frontier, in one subgroup.
struct FrontierRow {
  std::string scenario;
  int subgroup = 0;
  Estimate cost_per_family;    // euro
  Estimate effect_per_family;  // in the effect's unit (e.g. minus placements per family)
  FrontierStatus status = FrontierStatus::reference;
  int rank = 0;                // by mean cost, 1 = cheapest
  std::string comparator;      // see FrontierEntry::comparator ("" when none)
  std::string next;            // extendedly dominated: the frontier policy above it
  Estimate incremental_cost;   // frontier steps: paired difference against the comparator
  Estimate incremental_effect;
  double ratio = 0.0;          // euro per unit of effect; NaN unless the ratio can be read
  double ratio_lower = 0.0;    // bootstrap interval, NaN when not defined
  double ratio_upper = 0.0;
  std::string note;            // one plain-language sentence
};

// At one willingness to pay, for one policy (whole cohort).
struct AcceptabilityRow {
  double wtp = 0.0;
  std::string scenario;
  Estimate incremental_net_benefit;  // euro per family against the baseline, paired
  double probability_best = 0.0;     // share of replicates where this policy's net benefit is highest
  bool best_expected = false;        // highest expected net benefit (the acceptability frontier)
};

struct ValueOfInformationRow {
  double wtp = 0.0;
  double evpi_per_family = 0.0;  // euro: E[max net benefit] - max E[net benefit], over replicates
};

struct DecisionAnalysis {
  std::string effect;               // EffectMeasure::id
  std::string effect_unit_label;
  std::string effect_unit;  // EffectMeasure::unit
  double decision_wtp = 0.0;
  std::vector<FrontierRow> frontier;           // every subgroup, scenarios in run order
  std::vector<AcceptabilityRow> acceptability;  // whole cohort, wtp grid x scenarios
  std::vector<ValueOfInformationRow> value_of_information;
  // At decision_wtp, whole cohort:
  std::string best_scenario;
  double best_probability = 0.0;
  int replicates_used = 0;  // replicates where every policy is defined
};

// Mean cost and effect per family of each scenario (in file order) in one subgroup, over the
// replicates where every scenario is defined.
std::vector<PolicyPoint> policy_means(const ResultsFile& results, const EffectMeasure& effect, int subgroup);

// Throws InputError for an unknown effect, a grid that is empty, not finite or negative, or
// fewer than two replicates.
DecisionAnalysis analyse_decision(const ResultsFile& results, const std::string& baseline,
                                  const DecisionSettings& settings);

}  // namespace jimsim
