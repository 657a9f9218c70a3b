#include "io/column_table.hpp"

#include <fmt/format.h>
#include <stdexcept>
#include <type_traits>

#include "io/dimension_scales.hpp"
#include "io/results_hdf5.hpp"

namespace jimsim {

using namespace results_hdf5;

namespace {

std::size_t row_count(const Column& c) {
  return std::visit([](const auto& v) { return v.size(); }, c.values);
}

}  // namespace

// Writes the columns as a group of one-dimensional datasets along a `row` dimension scale: a table
// that pandas, xarray and R read as a data frame with named columns. Text is variable-length UTF-8.
void write_table(hid_t parent, const char* name, const std::vector<Column>& columns) {
  Handle group = create_group(parent, name);
  const std::size_t rows = columns.empty() ? 0 : row_count(columns.front());
  std::vector<std::int32_t> row_numbers(rows);
  for (std::size_t r = 0; r < rows; ++r) row_numbers[r] = static_cast<std::int32_t>(r);
  DimensionScale scale(write_int32_column(group.get(), "row", row_numbers), "row");
  write_attribute(scale.get(), "units", std::string_view("index"));
  write_attribute(scale.get(), "long_name", std::string_view("row of the table"));
  for (const auto& c : columns) {
    if (c.unit.empty() || c.meaning.empty()) {
      throw std::invalid_argument(fmt::format("write_table: column {}/{} has no unit or meaning", name, c.name));
    }
    Handle column = std::visit(
        [&](const auto& values) {
          using T = typename std::decay_t<decltype(values)>::value_type;
          if constexpr (std::is_same_v<T, std::string>) return write_string_column(group.get(), c.name, values);
          else if constexpr (std::is_same_v<T, double>) return write_double_column(group.get(), c.name, values);
          else return write_int32_column(group.get(), c.name, values);
        },
        c.values);
    attach_scales(column, {&scale});
    write_attribute(column.get(), "units", std::string_view(c.unit));
    write_attribute(column.get(), "long_name", std::string_view(c.meaning));
  }
  scale.write_references();
}

}  // namespace jimsim
