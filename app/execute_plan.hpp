// Runs a plan into a results file: the part `jimsim run` and `jimsim sweep` share. Units go to the
// file's journal as they finish; an interrupted run keeps them for --resume.
#pragma once

#include <atomic>
#include <cstddef>
#include <string>

#include "exec/mpi_executor.hpp"
#include "plan/run_plan.hpp"

namespace jimsim {

struct ExecutionOptions {
  std::string output;
  bool force = false;      // replace an existing results file, start over from an old journal
  bool resume = false;     // continue from the journal of an interrupted run of the same plan
  bool fail_fast = false;  // stop at the first unit that fails instead of recording it
  bool quiet = false;
  Shard shard;
  int threads = 0;
  std::string command_line;
  const std::atomic<bool>* cancel = nullptr;  // set by the Ctrl-C handler
  const MpiSession* mpi = nullptr;            // set when started by mpirun or srun: rank 0 writes
};

// Thrown on ranks other than 0 when rank 0 stopped before the work began (its error is reported
// by rank 0 alone): the process exits with this code and prints nothing.
struct QuietExit {
  int code;
};

// The exit code an exception stands for (also listed in `jimsim --help`).
int exit_code_of(const std::exception_ptr& error);

struct ExecutionSummary {
  std::size_t computed = 0;   // units this process ran
  std::size_t recovered = 0;  // units found in the journal of an interrupted run
  std::size_t failed = 0;     // units that stopped with an error (recorded in the file)
};

// Throws RunCancelled (with the journal named) when interrupted, InputError/OutputError for bad
// input or output, and the unit's error with --fail-fast.
ExecutionSummary execute_plan(const RunPlan& plan, const ExecutionOptions& options);

}  // namespace jimsim
