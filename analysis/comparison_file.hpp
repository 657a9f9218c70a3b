// The comparison stored in the results file, as group /comparison (layout in
// docs/results-format.md), so a later reader gets the same numbers without recomputing.
#pragma once

#include <filesystem>

#include "analysis/comparison.hpp"
#include "analysis/decision_file.hpp"

namespace jimsim {

// Writes `c` into the results file as /comparison, replacing an earlier comparison. The update is
// atomic: a copy of the file gets the group and then replaces the original, so an interrupted
// update leaves the results as they were. Throws OutputError when the file cannot be updated.
// With `decision`, its tables go into /comparison/decision in the same update.
void write_comparison(const std::filesystem::path& results_file, const Comparison& c,
                      const DecisionTables* decision = nullptr);

// Throws InputError when the file has no comparison or one of another version.
Comparison read_comparison(const std::filesystem::path& results_file);

}  // namespace jimsim
