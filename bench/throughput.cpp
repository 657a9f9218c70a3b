// Throughput of the bundled JIM scenario: family-weeks per second on one thread and on all cores,
// and the time and rate of writing results. Run from a Release build:
//   build/jimsim_bench [scenario.toml] [replicates] [options]
// Options:
//   --set group.key=value  change a parameter, as `jimsim run --set` (repeatable), e.g.
//                          --set intake.cohort_size=50000
//   --threads T            threads of the run with results against the run without (default: all cores)
//   --repeats K            run the pair (without, with results) K times, alternating, and report the
//                          medians (default 1)
//   --write-share          only that comparison (no 1-thread / all-core throughput lines)
//   --machine              also print the figures as one line "jimsim_bench-json {...}"
// The results file goes to the temporary directory ($TMPDIR, else /tmp) and is removed.
// bench/versus_numpy.py runs this with --write-share --machine for its share of time spent writing
// (the line carries the program version, so that it can tell a jimsim_bench built from other sources).
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>
#include <unistd.h>

#include "sim/replicate.hpp"
#include "io/parameter_override.hpp"
#include "io/results_file.hpp"
#include "exec/memory_reuse.hpp"
#include "sim/state_fields.hpp"
#include "exec/runner.hpp"
#include "io/scenario.hpp"
#include "sim/version.hpp"

using namespace jimsim;

namespace {

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

double family_weeks(const Parameters& p, int replicates) {
  return static_cast<double>(p.intake.cohort_size) * p.simulation.horizon_weeks * replicates;
}

double median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  const std::size_t n = values.size();
  return n % 2 == 1 ? values[n / 2] : 0.5 * (values[n / 2 - 1] + values[n / 2]);
}

// Runs every unit without keeping results; returns the seconds taken.
double time_run(const RunPlan& plan, int threads) {
  ExecutorSettings settings;
  settings.threads = threads;
  const auto start = std::chrono::steady_clock::now();
  double sink = 0.0;
  run_replicates(plan, settings, [&](const WorkUnit&, ReplicateResult&& r) { sink += r.outcomes[0].placed; });
  const double seconds = seconds_since(start);
  if (sink < 0) std::puts("");  // keeps the results alive
  return seconds;
}

struct WrittenRun {
  double seconds = 0.0;        // the whole run, from opening the writer to the renamed file
  double write_seconds = 0.0;  // inside write_replicate, sync and commit
  double megabytes = 0.0;      // size of the results file
};

// A full run with results written as `jimsim run` writes them (app/execute_plan.cpp): the journal
// gets each unit as it finishes and is synced every 2 s, then commit writes the results file.
WrittenRun time_written_run(const RunPlan& plan, int threads) {
  const auto out = std::filesystem::temp_directory_path() / ("jimsim_bench_" + std::to_string(getpid()) + ".h5");
  ExecutorSettings settings;
  settings.threads = threads;
  WrittenRun run;
  const auto start = std::chrono::steady_clock::now();
  {
    ResultsWriter writer(out, plan, {"bench", ""}, {.overwrite = true});
    auto last_sync = std::chrono::steady_clock::now();
    run_replicates(plan, settings, [&](const WorkUnit& u, ReplicateResult&& r) {
      const auto write_start = std::chrono::steady_clock::now();
      writer.write_replicate(u.point, u.replicate, r);
      if (write_start - last_sync >= std::chrono::seconds(2)) {
        writer.sync();
        last_sync = std::chrono::steady_clock::now();
      }
      run.write_seconds += seconds_since(write_start);
    });
    const auto commit_start = std::chrono::steady_clock::now();
    writer.commit();
    run.write_seconds += seconds_since(commit_start);
  }
  run.seconds = seconds_since(start);
  run.megabytes = static_cast<double>(std::filesystem::file_size(out)) / 1e6;
  std::filesystem::remove(out);
  return run;
}

[[noreturn]] void usage(const char* message) {
  std::fprintf(stderr,
               "jimsim_bench: %s\nusage: jimsim_bench [scenario.toml] [replicates] [--set group.key=value]... "
               "[--threads T] [--repeats K] [--write-share] [--machine]\n",
               message);
  std::exit(2);
}

}  // namespace

