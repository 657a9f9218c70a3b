// Writes the HDF5 results file, layout version 1 (docs/results-format.md).
//
// Reproducibility: no timestamps are stored (object time tracking is off for every group and
// dataset, and there is no creation-date attribute), so the same inputs written in the same order
// give a byte-identical file.
#include <csignal>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fmt/format.h>
#include <map>
#include <mutex>
#include <stdexcept>
#include <string>
#include <system_error>
#include <vector>

#include "sim/errors.hpp"
#include "io/results_file.hpp"
#include "sim/replicate.hpp"
#include "io/results_hdf5.hpp"

namespace jimsim {

using namespace results_hdf5;
namespace fs = std::filesystem;

namespace {

constexpr hsize_t replicate_chunk_rows = 1024;
constexpr hsize_t subgroup_chunk_rows = 128;
constexpr hsize_t series_chunk_rows = 64;
constexpr hsize_t series_chunk_bytes = hsize_t{1} << 20;  // fewer rows per chunk for long series
constexpr hsize_t family_chunk_rows = 2048;

// Temporary files of writers in one process must not collide.
std::atomic<unsigned> temporary_counter{0};

// The `parameters` table: one row per declared parameter, strings fixed-length (each column as
// wide as its longest entry).
void write_parameter_table(hid_t group, const Parameters& parameters) {
  const auto specs = parameter_specs();
  struct Column {
    const char* name;
    std::vector<std::string> values;
    std::size_t width = 1;
  };
  std::array<Column, 5> strings = {{{"key", {}}, {"unit", {}}, {"meaning", {}}, {"source", {}}, {"kind", {}}}};
  for (const auto& spec : specs) {
    strings[0].values.push_back(spec.key());
    strings[1].values.emplace_back(spec.unit);
    strings[2].values.emplace_back(spec.meaning);
    strings[3].values.emplace_back(spec.source);
    strings[4].values.emplace_back(spec.kind == ParameterKind::flag      ? "flag"
                                   : spec.kind == ParameterKind::integer ? "integer"
                                                                         : "real");
  }
  for (auto& column : strings) {
    for (const auto& value : column.values) column.width = std::max(column.width, value.size());
  }

  // The file and memory layout are the same: key, value, unit, default, minimum, maximum, meaning,
  // source, kind, packed.
  struct Member {
    const char* name;
    std::size_t width;  // 0 for a double
    const std::vector<std::string>* strings;
    int number;  // for doubles: 0 value, 1 default, 2 minimum, 3 maximum
  };
  const std::array<Member, 9> members = {{
      {"key", strings[0].width, &strings[0].values, -1},
      {"value", 0, nullptr, 0},
      {"unit", strings[1].width, &strings[1].values, -1},
      {"default", 0, nullptr, 1},
      {"minimum", 0, nullptr, 2},
      {"maximum", 0, nullptr, 3},
      {"meaning", strings[2].width, &strings[2].values, -1},
      {"source", strings[3].width, &strings[3].values, -1},
      {"kind", strings[4].width, &strings[4].values, -1},
  }};
  std::size_t row_bytes = 0;
  for (const auto& member : members) row_bytes += member.width == 0 ? 8 : member.width;

  Handle file_type = checked(H5Tcreate(H5T_COMPOUND, row_bytes), "could not create a compound type");
  Handle memory_type = checked(H5Tcreate(H5T_COMPOUND, row_bytes), "could not create a compound type");
  std::vector<unsigned char> buffer(row_bytes * specs.size(), 0);
  std::size_t offset = 0;
  for (const auto& member : members) {
    if (member.width == 0) {
      check(H5Tinsert(file_type.get(), member.name, offset, H5T_IEEE_F64LE), "could not build the parameter type");
      check(H5Tinsert(memory_type.get(), member.name, offset, H5T_NATIVE_DOUBLE),
            "could not build the parameter type");
      for (std::size_t row = 0; row < specs.size(); ++row) {
        const auto& spec = specs[row];
        const double values[] = {spec.get(parameters), spec.default_value, spec.minimum, spec.maximum};
        std::memcpy(buffer.data() + row * row_bytes + offset, &values[member.number], 8);
      }
      offset += 8;
    } else {
      const Handle string_type = fixed_string_type(member.width);
      check(H5Tinsert(file_type.get(), member.name, offset, string_type.get()), "could not build the parameter type");
      check(H5Tinsert(memory_type.get(), member.name, offset, string_type.get()),
            "could not build the parameter type");
      for (std::size_t row = 0; row < specs.size(); ++row) {
        const auto& text = (*member.strings)[row];
        std::memcpy(buffer.data() + row * row_bytes + offset, text.data(), text.size());
      }
      offset += member.width;
    }
  }

  const hsize_t rows = specs.size();
  const hsize_t chunk = std::max<hsize_t>(rows, 1);
  const Handle plist = chunked_dataset_plist(std::span(&chunk, 1));
  Handle space = checked(H5Screate_simple(1, &rows, nullptr), "could not create a dataspace");
  Handle dataset =
      checked(H5Dcreate2(group, "parameters", file_type.get(), space.get(), H5P_DEFAULT, plist.get(), H5P_DEFAULT),
              "could not create dataset 'parameters'");
  check(H5Dwrite(dataset.get(), memory_type.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, buffer.data()),
        "could not write dataset 'parameters'");
}

// A chunked, compressed dataset of fixed shape.
Handle create_dataset(hid_t group, const char* name, hid_t file_type, std::span<const hsize_t> shape,
                      std::span<const hsize_t> chunk, std::size_t element_bytes) {
  const Handle create = chunked_dataset_plist(chunk);
  const Handle access = dataset_access_plist(chunk, element_bytes);
  Handle space = checked(H5Screate_simple(static_cast<int>(shape.size()), shape.data(), nullptr),
                         "could not create a dataspace");
  return checked(H5Dcreate2(group, name, file_type, space.get(), H5P_DEFAULT, create.get(), access.get()),
                 fmt::format("could not create dataset '{}'", name));
}

// Writes `count` elements from `data` into `dataset` at `start` (a block of whole rows).
void write_block(hid_t dataset, hid_t memory_type, std::span<const hsize_t> start, std::span<const hsize_t> count,
                 const void* data, std::string_view what) {
  hsize_t elements = 1;
  for (const hsize_t n : count) elements *= n;
  if (elements == 0) return;
  Handle file_space = checked(H5Dget_space(dataset), fmt::format("could not get the dataspace of {}", what));
  check(H5Sselect_hyperslab(file_space.get(), H5S_SELECT_SET, start.data(), nullptr, count.data(), nullptr),
        fmt::format("could not select rows of {}", what));
  Handle memory_space = checked(H5Screate_simple(1, &elements, nullptr), "could not create a dataspace");
  check(H5Dwrite(dataset, memory_type, memory_space.get(), file_space.get(), H5P_DEFAULT, data),
        fmt::format("could not write {}", what));
}

// Checks that a scenario name can be an HDF5 group name and is not used twice.
void check_scenario_names(std::span<const PlanPoint> scenarios) {
  for (std::size_t i = 0; i < scenarios.size(); ++i) {
    const auto& scenario = scenarios[i];
    if (scenario.name.empty() || scenario.name == "." || scenario.name.find('/') != std::string::npos) {
      throw InputError(fmt::format("{}: scenario name \"{}\" cannot name a group in the results file (it must "
                                   "not be empty, \".\" or contain '/'); set another name in [scenario]",
                                   scenario.origin, scenario.name));
    }
    for (std::size_t j = 0; j < i; ++j) {
      if (scenarios[j].name == scenario.name) {
        throw InputError(fmt::format("two scenarios in one run are named \"{}\" ({} and {}); give one of them "
                                     "another name in [scenario]",
                                     scenario.name, scenarios[j].origin, scenario.origin));
      }
    }
  }
}

// The open datasets of one scenario.
struct ScenarioOutput {
  std::string name;
  int steps = 0;
  Handle group;
  Handle replicates;
  Handle subgroups;
  Handle timeseries_group;
  std::vector<Handle> series;  // parallel to series_fields
  Handle families;
  hsize_t family_rows = 0;
  std::vector<bool> written;

