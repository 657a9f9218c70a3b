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
#include <string>
#include <vector>

#include "plan/run_plan.hpp"
#include "sim/outcomes.hpp"
#include "sim/replicate.hpp"

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
  explicit RunCancelled(const std::string& what = "interrupted") : std::runtime_error(what) {}
};

// One unit of the plan, simulated: what every executor runs, each worker in its own workspace.
ReplicateResult simulate_unit(const RunPlan& plan, const WorkUnit& unit, ReplicateWorkspace& workspace);

// Number of threads `settings.threads` asks for on this machine.
int resolve_thread_count(int requested);

// Whether this machine has a core left beside the threads a run asks for (0: all of them): work
// beside the run, such as laying out its results file, then costs the run nothing.
bool core_free_beside(int requested);

using ResultHandler = std::function<void(const WorkUnit&, ReplicateResult&&)>;
using FailureHandler = std::function<void(const WorkUnit&, const std::string& message)>;
using ProgressHandler = std::function<void(std::size_t done, std::size_t total)>;

// Runs every (point, replicate) unit of the plan. `on_result` is called on the calling thread, in
// unit order; at most a few units per thread are held in memory at once, whatever the number of
// units. An exception from a unit stops the run and is rethrown here, unless `on_failure` is given:
// then the unit's error goes to it (on the calling thread, in unit order) and the run goes on. An
// exception from a handler always stops the run.
void run_replicates(const RunPlan& plan, const ExecutorSettings& settings, const ResultHandler& on_result,
                    const ProgressHandler& on_progress = {});

// The same for the listed units only (ascending unit numbers, e.g. those a resumed run or a shard
// still needs).
void run_units(const RunPlan& plan, std::span<const std::size_t> units, const ExecutorSettings& settings,
               const ResultHandler& on_result, const FailureHandler& on_failure = {},
               const ProgressHandler& on_progress = {});

}  // namespace jimsim
