#include "analysis/calibration_run.hpp"

#include <chrono>
#include <cmath>
#include <cstring>
#include <fmt/format.h>
#include <map>
#include <memory>
#include <optional>

#include "analysis/calibration_statistics.hpp"
#include "analysis/posterior_summary.hpp"
#include "exec/task_stream.hpp"
#include "plan/fingerprint.hpp"
#include "io/unit_journal.hpp"
#include "sim/processes/intake.hpp"
#include "sim/errors.hpp"
#include "sim/replicate.hpp"

namespace jimsim {
namespace {

// The predictive check's simulations are journalled under this phase, after the generations'.
constexpr std::uint32_t predictive_phase = 0xFFFF;


// One evaluation as the task stream carries it and the journal stores it:
//   phase, proposal (as two 32-bit halves), replayed flag, parameters..., statistics per replicate...
struct Evaluation {
  std::uint32_t phase = 0;
  std::uint64_t proposal = 0;
  bool replayed = false;
  std::vector<double> parameters;
  std::vector<std::vector<double>> statistics;
};

std::vector<double> encode(const Evaluation& e) {
  std::vector<double> v = {static_cast<double>(e.phase), static_cast<double>(e.proposal & 0xFFFFFFFFu),
                           static_cast<double>(e.proposal >> 32), e.replayed ? 1.0 : 0.0};
  v.insert(v.end(), e.parameters.begin(), e.parameters.end());
  for (const auto& s : e.statistics) v.insert(v.end(), s.begin(), s.end());
  return v;
}

// An encoded evaluation has a 4-number header, the parameters and one or more whole replicates of
// statistics (a plan has at least one statistic).
bool decodable(const std::vector<double>& v, std::size_t parameters, std::size_t statistics) {
  return statistics > 0 && v.size() > 4 + parameters && (v.size() - 4 - parameters) % statistics == 0;
}

Evaluation decode(const std::vector<double>& v, std::size_t parameters, std::size_t statistics) {
  if (!decodable(v, parameters, statistics)) throw std::runtime_error("a calibration evaluation of the wrong size");
  Evaluation e;
  e.phase = static_cast<std::uint32_t>(v[0]);
  e.proposal = static_cast<std::uint64_t>(v[1]) | (static_cast<std::uint64_t>(v[2]) << 32);
  e.replayed = v[3] != 0.0;
  e.parameters.assign(v.begin() + 4, v.begin() + 4 + static_cast<std::ptrdiff_t>(parameters));
  for (auto it = v.begin() + 4 + static_cast<std::ptrdiff_t>(parameters); it != v.end();
       it += static_cast<std::ptrdiff_t>(statistics)) {
    e.statistics.emplace_back(it, it + static_cast<std::ptrdiff_t>(statistics));
  }
  return e;
}

std::span<const std::byte> as_bytes(const std::vector<double>& v) {
  return {reinterpret_cast<const std::byte*>(v.data()), v.size() * sizeof(double)};
}

// Evaluations an interrupted run committed, by (phase, proposal), and the journal new ones go to.
class EvaluationLog {
 public:
  EvaluationLog(const CalibrationPlan& plan, const CalibrationRunOptions& options) {
    if (options.journal.empty()) return;
    journal_ = std::make_unique<UnitJournal>(options.journal, calibration_fingerprint(plan, options.program_version),
                                             0, options.resume, options.discard_old_journal);
    for (std::uint64_t u = 0; u < journal_->units(); ++u) {
      if (!journal_->has(u) || journal_->entry(u).status != unit_done) continue;
      const std::vector<std::byte> bytes = journal_->read(u);
      std::vector<double> values(bytes.size() / sizeof(double));
      if (!values.empty()) std::memcpy(values.data(), bytes.data(), values.size() * sizeof(double));
      // The journal's checksums and fingerprint make this unreachable short of a file written by
      // something else under the same name: then say which file and record.
      if (bytes.size() % sizeof(double) != 0 || !decodable(values, plan.free.size(), plan.statistics.size())) {
        throw InputError(fmt::format("{}: record {} is not an evaluation of this calibration ({} bytes); start "
                                     "again with --force, which discards the journal",
                                     journal_->path().string(), u, bytes.size()));
      }
      Evaluation e = decode(values, plan.free.size(), plan.statistics.size());
      e.replayed = true;
      recovered_.emplace(std::make_pair(e.phase, e.proposal), std::move(e));
    }
    next_unit_ = journal_->units();
    last_sync_ = std::chrono::steady_clock::now();
  }