  // Replicates are buffered a block at a time (one time-series chunk of rows) and written with one
  // call per dataset when the block is complete: far fewer, larger HDF5 writes than one per
  // replicate, while memory stays a block or two per scenario, whatever the number of replicates.
  struct Block {
    std::vector<Outcomes> all;
    std::vector<Outcomes> groups;             // rows x subgroups
    std::vector<std::vector<double>> series;  // per series field, rows x steps
    hsize_t filled = 0;
  };
  hsize_t block_rows = 1;
  std::map<hsize_t, Block> pending;  // by block index
};

}  // namespace

struct ResultsWriter::Impl {
  fs::path target;
  fs::path temporary;
  bool overwrite = false;
  RunInfo run;
  bool temporary_created = false;
  bool committed = false;
  std::mutex mutex;  // write_replicate may be called from several threads; HDF5 is not thread-safe

  Handle outcomes_memory;
  Handle outcomes_file;
  Handle family_memory;
  Handle family_file;

  // Declared after the file so they are closed before it.
  Handle file;
  Handle scenarios_group;
  std::vector<ScenarioOutput> scenarios;

  ~Impl() {
    try {
      close_objects();
    } catch (const Hdf5Failure&) {
      // The file is being abandoned anyway.
    }
    file.reset();
    if (temporary_created && !committed) {
      std::error_code ignored;
      fs::remove(temporary, ignored);
    }
  }

