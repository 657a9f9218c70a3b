// Throughput of the bundled JIM scenario: family-weeks per second on one thread and on all cores,
// and the time and rate of writing results. Run from a Release build:
//   build/jimsim_bench [scenario.toml] [replicates]
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>
#include <unistd.h>

#include "sim/replicate.hpp"
#include "io/results_file.hpp"
#include "exec/runner.hpp"
#include "io/scenario.hpp"

using namespace jimsim;

namespace {

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

double family_weeks(const Parameters& p, int replicates) {
  return static_cast<double>(p.intake.cohort_size) * p.simulation.horizon_weeks * replicates;
}

// Runs every unit without keeping results; returns the seconds taken.
double time_run(const Parameters& p, int replicates, int threads) {
  ExecutorSettings settings;
  settings.threads = threads;
  const auto start = std::chrono::steady_clock::now();
  double sink = 0.0;
  run_replicates(plan_of({p}, replicates, 1), settings,
                 [&](const WorkUnit&, ReplicateResult&& r) { sink += r.outcomes[0].placed; });
  const double seconds = seconds_since(start);
  if (sink < 0) std::puts("");  // keeps the results alive
  return seconds;
}

}  // namespace

int main(int argc, char** argv) {
  const std::string file = argc > 1 ? argv[1] : std::string(JIMSIM_SOURCE_DIR) + "/scenarios/jim.toml";
  const int replicates = argc > 2 ? std::stoi(argv[2]) : 64;
  const Scenario scenario = load_scenario(file);
  const Parameters& p = scenario.parameters;
  const int cores = resolve_thread_count(0);
  std::printf("scenario %s: %d families x %.0f weeks, %d replicates\n", scenario.name.c_str(), p.intake.cohort_size,
              p.simulation.horizon_weeks, replicates);

  time_run(p, std::max(1, replicates / 8), 1);  // warm-up
  const double one = time_run(p, replicates, 1);
  const double rate_one = family_weeks(p, replicates) / one;
  std::printf("1 thread:   %8.2f M family-weeks/s  (%.1f ns per family-week)\n", rate_one / 1e6, 1e9 / rate_one);
  const double all = time_run(p, replicates, cores);
  const double rate_all = family_weeks(p, replicates) / all;
  std::printf("%d threads: %8.2f M family-weeks/s  (parallel efficiency %.0f%%)\n", cores, rate_all / 1e6,
              100.0 * rate_all / rate_one / cores);

  // A full run with results written, as `jimsim run` does it: how much of the time is writing.
  const auto out = std::filesystem::temp_directory_path() / ("jimsim_bench_" + std::to_string(getpid()) + ".h5");
  RunPlan plan = plan_of({p}, replicates, 1);
  plan.points[0].name = scenario.name;
  ExecutorSettings settings;
  settings.threads = cores;
  double write_seconds = 0.0;
  const auto start = std::chrono::steady_clock::now();
  {
    ResultsWriter writer(out, plan, {"bench", ""}, {.overwrite = true});
    run_replicates(plan, settings, [&](const WorkUnit& u, ReplicateResult&& r) {
      const auto write_start = std::chrono::steady_clock::now();
      writer.write_replicate(u.point, u.replicate, r);
      write_seconds += seconds_since(write_start);
    });
    const auto commit_start = std::chrono::steady_clock::now();
    writer.commit();
    write_seconds += seconds_since(commit_start);
  }
  const double total = seconds_since(start);
  const double megabytes = static_cast<double>(std::filesystem::file_size(out)) / 1e6;
  std::filesystem::remove(out);
  // Writing happens on the main thread while the workers go on computing, so what it costs the run
  // is the wall time over a run that keeps nothing; the time inside write calls is shown too.
  std::printf("run with results: %.3f s against %.3f s without: writing adds %.1f%% to the run\n", total, all,
              100.0 * (total - all) / all);
  std::printf("time in write calls: %.3f s (%.1f%% of the run); file %.2f MB (%.1f MB/s written)\n", write_seconds,
              100.0 * write_seconds / total, megabytes, megabytes / write_seconds);
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  std::printf("peak memory: %.1f MB\n", static_cast<double>(usage.ru_maxrss) / 1024.0);
  return 0;
}
