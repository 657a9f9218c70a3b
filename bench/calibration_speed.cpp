// What a calibration costs: simulations of a 300-youth cohort per second on 1 and 2 threads, and
// the wall time of the bundled calibration (scenarios/calibration/jim-mentor-search.toml: 4 free
// parameters, 200 particles, up to 8 generations) against a synthetic 300-youth cohort followed 26
// to 104 weeks, on 2 threads. From a Release build:
//   build/jimsim_calibration_bench [youths] [simulations_for_speed]
// (defaults 300 and 400). The calibration line also gives the simulations it used, its
// generations and how many simulations per second that was, posterior predictive draws included.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fmt/format.h>
#include <string>

#include "analysis/calibration_evidence.hpp"
#include "analysis/calibration_run.hpp"
#include "analysis/synthetic_cohort.hpp"
#include "exec/memory_reuse.hpp"
#include "exec/task_stream.hpp"
#include "io/calibration_file.hpp"

using namespace jimsim;

namespace {

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// Simulations per second of the plan's cohort at the priors' medians, on `threads` threads.
double simulations_per_second(const CalibrationPlan& plan, std::uint64_t count, int threads) {
  std::vector<double> parameters;
  for (const auto& f : plan.free) parameters.push_back(f.prior.kind == PriorKind::uniform ? 0.5 * (f.prior.a + f.prior.b) : f.prior.a);
  const auto start = std::chrono::steady_clock::now();
  std::uint64_t received = 0;
  stream_tasks(
      0, count, [&](std::uint64_t k) { return simulate_statistics(plan, parameters, 1000 + k, 0); },
      [&](std::uint64_t, std::vector<double>&&) { return ++received == count; }, ExecutorSettings{threads, nullptr});
  return static_cast<double>(count) / seconds_since(start);
}

}  // namespace

int main(int argc, char** argv) {
  keep_freed_memory_for_reuse();  // as `jimsim calibrate` does
  const std::size_t youths = argc > 1 ? std::strtoul(argv[1], nullptr, 10) : 300;
  const std::uint64_t count = argc > 2 ? std::strtoull(argv[2], nullptr, 10) : 400;
  CalibrationFile file = load_calibration(std::string(JIMSIM_SOURCE_DIR) + "/scenarios/calibration/jim-mentor-search.toml");
  CalibrationPlan& plan = file.plan;
  SyntheticCohortSpec spec;
  spec.youths = youths;
  attach_cohort(plan, synthesize_cohort(plan.base, spec, 7), "synthetic cohort");

  std::printf("calibration benchmark: %zu youths followed %g to %g weeks, %zu free parameters, %zu statistics\n",
              youths, spec.follow_up_min_weeks, spec.follow_up_max_weeks, plan.free.size(), plan.statistics.size());
  const double one = simulations_per_second(plan, count, 1);
  const double two = simulations_per_second(plan, count, 2);
  std::printf("simulations per second: 1 thread %.0f, 2 threads %.0f (%.0f%% parallel efficiency)\n", one, two,
              100.0 * two / (2.0 * one));

  CalibrationRunOptions options;
  options.executor.threads = 2;
  const auto start = std::chrono::steady_clock::now();
  const CalibrationOutcome outcome = run_calibration(plan, options);
  const double elapsed = seconds_since(start);
  std::printf("calibration on 2 threads: %.1f s, %zu generations, %llu simulations (%llu run), %.0f simulations/s; "
              "stopped: %s\n",
              elapsed, outcome.generations.size(), static_cast<unsigned long long>(outcome.simulations),
              static_cast<unsigned long long>(outcome.simulations_run),
              static_cast<double>(outcome.simulations_run) / elapsed, outcome.stop_reason.c_str());
  return 0;
}
