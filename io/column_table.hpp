// A table in a results file: a group of one-dimensional columns along a `row` dimension scale, which
// pandas, xarray and R read as a data frame with named columns. Used for the comparison and the
// sensitivity analysis stored in a results file. Internal to io/ and analysis/ (it takes HDF5 ids).
#pragma once

#include <hdf5.h>

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

namespace jimsim {

// A column: text (variable-length UTF-8), doubles or int32, with the `units` and `long_name`
// attributes every data variable of a results file has.
struct Column {
  std::string name;
  std::variant<std::vector<std::string>, std::vector<double>, std::vector<std::int32_t>> values;
  std::string unit = "";
  std::string meaning = "";
};

// Writes the columns (all of one length) as group `name` of `parent`. Throws
// results_hdf5::Hdf5Failure when HDF5 fails, std::invalid_argument for a column without unit or
// meaning.
void write_table(hid_t parent, const char* name, const std::vector<Column>& columns);

}  // namespace jimsim
