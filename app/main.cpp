// The jimsim command line: a thin layer over the engine library. Only this file turns errors into
// messages and exit codes.
#include <CLI/CLI.hpp>
#include <atomic>
#include <charconv>
#include <csignal>
#include <cstdio>
#include <exception>
#include <fmt/format.h>
#include <limits>

#include "app/calibrate_command.hpp"
#include "app/cohort_command.hpp"
#include "app/compare_command.hpp"
#include "app/execute_plan.hpp"
#include "exec/memory_reuse.hpp"
#include "exec/mpi_executor.hpp"
#include "app/run_command.hpp"
#include "app/sensitivity_command.hpp"
#include "app/suggestions.hpp"
#include "app/sweep_command.hpp"
#include "sim/errors.hpp"
#include "sim/parameter_docs.hpp"
#include "sim/parameters.hpp"
#include "io/results_file.hpp"
#include "io/results_merge.hpp"
#include "exec/runner.hpp"
#include "io/scenario.hpp"
#include "sim/version.hpp"

namespace {

// The options every command that runs a plan has: output, threads, resume, shards, failures.
void add_execution_options(CLI::App* command, jimsim::ExecutionOptions& options, std::string& shard,
                           const std::string& default_output) {
  options.output = default_output;
  command->add_option("-o,--output", options.output, "Results file to write (HDF5)")->capture_default_str();
  command->add_option("-t,--threads", options.threads, "Worker threads (0: all cores)")
      ->capture_default_str()
      ->check(CLI::Range(0, 4096));
  command->add_flag("-f,--force", options.force, "Overwrite an existing results file (and discard an old journal)");
  command->add_flag("--resume", options.resume,
                    "Continue an interrupted run from OUTPUT.journal: only the missing units are run");
  command->add_option("--shard", shard,
                      "Run only share i of n of the units (i/n, 0 <= i < n): for Slurm arrays; join with `jimsim merge`")
      ->check([](const std::string& text) -> std::string {
        std::size_t i = 0, n = 0;
        char end = 0;
        if (std::sscanf(text.c_str(), "%zu/%zu%c", &i, &n, &end) != 2 || n == 0 || i >= n) {
          return "expected i/n with 0 <= i < n, e.g. 3/100";
        }
        return {};
      });
  command->add_flag("--fail-fast", options.fail_fast,
                    "Stop at the first unit that fails (default: record it in the file and go on)");
  command->add_flag("-q,--quiet", options.quiet, "No progress or summary");
}

// CLI11 would turn "-5" into 2^64-5 and clamp a larger number to 2^64-1: a seed the user did not
// mean would silently give other results than the one typed.
std::string seed_problem(const std::string& text) {
  std::uint64_t seed = 0;
  const char* end = text.data() + text.size();
  if (const auto [stop, error] = std::from_chars(text.data(), end, seed); error == std::errc{} && stop == end) return {};
  return fmt::format("must be a whole number from 0 to {}, not '{}'",
                     std::numeric_limits<std::uint64_t>::max(), text);
}

jimsim::Shard parse_shard(const std::string& text) {
  jimsim::Shard shard;
  if (!text.empty()) std::sscanf(text.c_str(), "%zu/%zu", &shard.index, &shard.count);
  return shard;
}

// Set by SIGINT/SIGTERM so a run stops cleanly and removes its temporary results file. A signal
// handler can only reach a global; it is the one in the program.
std::atomic<bool> interrupted{false};
extern "C" void on_interrupt(int) { interrupted = true; }

// Exit codes, also listed in `jimsim --help`.
enum ExitCode { ok = 0, failure = 1, bad_usage = 2, bad_input = 3, bad_output = 4, interrupted_exit = 130 };

std::string joined_command_line(int argc, char** argv) {
  std::string line;
  for (int i = 0; i < argc; ++i) line += (i ? " " : "") + std::string(argv[i]);
  return line;
}

int validate_command(const std::vector<std::string>& files) {
  int invalid = 0;
  for (const auto& file : files) {
    try {
      const auto scenario = jimsim::load_scenario(file);
      std::printf("%s: ok (scenario '%s'%s)\n", file.c_str(), scenario.name.c_str(),
                  scenario.inheritance.size() > 1
                      ? fmt::format(", extends {}", scenario.inheritance[scenario.inheritance.size() - 2].string()).c_str()
                      : "");
    } catch (const jimsim::InputError& e) {
      std::fprintf(stderr, "jimsim: %s\n", e.what());
      ++invalid;
    }
  }
  return invalid ? bad_input : ok;
}

// "jimsim run: unknown option '--replicate'; did you mean '--replicates'?" for a parse that failed
// on words CLI11 did not expect, or "" (CLI11's own message then stands).
std::string mistyped_name_message(const CLI::App& app) {
  const auto given = app.get_subcommands();
  const CLI::App& command = given.empty() ? app : *given.back();
  std::vector<std::string> commands, options;
  for (const auto* sub : app.get_subcommands({})) commands.push_back(sub->get_name());
  for (const auto* scope : {&command, &app}) {
    for (const auto* option : scope->get_options()) {
      for (const auto& name : option->get_lnames()) options.push_back("--" + name);
    }
  }
  const std::string command_name = given.empty() ? "" : command.get_name();
  const std::string message = jimsim::unexpected_words_message(app.remaining(true), command_name, commands, options);
  if (message.empty()) return {};
  return fmt::format("jimsim{}: {}", command_name.empty() ? "" : " " + command_name, message);
}

}  // namespace

