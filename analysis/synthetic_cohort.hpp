// A synthetic observed cohort made by jimsim from known parameters: what a researcher's records
// would hold (intake, age, network, mentor and placement times, follow-up) had the model been the
// truth. Calibration tests and the validation script fit to it and check that the known parameters
// come back; the README's walk-through uses one, so no real records are ever bundled.
#pragma once

#include <cstdint>

#include "sim/observed_cohort.hpp"
#include "sim/parameters.hpp"

namespace jimsim {

struct SyntheticCohortSpec {
  std::size_t youths = 300;
  double intake_window_weeks = 52.0;  // intakes spread uniformly over this many weeks
  double follow_up_min_weeks = 26.0;  // follow-up uniform between these: right censoring
  double follow_up_max_weeks = 104.0;
  // Severity and parental capacity are latent in the model; records do not hold them, so they are
  // left empty unless asked for.
  bool keep_latent = false;
};

// Throws InputError for a spec whose numbers cannot make a cohort (no youths, a minimum above the
// maximum, follow-up beyond 1040 weeks).
ObservedCohort synthesize_cohort(const Parameters& truth, const SyntheticCohortSpec& spec, std::uint64_t seed);

}  // namespace jimsim
