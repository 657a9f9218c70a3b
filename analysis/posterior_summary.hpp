// What a calibration concludes: the posterior per parameter (mean, median, 90% credible interval,
// against the prior) with the correlations between parameters, and the posterior predictive check
// of each observed statistic.
#pragma once

#include <vector>

#include "analysis/calibration_run.hpp"

namespace jimsim {

// Fills outcome.posterior and outcome.correlation from outcome.generations: the last generation's
// weighted particles, and generation 0 (prior draws) for the prior's summary.
void summarise_posterior(const CalibrationPlan& plan, CalibrationOutcome& outcome);

// Each observed statistic against its values in `predicted` (one statistics vector per posterior
// draw); a statistic is reproduced when the observed value lies inside the central 90% of the
// simulated ones.
std::vector<PredictiveStatistic> predictive_check(const CalibrationPlan& plan,
                                                  const std::vector<std::vector<double>>& predicted);

}  // namespace jimsim