namespace {

// The command line, run on every rank of an MPI job (`mpi` set) or as the only process.
int jimsim_main(int argc, char** argv, const jimsim::MpiSession* mpi) {
  CLI::App app{"jimsim: simulates how informal mentors chosen by youths (JIM, youth-initiated mentoring), their\n"
               "families and professionals change the risk that a youth aged 12-23 is placed in residential care.\n"
               "Scenarios are TOML files (see scenarios/); results are HDF5 (see docs/results-format.md).",
               "jimsim"};
  app.set_version_flag("--version", std::string(jimsim::program_version_text));
  app.require_subcommand(1);
  app.footer("Exit codes: 0 success, 1 failure, 2 bad command line, 3 bad input file, 4 output not written, 130 interrupted.");

  jimsim::RunCommand run;
  std::string run_shard;
  auto* run_cmd = app.add_subcommand("run", "Simulate scenarios and write an HDF5 results file");
  // Files are checked by the loaders, which name the file and the reason (exit code 3).
  run_cmd->add_option("scenarios", run.scenario_files, "Scenario files (TOML); compared with common random numbers")
      ->required();
  run_cmd->add_option("--set", run.overrides,
                      "Set a parameter for every scenario, group.key=value (repeatable; recorded in the file)")
      ->allow_extra_args(false);
  run_cmd->add_option("-r,--replicates", run.replicates, "Replicates per scenario")
      ->capture_default_str()
      ->check(CLI::Range(1, 10000000));
  run_cmd->add_option("-s,--seed", run.seed, "Seed: same seed and inputs give bit-identical results")
      ->capture_default_str()
      ->check(seed_problem);
  run_cmd->add_flag("--families", run.family_records, "Also write one record per family (large)");
  run_cmd->add_option("--posterior", run.posterior,
                      "Posterior file of `jimsim calibrate`: each replicate runs with one posterior draw of the "
                      "calibrated parameters, the same for every scenario");
  add_execution_options(run_cmd, run.execution, run_shard, "results.h5");

  jimsim::SweepCommand sweep;
  std::string sweep_shard;
  auto* sweep_cmd = app.add_subcommand("sweep", "Run every point of a sweep file's design and write one results file");
  sweep_cmd->add_option("sweep_file", sweep.sweep_file, "Sweep file (TOML): base scenario, [vary], design")->required();
  sweep_cmd->add_option("--set", sweep.overrides,
                        "Set a parameter of the base scenario, group.key=value (repeatable; recorded in the file)")
      ->allow_extra_args(false);
  sweep_cmd->add_flag("--check", sweep.check_only, "Check the sweep file and every point; run nothing");
  add_execution_options(sweep_cmd, sweep.execution, sweep_shard, "sweep.h5");

  jimsim::SensitivityCommand sensitivity;
  auto* sensitivity_cmd = app.add_subcommand(
      "sensitivity", "Which parameters of a sweep drive each outcome: Sobol or Morris indices, chance vs parameters");
  sensitivity_cmd->add_option("results", sensitivity.results_file, "Results file written by `jimsim sweep`")->required();
  sensitivity_cmd->add_option("--subgroup", sensitivity.subgroup, "Subgroup to analyse (one the sweep kept)")
      ->capture_default_str();
  sensitivity_cmd->add_option("--plot", sensitivity.plot, "Also write the indices as an SVG bar chart");
  sensitivity_cmd->add_option("--resamples", sensitivity.resamples, "Bootstrap resamples for the intervals")
      ->capture_default_str()
      ->check(CLI::Range(0, 1000000));
  sensitivity_cmd->add_flag("!--no-store", sensitivity.write_into_results,
                            "Do not store the analysis in the results file (group /sensitivity)");
  sensitivity_cmd->add_flag("-f,--force", sensitivity.force, "Overwrite an existing plot");

  jimsim::CalibrateCommand calibrate;
  auto* calibrate_cmd = app.add_subcommand(
      "calibrate", "Fit free parameters to an observed cohort or published figures (ABC-SMC); write the posterior");
  calibrate_cmd->add_option("calibration", calibrate.calibration_file,
                            "Calibration file (TOML): scenario, free parameters with priors, statistics")
      ->required();
  calibrate_cmd->add_option("--cohort", calibrate.cohort_file,
                            "Observed cohort (CSV, one row per client system; docs/cohort-format.md)");
  calibrate_cmd->add_option("--targets", calibrate.targets_file,
                            "Published figures to match instead (TOML: statistic, value, youths)");
  calibrate_cmd->add_option("-o,--output", calibrate.output, "Posterior file to write (HDF5)")->capture_default_str();
  calibrate_cmd->add_option("-t,--threads", calibrate.threads, "Worker threads (0: all cores)")
      ->capture_default_str()
      ->check(CLI::Range(0, 4096));
  calibrate_cmd->add_flag("-f,--force", calibrate.force, "Overwrite an existing posterior file (and discard an old journal)");
  calibrate_cmd->add_flag("--resume", calibrate.resume,
                          "Continue an interrupted calibration from OUTPUT.journal: finished simulations are not rerun");
  calibrate_cmd->add_flag("-q,--quiet", calibrate.quiet, "No progress or summary");

  jimsim::CohortCommand cohort;
  auto* cohort_cmd = app.add_subcommand(
      "cohort", "Write a synthetic observed cohort (CSV) from a scenario: records as if the scenario were the truth");
  cohort_cmd->add_option("scenario", cohort.scenario_file, "Scenario file (TOML) whose parameters are the truth")->required();
  cohort_cmd->add_option("-o,--output", cohort.output, "Cohort file to write (CSV)")->capture_default_str();
  cohort_cmd->add_option("-n,--youths", cohort.spec.youths, "Youths in the cohort")
      ->capture_default_str()
      ->check(CLI::Range(1, 1000000));
  cohort_cmd->add_option("--intake-window", cohort.spec.intake_window_weeks,
                         "Intakes spread uniformly over this many weeks")
      ->capture_default_str();
  cohort_cmd->add_option("--follow-up", cohort.follow_up,
                         "Weeks each youth is followed, uniform between MIN:MAX (right censoring)")
      ->capture_default_str();
  cohort_cmd->add_flag("--keep-latent", cohort.spec.keep_latent,
                       "Also write severity and parental capacity (latent in the model; records lack them)");
  cohort_cmd->add_option("-s,--seed", cohort.seed, "Seed")->capture_default_str()->check(seed_problem);
  cohort_cmd->add_flag("-f,--force", cohort.force, "Overwrite an existing file");

  std::vector<std::string> merge_inputs;
  std::string merge_output;
  bool merge_force = false;
  int merge_threads = 0;
  auto* merge_cmd = app.add_subcommand("merge", "Join the shards of one run or sweep (--shard i/n) into one results file");
  merge_cmd->add_option("shards", merge_inputs, "Shard results files, all n of them, any order")->required();
  merge_cmd->add_option("-o,--output", merge_output, "Results file to write")->required();
  merge_cmd->add_flag("-f,--force", merge_force, "Overwrite an existing results file");
  merge_cmd->add_option("-t,--threads", merge_threads, "Threads that compress the output (0: all cores)")
      ->capture_default_str()
      ->check(CLI::Range(0, 4096));

  std::string params_format = "text";
  auto* params_cmd = app.add_subcommand("params", "List every parameter: name, unit, default, range, meaning, source");
  params_cmd->add_option("--format", params_format, "text, markdown (docs/parameters.md) or toml (a full scenario)")
      ->capture_default_str()
      ->check(CLI::IsMember({"text", "markdown", "toml"}));

  std::vector<std::string> validate_files;
  auto* validate_cmd = app.add_subcommand("validate", "Check scenario files without running them");
  validate_cmd->add_option("scenarios", validate_files, "Scenario files (TOML)")->required();

  jimsim::CompareCommand compare;
  auto* compare_cmd = app.add_subcommand(
      "compare", "Compare the scenarios of a results file against a baseline, paired by replicate");
  compare_cmd->add_option("results", compare.results_file, "Results file written by `jimsim run`")->required();
  compare_cmd->add_option("-b,--baseline", compare.baseline, "Scenario to compare against (default: the first)");
  compare_cmd->add_option("--csv", compare.csv, "Also write every comparison row to this CSV file");
  compare_cmd->add_flag("--subgroups", compare.subgroups, "Also show the tables per age band and severity tertile");
  compare_cmd->add_flag("!--no-store", compare.write_into_results,
                        "Do not store the comparison in the results file (group /comparison)");
  compare_cmd->add_flag("-f,--force", compare.force, "Overwrite an existing CSV file");
  compare_cmd->add_option("--effect", compare.effect,
                          "Effect for the incremental analysis: placements (averted), residential_days (avoided) or "
                          "placement_free_weeks (gained)")
      ->capture_default_str();
  compare_cmd->add_option("--wtp", compare.wtp,
                          "Willingness to pay per unit of effect (euro): FROM:TO:STEP or A,B,C for the acceptability "
                          "curve (default 0:150000:2500 for placements), or one amount to decide at (the curve then "
                          "keeps the default grid)");
  compare_cmd->add_option("--decision-wtp", compare.decision_wtp,
                          "Willingness to pay the summary decides at (default: the single --wtp amount, else 0: "
                          "which policy costs least)");
  compare_cmd->add_option("--population", compare.population,
                          "Referrals a year in your municipality or region, for the budget impact")
      ->capture_default_str();
  compare_cmd->add_option("--years", compare.years, "Years the budget impact covers")->capture_default_str();
  compare_cmd->add_option("--price", compare.prices,
                          "Re-price every cost from the recorded counts, costs.<price>=value (repeatable; no rerun)")
      ->allow_extra_args(false);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // Not for --help and --version (exit code 0), which win over a stray word.
    if (const std::string message = e.get_exit_code() != 0 ? mistyped_name_message(app) : ""; !message.empty()) {
      std::fprintf(stderr, "%s\nRun with --help for more information.\n", message.c_str());
      return bad_usage;
    }
    const int code = app.exit(e);
    return code == 0 ? ok : bad_usage;
  }

