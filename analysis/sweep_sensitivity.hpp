// Which parameters matter: the sensitivity analysis of a sweep's results file. For every outcome the
// sweep kept (per family when `families` is kept), the variance over points and replicates is split
// into what the parameters explain and what chance explains, and the point means go to the
// estimator the design was made for: Sobol indices for a Sobol (Saltelli) design, Morris effects
// for a Morris design. Grid and Latin hypercube designs get the split only.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "analysis/sensitivity.hpp"

namespace jimsim {

struct SensitivityOptions {
  std::string subgroup = "all";
  BootstrapOptions bootstrap{.resamples = 1000, .confidence = 0.95, .seed = 20131};
};

struct OutcomeSensitivity {
  std::string outcome;  // the outcome field
  std::string label;    // "placed per family"
  std::string unit;
  VarianceSplit split;               // NaN when it cannot be made (see note)
  std::string note;                  // why a part of the analysis is missing, or ""
  std::vector<SobolIndex> sobol;    // one per factor; empty unless a Sobol design
  std::vector<MorrisIndex> morris;  // one per factor; empty unless a Morris design
};

struct SensitivityReport {
  std::string design;
  std::vector<std::string> factors;
  std::string subgroup;
  std::size_t points = 0, replicates = 0;
  SensitivityOptions options;
  std::vector<OutcomeSensitivity> outcomes;
};

// Reads the sweep's design and outcomes and analyses them. Throws InputError for a file that is not
// a sweep, has units missing or failed, or lacks the subgroup.
SensitivityReport analyse_sweep(const std::filesystem::path& results_file, const SensitivityOptions& options);

// Stores the report in the results file as /sensitivity (replacing an earlier one), atomically.
void write_sensitivity(const std::filesystem::path& results_file, const SensitivityReport& report);

// The report as an SVG bar chart: per outcome, each factor's indices with their intervals.
std::string sensitivity_svg(const SensitivityReport& report);

}  // namespace jimsim