  [[noreturn]] void output_error(const std::string& what) const {
    throw OutputError(fmt::format("writing {}: {}", target.string(), what));
  }

  // Closes every object but the file, checking each close: closing a dataset flushes its chunks.
  void close_objects() {
    std::string problem;
    auto close = [&](Handle& handle, std::string_view what) {
      if (handle.close() < 0 && problem.empty()) problem = fmt::format("could not close {}", what);
    };
    for (auto& scenario : scenarios) {
      close(scenario.families, "/scenarios/" + scenario.name + "/families");
      for (std::size_t i = 0; i < scenario.series.size(); ++i) {
        close(scenario.series[i], fmt::format("/scenarios/{}/timeseries/{}", scenario.name, series_fields[i].name));
      }
      close(scenario.timeseries_group, "/scenarios/" + scenario.name + "/timeseries");
      close(scenario.subgroups, "/scenarios/" + scenario.name + "/subgroups");
      close(scenario.replicates, "/scenarios/" + scenario.name + "/replicates");
      close(scenario.group, "/scenarios/" + scenario.name);
    }
    close(scenarios_group, "/scenarios");
    if (!problem.empty()) fail(problem);
  }

  void check_target() const {
    std::error_code error;
    const auto status = fs::status(target, error);
    if (fs::exists(status)) {
      if (fs::is_directory(status)) {
        throw OutputError(fmt::format("{} is a directory; give a file name for the results", target.string()));
      }
      if (!overwrite) throw OutputError(fmt::format("{} exists; use --force to overwrite", target.string()));
    }
  }

  void open(const std::span<const PlanPoint> scenario_list) {
    H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
    if (target.empty()) throw OutputError("no results file name given");
    if (run.replicates < 0) throw std::invalid_argument("RunInfo::replicates is negative");
    check_target();
    check_scenario_names(scenario_list);

    fs::path directory = target.parent_path();
    if (directory.empty()) directory = ".";
    std::error_code error;
    const auto status = fs::status(directory, error);
    if (!fs::exists(status)) {
      throw OutputError(fmt::format("cannot write {}: directory {} does not exist", target.string(),
                                    directory.string()));
    }
    if (!fs::is_directory(status)) {
      throw OutputError(fmt::format("cannot write {}: {} is not a directory", target.string(), directory.string()));
    }
    if (::access(directory.c_str(), W_OK | X_OK) != 0) {
      throw OutputError(fmt::format("cannot write {}: directory {} is not writable ({})", target.string(),
                                    directory.string(), std::strerror(errno)));
    }

    temporary = directory / fmt::format(".{}.partial-{}-{}", target.filename().string(), ::getpid(),
                                        temporary_counter.fetch_add(1));
    try {
      create_file(scenario_list);
    } catch (const Hdf5Failure& failure) {
      output_error(failure.what());
    }
  }

