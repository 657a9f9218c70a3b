// The HDF5 results file: layout in docs/results-format.md (versioned by `results_format_version`).
//
// Writing: results stream in replicate by replicate, so memory does not grow with replicates
// finished. The file is written under a temporary name beside the target and renamed into place by
// commit(); a writer destroyed without commit() removes the temporary file, so a failed run leaves
// no results file. An existing target is replaced only with `overwrite`.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "sim/outcomes.hpp"
#include "sim/parameters.hpp"
#include "plan/run_plan.hpp"

namespace jimsim {

inline constexpr int results_format_version = 2;

// What a run was: recorded at the root of the file so any number in it can be reproduced.
struct RunInfo {
  std::string program_version;
  std::string command_line;
  std::uint64_t seed = 0;
  int replicates = 0;
  bool family_records = false;
  std::vector<std::string> overrides;  // --set group.key=value, as given
};

// Where a results file came from, besides its plan.
struct Provenance {
  std::string program_version;
  std::string command_line;
};

// The record of a run a results file's root holds.
RunInfo run_info(const RunPlan& plan, const Provenance& provenance);

// Call first in main, before any other HDF5 call. A file abandoned after a failed write (a full
// disk) cannot be closed, and HDF5's own clean-up at exit then crashes trying again; every file
// jimsim keeps is closed and checked explicitly, so that clean-up has nothing to do and is skipped.
// Also ignores SIGXFSZ, so a file-size limit makes a write fail (and the run report it and remove
// its temporary file) instead of killing the process mid-write.
void prepare_for_writing_files();

class ResultsWriter {
 public:
  // Throws OutputError if `target` exists and !overwrite, or its directory cannot be written.
  ResultsWriter(std::filesystem::path target, const RunPlan& plan, const Provenance& provenance, bool overwrite);
  ResultsWriter(const ResultsWriter&) = delete;
  ResultsWriter& operator=(const ResultsWriter&) = delete;
  ~ResultsWriter();

  // Writes one (scenario, replicate) unit; any order, each unit once.
  void write_replicate(int scenario, int replicate, const ReplicateResult& result);

  // Flushes, closes and renames the temporary file to the target.
  void commit();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// A results file read back: everything a comparison or a round-trip test needs.
struct ScenarioResults {
  std::string name;
  std::string description;
  std::string source_text;
  std::string resolved_parameters;  // TOML text, as resolved_parameters_toml()
  Parameters parameters;
  std::vector<std::array<Outcomes, subgroup_count>> outcomes;  // [replicate][subgroup]
  std::vector<TimeSeries> series;                              // [replicate]
  std::vector<std::vector<FamilyRecord>> families;             // [replicate], empty if not recorded
};

struct ResultsFile {
  int format_version = 0;
  RunInfo run;
  std::vector<ScenarioResults> scenarios;
};

// Throws InputError for a file that is not HDF5, not a jimsim results file, or of another format
// version.
ResultsFile read_results(const std::filesystem::path& file);

}  // namespace jimsim
