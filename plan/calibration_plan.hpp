// What a calibration is: the base scenario, the free parameters with their priors, the statistics
// to match and their observed values, and how ABC-SMC runs. Read from a calibration file and a
// cohort or targets file (io/calibration_file.hpp), run by analysis/calibration_run.hpp.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "plan/calibration_priors.hpp"
#include "plan/calibration_statistic.hpp"
#include "sim/observed_cohort.hpp"
#include "sim/parameters.hpp"

namespace jimsim {

struct AbcSettings {
  std::size_t particles = 200;
  int replicates = 1;                // simulations per proposal; a proposal's weight is the share within tolerance
  double tolerance_quantile = 0.5;   // next tolerance: this weighted quantile of the particles' distances
  int max_generations = 8;           // including generation 0 (the prior)
  double min_tolerance = 0.0;        // stop once the tolerance is at or below this
  double min_acceptance_rate = 0.01; // a generation that would need more proposals is not completed
  std::uint64_t max_simulations = 0; // 0: no budget
  std::uint64_t seed = 1;
};

// A free parameter: a declared parameter of kind real ("group.name") and its prior, truncated to
// the parameter's declared range.
struct FreeParameter {
  std::string key;
  Prior prior;
};

struct CalibrationPlan {
  std::string name;          // the calibration file's name without .toml
  std::string description;
  std::string source_text;   // the calibration file and its scenario files, verbatim
  std::string evidence_text; // the targets file verbatim; for a cohort, a digest only (never its rows)
  Parameters base;           // the scenario the free parameters are set in
  std::vector<FreeParameter> free;
  std::vector<StatisticSpec> statistics;
  std::vector<double> observed;  // one per statistic
  // The observed cohort the simulations mirror; null when the evidence is a targets file, whose
  // simulated cohorts come from the scenario's intake with as many youths as the largest target.
  std::shared_ptr<const ObservedCohort> cohort;
  // Targets: how long each simulated youth is followed (the study's follow-up); 0: the horizon.
  double targets_follow_up_weeks = 0.0;
  AbcSettings abc;
  int predictive_draws = 200;  // posterior draws simulated for the predictive check
};

}  // namespace jimsim
