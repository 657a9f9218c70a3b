// Reads an HDF5 results file of layout version 1 (docs/results-format.md) back into ResultsFile.
#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <fstream>
#include <functional>
#include <span>
#include <string>
#include <vector>

#include "sim/errors.hpp"
#include "sim/results_file.hpp"
#include "sim/results_hdf5.hpp"

namespace jimsim {

using namespace results_hdf5;
namespace fs = std::filesystem;

namespace {

// Thrown for a file that is HDF5 but does not hold what layout version 1 promises.
[[noreturn]] void bad_layout(const std::string& what) { throw Hdf5Failure(what); }

bool has_attribute(hid_t object, const char* name) {
  const htri_t exists = H5Aexists(object, name);
  if (exists < 0) fail(fmt::format("could not look for attribute '{}'", name));
  return exists > 0;
}

bool has_link(hid_t group, const char* name) {
  const htri_t exists = H5Lexists(group, name, H5P_DEFAULT);
  if (exists < 0) fail(fmt::format("could not look for '{}'", name));
  return exists > 0;
}

// Strings stored as variable-length or fixed-length (any padding) read back alike.
std::vector<std::string> read_strings(hid_t file_type, std::size_t count,
                                      const std::function<herr_t(hid_t, void*)>& read, std::string_view what) {
  if (H5Tget_class(file_type) != H5T_STRING) bad_layout(fmt::format("{} is not a string", what));
  std::vector<std::string> strings(count);
  const htri_t variable = H5Tis_variable_str(file_type);
  if (variable < 0) fail(fmt::format("could not read the type of {}", what));
  if (variable > 0) {
    Handle memory_type = checked(H5Tcopy(H5T_C_S1), "could not create a string type");
    check(H5Tset_size(memory_type.get(), H5T_VARIABLE), "could not create a string type");
    check(H5Tset_cset(memory_type.get(), H5Tget_cset(file_type)), "could not create a string type");
    std::vector<char*> pointers(count, nullptr);
    const herr_t status = read(memory_type.get(), pointers.data());
    for (std::size_t i = 0; i < count; ++i) {
      if (pointers[i] != nullptr) {
        strings[i] = pointers[i];
        H5free_memory(pointers[i]);
      }
    }
    check(status, fmt::format("could not read {}", what));
  } else {
    const std::size_t size = H5Tget_size(file_type);
    if (size == 0) fail(fmt::format("could not read the type of {}", what));
    Handle memory_type = checked(H5Tcopy(file_type), "could not create a string type");
    std::vector<char> buffer(size * count, '\0');
    check(read(memory_type.get(), buffer.data()), fmt::format("could not read {}", what));
    const bool space_padded = H5Tget_strpad(file_type) == H5T_STR_SPACEPAD;
    for (std::size_t i = 0; i < count; ++i) {
      std::string text(buffer.data() + i * size, size);
      if (const auto end = text.find('\0'); end != std::string::npos) text.resize(end);
      if (space_padded) text.erase(text.find_last_not_of(' ') + 1);
      strings[i] = std::move(text);
    }
  }
  return strings;
}

hsize_t element_count(hid_t space) {
  const hssize_t count = H5Sget_simple_extent_npoints(space);
  if (count < 0) fail("could not read a dataspace");
  return static_cast<hsize_t>(count);
}

std::vector<std::string> read_string_attribute_array(hid_t object, const char* name) {
  Handle attribute = checked(H5Aopen(object, name, H5P_DEFAULT), fmt::format("could not open attribute '{}'", name));
  Handle type = checked(H5Aget_type(attribute.get()), fmt::format("could not read attribute '{}'", name));
  Handle space = checked(H5Aget_space(attribute.get()), fmt::format("could not read attribute '{}'", name));
  return read_strings(
      type.get(), element_count(space.get()),
      [&](hid_t memory_type, void* buffer) { return H5Aread(attribute.get(), memory_type, buffer); },
      fmt::format("attribute '{}'", name));
}

std::string read_string_attribute(hid_t object, const char* name) {
  auto strings = read_string_attribute_array(object, name);
  if (strings.size() != 1) bad_layout(fmt::format("attribute '{}' is not a single string", name));
  return strings.front();
}

template <class T>
T read_number_attribute(hid_t object, const char* name, hid_t memory_type) {
  Handle attribute = checked(H5Aopen(object, name, H5P_DEFAULT), fmt::format("could not open attribute '{}'", name));
  Handle type = checked(H5Aget_type(attribute.get()), fmt::format("could not read attribute '{}'", name));
  Handle space = checked(H5Aget_space(attribute.get()), fmt::format("could not read attribute '{}'", name));
  const H5T_class_t type_class = H5Tget_class(type.get());
  if ((type_class != H5T_INTEGER && type_class != H5T_FLOAT) || element_count(space.get()) != 1) {
    bad_layout(fmt::format("attribute '{}' is not a single number", name));
  }
  T value{};
  check(H5Aread(attribute.get(), memory_type, &value), fmt::format("could not read attribute '{}'", name));
  return value;
}

std::int64_t read_int_attribute(hid_t object, const char* name) {
  return read_number_attribute<std::int64_t>(object, name, H5T_NATIVE_INT64);
}

std::string read_string_dataset(hid_t group, const char* name) {
  Handle dataset = checked(H5Dopen2(group, name, H5P_DEFAULT), fmt::format("could not open dataset '{}'", name));
  Handle type = checked(H5Dget_type(dataset.get()), fmt::format("could not read dataset '{}'", name));
  Handle space = checked(H5Dget_space(dataset.get()), fmt::format("could not read dataset '{}'", name));
  auto strings = read_strings(
      type.get(), element_count(space.get()),
      [&](hid_t memory_type, void* buffer) {
        return H5Dread(dataset.get(), memory_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, buffer);
      },
      fmt::format("dataset '{}'", name));
  if (strings.size() != 1) bad_layout(fmt::format("dataset '{}' is not a single string", name));
  return strings.front();
}

std::vector<hsize_t> dataset_shape(hid_t dataset, std::string_view what) {
  Handle space = checked(H5Dget_space(dataset), fmt::format("could not read the shape of {}", what));
  const int rank = H5Sget_simple_extent_ndims(space.get());
  if (rank < 0) fail(fmt::format("could not read the shape of {}", what));
  std::vector<hsize_t> shape(static_cast<std::size_t>(rank));
  if (rank > 0) check(H5Sget_simple_extent_dims(space.get(), shape.data(), nullptr), "could not read a shape");
  return shape;
}

Handle open_dataset(hid_t group, const std::string& path, const std::string& where) {
  if (!has_link(group, path.c_str())) bad_layout(fmt::format("{} has no '{}'", where, path));
  return checked(H5Dopen2(group, path.c_str(), H5P_DEFAULT), fmt::format("could not open {}/{}", where, path));
}

// Has the compound type of `dataset` a member called `name`?
bool has_member(hid_t dataset, const char* name) {
  Handle type = checked(H5Dget_type(dataset), "could not read a dataset type");
  if (H5Tget_class(type.get()) != H5T_COMPOUND) return false;
  return H5Tget_member_index(type.get(), name) >= 0;
}

// One column of a compound table read as strings.
std::vector<std::string> read_string_column(hid_t dataset, const char* name, std::string_view what) {
  Handle file_type = checked(H5Dget_type(dataset), fmt::format("could not read the type of {}", what));
  const int member = H5Tget_member_index(file_type.get(), name);
  if (member < 0) bad_layout(fmt::format("{} has no column '{}'", what, name));
  Handle member_type = checked(H5Tget_member_type(file_type.get(), static_cast<unsigned>(member)),
                               fmt::format("could not read the type of {}", what));
  Handle space = checked(H5Dget_space(dataset), fmt::format("could not read {}", what));
  return read_strings(
      member_type.get(), element_count(space.get()),
      [&](hid_t memory_member_type, void* buffer) -> herr_t {
        const std::size_t size = H5Tget_size(memory_member_type);
        const hid_t compound = H5Tcreate(H5T_COMPOUND, size);
        if (compound < 0) return -1;
        const Handle owned(compound);
        if (H5Tinsert(compound, name, 0, memory_member_type) < 0) return -1;
        return H5Dread(dataset, compound, H5S_ALL, H5S_ALL, H5P_DEFAULT, buffer);
      },
      fmt::format("column '{}' of {}", name, what));
}

std::vector<double> read_double_column(hid_t dataset, const char* name, std::string_view what) {
  if (!has_member(dataset, name)) bad_layout(fmt::format("{} has no column '{}'", what, name));
  Handle space = checked(H5Dget_space(dataset), fmt::format("could not read {}", what));
  std::vector<double> values(element_count(space.get()));
  Handle memory_type = checked(H5Tcreate(H5T_COMPOUND, sizeof(double)), "could not create a compound type");
  check(H5Tinsert(memory_type.get(), name, 0, H5T_NATIVE_DOUBLE), "could not build a compound type");
  check(H5Dread(dataset, memory_type.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()),
        fmt::format("could not read column '{}' of {}", name, what));
  return values;
}

// Every member the reader expects must be in the file: a missing one would silently read as 0.
void require_members(hid_t dataset, std::span<const DoubleField> fields, std::string_view what) {
  for (const auto& field : fields) {
    if (!has_member(dataset, std::string(field.name).c_str())) {
      bad_layout(fmt::format("{} has no field '{}'", what, field.name));
    }
  }
}

Parameters read_parameter_table(hid_t group, const std::string& where, const std::string& program_version) {
  const std::string what = where + "/parameters";
  Handle dataset = open_dataset(group, "parameters", where);
  const auto keys = read_string_column(dataset.get(), "key", what);
  const auto values = read_double_column(dataset.get(), "value", what);
  Parameters parameters;
  std::vector<bool> seen(parameter_specs().size(), false);
  for (std::size_t row = 0; row < keys.size(); ++row) {
    const ParameterSpec* spec = find_parameter(keys[row]);
    if (spec == nullptr) {
      bad_layout(fmt::format("{} has parameter '{}', which this jimsim does not know (the file was written by "
                             "jimsim {})",
                             what, keys[row], program_version));
    }
    spec->set(parameters, values[row]);
    seen[static_cast<std::size_t>(spec - parameter_specs().data())] = true;
  }
  for (std::size_t i = 0; i < seen.size(); ++i) {
    if (!seen[i]) {
      bad_layout(fmt::format("{} lacks parameter '{}' (the file was written by jimsim {})", what,
                             parameter_specs()[i].key(), program_version));
    }
  }
  return parameters;
}

ScenarioResults read_scenario(hid_t scenarios_group, const std::string& link, const RunInfo& run) {
  const std::string where = "/scenarios/" + link;
  Handle group = checked(H5Gopen2(scenarios_group, link.c_str(), H5P_DEFAULT), fmt::format("could not open {}", where));
  const hid_t g = group.get();
  ScenarioResults scenario;
  scenario.name = read_string_attribute(g, "name");
  scenario.description = read_string_attribute(g, "description");
  scenario.source_text = read_string_dataset(g, "scenario_files");
  scenario.resolved_parameters = read_string_dataset(g, "resolved_parameters");
  scenario.parameters = read_parameter_table(g, where, run.program_version);

  const auto replicates = static_cast<hsize_t>(run.replicates);
  const Handle outcomes_memory = outcomes_memory_type();

  // Outcomes: [replicate][subgroup] from the subgroups table (its column 0 is the replicates table).
  {
    Handle dataset = open_dataset(g, "subgroups", where);
    const auto shape = dataset_shape(dataset.get(), where + "/subgroups");
    if (shape != std::vector<hsize_t>{replicates, hsize_t{subgroup_count}}) {
      bad_layout(fmt::format("{}/subgroups has shape ({}), expected ({}, {})", where, fmt::join(shape, ", "),
                             replicates, subgroup_count));
    }
    const auto names = read_string_attribute_array(dataset.get(), "subgroups");
    if (!std::equal(names.begin(), names.end(), subgroup_names.begin(), subgroup_names.end())) {
      bad_layout(fmt::format("{}/subgroups has subgroups [{}], expected [{}]", where, fmt::join(names, ", "),
                             fmt::join(subgroup_names, ", ")));
    }
    require_members(dataset.get(), outcome_fields, where + "/subgroups");
    std::vector<Outcomes> buffer(replicates * subgroup_count);
    check(H5Dread(dataset.get(), outcomes_memory.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, buffer.data()),
          fmt::format("could not read {}/subgroups", where));
    scenario.outcomes.resize(replicates);
    for (std::size_t r = 0; r < replicates; ++r) {
      std::copy_n(buffer.begin() + static_cast<std::ptrdiff_t>(r * subgroup_count), subgroup_count,
                  scenario.outcomes[r].begin());
    }
  }
  {
    Handle dataset = open_dataset(g, "replicates", where);
    if (dataset_shape(dataset.get(), where + "/replicates") != std::vector<hsize_t>{replicates}) {
      bad_layout(fmt::format("{}/replicates does not have {} rows", where, replicates));
    }
  }

  // Time series: one (R, T) dataset each.
  scenario.series.resize(replicates);
  for (const auto& field : series_fields) {
    const std::string path = "timeseries/" + std::string(field.name);
    Handle dataset = open_dataset(g, path, where);
    const auto shape = dataset_shape(dataset.get(), where + "/" + path);
    if (shape.size() != 2 || shape[0] != replicates) {
      bad_layout(fmt::format("{}/{} has shape ({}), expected ({}, steps)", where, path, fmt::join(shape, ", "),
                             replicates));
    }
    const std::size_t steps = shape[1];
    std::vector<double> buffer(replicates * steps);
    check(H5Dread(dataset.get(), H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, buffer.data()),
          fmt::format("could not read {}/{}", where, path));
    for (std::size_t r = 0; r < replicates; ++r) {
      const auto begin = buffer.begin() + static_cast<std::ptrdiff_t>(r * steps);
      (scenario.series[r].*field.member).assign(begin, begin + static_cast<std::ptrdiff_t>(steps));
    }
  }

  // Family records, read a block at a time and sorted into their replicates.
  if (run.family_records) {
    Handle dataset = open_dataset(g, "families", where);
    const auto shape = dataset_shape(dataset.get(), where + "/families");
    if (shape.size() != 1) bad_layout(fmt::format("{}/families is not a one-dimensional table", where));
    for (const auto& column : family_index_columns) {
      if (!has_member(dataset.get(), std::string(column.name).c_str())) {
        bad_layout(fmt::format("{}/families has no column '{}'", where, column.name));
      }
    }
    require_members(dataset.get(), family_fields, where + "/families");
    const Handle memory_type = family_memory_type();
    Handle file_space = checked(H5Dget_space(dataset.get()), "could not read a dataspace");
    std::vector<std::vector<FamilyRow>> rows(replicates);
    constexpr hsize_t block = 65536;
    std::vector<FamilyRow> buffer;
    for (hsize_t start = 0; start < shape[0]; start += block) {
      const hsize_t count = std::min(block, shape[0] - start);
      buffer.assign(count, FamilyRow{});
      check(H5Sselect_hyperslab(file_space.get(), H5S_SELECT_SET, &start, nullptr, &count, nullptr),
            "could not select family records");
      Handle memory_space = checked(H5Screate_simple(1, &count, nullptr), "could not create a dataspace");
      check(H5Dread(dataset.get(), memory_type.get(), memory_space.get(), file_space.get(), H5P_DEFAULT,
                    buffer.data()),
            fmt::format("could not read {}/families", where));
      for (const auto& row : buffer) {
        if (row.replicate < 0 || static_cast<hsize_t>(row.replicate) >= replicates) {
          bad_layout(fmt::format("{}/families has a record of replicate {}, outside 0..{}", where, row.replicate,
                                 replicates - 1));
        }
        rows[static_cast<std::size_t>(row.replicate)].push_back(row);
      }
    }
    scenario.families.resize(replicates);
    for (std::size_t r = 0; r < replicates; ++r) {
      auto& list = rows[r];
      std::stable_sort(list.begin(), list.end(),
                       [](const FamilyRow& a, const FamilyRow& b) { return a.family < b.family; });
      scenario.families[r].reserve(list.size());
      for (const auto& row : list) scenario.families[r].push_back(row.record);
    }
  }
  return scenario;
}

ResultsFile read_contents(hid_t file) {
  ResultsFile results;
  results.format_version = results_format_version;
  results.run.program_version = read_string_attribute(file, "program_version");
  results.run.command_line = read_string_attribute(file, "command_line");
  results.run.seed = read_number_attribute<std::uint64_t>(file, "seed", H5T_NATIVE_UINT64);
  const std::int64_t replicates = read_int_attribute(file, "replicates");
  if (replicates < 0 || replicates > INT32_MAX) bad_layout(fmt::format("replicates is {}", replicates));
  results.run.replicates = static_cast<int>(replicates);
  results.run.family_records = read_int_attribute(file, "family_records") != 0;

  if (!has_link(file, "scenarios")) bad_layout("there is no /scenarios group");
  Handle scenarios = checked(H5Gopen2(file, "scenarios", H5P_DEFAULT), "could not open /scenarios");
  std::vector<std::string> links;
  H5G_info_t info;
  check(H5Gget_info(scenarios.get(), &info), "could not list /scenarios");
  for (hsize_t i = 0; i < info.nlinks; ++i) {
    const ssize_t length =
        H5Lget_name_by_idx(scenarios.get(), ".", H5_INDEX_NAME, H5_ITER_INC, i, nullptr, 0, H5P_DEFAULT);
    if (length < 0) fail("could not list /scenarios");
    std::vector<char> link(static_cast<std::size_t>(length) + 1, '\0');
    if (H5Lget_name_by_idx(scenarios.get(), ".", H5_INDEX_NAME, H5_ITER_INC, i, link.data(), link.size(),
                           H5P_DEFAULT) < 0) {
      fail("could not list /scenarios");
    }
    links.emplace_back(link.data());
  }

  // In run order, from each group's `index` attribute.
  std::vector<std::pair<std::int64_t, std::string>> order;
  for (const auto& link : links) {
    Handle group = checked(H5Gopen2(scenarios.get(), link.c_str(), H5P_DEFAULT),
                           fmt::format("could not open /scenarios/{}", link));
    order.emplace_back(read_int_attribute(group.get(), "index"), link);
  }
  std::sort(order.begin(), order.end());
  for (std::size_t i = 0; i < order.size(); ++i) {
    if (order[i].first != static_cast<std::int64_t>(i)) {
      bad_layout(fmt::format("the scenario indexes are not 0..{} (/scenarios/{} has index {})", order.size() - 1,
                             order[i].second, order[i].first));
    }
    results.scenarios.push_back(read_scenario(scenarios.get(), order[i].second, results.run));
  }
  return results;
}

}  // namespace

ResultsFile read_results(const std::filesystem::path& file) {
  H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
  const std::string name = file.string();
  std::error_code error;
  const auto status = fs::status(file, error);
  if (!fs::exists(status)) throw InputError(fmt::format("{}: no such file", name));
  if (fs::is_directory(status)) throw InputError(fmt::format("{} is a directory, not a results file", name));
  if (std::ifstream probe(file, std::ios::binary); !probe) {
    throw InputError(fmt::format("cannot read {}: {}", name, std::strerror(errno)));
  }
  if (H5Fis_hdf5(file.c_str()) <= 0) throw InputError(fmt::format("{} is not an HDF5 file", name));
  Handle handle(H5Fopen(file.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT));
  if (!handle.valid()) {
    const std::string detail = error_detail();
    throw InputError(fmt::format("{} is not an HDF5 file, or it is damaged{}", name,
                                 detail.empty() ? "" : " (HDF5: " + detail + ")"));
  }
  try {
    const hid_t root = handle.get();
    if (!has_attribute(root, "format")) {
      throw InputError(fmt::format("{} is not a jimsim results file (it has no 'format' attribute)", name));
    }
    if (const auto format = read_string_attribute(root, "format"); format != "jimsim-results") {
      throw InputError(fmt::format("{} is not a jimsim results file (its format is '{}')", name, format));
    }
    if (!has_attribute(root, "format_version")) {
      throw InputError(fmt::format("{} is not a jimsim results file (it has no 'format_version' attribute)", name));
    }
    if (const auto version = read_int_attribute(root, "format_version"); version != results_format_version) {
      throw InputError(fmt::format("{} has results format version {}; this jimsim reads version {}", name, version,
                                   results_format_version));
    }
    return read_contents(root);
  } catch (const Hdf5Failure& failure) {
    throw InputError(fmt::format("{}: {}", name, failure.what()));
  }
}

}  // namespace jimsim
