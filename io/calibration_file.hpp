// Calibration files and targets files: what a calibration fits and the figures it fits them to.
//
// A calibration file names the scenario, the free parameters with their priors, the statistics to
// match against a cohort and how ABC-SMC runs:
//
//   [calibration]
//   description = "Mentor search and crisis rates fitted to a cohort"
//   scenario = "../jim.toml"        # required; relative to this file
//   seed = 1                        # default 1
//   particles = 200                 # default 200, 2..100000
//   replicates_per_particle = 1     # default 1, 1..100
//   max_generations = 8             # default 8, 1..100
//   min_tolerance = 0.0             # default 0, >= 0
//   min_acceptance_rate = 0.01      # default 0.01, in (0, 1]
//   max_simulations = 0             # default 0: no budget; else at least 2 x particles x replicates
//   tolerance_quantile = 0.5        # default 0.5, in (0, 1)
//   predictive_draws = 200          # default 200, 1..100000
//   statistics = ["mentor_found_share", "placement_free_survival"]   # matched against a cohort
//   weeks = [26, 52]                # for every statistic at a week; required when one is listed
//
//   [free]
//   mentor_search.weekly_hazard = { prior = "uniform", min = 0.05, max = 1.0 }
//   crisis.base_hazard = { prior = "log_normal", median = 0.05, sigma = 0.5 }
//   severity.reversion_rate = { prior = "normal", mean = 0.04, sd = 0.01 }
//
// A targets file gives published figures instead of a cohort: one [[target]] per statistic, with
// the number of youths it was computed over (its sampling error depends on it):
//
//   description = "Published figures: 78 client systems, 2013-2014"   # optional
//   [[target]]
//   statistic = "placement_free_survival"
//   week = 52                       # only, and always, for a statistic at a week
//   value = 0.85
//   youths = 78
//
// Statistics are declared in plan/calibration_statistic.hpp. The calibration file's `statistics`
// are those computed on a cohort; a targets file replaces them with its own, so a calibration file
// used only with targets may leave them out. `mean.<field>` statistics need per-youth values, which
// a cohort file does not have, so only a targets file can name them.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "plan/calibration_plan.hpp"

namespace jimsim {

struct CalibrationFile {
  std::filesystem::path file;
  // Everything but the evidence: observed, cohort and evidence_text are left empty for the cohort
  // or targets file to fill. source_text is the calibration file and its scenario files, verbatim.
  // statistics is empty when the file lists none (for use with a targets file only).
  CalibrationPlan plan;
};

// Reads and checks a calibration file and loads its scenario. Throws InputError naming the file,
// line and key (with the nearest valid name for a misspelt one).
CalibrationFile load_calibration(const std::filesystem::path& file);

struct Targets {
  std::filesystem::path file;
  std::string source_text;                // verbatim
  std::string description;
  std::vector<StatisticSpec> statistics;  // in the file's order, each with .youths from its target
  std::vector<double> values;             // the observed value of each target
  // How long the study followed each youth; 0: the scenario's horizon.
  double follow_up_weeks = 0.0;
};

// Reads and checks a targets file. Throws InputError naming the file, line and key.
Targets load_targets(const std::filesystem::path& file);

}  // namespace jimsim
