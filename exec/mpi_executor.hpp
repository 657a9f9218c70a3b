// The MPI executor: a plan's units spread over the ranks of one MPI job (OpenMPI; optional at build
// time). Rank 0 hands out units one at a time as ranks ask for them (dynamic load balancing: units
// differ in cost), computes units itself on a second thread, and is the only writer: results travel
// to it as unit records (io/unit_record.hpp) and go to its journal. Which rank ran a unit does not
// change its result, so the file equals a single-process run's.
#pragma once

#include <atomic>
#include <cstddef>
#include <span>
#include <string>

#include "exec/runner.hpp"
#include "plan/run_plan.hpp"

namespace jimsim {

// Whether this binary was built with MPI.
bool mpi_available();

// Whether the process was started by an MPI launcher (mpirun, srun --mpi=pmix), judged from the
// environment the launcher sets. Only then does jimsim initialise MPI.
bool started_by_mpi_launcher();

// Initialises MPI for the process's lifetime (thread support: only the main thread calls MPI).
class MpiSession {
 public:
  MpiSession(int& argc, char**& argv);
  ~MpiSession();
  MpiSession(const MpiSession&) = delete;
  MpiSession& operator=(const MpiSession&) = delete;
  int rank() const { return rank_; }
  int size() const { return size_; }

  // The largest of every rank's value (exit codes, error flags), on every rank.
  int max_over_ranks(int value) const;

  // Before any work: every rank says whether it could build the plan (its exit code, 0 if it
  // could). Each rank calls this once, from the start of the work or from its error handler, so
  // a rank that failed alone cannot leave the others waiting for it.
  struct StartAgreement {
    int worst;  // the largest exit code of any rank
    int rank0;  // rank 0's
  };
  StartAgreement agree_on_start(int code) const;
  bool agreed() const { return agreed_; }

  // Whether every rank has the same text as rank 0 (e.g. the plan's fingerprint).
  bool same_on_all_ranks(const std::string& text) const;
  // Rank 0's value, on every rank.
  int from_rank0(int value) const;
  // Ends every rank of the job at once (an interrupted run whose journal is safe on disk).
  [[noreturn]] void abort(int code) const;

 private:
  int rank_ = 0, size_ = 1;
  mutable bool agreed_ = false;
};

// Rank 0: runs `units` over all ranks (and a thread of its own), handing each result or failure to
// the handlers on the calling thread, in the order they arrive. Without `on_failure` a failing unit
// stops the run and its error is rethrown. Throws RunCancelled when `cancel` becomes true.
void mpi_coordinate_units(const MpiSession& session, const RunPlan& plan, std::span<const std::size_t> units,
                          const std::atomic<bool>* cancel, const ResultHandler& on_result,
                          const FailureHandler& on_failure, const ProgressHandler& on_progress);

// Every other rank: computes the units rank 0 sends until it says stop.
void mpi_serve_units(const MpiSession& session, const RunPlan& plan);

}  // namespace jimsim
