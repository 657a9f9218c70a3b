// `jimsim sensitivity`: which parameters of a sweep drive each outcome.
#pragma once

#include <string>

namespace jimsim {

struct SensitivityCommand {
  std::string results_file;
  std::string subgroup = "all";
  std::string plot;               // SVG file to write, or ""
  bool write_into_results = true;  // store /sensitivity in the results file
  bool force = false;              // overwrite an existing plot
  int resamples = 1000;
};

int sensitivity_command(const SensitivityCommand& command);

}  // namespace jimsim
