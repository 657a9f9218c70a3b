// The HDF5 results file: layout in docs/results-format.md (versioned by `results_format_version`).
// Run files and sweep files have the same layout: points x replicates of the plan.
//
// Writing goes through a journal (io/unit_journal.hpp): each finished unit is appended to
// NAME.journal as it arrives, so a kill loses at most the units in flight and `--resume` continues.
// When every unit is in (or at the end of a shard), commit() writes the HDF5 file from the journal
// under a temporary name, renames it into place (io/atomic_file.hpp) and removes the journal.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "plan/run_plan.hpp"
#include "sim/outcomes.hpp"
#include "sim/parameters.hpp"

namespace jimsim {

inline constexpr int results_format_version = 4;

// What a run was: recorded at the root of the file so any number in it can be reproduced.
struct RunInfo {
  std::string program_version;
  std::string command_line;
  std::string plan_fingerprint;  // plan_fingerprint(): equal for files of the same plan
  std::uint64_t seed = 0;
  int replicates = 0;
  bool family_records = false;
  std::vector<std::string> overrides;  // --set group.key=value, as given
  std::string design = "scenarios";    // scenarios, grid, latin_hypercube, sobol, morris
  Shard shard;                         // count 1: the whole plan
  std::uint64_t units = 0;             // in the plan
  std::uint64_t units_done = 0;        // in this file
  std::uint64_t units_failed = 0;
  std::string posterior;  // `run --posterior`: the posterior file each replicate drew its parameters from
};

// Where a results file came from, besides its plan.
struct Provenance {
  std::string program_version;
  std::string command_line;
};

// Call first in main, before any other HDF5 call. A file abandoned after a failed write (a full
// disk) cannot be closed, and HDF5's own clean-up at exit then crashes trying again; every file
// jimsim keeps is closed and checked explicitly, so that clean-up has nothing to do and is skipped.
// Also ignores SIGXFSZ, so a file-size limit makes a write fail (and the run report it and remove
// its temporary file) instead of killing the process mid-write.
void prepare_for_writing_files();

struct WriterOptions {
  bool overwrite = false;  // replace an existing results file (and start over from an old journal)
  bool resume = false;     // continue from the journal of an interrupted run of the same plan
  Shard shard;             // the units this process writes
  int threads = 1;         // that compress the file at commit (the file's bytes do not depend on it)
  // For a plan whose results make one block: create the file (in memory) and compress its chunks
  // while the units run, so that little is left after the last one. Worth it when a core is free
  // beside the run's threads; the file's bytes are the same either way.
  bool build_during_run = false;
};

class ResultsWriter {
 public:
  // Throws OutputError if `target` exists and !overwrite, its directory cannot be written, or
  // another process writes it; InputError if `resume` finds a journal of another plan.
  ResultsWriter(std::filesystem::path target, const RunPlan& plan, const Provenance& provenance,
                const WriterOptions& options = {});
  ResultsWriter(const ResultsWriter&) = delete;
  ResultsWriter& operator=(const ResultsWriter&) = delete;
  ~ResultsWriter();

  // Units of the shard that are not in the journal yet, or failed, in unit order: what this run
  // must compute.
  std::vector<std::size_t> missing_units() const;
  std::size_t units_recovered() const;  // done units of the shard in the journal (a resumed run's)
  // Chunks of the results compressed while the units ran, before the last commit (build_during_run;
  // 0 otherwise): for tests and for seeing that the work was done beside the run.
  std::size_t chunks_compressed_during_run() const;

  // Records one (point, replicate) unit, any order; a unit already recorded is ignored.
  void write_replicate(int point, int replicate, const ReplicateResult& result);
  // Records a unit that failed, with its error; the file marks it failed and lists the message.
  void write_failure(int point, int replicate, const std::string& message);
  // Forces recorded units to disk (the journal), e.g. every few seconds.
  void sync();

  // Writes the results file from the journal, renames it into place and removes the journal.
  // Throws std::logic_error when a unit of the shard is missing.
  void commit();

  const std::filesystem::path& journal_path() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// A results file read back: everything a comparison or a round-trip test needs.
struct ScenarioResults {
  std::string name;
  std::string description;
  std::string source_text;
  std::string resolved_parameters;  // TOML text, as parameters_to_toml()
  Parameters parameters;
  std::vector<std::array<Outcomes, subgroup_count>> outcomes;  // [replicate][subgroup]; subgroups not kept are 0
  std::vector<TimeSeries> series;                              // [replicate], empty if not kept
  std::vector<std::vector<ResourceUseYear>> by_year;           // [replicate][year], empty if series not kept
  std::vector<std::vector<FamilyRecord>> families;             // [replicate], empty if not recorded
  std::vector<std::int8_t> unit_status;                        // [replicate]: unit_status_* below
};

inline constexpr std::int8_t unit_status_missing = 0;  // not in this file (another shard's, or not run)
inline constexpr std::int8_t unit_status_done = 1;
inline constexpr std::int8_t unit_status_failed = 2;

struct UnitFailure {
  int point = 0;
  int replicate = 0;
  std::string message;
};

struct ResultsFile {
  int format_version = 0;
  RunInfo run;
  OutputSelection outputs;
  std::vector<ScenarioResults> scenarios;  // one per point
  std::vector<UnitFailure> failures;
};

// Throws InputError for a file that is not HDF5, not a jimsim results file, or of another format
// version (naming the version and what to do).
ResultsFile read_results(const std::filesystem::path& file);

// As read_results, but without what a summary of the outcomes does not need: the weekly series,
// the resource use by year and the family records stay empty (their vectors have no replicates),
// and of the outcomes only the fields named (every one the file holds when none is named; the
// others stay 0, as those a run did not keep). The units' status and the failures are read.
// Throws like read_results, and std::invalid_argument for a name that is not an outcome field.
ResultsFile read_results_outcomes(const std::filesystem::path& file, std::span<const std::string_view> fields = {});

// Only the root attributes: cheap for a file of any size. Throws like read_results.
RunInfo read_run_info(const std::filesystem::path& file);

// The plan a results file was written for (points, parameters, design, outputs kept, replicates,
// seed), without the results: what merge needs to lay the shards' units out again. Its
// plan_fingerprint() with run.program_version equals run.plan_fingerprint.
struct ResultsPlan {
  RunPlan plan;
  RunInfo run;
};
ResultsPlan read_results_plan(const std::filesystem::path& file);

}  // namespace jimsim
