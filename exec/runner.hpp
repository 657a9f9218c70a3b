// The runner: (point, replicate) work units spread over threads, results handed back in a fixed
// order so what is written does not depend on the thread count.
//
// A work unit is a pure function of (scenario parameters, seed, replicate), which is what lets a
// sweep farm the same units out to MPI ranks or Slurm array tasks: any process that runs unit u
// gets the same result.
#pragma once

#include <atomic>
#include <cstdint>
#include <stdexcept>
#include <functional>
#include <span>

#include "plan/run_plan.hpp"
#include "sim/outcomes.hpp"

namespace jimsim {

// How units are executed; what they are is the plan.
struct ExecutorSettings {
  int threads = 0;  // 0: all hardware threads
  // When set and it becomes true (e.g. from a Ctrl-C handler), the run stops at the next unit and
  // run_replicates throws RunCancelled.
  const std::atomic<bool>* cancel = nullptr;
};

class RunCancelled : public std::runtime_error {
 public:
  RunCancelled() : std::runtime_error("interrupted; no results written") {}
};

// Number of threads `settings.threads` asks for on this machine.
int resolve_thread_count(int requested);

using ResultHandler = std::function<void(const WorkUnit&, ReplicateResult&&)>;
using ProgressHandler = std::function<void(std::size_t done, std::size_t total)>;

// Runs every (point, replicate) unit of the plan. `on_result` is called on the calling thread, in unit order;
// at most a few units per thread are held in memory at once, whatever the number of replicates.
// An exception from a unit or from `on_result` stops the run and is rethrown here.
void run_replicates(const RunPlan& plan, const ExecutorSettings& settings,
                    const ResultHandler& on_result, const ProgressHandler& on_progress = {});

}  // namespace jimsim
