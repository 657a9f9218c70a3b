// An Estimate as table columns (mean, replicate range, interval of the mean, replicates), the
// same way in every table of /comparison, so a reader meets one interval definition everywhere.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "analysis/comparison.hpp"
#include "io/column_table.hpp"

namespace jimsim {

// Appends PREFIXmean, PREFIXrange_lower, ..., PREFIXreplicates. With `what` and `unit`, each column
// gets its unit and a meaning "WHAT: <what the column is>"; without, the caller describes them.
void add_estimate_columns(std::vector<Column>& columns, const std::string& prefix, const std::vector<Estimate>& estimates,
                          std::string_view what = {}, std::string_view unit = {});

// What a column of an Estimate is, by its suffix (mean, range_lower, ...); empty for other names.
std::string estimate_column_meaning(std::string_view suffix);

}  // namespace jimsim
