#include "app/calibrate_command.hpp"

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fmt/format.h>
#include <optional>

#include "analysis/calibration_evidence.hpp"
#include "analysis/calibration_run.hpp"
#include "analysis/posterior_file.hpp"
#include "app/execute_plan.hpp"
#include "exec/mpi_task_stream.hpp"
#include "io/atomic_file.hpp"
#include "io/calibration_file.hpp"
#include "io/cohort_csv.hpp"
#include "io/unit_journal.hpp"
#include "sim/errors.hpp"
#include "sim/version.hpp"

namespace jimsim {
namespace fs = std::filesystem;
namespace {

void print_outcome(const CalibrationOutcome& outcome, const CalibrationPlan& plan, double seconds) {
  std::printf("\nPosterior (generation %d, tolerance %.4g, %zu particles):\n", outcome.generations.back().index,
              outcome.generations.back().tolerance, outcome.generations.back().particles.size());
  std::printf("%-40s %12s %12s %25s %25s\n", "parameter", "mean", "median", "90% credible interval", "prior 90%");
  for (const auto& p : outcome.posterior) {
    std::printf("%-40s %12.4g %12.4g %25s %25s\n", p.key.c_str(), p.mean, p.median,
                fmt::format("[{:.4g}, {:.4g}]", p.lower_90, p.upper_90).c_str(),
                fmt::format("[{:.4g}, {:.4g}]", p.prior_lower_90, p.prior_upper_90).c_str());
  }
  std::printf("\nPosterior predictive check (%d draws):\n", plan.predictive_draws);
  std::printf("%-36s %10s %10s %23s  %s\n", "statistic", "observed", "simulated", "90% predictive interval",
              "verdict");
  for (const auto& s : outcome.predictive) {
    std::printf("%-36s %10.4g %10.4g %23s  %s\n", s.statistic.c_str(), s.observed, s.mean,
                fmt::format("[{:.4g}, {:.4g}]", s.lower_90, s.upper_90).c_str(),
                s.reproduced ? "reproduced" : fmt::format("NOT reproduced (p = {:.2f})", s.tail_probability).c_str());
  }
  std::printf("\nStopped: %s. %llu simulations in %zu generations, %.1f s.\n", outcome.stop_reason.c_str(),
              static_cast<unsigned long long>(outcome.simulations), outcome.generations.size(), seconds);
}

}  // namespace

int calibrate_command(const CalibrateCommand& command) {
  const auto start = std::chrono::steady_clock::now();
  if (command.cohort_file.empty() == command.targets_file.empty()) {
    throw InputError("calibrate needs the evidence to match: either --cohort FILE (one row per client system) or "
                     "--targets FILE (published figures), not both");
  }
  CalibrationFile calibration = load_calibration(command.calibration_file);
  CalibrationPlan& plan = calibration.plan;
  std::string evidence_kind, evidence_file;
  std::size_t youths = 0;
  if (!command.cohort_file.empty()) {
    attach_cohort(plan, read_cohort_csv(command.cohort_file), command.cohort_file);
    evidence_kind = "cohort";
    evidence_file = fs::path(command.cohort_file).filename().string();
    youths = plan.cohort->size();
  } else {
    attach_targets(plan, load_targets(command.targets_file));
    evidence_kind = "targets";
    evidence_file = fs::path(command.targets_file).filename().string();
    for (const auto& s : plan.statistics) youths = std::max(youths, s.youths);
  }
  const fs::path journal = UnitJournal::path_for(command.output);
  const std::string fingerprint = calibration_fingerprint(plan, program_version);
  const bool ranks = command.mpi != nullptr && command.mpi->size() > 1;
  const bool worker = ranks && command.mpi->rank() > 0;
  bool already_complete = false;
  if (!worker && command.resume && !command.force && fs::exists(command.output)) {
    // Killed after the posterior file was in place (perhaps before its journal was removed): done.
    if (read_posterior(command.output).fingerprint != fingerprint) {
      throw InputError(fmt::format("{}: --resume refused: this posterior file belongs to another calibration (the "
                                   "calibration file, its scenario, the evidence or the jimsim version differ)",
                                   command.output));
    }
    remove_journal_if_unused(journal);
    if (!command.quiet) std::printf("%s is already complete: nothing to resume\n", command.output.c_str());
    already_complete = true;
  }
  // Refuse an output that may not be written before any work, not after it.
  if (!worker && !already_complete) {
    const AtomicFile check(command.output, command.force);
  }

  // MPI: every rank read the files; they start together, with the same calibration, or not at all.
  // Rank 0 runs the algorithm and writes; the others simulate what it sends them.
  std::optional<MpiTaskExecutor> ranks_executor;
  if (ranks) {
    const auto agreement = command.mpi->agree_on_start(already_complete ? -1 : 0);
    if (agreement.worst > 0) {
      if (!worker) {
        std::fprintf(stderr, "jimsim: another rank of this MPI job could not read the input (exit code %d); every "
                             "rank must see the same files\n", agreement.worst);
      }
      throw QuietExit{agreement.worst};
    }
    if (agreement.rank0 == -1) return 0;
    if (!command.mpi->same_on_all_ranks(fingerprint)) {
      if (worker) throw QuietExit{3};
      throw InputError("the ranks of this MPI job read different calibrations (files, evidence or jimsim version); "
                       "every rank must see the same files");
    }
    if (worker) {
      mpi_serve_tasks(*command.mpi, [&](const std::vector<double>& message) { return evaluate_message(plan, message); });
      return 0;
    }
    ranks_executor.emplace(*command.mpi, command.cancel);
  }
  if (already_complete) return 0;

  CalibrationRunOptions options;
  options.executor = {command.threads, command.cancel};
  if (ranks_executor) options.tasks = &*ranks_executor;
  options.journal = journal;
  options.program_version = std::string(program_version);
  options.resume = command.resume;
  options.discard_old_journal = command.force;
  const bool terminal = isatty(STDERR_FILENO) != 0;
  auto last = std::chrono::steady_clock::now();
  if (!command.quiet) {
    options.on_progress = [&](const CalibrationProgress& p) {
      const auto now = std::chrono::steady_clock::now();
      if (now - last < (terminal ? std::chrono::milliseconds(200) : std::chrono::milliseconds(10000))) return;
      last = now;
      std::fprintf(stderr, "%sgeneration %d: tolerance %.4g, %llu proposals, %llu simulations before it%s",
                   terminal ? "\r" : "", p.generation, p.tolerance, static_cast<unsigned long long>(p.proposals),
                   static_cast<unsigned long long>(p.simulations), terminal ? "   " : "\n");
    };
  }
  const CalibrationOutcome outcome = run_calibration(plan, options);
  if (ranks_executor) ranks_executor->finish();
  if (!command.quiet && terminal) std::fprintf(stderr, "\n");
  if (!command.quiet && outcome.evaluations_recovered > 0) {
    std::fprintf(stderr, "jimsim: resumed: %llu evaluations taken from %s\n",
                 static_cast<unsigned long long>(outcome.evaluations_recovered), options.journal.c_str());
  }
  PosteriorFileInfo info;
  info.program_version = std::string(program_version);
  info.fingerprint = fingerprint;
  info.command_line = command.command_line;
  info.evidence_kind = evidence_kind;
  info.evidence_name = evidence_file;
  info.youths = youths;
  write_posterior_file(command.output, plan, outcome, info, command.force);
  remove_journal_if_unused(options.journal);
  if (!command.quiet) {
    print_outcome(outcome, plan, std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    std::printf("Posterior written to %s\n", command.output.c_str());
  }
  return 0;
}

}  // namespace jimsim
