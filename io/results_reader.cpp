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
#include "io/results_file.hpp"
#include "io/results_hdf5.hpp"

namespace jimsim {

using namespace results_hdf5;
namespace fs = std::filesystem;

namespace {

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
  // Files written before --set existed have no overrides attribute: nothing was overridden.
  if (has_attribute(file, "overrides")) {
    const std::string overrides = read_string_attribute(file, "overrides");
    std::size_t start = 0;
    for (std::size_t end; (end = overrides.find('\n', start)) != std::string::npos; start = end + 1) {
      results.run.overrides.push_back(overrides.substr(start, end - start));
    }
  }

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
