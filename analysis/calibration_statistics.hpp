// Computing a calibration's summary statistics (plan/calibration_statistic.hpp declares them). Each
// is computed by the same code on the observed cohort and on every simulated copy of it, with the
// same censoring, so a difference between the two is the model, not the bookkeeping.
#pragma once

#include <span>
#include <vector>

#include "plan/calibration_statistic.hpp"
#include "sim/observed_cohort.hpp"
#include "sim/outcomes.hpp"

namespace jimsim {

// The statistic over the youths of an observed cohort (or a simulated one, `observe_families`);
// `families` are the simulated records behind it, needed only for mean_per_youth. NaN when the
// statistic has no value for these youths (no mentor found: no mean weeks to a mentor). Youths whose
// value is unknown (an empty cell) are left out of statistics that need it.
double compute_statistic(const StatisticSpec& spec, const ObservedCohort& youths,
                         std::span<const FamilyRecord> families = {});

// Every statistic of `specs` in turn, as compute_statistic gives each: the youths' follow-ups for
// the survival statistics are built and sorted once for all the weeks they are taken at.
std::vector<double> compute_statistics(std::span<const StatisticSpec> specs, const ObservedCohort& youths,
                                       std::span<const FamilyRecord> families = {});

// A simulated copy with the observed cohort's unknowns: wherever the observed youth k has an empty
// outcome cell, youth k of the copy gets one too, so both leave out the same youths.
void mirror_unknowns(ObservedCohort& simulated, const ObservedCohort& observed);

}  // namespace jimsim
