// Running a calibration: ABC-SMC (analysis/abc_smc.hpp) over the model library in memory, each
// proposal's simulations on the executor's threads, every finished evaluation committed to a
// journal as it completes, then a posterior summary and a posterior predictive check.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "analysis/abc_smc.hpp"
#include "exec/runner.hpp"
#include "exec/task_stream.hpp"
#include "plan/calibration_plan.hpp"

namespace jimsim {

// Per free parameter, from the final generation's weighted particles.
struct PosteriorParameter {
  std::string key;
  std::string prior;  // Prior::describe()
  double mean = 0.0, median = 0.0, lower_90 = 0.0, upper_90 = 0.0;  // 90%: the 5% and 95% quantiles
  double prior_mean = 0.0, prior_lower_90 = 0.0, prior_upper_90 = 0.0;  // from generation 0
};

// One observed statistic against its posterior predictive distribution.
struct PredictiveStatistic {
  std::string statistic;  // StatisticSpec::name()
  std::string unit;
  std::string meaning;
  double observed = 0.0;
  double mean = 0.0, lower_90 = 0.0, upper_90 = 0.0;  // of the simulated statistic over posterior draws
  double tail_probability = 0.0;  // two-sided: 2 min(P(sim <= obs), P(sim >= obs)), capped at 1
  bool reproduced = false;        // tail probability >= 0.1: inside the 90% predictive interval
  std::size_t draws = 0;          // draws with a value for this statistic
};

struct CalibrationOutcome {
  std::vector<AbcGeneration> generations;
  std::string stop_reason;
  std::vector<std::string> parameter_keys;
  std::vector<std::string> statistic_names;
  std::vector<double> observed;
  std::vector<PosteriorParameter> posterior;
  std::vector<std::vector<double>> correlation;  // between free parameters, final generation
  std::vector<PredictiveStatistic> predictive;
  std::uint64_t simulations = 0;      // counted by the algorithm: the same for any worker count
  std::uint64_t simulations_run = 0;  // whose results reached this process, none taken from a
                                      // journal; those still in flight when a generation filled are
                                      // dropped uncounted, so the work done was at least this
  std::uint64_t evaluations_recovered = 0;  // taken from the journal of an interrupted run
};

struct CalibrationProgress {
  int generation = 0;
  double tolerance = 0.0;
  std::uint64_t proposals = 0;
  std::size_t accepted = 0;
  std::size_t particles = 0;
  std::uint64_t simulations = 0;
};

struct CalibrationRunOptions {
  ExecutorSettings executor;       // threads, when `tasks` is not given
  TaskExecutor* tasks = nullptr;   // e.g. the ranks of an MPI job (exec/mpi_task_stream.hpp)
  std::filesystem::path journal;  // empty: no journal (tests, in-memory use)
  std::string program_version;
  bool resume = false;
  bool discard_old_journal = false;  // --force
  std::function<void(const CalibrationProgress&)> on_progress;
};

// The fingerprint of a calibration: its files, evidence, settings and the program version. A
// journal of another fingerprint is refused on resume.
std::string calibration_fingerprint(const CalibrationPlan& plan, std::string_view program_version);

// The statistics of one simulation of `parameters` (values of the free parameters, in plan order)
// with model seed `seed`, replicate `replicate`: NaN for each when the parameters break a
// consistency rule.
std::vector<double> simulate_statistics(const CalibrationPlan& plan, const std::vector<double>& parameters,
                                        std::uint64_t seed, std::uint32_t replicate);

// One evaluation from its task message: what a worker rank computes (see run_calibration).
std::vector<double> evaluate_message(const CalibrationPlan& plan, const std::vector<double>& message);

// Runs the calibration. Throws RunCancelled when cancelled (the journal keeps what finished),
// InputError for a journal of another calibration, OutputError when the journal cannot be written.
CalibrationOutcome run_calibration(const CalibrationPlan& plan, const CalibrationRunOptions& options);

}  // namespace jimsim