  void create_file(const std::span<const PlanPoint> scenario_list) {
    {
      Handle create = checked(H5Pcreate(H5P_FILE_CREATE), "could not create a property list");
      check(H5Pset_obj_track_times(create.get(), 0), "could not turn off time tracking");
      errno = 0;
      file = Handle(H5Fcreate(temporary.c_str(), H5F_ACC_TRUNC, create.get(), H5P_DEFAULT));
      if (!file.valid()) {
        const int error = errno;
        std::string message = fmt::format("could not create the temporary file {}", temporary.string());
        if (error != 0) {
          message += fmt::format(": {}", std::strerror(error));
        } else if (const auto detail = error_detail(); !detail.empty()) {
          message += " (HDF5: " + detail + ")";
        }
        output_error(message);
      }
      temporary_created = true;
    }
    outcomes_memory = outcomes_memory_type();
    outcomes_file = outcomes_file_type();
    family_memory = family_memory_type();
    family_file = family_file_type();

    const hid_t root = file.get();
    write_attribute(root, "format", std::string_view("jimsim-results"));
    write_attribute(root, "format_version", std::int32_t{results_format_version});
    write_attribute(root, "program_version", std::string_view(run.program_version));
    write_attribute(root, "command_line", std::string_view(run.command_line));
    write_attribute(root, "seed", run.seed);
    write_attribute(root, "replicates", std::int32_t{run.replicates});
    write_attribute(root, "family_records", std::int32_t{run.family_records ? 1 : 0});
    std::string overrides;
    for (const auto& line : run.overrides) overrides += line + "\n";
    write_attribute(root, "overrides", std::string_view(overrides));

    scenarios_group = create_group(root, "scenarios");
    for (std::size_t index = 0; index < scenario_list.size(); ++index) {
      scenarios.push_back(create_scenario(scenario_list[index], static_cast<int>(index)));
    }
  }

  ScenarioOutput create_scenario(const PlanPoint& scenario, int index) {
    ScenarioOutput out;
    out.name = scenario.name;
    out.steps = step_count(scenario.parameters);
    out.written.assign(static_cast<std::size_t>(run.replicates), false);
    out.group = create_group(scenarios_group.get(), scenario.name);
    const hid_t group = out.group.get();
    write_attribute(group, "name", std::string_view(scenario.name));
    write_attribute(group, "description", std::string_view(scenario.description));
    write_attribute(group, "index", std::int32_t{index});
    write_string_dataset(group, "scenario_files", scenario.source_text);
    write_string_dataset(group, "resolved_parameters", parameters_to_toml(scenario.parameters));
    write_parameter_table(group, scenario.parameters);

    const hsize_t replicates = static_cast<hsize_t>(run.replicates);
    const hsize_t outcome_bytes = outcome_fields.size() * 8;
    {
      const std::array<hsize_t, 1> shape = {replicates};
      const std::array<hsize_t, 1> chunk = {std::clamp<hsize_t>(replicates, 1, replicate_chunk_rows)};
      out.replicates = create_dataset(group, "replicates", outcomes_file.get(), shape, chunk, outcome_bytes);
      write_field_docs(out.replicates.get(), std::array<IndexColumn, 0>{}, outcome_fields);
      write_string_array_attribute(out.replicates.get(), "dimensions", std::array{"replicate"});
    }
    {
      const hsize_t groups = subgroup_count;
      const std::array<hsize_t, 2> shape = {replicates, groups};
      const std::array<hsize_t, 2> chunk = {std::clamp<hsize_t>(replicates, 1, subgroup_chunk_rows), groups};
      out.subgroups = create_dataset(group, "subgroups", outcomes_file.get(), shape, chunk, outcome_bytes);
      write_field_docs(out.subgroups.get(), std::array<IndexColumn, 0>{}, outcome_fields);
      write_string_array_attribute(out.subgroups.get(), "subgroups", subgroup_names);
      write_string_array_attribute(out.subgroups.get(), "dimensions", std::array{"replicate", "subgroup"});
    }
    out.timeseries_group = create_group(group, "timeseries");
    {
      const hsize_t steps = static_cast<hsize_t>(out.steps);
      const std::array<hsize_t, 2> shape = {replicates, steps};
      const hsize_t row_bytes = std::max<hsize_t>(steps, 1) * 8;
      const hsize_t rows = std::clamp<hsize_t>(series_chunk_bytes / row_bytes, 1, series_chunk_rows);
      const std::array<hsize_t, 2> chunk = {std::clamp<hsize_t>(replicates, 1, rows), std::max<hsize_t>(steps, 1)};
      out.block_rows = chunk[0];
      for (const auto& field : series_fields) {
        const std::string name(field.name);
        Handle dataset = create_dataset(out.timeseries_group.get(), name.c_str(), H5T_IEEE_F64LE, shape, chunk, 8);
        write_attribute(dataset.get(), "units", field.unit);
        write_attribute(dataset.get(), "meaning", field.meaning);
        write_string_array_attribute(dataset.get(), "dimensions", std::array{"replicate", "step"});
        write_attribute(dataset.get(), "time_step_weeks", scenario.parameters.simulation.time_step_weeks);
        out.series.push_back(std::move(dataset));
      }
    }
    if (run.family_records) {
      const hsize_t initial = 0;
      const hsize_t unlimited = H5S_UNLIMITED;
      const hsize_t chunk = family_chunk_rows;
      const Handle create = chunked_dataset_plist(std::span(&chunk, 1));
      const Handle access = dataset_access_plist(std::span(&chunk, 1), sizeof(FamilyRow));
      Handle space = checked(H5Screate_simple(1, &initial, &unlimited), "could not create a dataspace");
      out.families = checked(
          H5Dcreate2(group, "families", family_file.get(), space.get(), H5P_DEFAULT, create.get(), access.get()),
          "could not create dataset 'families'");
      write_field_docs(out.families.get(), family_index_columns, family_fields);
      write_string_array_attribute(out.families.get(), "dimensions", std::array{"record"});
    }
    return out;
  }