int main(int argc, char** argv) {
  keep_freed_memory_for_reuse();  // as `jimsim run` does
  std::vector<std::string> positional;
  std::vector<ParameterOverride> overrides;
  int threads = 0, repeats = 1;
  bool write_share_only = false, machine = false;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    const auto value = [&]() -> std::string {
      if (i + 1 >= argc) usage((std::string(arg) + " needs a value").c_str());
      return argv[++i];
    };
    try {
      if (arg == "--set") {
        overrides.push_back(parse_override(value()));
      } else if (arg == "--threads") {
        threads = std::stoi(value());
      } else if (arg == "--repeats") {
        repeats = std::stoi(value());
      } else if (arg == "--write-share") {
        write_share_only = true;
      } else if (arg == "--machine") {
        machine = true;
      } else if (arg.starts_with("-")) {
        usage(("unknown option " + std::string(arg)).c_str());
      } else {
        positional.emplace_back(arg);
      }
    } catch (const std::exception& e) {
      usage(e.what());
    }
  }
  if (positional.size() > 2) usage("too many arguments");
  if (repeats < 1 || threads < 0) usage("--repeats must be at least 1 and --threads at least 0");

  const std::string file = !positional.empty() ? positional[0] : std::string(JIMSIM_SOURCE_DIR) + "/scenarios/jim.toml";
  const int replicates = positional.size() > 1 ? std::stoi(positional[1]) : 64;
  const Scenario scenario = load_scenario(file);
  RunPlan plan = plan_of({scenario.parameters}, replicates, 1);
  plan.points[0].name = scenario.name;
  apply_overrides(plan, overrides);
  const Parameters& p = plan.points[0].parameters;
  const int cores = resolve_thread_count(0);
  const int write_threads = threads > 0 ? threads : cores;
  std::printf("scenario %s: %d families x %.0f weeks, %d replicates\n", scenario.name.c_str(), p.intake.cohort_size,
              p.simulation.horizon_weeks, replicates);

  RunPlan warm_up = plan;
  warm_up.replicates = std::max(1, std::min(replicates / 8, write_threads));
  time_run(warm_up, write_share_only ? write_threads : 1);

  if (!write_share_only) {
    const double one = time_run(plan, 1);
    const double rate_one = family_weeks(p, replicates) / one;
    std::printf("1 thread:   %8.2f M family-weeks/s  (%.1f ns per family-week)\n", rate_one / 1e6, 1e9 / rate_one);
    const double all = time_run(plan, cores);
    const double rate_all = family_weeks(p, replicates) / all;
    std::printf("%d threads: %8.2f M family-weeks/s  (parallel efficiency %.0f%%)\n", cores, rate_all / 1e6,
                100.0 * rate_all / rate_one / cores);
  }

  // A full run with results written, as `jimsim run` does it, against the same run keeping nothing:
  // how much of the time is writing. Alternated, so that a change in the machine's load hits both.
  std::vector<double> without, with, in_writes, megabytes;
  for (int k = 0; k < repeats; ++k) {
    without.push_back(time_run(plan, write_threads));
    const WrittenRun written = time_written_run(plan, write_threads);
    with.push_back(written.seconds);
    in_writes.push_back(written.write_seconds);
    megabytes.push_back(written.megabytes);
  }
  const double total = median(with), bare = median(without), write_seconds = median(in_writes);
  const double size = median(megabytes);
  // Writing happens on the main thread while the workers go on computing, so what it costs the run
  // is the wall time over a run that keeps nothing; the time inside write calls is shown too.
  std::printf("%d thread%s, %s%d run%s each: run with results: %.3f s against %.3f s without: writing adds %.1f%% to "
              "the run\n",
              write_threads, write_threads == 1 ? "" : "s", repeats > 1 ? "median of " : "", repeats,
              repeats == 1 ? "" : "s", total, bare, 100.0 * (total - bare) / bare);
  std::printf("time in write calls: %.3f s (%.1f%% of the run); file %.2f MB (%.1f MB/s written)\n", write_seconds,
              100.0 * write_seconds / total, size, size / write_seconds);
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  std::printf("peak memory: %.1f MB\n", static_cast<double>(usage.ru_maxrss) / 1024.0);
  // What the declaration says a replicate's families take (docs/state.md), beside what was measured.
  const std::size_t state_bytes = family_state_bytes_per_family() + sizeof(FamilyRecord);
  std::printf("declared state: %zu bytes per family (%zu in its arrays, %zu in its record): %.1f MB per replicate in "
              "flight\n",
              state_bytes, family_state_bytes_per_family(), sizeof(FamilyRecord),
              static_cast<double>(state_bytes) * p.intake.cohort_size / 1e6);
  if (machine) {
    // Medians, then every run in order (pair k: each_without[k] ran just before each_with[k]).
    const auto list = [](const std::vector<double>& values) {
      std::string text = "[";
      for (std::size_t i = 0; i < values.size(); ++i) {
        if (i > 0) text += ", ";
        text += std::to_string(values[i]);
      }
      return text + "]";
    };
    std::printf("jimsim_bench-json {\"program_version\": \"%s\", \"scenario\": \"%s\", \"families\": %d, "
                "\"horizon_weeks\": %.17g, \"replicates\": %d, \"threads\": %d, \"repeats\": %d, \"seconds_with_results\": %.6f, "
                "\"seconds_without_results\": %.6f, \"seconds_in_write_calls\": %.6f, \"file_megabytes\": %.6f, "
                "\"peak_rss_kib\": %ld, \"each_with_results\": %s, \"each_without_results\": %s, "
                "\"each_in_write_calls\": %s}\n",
                program_version_text, scenario.name.c_str(), p.intake.cohort_size, p.simulation.horizon_weeks,
                replicates, write_threads, repeats, total, bare, write_seconds, size, usage.ru_maxrss, list(with).c_str(), list(without).c_str(),
                list(in_writes).c_str());
  }
  return 0;
}
