// Approximate Bayesian computation by sequential Monte Carlo (ABC-SMC; Toni et al. 2009, with the
// weights and kernel of Beaumont et al. 2009 and the adaptive distance of Prangle 2017 that pyABC
// uses): a population of weighted particles moves from the prior towards the posterior through
// generations of shrinking tolerance.
//
// Deterministic whatever the number of workers: proposal k of generation t is a pure function of
// (seed, t, k) and the previous generation, and a generation keeps the first N proposals in
// proposal order that pass its tolerance, not the first N to finish. Results may therefore arrive in
// any order; those beyond the N-th accepted proposal are ignored. The same seed and results give the
// same posterior on one thread, several, or several MPI ranks, and a resumed run replays them.
//
// This class knows nothing of the model: a proposal is a parameter vector, a result is one
// statistics vector per replicate.
#pragma once

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include <Eigen/Dense>

#include "plan/calibration_plan.hpp"

namespace jimsim {

struct AbcParticle {
  std::vector<double> parameters;  // on the parameters' own scale
  double weight = 0.0;             // normalised over the generation
  double distance = 0.0;           // median over its replicates, with the generation's scales
  double accepted_share = 1.0;     // share of its replicates within tolerance
  std::uint64_t proposal = 0;      // its proposal number within the generation
};

struct AbcGeneration {
  int index = 0;
  double tolerance = std::numeric_limits<double>::infinity();  // generation 0: every prior draw
  std::vector<double> scales;      // per statistic, those the distances were computed with
  std::vector<AbcParticle> particles;
  std::uint64_t proposals = 0;     // proposals up to and including the last one kept
  std::uint64_t simulations = 0;   // proposals x replicates
  double acceptance_rate = 0.0;
  double effective_sample_size = 0.0;
};

class AbcSmc {
 public:
  AbcSmc(std::vector<Prior> priors, std::vector<double> observed, AbcSettings settings);

  // The generation being built, and its tolerance.
  int generation() const { return static_cast<int>(done_.size()); }
  double tolerance() const { return tolerance_; }

  // Proposal k of the current generation, on the parameters' own scale. Thread-safe.
  std::vector<double> propose(std::uint64_t k) const;

  // The model seed of replicate simulations of proposal k of generation t.
  std::uint64_t simulation_seed(int generation, std::uint64_t k) const;

  // Proposals the current generation may use (the budget and the minimum acceptance rate).
  std::uint64_t proposal_limit() const { return limit_; }

  // The result of proposal k: its parameters and one statistics vector per replicate. Returns true
  // once the generation has its particles (or has used up its proposals without them); later
  // results are ignored.
  bool add_result(std::uint64_t k, std::vector<double> parameters, std::vector<std::vector<double>> statistics);
  bool generation_ready() const { return complete_ || exhausted_; }

  // Closes the current generation once ready: a complete one is kept and the next prepared; an
  // exhausted one is dropped and the run ends.
  void close_generation();
  bool finished() const { return finished_; }
  const std::string& stop_reason() const { return stop_reason_; }
  const std::vector<AbcGeneration>& generations() const { return done_; }
  std::uint64_t simulations_used() const { return simulations_used_; }
  const AbcSettings& settings() const { return settings_; }
  const std::vector<Prior>& priors() const { return priors_; }

  // Distance of one statistics vector from the observed one with the given scales: Euclidean over
  // the scaled differences; infinite when a statistic the observation has is missing.
  double distance(const std::vector<double>& statistics, const std::vector<double>& scales) const;

 private:
  struct Result {
    std::vector<double> parameters;
    std::vector<std::vector<double>> statistics;
  };
  bool accepts(const Result& r, double& share) const;
  void prepare_kernel();
  void set_limit();

  std::vector<Prior> priors_;
  std::vector<double> observed_;
  AbcSettings settings_;
  std::vector<AbcGeneration> done_;
  double tolerance_ = std::numeric_limits<double>::infinity();
  std::vector<double> scales_;

  // The previous generation as the proposal distribution: internal coordinates, cumulative
  // weights, and the kernel's Cholesky factor.
  std::vector<Eigen::VectorXd> ancestors_;
  std::vector<double> cumulative_weight_;
  Eigen::MatrixXd kernel_factor_;
  Eigen::LLT<Eigen::MatrixXd> kernel_llt_;

  // The generation being built.
  std::vector<std::optional<Result>> results_;
  std::uint64_t frontier_ = 0;  // every proposal below it has its result
  std::vector<std::uint64_t> accepted_;  // proposals below the frontier within tolerance, in order
  std::vector<double> accepted_share_;
  std::uint64_t limit_ = 0;
  bool complete_ = false, exhausted_ = false, finished_ = false;
  std::string stop_reason_;
  std::uint64_t simulations_used_ = 0;
};

// Weighted quantile: the smallest value whose cumulative weight reaches q of the total.
double weighted_quantile(std::vector<double> values, std::vector<double> weights, double q);

}  // namespace jimsim