  void write(int scenario_index, int replicate, const ReplicateResult& result) {
    if (committed) throw std::logic_error("ResultsWriter::write_replicate after commit()");
    if (scenario_index < 0 || static_cast<std::size_t>(scenario_index) >= scenarios.size()) {
      throw std::out_of_range(fmt::format("ResultsWriter::write_replicate: scenario {} of {}", scenario_index,
                                          scenarios.size()));
    }
    if (replicate < 0 || replicate >= run.replicates) {
      throw std::out_of_range(
          fmt::format("ResultsWriter::write_replicate: replicate {} of {}", replicate, run.replicates));
    }
    auto& out = scenarios[static_cast<std::size_t>(scenario_index)];
    if (out.written[static_cast<std::size_t>(replicate)]) {
      throw std::logic_error(fmt::format("ResultsWriter::write_replicate: scenario {} replicate {} written twice",
                                         out.name, replicate));
    }
    for (const auto& field : series_fields) {
      const auto& values = result.series.*field.member;
      if (values.size() != static_cast<std::size_t>(out.steps)) {
        throw std::logic_error(fmt::format("ResultsWriter::write_replicate: scenario {} replicate {}: time series "
                                           "{} has {} values, expected {} time steps",
                                           out.name, replicate, field.name, values.size(), out.steps));
      }
    }
    if (run.family_records && result.families.size() > static_cast<std::size_t>(INT32_MAX)) {
      throw std::length_error("ResultsWriter::write_replicate: too many family records");
    }

    try {
      const hsize_t row = static_cast<hsize_t>(replicate);
      const std::string where = fmt::format("/scenarios/{}", out.name);
      buffer_row(out, row, result, where);
      if (run.family_records && !result.families.empty()) {
        std::vector<FamilyRow> rows(result.families.size());
        for (std::size_t i = 0; i < rows.size(); ++i) {
          rows[i].replicate = static_cast<std::int32_t>(replicate);
          rows[i].family = static_cast<std::int32_t>(i);
          rows[i].record = result.families[i];
        }
        const hsize_t size = out.family_rows + rows.size();
        check(H5Dset_extent(out.families.get(), &size), fmt::format("could not extend {}/families", where));
        const std::array<hsize_t, 1> start = {out.family_rows}, count = {rows.size()};
        write_block(out.families.get(), family_memory.get(), start, count, rows.data(), where + "/families");
        out.family_rows = size;
      }
    } catch (const Hdf5Failure& failure) {
      output_error(failure.what());
    }
    out.written[static_cast<std::size_t>(replicate)] = true;
  }

