// `jimsim cohort`: a synthetic observed cohort from a scenario, as a cohort CSV file: what records
// would hold had the scenario been the truth. For trying a calibration, validating it (do the
// known parameters come back?) and the README's walk-through; never real records.
#pragma once

#include <cstdint>
#include <string>

#include "analysis/synthetic_cohort.hpp"

namespace jimsim {

struct CohortCommand {
  std::string scenario_file;
  std::string output = "synthetic-cohort.csv";
  std::string follow_up = "26:104";  // min:max weeks
  SyntheticCohortSpec spec;
  std::uint64_t seed = 1;
  bool force = false;
};

int cohort_command(const CohortCommand& command);

}  // namespace jimsim
