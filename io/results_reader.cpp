// Reads a results file of layout version 4 (docs/results-format.md) back into ResultsFile.
#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <fstream>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "io/parameter_override.hpp"
#include "io/results_file.hpp"
#include "io/results_hdf5.hpp"
#include "sim/errors.hpp"
#include "sim/replicate.hpp"
#include "sim/result_fields.hpp"

namespace jimsim {

using namespace results_hdf5;
namespace fs = std::filesystem;

namespace {

template <class T>
std::vector<T> read_column(hid_t group, const std::string& name, hid_t memory_type, std::size_t expected,
                           const std::string& where) {
  Handle dataset = open_dataset(group, name, where);
  const auto shape = dataset_shape(dataset.get(), where + "/" + name);
  hsize_t elements = 1;
  for (const hsize_t n : shape) elements *= n;
  if (elements != expected) {
    bad_layout(fmt::format("{}/{} has shape ({}), expected {} values", where, name, fmt::join(shape, ", "), expected));
  }
  std::vector<T> values(expected);
  if (expected > 0) {
    check(H5Dread(dataset.get(), memory_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()),
          fmt::format("could not read {}/{}", where, name));
  }
  return values;
}

std::vector<std::string> read_string_values(hid_t group, const std::string& name, std::size_t expected,
                                            const std::string& where) {
  auto values = results_hdf5::read_string_values(group, name, where);
  if (values.size() != expected) bad_layout(fmt::format("{}/{} does not have {} values", where, name, expected));
  return values;
}

Handle open_group(hid_t parent, const char* name) {
  if (!has_link(parent, name)) bad_layout(fmt::format("there is no /{} group", name));
  return checked(H5Gopen2(parent, name, H5P_DEFAULT), fmt::format("could not open /{}", name));
}

RunInfo read_run_attributes(hid_t file) {
  RunInfo run;
  run.program_version = read_string_attribute(file, "program_version");
  run.command_line = read_string_attribute(file, "command_line");
  run.plan_fingerprint = read_string_attribute(file, "plan_fingerprint");
  run.seed = read_number_attribute<std::uint64_t>(file, "seed", H5T_NATIVE_UINT64);
  const std::int64_t replicates = read_int_attribute(file, "replicates");
  const std::int64_t points = read_int_attribute(file, "points");
  if (replicates < 1 || replicates > INT32_MAX) bad_layout(fmt::format("replicates is {}", replicates));
  if (points < 1 || points > INT32_MAX) bad_layout(fmt::format("points is {}", points));
  run.replicates = static_cast<int>(replicates);
  run.family_records = read_int_attribute(file, "family_records") != 0;
  const std::string overrides = read_string_attribute(file, "overrides");
  for (std::size_t start = 0, end; (end = overrides.find('\n', start)) != std::string::npos; start = end + 1) {
    run.overrides.push_back(overrides.substr(start, end - start));
  }
  run.design = read_string_attribute(file, "design");
  const std::string shard = read_string_attribute(file, "shard");
  if (std::sscanf(shard.c_str(), "%zu/%zu", &run.shard.index, &run.shard.count) != 2 || run.shard.count == 0) {
    bad_layout(fmt::format("shard is '{}'", shard));
  }
  run.units = read_number_attribute<std::uint64_t>(file, "units", H5T_NATIVE_UINT64);
  run.units_done = read_number_attribute<std::uint64_t>(file, "units_done", H5T_NATIVE_UINT64);
  run.units_failed = read_number_attribute<std::uint64_t>(file, "units_failed", H5T_NATIVE_UINT64);
  // Files written before `run --posterior` existed have no such attribute.
  if (H5Aexists(file, "posterior") > 0) run.posterior = read_string_attribute(file, "posterior");
  return run;
}

ResultsPlan read_plan(hid_t file) {
  ResultsPlan out;
  out.run = read_run_attributes(file);
  RunPlan& plan = out.plan;
  plan.replicates = out.run.replicates;
  plan.seed = out.run.seed;
  plan.family_records = out.run.family_records;
  for (const auto& text : out.run.overrides) plan.overrides.push_back(parse_override(text));
  const auto P = static_cast<std::size_t>(read_int_attribute(file, "points"));
  plan.points.resize(P);
  {
    Handle group = open_group(file, "points");
    const auto names = read_string_values(group.get(), "point", P, "/points");
    const auto descriptions = read_string_values(group.get(), "description", P, "/points");
    const auto sources = read_string_values(group.get(), "source", P, "/points");
    for (std::size_t p = 0; p < P; ++p) {
      plan.points[p].name = names[p];
      plan.points[p].description = descriptions[p];
      plan.points[p].source_text = sources[p];
      plan.points[p].origin = names[p];
    }
  }
  {
    Handle group = open_group(file, "parameters");
    for (const auto& spec : parameter_specs()) {
      const auto values = read_column<double>(group.get(), spec.key(), H5T_NATIVE_DOUBLE, P, "/parameters");
      for (std::size_t p = 0; p < P; ++p) spec.set(plan.points[p].parameters, values[p]);
    }
  }
  {
    Handle outcomes = open_group(file, "outcomes");
    plan.outputs.subgroups.clear();
    for (const auto& name : results_hdf5::read_string_values(outcomes.get(), "subgroup", "/outcomes")) {
      const auto at = std::find(subgroup_names.begin(), subgroup_names.end(), name);
      if (at == subgroup_names.end()) bad_layout(fmt::format("/outcomes has subgroup '{}', which this jimsim does not know", name));
      plan.outputs.subgroups.push_back(static_cast<int>(at - subgroup_names.begin()));
    }
    plan.outputs.fields.clear();
    for (std::size_t f = 0; f < outcome_fields.size(); ++f) {
      if (has_link(outcomes.get(), std::string(outcome_fields[f].name).c_str())) plan.outputs.fields.push_back(static_cast<int>(f));
    }
    plan.outputs.series = has_link(file, "series");
  }
  if (has_link(file, "posterior_draws")) {
    Handle group = open_group(file, "posterior_draws");
    auto draws = std::make_shared<PosteriorDraws>();
    draws->source = read_string_attribute(group.get(), "posterior_file");
    draws->fingerprint = read_string_attribute(group.get(), "calibration_fingerprint");
    const auto R = static_cast<std::size_t>(plan.replicates);
    draws->particle = read_column<std::int32_t>(group.get(), "particle", H5T_NATIVE_INT32, R, "/posterior_draws");
    draws->values.assign(R, {});
    for (const auto& name : results_hdf5::read_string_attribute_array(group.get(), "parameters")) {
      if (find_parameter(name) == nullptr) bad_layout(fmt::format("/posterior_draws has parameter '{}', which this jimsim does not know", name));
      draws->keys.push_back(name);
      const auto values = read_column<double>(group.get(), name, H5T_NATIVE_DOUBLE, R, "/posterior_draws");
      for (std::size_t r = 0; r < R; ++r) draws->values[r].push_back(values[r]);
    }
    plan.posterior = std::move(draws);
  }
  plan.design.kind = out.run.design;
  if (has_link(file, "design")) {
    Handle group = open_group(file, "design");
    plan.design.samples = read_number_attribute<std::uint64_t>(group.get(), "samples", H5T_NATIVE_UINT64);
    plan.design.morris_levels = static_cast<int>(read_int_attribute(group.get(), "morris_levels"));
    plan.design.source_text = read_string_attribute(group.get(), "sweep_file");
    const auto keys = results_hdf5::read_string_values(group.get(), "factor", "/design");
    const auto unit = read_column<double>(group.get(), "unit_coordinate", H5T_NATIVE_DOUBLE, P * keys.size(), "/design");
    for (const auto& key : keys) {
      DesignFactor factor;
      factor.key = key;
      Handle column = open_dataset(group.get(), key, "/design");
      if (has_attribute(column.get(), "levels")) {
        const ParameterSpec* spec = find_parameter(key);
        if (spec == nullptr) bad_layout(fmt::format("/design/{} is not a parameter this jimsim knows", key));
        for (const auto& text : read_string_attribute_array(column.get(), "levels")) {
          factor.levels.push_back(text == "true" ? 1.0 : text == "false" ? 0.0 : std::stod(text));
        }
      } else {
        factor.minimum = read_number_attribute<double>(column.get(), "minimum", H5T_NATIVE_DOUBLE);
        factor.maximum = read_number_attribute<double>(column.get(), "maximum", H5T_NATIVE_DOUBLE);
      }
      plan.design.factors.push_back(std::move(factor));
    }
    for (std::size_t p = 0; p < P; ++p) {
      plan.points[p].unit_coordinates.assign(unit.begin() + static_cast<std::ptrdiff_t>(p * keys.size()),
                                             unit.begin() + static_cast<std::ptrdiff_t>((p + 1) * keys.size()));
    }
  }
  return out;
}

void read_failures(hid_t file, ResultsFile& results) {
  if (!has_link(file, "failures")) return;
  Handle group = open_group(file, "failures");
  Handle scale = open_dataset(group.get(), "failure", "/failures");
  const std::size_t n = dataset_shape(scale.get(), "/failures/failure").at(0);
  const auto point = read_column<std::int32_t>(group.get(), "point", H5T_NATIVE_INT32, n, "/failures");
  const auto replicate = read_column<std::int32_t>(group.get(), "replicate", H5T_NATIVE_INT32, n, "/failures");
  const auto messages = read_string_values(group.get(), "message", n, "/failures");
  for (std::size_t i = 0; i < n; ++i) results.failures.push_back({point[i], replicate[i], messages[i]});
}

// Everything, or (`outcomes_only`) all but the weekly series, the resource use by year and the
// family records, and of the outcomes those named in `fields` (all when it is empty).
ResultsFile read_contents(hid_t file, bool outcomes_only, std::span<const std::string_view> fields = {}) {
  ResultsPlan described = read_plan(file);
  ResultsFile results;
  results.format_version = results_format_version;
  results.run = std::move(described.run);
  results.outputs = described.plan.outputs;
  const std::size_t P = described.plan.points.size(), R = static_cast<std::size_t>(results.run.replicates);
  results.scenarios.resize(P);
  for (std::size_t p = 0; p < P; ++p) {
    auto& point = described.plan.points[p];
    auto& s = results.scenarios[p];
    s.name = std::move(point.name);
    s.description = std::move(point.description);
    s.source_text = std::move(point.source_text);
    s.parameters = point.parameters;
    s.resolved_parameters = parameters_to_toml(s.parameters);
  }

  Handle outcomes = open_group(file, "outcomes");
  const std::size_t G = results.outputs.subgroups.size();
  const auto status = read_column<std::int8_t>(outcomes.get(), "unit_status", H5T_NATIVE_INT8, P * R, "/outcomes");
  for (std::size_t p = 0; p < P; ++p) {
    auto& s = results.scenarios[p];
    s.outcomes.assign(R, {});
    s.unit_status.assign(status.begin() + static_cast<std::ptrdiff_t>(p * R), status.begin() + static_cast<std::ptrdiff_t>((p + 1) * R));
  }
  for (const int f : results.outputs.fields) {
    const std::string name(outcome_fields[static_cast<std::size_t>(f)].name);
    if (!fields.empty() && std::find(fields.begin(), fields.end(), name) == fields.end()) continue;
    const auto values = read_column<double>(outcomes.get(), name, H5T_NATIVE_DOUBLE, P * R * G, "/outcomes");
    for (std::size_t p = 0; p < P; ++p) {
      for (std::size_t r = 0; r < R; ++r) {
        for (std::size_t g = 0; g < G; ++g) {
          field_value(results.scenarios[p].outcomes[r][static_cast<std::size_t>(results.outputs.subgroups[g])],
                      outcome_fields[static_cast<std::size_t>(f)]) =
              values[(p * R + r) * G + g];
        }
      }
    }
  }

  if (outcomes_only) {
    read_failures(file, results);
    return results;
  }

  // Steps per point, for the series: each point's series are as long as its own run.
  std::vector<std::int32_t> steps;
  {
    Handle group = open_group(file, "points");
    steps = read_column<std::int32_t>(group.get(), "steps", H5T_NATIVE_INT32, P, "/points");
  }
  if (results.outputs.series) {
    Handle group = open_group(file, "series");
    Handle step_scale = open_dataset(group.get(), "step", "/series");
    const std::size_t S = dataset_shape(step_scale.get(), "/series/step").at(0);
    for (std::size_t p = 0; p < P; ++p) {
      results.scenarios[p].series.assign(R, {});
      if (steps[p] < 0 || static_cast<std::size_t>(steps[p]) > S) bad_layout(fmt::format("/points/steps[{}] is {}", p, steps[p]));
    }
    for (const auto& field : series_fields) {
      const auto values = read_column<double>(group.get(), std::string(field.name), H5T_NATIVE_DOUBLE, P * R * S, "/series");
      for (std::size_t p = 0; p < P; ++p) {
        for (std::size_t r = 0; r < R; ++r) {
          const auto begin = values.begin() + static_cast<std::ptrdiff_t>((p * R + r) * S);
          (results.scenarios[p].series[r].*field.member).assign(begin, begin + steps[p]);
        }
      }
    }
  }

  if (results.outputs.series) {
    Handle group = open_group(file, "resource_use_by_year");
    Handle year_scale = open_dataset(group.get(), "year", "/resource_use_by_year");
    const std::size_t Y = dataset_shape(year_scale.get(), "/resource_use_by_year/year").at(0);
    std::vector<std::size_t> years(P);
    for (std::size_t p = 0; p < P; ++p) {
      years[p] = static_cast<std::size_t>(year_count(results.scenarios[p].parameters));
      if (years[p] > Y) bad_layout(fmt::format("/resource_use_by_year has {} years, point {} covers {}", Y, p, years[p]));
      results.scenarios[p].by_year.assign(R, std::vector<ResourceUseYear>(years[p]));
    }
    for (const auto& field : resource_use_fields) {
      const auto values = read_column<double>(group.get(), std::string(field.name), H5T_NATIVE_DOUBLE, P * R * Y,
                                              "/resource_use_by_year");
      for (std::size_t p = 0; p < P; ++p) {
        for (std::size_t r = 0; r < R; ++r) {
          for (std::size_t y = 0; y < years[p]; ++y) field_value(results.scenarios[p].by_year[r][y], field) = values[(p * R + r) * Y + y];
        }
      }
    }
  }

  if (results.run.family_records) {
    Handle group = open_group(file, "families");
    Handle row_scale = open_dataset(group.get(), "row", "/families");
    const std::size_t rows = dataset_shape(row_scale.get(), "/families/row").at(0);
    const auto point = read_column<std::int32_t>(group.get(), "point", H5T_NATIVE_INT32, rows, "/families");
    const auto replicate = read_column<std::int32_t>(group.get(), "replicate", H5T_NATIVE_INT32, rows, "/families");
    for (auto& s : results.scenarios) s.families.assign(R, {});
    std::vector<FamilyRecord> records(rows);
    for (const auto& field : family_fields) {
      const auto values = read_column<double>(group.get(), std::string(field.name), H5T_NATIVE_DOUBLE, rows, "/families");
      for (std::size_t i = 0; i < rows; ++i) {
        *reinterpret_cast<double*>(reinterpret_cast<char*>(&records[i]) + field.offset) = values[i];
      }
    }
    for (std::size_t i = 0; i < rows; ++i) {
      if (point[i] < 0 || static_cast<std::size_t>(point[i]) >= P || replicate[i] < 0 || static_cast<std::size_t>(replicate[i]) >= R) {
        bad_layout(fmt::format("/families row {} names point {} replicate {}", i, point[i], replicate[i]));
      }
      results.scenarios[static_cast<std::size_t>(point[i])].families[static_cast<std::size_t>(replicate[i])].push_back(records[i]);
    }
  }

  read_failures(file, results);
  return results;
}

// Opens a jimsim results file of this version and hands its root to `read`.
template <class Read>
auto read_file(const std::filesystem::path& file, const Read& read) {
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
      throw InputError(fmt::format(
          "{} has results format version {}; this jimsim reads version {}{}", name, version, results_format_version,
          version < results_format_version
              ? " (the file was written by an older jimsim: run its scenarios again with this one, or read it with "
                "the jimsim that wrote it, recorded in its program_version attribute)"
              : " (the file was written by a newer jimsim)"));
    }
    auto results = read(root);
    if (handle.close() < 0) throw Hdf5Failure("could not close the file");
    return results;
  } catch (const Hdf5Failure& failure) {
    throw InputError(fmt::format("{}: {}", name, failure.what()));
  }
}

}  // namespace

ResultsFile read_results(const std::filesystem::path& file) {
  return read_file(file, [](hid_t root) { return read_contents(root, false); });
}

ResultsFile read_results_outcomes(const std::filesystem::path& file, std::span<const std::string_view> fields) {
  for (const auto name : fields) {
    if (outcome_field_index(name) < 0) throw std::invalid_argument(fmt::format("read_results_outcomes: {} is not an outcome", name));
  }
  return read_file(file, [fields](hid_t root) { return read_contents(root, true, fields); });
}

ResultsPlan read_results_plan(const std::filesystem::path& file) { return read_file(file, read_plan); }

RunInfo read_run_info(const std::filesystem::path& file) { return read_file(file, read_run_attributes); }

}  // namespace jimsim