  // Copies one replicate into its block and writes the block once every row of it is there.
  void buffer_row(ScenarioOutput& out, hsize_t row, const ReplicateResult& result, const std::string& where) {
    const auto steps = static_cast<std::size_t>(out.steps);
    const hsize_t index = row / out.block_rows;
    const hsize_t first = index * out.block_rows;
    const hsize_t rows = std::min<hsize_t>(out.block_rows, static_cast<hsize_t>(run.replicates) - first);
    auto& block = out.pending[index];
    if (block.all.empty()) {
      block.all.resize(rows);
      block.groups.resize(rows * subgroup_count);
      block.series.assign(series_fields.size(), std::vector<double>(rows * steps));
    }
    const auto i = static_cast<std::size_t>(row - first);
    block.all[i] = result.outcomes[static_cast<std::size_t>(Subgroup::all)];
    std::copy(result.outcomes.begin(), result.outcomes.end(), block.groups.begin() + static_cast<std::ptrdiff_t>(i * subgroup_count));
    for (std::size_t f = 0; f < series_fields.size(); ++f) {
      const auto& values = result.series.*series_fields[f].member;
      std::copy(values.begin(), values.end(), block.series[f].begin() + static_cast<std::ptrdiff_t>(i * steps));
    }
    if (++block.filled < rows) return;

    {
      const std::array<hsize_t, 1> start = {first}, count = {rows};
      write_block(out.replicates.get(), outcomes_memory.get(), start, count, block.all.data(), where + "/replicates");
    }
    {
      const std::array<hsize_t, 2> start = {first, 0}, count = {rows, subgroup_count};
      write_block(out.subgroups.get(), outcomes_memory.get(), start, count, block.groups.data(), where + "/subgroups");
    }
    for (std::size_t f = 0; f < series_fields.size(); ++f) {
      const std::array<hsize_t, 2> start = {first, 0}, count = {rows, steps};
      write_block(out.series[f].get(), H5T_NATIVE_DOUBLE, start, count, block.series[f].data(),
                  fmt::format("{}/timeseries/{}", where, series_fields[f].name));
    }
    out.pending.erase(index);
  }

  void commit() {
    if (committed) throw std::logic_error("ResultsWriter::commit() called twice");
    std::size_t missing = 0;
    std::string first_missing;
    for (const auto& out : scenarios) {
      for (std::size_t r = 0; r < out.written.size(); ++r) {
        if (!out.written[r]) {
          if (missing++ == 0) first_missing = fmt::format("scenario {} replicate {}", out.name, r);
        }
      }
    }
    if (missing > 0) {
      throw std::logic_error(fmt::format("ResultsWriter::commit(): {} (scenario, replicate) units not written, "
                                         "the first {}",
                                         missing, first_missing));
    }
    try {
      close_objects();
      outcomes_memory.reset();
      outcomes_file.reset();
      family_memory.reset();
      family_file.reset();
      if (file.close() < 0) fail("could not close the file");
    } catch (const Hdf5Failure& failure) {
      output_error(failure.what());
    }
    check_target();  // another process may have created it meanwhile
    std::error_code error;
    fs::rename(temporary, target, error);
    if (error) {
      throw OutputError(fmt::format("could not move {} to {}: {}", temporary.string(), target.string(),
                                    error.message()));
    }
    committed = true;
  }
};

RunInfo run_info(const RunPlan& plan, const Provenance& provenance) {
  RunInfo run;
  run.program_version = provenance.program_version;
  run.command_line = provenance.command_line;
  run.seed = plan.seed;
  run.replicates = plan.replicates;
  run.family_records = plan.family_records;
  for (const auto& o : plan.overrides) run.overrides.push_back(o.text);
  return run;
}

void prepare_for_writing_files() {
  H5dont_atexit();
  std::signal(SIGXFSZ, SIG_IGN);
}

ResultsWriter::ResultsWriter(std::filesystem::path target, const RunPlan& plan, const Provenance& provenance,
                             bool overwrite)
    : impl_(std::make_unique<Impl>()) {
  impl_->target = std::move(target);
  impl_->overwrite = overwrite;
  impl_->run = run_info(plan, provenance);
  impl_->open(plan.points);
}

ResultsWriter::~ResultsWriter() = default;

void ResultsWriter::write_replicate(int scenario, int replicate, const ReplicateResult& result) {
  const std::lock_guard lock(impl_->mutex);
  impl_->write(scenario, replicate, result);
}

void ResultsWriter::commit() {
  const std::lock_guard lock(impl_->mutex);
  impl_->commit();
}

}  // namespace jimsim
