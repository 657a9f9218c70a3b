#include "app/execute_plan.hpp"

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <fmt/format.h>

#include "app/progress.hpp"
#include "exec/runner.hpp"
#include "io/results_file.hpp"
#include "io/unit_journal.hpp"
#include "sim/errors.hpp"
#include "sim/version.hpp"

namespace jimsim {
namespace {

// How often finished units are forced to disk: a node failure loses at most this much work.
constexpr auto sync_interval = std::chrono::seconds(2);

// --resume after the run finished: the results file is there (and the journal gone, or left by a
// kill between writing the file and removing the journal). Nothing to do, if the file holds this
// plan's units.
bool already_complete(const RunPlan& plan, const ExecutionOptions& options) {
  namespace fs = std::filesystem;
  const fs::path target = options.output;
  std::error_code error;
  if (!options.resume || !fs::exists(target, error)) return false;
  const RunInfo info = read_run_info(target);
  if (info.plan_fingerprint != plan_fingerprint(plan, program_version) || info.shard.index != options.shard.index ||
      info.shard.count != options.shard.count) {
    throw OutputError(fmt::format("{} exists and holds the results of another plan or shard (nothing to resume); use "
                                  "--force to overwrite it",
                                  target.string()));
  }
  remove_journal_if_unused(UnitJournal::path_for(target));
  return true;
}

}  // namespace

int exit_code_of(const std::exception_ptr& error) {
  try {
    std::rethrow_exception(error);
  } catch (const InputError&) {
    return 3;
  } catch (const OutputError&) {
    return 4;
  } catch (const RunCancelled&) {
    return 130;
  } catch (...) {
    return 1;
  }
}

ExecutionSummary execute_plan(const RunPlan& plan, const ExecutionOptions& options) {
  const bool ranks = options.mpi != nullptr && options.mpi->size() > 1;
  if (ranks) {
    // Every rank built its plan from the files: stop together if one could not, or if they differ.
    const auto agreement = options.mpi->agree_on_start(0);
    if (agreement.worst != 0) {
      if (options.mpi->rank() == 0) {
        std::fprintf(stderr, "jimsim: another rank of this MPI job could not read the input (exit code %d); every "
                             "rank must see the same files\n", agreement.worst);
      }
      throw QuietExit{agreement.worst};
    }
    if (!options.mpi->same_on_all_ranks(plan_fingerprint(plan, program_version))) {
      if (options.mpi->rank() == 0) {
        std::fprintf(stderr, "jimsim: the ranks of this MPI job built different plans (different files, options or "
                             "jimsim builds); every rank must run the same command on the same files\n");
      }
      throw QuietExit{3};
    }
  }
  if (ranks && options.mpi->rank() > 0) {
    // Rank 0 opens the output; the others learn whether there is work and then serve units.
    const int code = options.mpi->from_rank0(0);
    if (code != 0) throw QuietExit{code == -1 ? 0 : code};
    mpi_serve_units(*options.mpi, plan);
    return {};
  }
  // Rank 0 (or the only process): a failure before the work begins goes to the other ranks too.
  std::unique_ptr<ResultsWriter> opened;
  try {
    if (already_complete(plan, options)) {
      if (ranks) options.mpi->from_rank0(-1);
      if (!options.quiet) std::fprintf(stderr, "jimsim: %s is complete: nothing to resume\n", options.output.c_str());
      return {};
    }
    opened = std::make_unique<ResultsWriter>(options.output, plan,
                                             Provenance{std::string(program_version), options.command_line},
                                             WriterOptions{.overwrite = options.force,
                                                                       .resume = options.resume,
                                                                       .shard = options.shard,
                                                                       .threads = resolve_thread_count(options.threads),
                                                                       .build_during_run = !ranks && core_free_beside(options.threads)});
  } catch (...) {
    if (ranks) options.mpi->from_rank0(exit_code_of(std::current_exception()));
    throw;
  }
  if (ranks) options.mpi->from_rank0(0);
  ResultsWriter& writer = *opened;
  const auto units = writer.missing_units();
  ExecutionSummary summary;
  summary.recovered = writer.units_recovered();
  if (options.resume && !options.quiet && summary.recovered > 0) {
    std::fprintf(stderr, "jimsim: resuming %s: %zu units already done, %zu to run\n", writer.journal_path().c_str(),
                 summary.recovered, units.size());
  }
  ProgressReport progress(units.size() + summary.recovered, summary.recovered, options.quiet);
  auto last_sync = std::chrono::steady_clock::now();
  const auto maybe_sync = [&] {
    const auto now = std::chrono::steady_clock::now();
    if (now - last_sync < sync_interval) return;
    writer.sync();
    last_sync = now;
  };
  const auto journal_hint = [&] {
    return fmt::format("the units done are kept in {}: run the same command with --resume to continue",
                       writer.journal_path().string());
  };
  const ResultHandler on_result = [&](const WorkUnit& unit, ReplicateResult&& result) {
    writer.write_replicate(unit.point, unit.replicate, result);
    ++summary.computed;
    maybe_sync();
  };
  const FailureHandler on_failure = [&](const WorkUnit& unit, const std::string& message) {
    const std::string what = fmt::format("unit failed: point {} ({}), replicate {}, seed {}: {}", unit.point,
                                         plan.points[static_cast<std::size_t>(unit.point)].name, unit.replicate,
                                         plan.seed, message);
    if (options.fail_fast) throw std::runtime_error(fmt::format("{} (--fail-fast); {}", what, journal_hint()));
    std::fprintf(stderr, "jimsim: %s\n", what.c_str());
    writer.write_failure(unit.point, unit.replicate, message);
    ++summary.failed;
    ++summary.computed;
    maybe_sync();
  };
  const ProgressHandler on_progress = [&](std::size_t done, std::size_t) { progress.update(done); };
  try {
    try {
      if (ranks) {
        mpi_coordinate_units(*options.mpi, plan, units, options.cancel, on_result, on_failure, on_progress);
      } else {
        run_units(plan, units, {.threads = options.threads, .cancel = options.cancel}, on_result, on_failure, on_progress);
      }
    } catch (const RunCancelled&) {
      writer.sync();
      throw RunCancelled(fmt::format("interrupted; {}", journal_hint()));
    } catch (const OutputError& e) {
      throw OutputError(fmt::format("{}; {}", e.what(), journal_hint()));
    }
  } catch (const std::exception& e) {
    if (!ranks) throw;
    // The other ranks wait for units that will not come: with the journal on disk, end the job.
    std::fprintf(stderr, "jimsim: %s\n", e.what());
    options.mpi->abort(exit_code_of(std::current_exception()));
  }
  progress.finish();
  try {
    writer.commit();
  } catch (const OutputError& e) {
    throw OutputError(fmt::format("{}; {}", e.what(), journal_hint()));
  }
  return summary;
}

}  // namespace jimsim