  const bool worker_rank = mpi != nullptr && mpi->rank() > 0;
  try {
    // What running a plan needs besides its options: the record of the command, Ctrl-C, the ranks.
    const auto prepare = [&](jimsim::ExecutionOptions& execution, const std::string& shard) {
      execution.command_line = joined_command_line(argc, argv);
      execution.cancel = &interrupted;
      execution.shard = parse_shard(shard);
      execution.mpi = mpi;
      std::signal(SIGINT, on_interrupt);
      std::signal(SIGTERM, on_interrupt);
    };
    if (*run_cmd) {
      prepare(run.execution, run_shard);
      return jimsim::run_command(run);
    }
    if (*sweep_cmd) {
      prepare(sweep.execution, sweep_shard);
      return jimsim::sweep_command(sweep);
    }
    if (*calibrate_cmd) {
      calibrate.mpi = mpi;
      calibrate.command_line = joined_command_line(argc, argv);
      calibrate.cancel = &interrupted;
      std::signal(SIGINT, on_interrupt);
      std::signal(SIGTERM, on_interrupt);
      return jimsim::calibrate_command(calibrate);
    }
    // The other commands do not spread over ranks: rank 0 does them alone.
    if (worker_rank) return ok;
    if (*params_cmd) {
      if (params_format == "markdown") {
        std::fputs(jimsim::parameter_table_markdown().c_str(), stdout);
      } else if (params_format == "toml") {
        std::fputs(jimsim::parameters_to_toml(jimsim::Parameters{}).c_str(), stdout);
      } else {
        std::fputs(jimsim::parameter_table_text().c_str(), stdout);
      }
      return ok;
    }
    if (*validate_cmd) return validate_command(validate_files);
    if (*cohort_cmd) return jimsim::cohort_command(cohort);
    if (*compare_cmd) return jimsim::compare_command(compare);
    if (*merge_cmd) {
      const std::vector<std::filesystem::path> inputs(merge_inputs.begin(), merge_inputs.end());
      const auto summary = jimsim::merge_results(inputs, merge_output, merge_force, joined_command_line(argc, argv),
                                                 jimsim::resolve_thread_count(merge_threads));
      std::printf("%zu shards merged: %llu units (%llu failed) written to %s\n", summary.shards,
                  static_cast<unsigned long long>(summary.units), static_cast<unsigned long long>(summary.failed),
                  merge_output.c_str());
      return ok;
    }
    if (*sensitivity_cmd) return jimsim::sensitivity_command(sensitivity);
  } catch (const jimsim::QuietExit& quiet) {
    return quiet.code;
  } catch (const std::exception& e) {
    const int code = jimsim::exit_code_of(std::current_exception());
    bool speak = !worker_rank;
    if (mpi != nullptr && mpi->size() > 1 && (*run_cmd || *sweep_cmd || *calibrate_cmd) && !mpi->agreed()) {
      // Failed before the ranks agreed to start: tell the others, so none waits for this one. When
      // every rank failed alike, rank 0 speaks for them; a rank that failed alone speaks itself.
      const auto agreement = mpi->agree_on_start(code);
      speak = !worker_rank || agreement.rank0 == 0;
    }
    if (speak) std::fprintf(stderr, "%sjimsim: %s\n", code == interrupted_exit ? "\n" : "", e.what());
    return code;
  }
  return failure;
}

}  // namespace

int main(int argc, char** argv) {
  jimsim::prepare_for_writing_files();
  jimsim::keep_freed_memory_for_reuse();
  if (!jimsim::started_by_mpi_launcher() || !jimsim::mpi_available()) return jimsim_main(argc, argv, nullptr);
  const jimsim::MpiSession session(argc, argv);
  return jimsim_main(argc, argv, &session);
}