  const Evaluation* recovered(std::uint32_t phase, std::uint64_t proposal) const {
    const auto it = recovered_.find({phase, proposal});
    return it == recovered_.end() ? nullptr : &it->second;
  }
  std::uint64_t recovered_count() const { return recovered_.size(); }

  void commit(const Evaluation& e) {
    if (!journal_ || e.replayed) return;
    Evaluation stored = e;
    const std::vector<double> values = encode(stored);
    journal_->append(next_unit_++, unit_done, as_bytes(values));
    // Synced every 2 s, as a run's journal: a killed process loses nothing appended (the kernel
    // has it); a node failure loses at most the last 2 s.
    if (std::chrono::steady_clock::now() - last_sync_ > std::chrono::seconds(2)) sync();
  }
  void sync() {
    if (!journal_) return;
    journal_->sync();
    last_sync_ = std::chrono::steady_clock::now();
  }

 private:
  std::unique_ptr<UnitJournal> journal_;
  std::map<std::pair<std::uint32_t, std::uint64_t>, Evaluation> recovered_;
  std::uint64_t next_unit_ = 0;
  std::chrono::steady_clock::time_point last_sync_;
};

// The scenario as every simulation of this calibration starts from it: a cohort of the observed
// size (or of the largest target), followed as long as the longest observed follow-up.
Parameters simulation_base(const CalibrationPlan& plan) {
  Parameters p = plan.base;
  p.intake.weekly_referrals = 0.0;
  if (plan.cohort) {
    const ObservedCohort& c = *plan.cohort;
    p.intake.cohort_size = static_cast<int>(c.size());
    p.intake.arrival_window_weeks = 0.0;
    double horizon = p.simulation.time_step_weeks;
    for (std::size_t k = 0; k < c.size(); ++k) {
      const double start = std::isnan(c.intake_week[k]) ? 0.0 : c.intake_week[k];
      horizon = std::max(horizon, start + c.follow_up_weeks[k] + p.simulation.time_step_weeks);
    }
    p.simulation.horizon_weeks = horizon;
  } else {
    std::size_t youths = 1;
    for (const auto& s : plan.statistics) youths = std::max(youths, s.youths);
    p.intake.cohort_size = static_cast<int>(youths);
    if (plan.targets_follow_up_weeks > 0.0) {
      p.simulation.horizon_weeks =
          p.intake.arrival_window_weeks + plan.targets_follow_up_weeks + p.simulation.time_step_weeks;
    }
  }
  return p;
}

Evaluation evaluate(const CalibrationPlan& plan, std::uint32_t phase, std::uint64_t proposal,
                    std::vector<double> parameters, std::uint64_t seed, int replicates) {
  Evaluation e;
  e.phase = phase;
  e.proposal = proposal;
  for (int r = 0; r < replicates; ++r) {
    e.statistics.push_back(simulate_statistics(plan, parameters, seed, static_cast<std::uint32_t>(r)));
  }
  e.parameters = std::move(parameters);
  return e;
}

// What a worker needs to run one evaluation, as doubles (64-bit numbers in 32-bit halves):
//   phase, proposal low, proposal high, seed low, seed high, replicates, parameters...
std::vector<double> evaluation_message(std::uint32_t phase, std::uint64_t proposal, std::uint64_t seed, int replicates,
                                       const std::vector<double>& parameters) {
  std::vector<double> m = {static_cast<double>(phase), static_cast<double>(proposal & 0xFFFFFFFFu),
                           static_cast<double>(proposal >> 32), static_cast<double>(seed & 0xFFFFFFFFu),
                           static_cast<double>(seed >> 32), static_cast<double>(replicates)};
  m.insert(m.end(), parameters.begin(), parameters.end());
  return m;
}

}  // namespace

std::vector<double> evaluate_message(const CalibrationPlan& plan, const std::vector<double>& message) {
  if (message.size() != 6 + plan.free.size()) throw std::runtime_error("a calibration task message of the wrong size");
  const auto half = [&](std::size_t i) { return static_cast<std::uint64_t>(message[i]) | (static_cast<std::uint64_t>(message[i + 1]) << 32); };
  const std::vector<double> parameters(message.begin() + 6, message.end());
  return encode(evaluate(plan, static_cast<std::uint32_t>(message[0]), half(1), parameters, half(3),
                         static_cast<int>(message[5])));
}

std::string calibration_fingerprint(const CalibrationPlan& plan, std::string_view program_version) {
  Fingerprint h;
  h.add(program_version);
  h.add(plan.source_text);
  h.add(plan.evidence_text);
  h.add_number(plan.targets_follow_up_weeks);
  for (const auto& f : plan.free) {
    h.add(f.key);
    h.add(f.prior.describe());
  }
  for (const auto& s : plan.statistics) {
    h.add(s.name());
    h.add_number(static_cast<double>(s.youths));
  }
  for (const double v : plan.observed) h.add_number(v);
  const AbcSettings& a = plan.abc;
  for (const double v : {static_cast<double>(a.particles), static_cast<double>(a.replicates), a.tolerance_quantile,
                         static_cast<double>(a.max_generations), a.min_tolerance, a.min_acceptance_rate,
                         static_cast<double>(a.max_simulations), static_cast<double>(a.seed & 0xFFFFFFFFu),
                         static_cast<double>(a.seed >> 32), static_cast<double>(plan.predictive_draws)}) {
    h.add_number(v);
  }
  return h.hex();
}

std::vector<double> simulate_statistics(const CalibrationPlan& plan, const std::vector<double>& parameters,
                                        std::uint64_t seed, std::uint32_t replicate) {
  Parameters p = simulation_base(plan);
  for (std::size_t i = 0; i < plan.free.size(); ++i) find_parameter(plan.free[i].key)->set(p, parameters[i]);
  std::vector<double> statistics(plan.statistics.size(), std::numeric_limits<double>::quiet_NaN());
  if (!check_parameter_consistency(p).empty()) return statistics;  // outside the model: never accepted
  ReplicateResult result;
  if (plan.cohort) {
    const Cohort cohort = simulation_cohort(*plan.cohort, draw_cohort(p, seed, replicate));
    result = simulate_replicate(p, cohort, seed, replicate, /*keep_family_records=*/true,
                                ReplicateReport::family_records_only);
  } else if (plan.targets_follow_up_weeks > 0.0) {
    // The study's follow-up: every youth followed that long, as its figures were.
    Cohort cohort = draw_cohort(p, seed, replicate);
    for (double& weeks : cohort.max_follow_up_weeks) weeks = plan.targets_follow_up_weeks;
    result = simulate_replicate(p, cohort, seed, replicate, /*keep_family_records=*/true,
                                ReplicateReport::family_records_only);
  } else {
    result = simulate_replicate(p, seed, replicate, /*keep_family_records=*/true,
                                ReplicateReport::family_records_only);
  }
  ObservedCohort simulated = observe_families(result.families);
  if (plan.cohort) mirror_unknowns(simulated, *plan.cohort);
  return compute_statistics(plan.statistics, simulated, result.families);
}

CalibrationOutcome run_calibration(const CalibrationPlan& plan, const CalibrationRunOptions& options) {
  const std::size_t d = plan.free.size(), m = plan.statistics.size();
  std::vector<Prior> priors;
  for (const auto& f : plan.free) priors.push_back(f.prior);
  AbcSmc abc(priors, plan.observed, plan.abc);
  EvaluationLog log(plan, options);
  CalibrationOutcome outcome;
  outcome.evaluations_recovered = log.recovered_count();

  // Runs one phase's tasks; `needed` says, from each result in turn, whether the phase has enough.
  ThreadTaskExecutor threads(options.executor);
  TaskExecutor& executor = options.tasks != nullptr ? *options.tasks : threads;
  const MessageCompute compute = [&](const std::vector<double>& message) { return evaluate_message(plan, message); };
  const auto run_phase = [&](std::uint32_t phase, std::uint64_t limit, int replicates, const auto& propose,
                             const auto& seed_of, const auto& needed) {
    const TaskRequestOf request_of = [&](std::uint64_t k) {
      TaskRequest r;
      if (const Evaluation* e = log.recovered(phase, k)) {
        r.known = encode(*e);
      } else {
        r.message = evaluation_message(phase, k, seed_of(k), replicates, propose(k));
      }
      return r;
    };
    const TaskResultHandler on_result = [&](std::uint64_t k, std::vector<double>&& values) {
      Evaluation e = decode(values, d, m);
      log.commit(e);
      if (!e.replayed) outcome.simulations_run += e.statistics.size();
      return needed(k, std::move(e));
    };
    executor.stream(limit, request_of, compute, on_result);
    log.sync();
  };

  while (!abc.finished()) {
    const int t = abc.generation();
    CalibrationProgress progress{t, abc.tolerance(), 0, 0, plan.abc.particles, abc.simulations_used()};
    run_phase(
        static_cast<std::uint32_t>(t), abc.proposal_limit(), plan.abc.replicates, [&](std::uint64_t k) { return abc.propose(k); },
        [&](std::uint64_t k) { return abc.simulation_seed(t, k); },
        [&](std::uint64_t k, Evaluation&& e) {
          const bool ready = abc.add_result(k, std::move(e.parameters), std::move(e.statistics));
          ++progress.proposals;
          if (options.on_progress) options.on_progress(progress);
          return ready;
        });
    abc.close_generation();
  }

  outcome.generations = abc.generations();
  outcome.stop_reason = abc.stop_reason();
  outcome.simulations = abc.simulations_used();
  for (const auto& f : plan.free) outcome.parameter_keys.push_back(f.key);
  for (const auto& s : plan.statistics) outcome.statistic_names.push_back(s.name());
  outcome.observed = plan.observed;
  summarise_posterior(plan, outcome);

  // Posterior predictive check: fresh simulations of parameters drawn from the final population.
  const AbcGeneration& last = outcome.generations.back();
  std::vector<double> cumulative;
  double total = 0.0;
  for (const auto& particle : last.particles) cumulative.push_back(total += particle.weight);
  const auto draw_particle = [&](std::uint64_t j) {
    CounterRng rng(plan.abc.seed, predictive_phase, static_cast<std::uint32_t>(j), Process::calibration_proposal, 0);
    const double u = uniform_open01(rng) * total;
    const auto i = static_cast<std::size_t>(std::upper_bound(cumulative.begin(), cumulative.end(), u) - cumulative.begin());
    return last.particles[std::min(i, last.particles.size() - 1)].parameters;
  };
  const auto draws = static_cast<std::uint64_t>(plan.predictive_draws);
  std::vector<std::vector<double>> predicted(draws);
  std::uint64_t received = 0;
  run_phase(
      predictive_phase, draws, 1, draw_particle,
      [&](std::uint64_t j) { return abc.simulation_seed(static_cast<int>(predictive_phase), j); },
      [&](std::uint64_t j, Evaluation&& e) {
        predicted[j] = std::move(e.statistics.front());
        return ++received == draws;
      });
  outcome.predictive = predictive_check(plan, predicted);
  return outcome;
}

}  // namespace jimsim
