// The runner: (scenario, replicate) work units spread over threads, results handed back in a fixed
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

#include "sim/cohort.hpp"
#include "sim/outcomes.hpp"
#include "sim/parameters.hpp"

namespace jimsim {

struct RunSettings {
  std::uint64_t seed = 1;
  int replicates = 100;
  int threads = 0;  // 0: all hardware threads
  bool family_records = false;
  // When set, every replicate simulates this cohort (e.g. a researcher's observed one) instead of
  // drawing one from the intake distributions.
  const Cohort* cohort = nullptr;
  // When set and it becomes true (e.g. from a Ctrl-C handler), the run stops at the next unit and
  // run_replicates throws RunCancelled.
  const std::atomic<bool>* cancel = nullptr;
};

class RunCancelled : public std::runtime_error {
 public:
  RunCancelled() : std::runtime_error("interrupted; no results written") {}
};

struct WorkUnit {
  int scenario;
  int replicate;
};

// Unit u of a run over `scenarios` scenarios: replicate-major, so all scenarios advance together and
// a partial run has comparable replicates of each.
inline WorkUnit work_unit(std::size_t u, std::size_t scenarios) {
  return {static_cast<int>(u % scenarios), static_cast<int>(u / scenarios)};
}

// Number of threads `settings.threads` asks for on this machine.
int resolve_thread_count(int requested);

using ResultHandler = std::function<void(const WorkUnit&, ReplicateResult&&)>;
using ProgressHandler = std::function<void(std::size_t done, std::size_t total)>;

// Runs every (scenario, replicate) unit. `on_result` is called on the calling thread, in unit order;
// at most a few units per thread are held in memory at once, whatever the number of replicates.
// An exception from a unit or from `on_result` stops the run and is rethrown here.
void run_replicates(std::span<const Parameters> scenarios, const RunSettings& settings,
                    const ResultHandler& on_result, const ProgressHandler& on_progress = {});

}  // namespace jimsim
