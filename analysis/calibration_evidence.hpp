// The evidence a calibration matches: an observed cohort (one row per client system) or a targets
// file of published figures. Either fixes the statistics' observed values; a cohort also fixes the
// simulated cohorts, which mirror it youth by youth.
#pragma once

#include <string>

#include "io/calibration_file.hpp"
#include "plan/calibration_plan.hpp"
#include "sim/observed_cohort.hpp"

namespace jimsim {

// Computes every statistic of the plan on the cohort and makes it the plan's evidence. The plan
// keeps only a digest of the rows as its evidence text (the rows are personal data). Throws
// InputError naming `display` and the statistic when one has no value for this cohort (no youth
// with a mentor for weeks_to_mentor_mean, no youth whose involvement is known, ...).
void attach_cohort(CalibrationPlan& plan, ObservedCohort cohort, const std::string& display);

// Makes the targets the plan's statistics and observed values (the calibration file's own list of
// statistics is for cohorts and is replaced).
void attach_targets(CalibrationPlan& plan, const Targets& targets);

}  // namespace jimsim
