// ABC-SMC on problems whose posterior is known, the censoring-aware estimators on hand-worked
// examples, and the determinism a calibration promises: the same posterior for any thread count.
#include <catch2/catch.hpp>

#include <boost/random/normal_distribution.hpp>
#include <bit>
#include <cmath>
#include <limits>
#include <span>
#include <vector>

#include "analysis/abc_smc.hpp"
#include "analysis/calibration_statistics.hpp"
#include "analysis/survival_estimators.hpp"
#include "sim/observed_cohort.hpp"
#include "sim/replicate.hpp"
#include "exec/task_stream.hpp"

using namespace jimsim;
using Catch::Matchers::Contains;

namespace {

// The sample mean of 25 draws from normal(mu, 1): with a flat prior the posterior of mu given an
// observed mean x is normal(x, 1/25), sd 0.2. A second parameter does nothing: its posterior is
// its prior.
constexpr int sample_size = 25;
std::vector<double> sample_mean(const std::vector<double>& theta, std::uint64_t seed, std::uint32_t replicate) {
  CounterRng rng(seed, replicate, 0, Process::calibration_seed, 0);
  boost::random::normal_distribution<double> normal(theta[0], 1.0);
  double sum = 0.0;
  for (int i = 0; i < sample_size; ++i) sum += normal(rng);
  return {sum / sample_size};
}

struct ToyRun {
  std::vector<AbcGeneration> generations;
  std::string stop_reason;
  std::uint64_t simulations = 0;
};

// The loop run_calibration runs, with the toy model in place of jimsim's.
ToyRun run_toy(AbcSettings settings, int threads, double observed = 1.3) {
  std::vector<Prior> priors = {{PriorKind::uniform, -10.0, 10.0}, {PriorKind::uniform, 0.0, 1.0}};
  AbcSmc abc(priors, {observed}, settings);
  while (!abc.finished()) {
    const int t = abc.generation();
    const TaskCompute compute = [&](std::uint64_t k) {
      std::vector<double> theta = abc.propose(k);
      std::vector<double> out = theta;
      for (int r = 0; r < settings.replicates; ++r) {
        out.push_back(sample_mean(theta, abc.simulation_seed(t, k), static_cast<std::uint32_t>(r))[0]);
      }
      return out;
    };
    const TaskResultHandler on_result = [&](std::uint64_t k, std::vector<double>&& out) {
      std::vector<std::vector<double>> statistics;
      for (int r = 0; r < settings.replicates; ++r) statistics.push_back({out[2 + static_cast<std::size_t>(r)]});
      return abc.add_result(k, {out[0], out[1]}, std::move(statistics));
    };
    stream_tasks(0, abc.proposal_limit(), compute, on_result, ExecutorSettings{threads, nullptr});
    abc.close_generation();
  }
  return {abc.generations(), abc.stop_reason(), abc.simulations_used()};
}

double weighted_mean(const AbcGeneration& g, std::size_t i) {
  double sum = 0.0;
  for (const auto& p : g.particles) sum += p.weight * p.parameters[i];
  return sum;
}

double weighted_sd(const AbcGeneration& g, std::size_t i) {
  const double mean = weighted_mean(g, i);
  double sum = 0.0;
  for (const auto& p : g.particles) sum += p.weight * (p.parameters[i] - mean) * (p.parameters[i] - mean);
  return std::sqrt(sum);
}

}  // namespace

TEST_CASE("Kaplan-Meier and cumulative incidence on hand-worked follow-up", "[abc][survival]") {
  // Events at 1, 3, 3 and 5; censored at 2 and 4.
  const std::vector<FollowUp> youths = {{1, 1}, {2, 0}, {3, 1}, {3, 1}, {4, 0}, {5, 1}};
  CHECK(kaplan_meier_survival(youths, 0.5) == 1.0);
  CHECK(kaplan_meier_survival(youths, 1.0) == Approx(5.0 / 6.0));
  CHECK(kaplan_meier_survival(youths, 2.5) == Approx(5.0 / 6.0));
  CHECK(kaplan_meier_survival(youths, 3.0) == Approx(5.0 / 6.0 * 2.0 / 4.0));
  CHECK(kaplan_meier_survival(youths, 6.0) == 0.0);
  // A censoring at the time of an event counts the censored youth at risk (events first).
  const std::vector<FollowUp> tie = {{2, 0}, {2, 1}, {3, 1}};
  CHECK(kaplan_meier_survival(tie, 2.0) == Approx(2.0 / 3.0));

  // Two competing causes: cause 1 at 1 and 3, cause 2 at 2 and 5, censored at 4.
  const std::vector<FollowUp> competing = {{1, 1}, {2, 2}, {3, 1}, {4, 0}, {5, 2}};
  CHECK(cumulative_incidence(competing, 1, 1.0) == Approx(0.2));
  CHECK(cumulative_incidence(competing, 1, 10.0) == Approx(0.4));  // 1/5 + (3/5)(1/3)
  CHECK(cumulative_incidence(competing, 2, 10.0) == Approx(0.6));  // (4/5)(1/4) + (2/5)(1/1)
  for (const double week : {0.5, 1.0, 2.0, 3.5, 4.5, 10.0}) {
    // The incidences of all causes add up to one minus the all-cause survival.
    CHECK(cumulative_incidence(competing, 1, week) + cumulative_incidence(competing, 2, week) ==
          Approx(1.0 - kaplan_meier_survival(competing, week)));
  }
  // Without censoring the incidence is the plain share.
  const std::vector<FollowUp> complete = {{1, 1}, {2, 2}, {2, 1}, {7, 2}};
  CHECK(cumulative_incidence(complete, 1, 5.0) == Approx(0.5));
  CHECK(kaplan_meier_survival(std::vector<FollowUp>{}, 3.0) == 1.0);
  CHECK(cumulative_incidence(std::vector<FollowUp>{}, 1, 3.0) == 0.0);

  // Sorted once and taken at many weeks, the same values, in whatever order the youths came.
  std::vector<FollowUp> shuffled = {{5, 2}, {3, 1}, {1, 1}, {4, 0}, {2, 2}};
  const SortedFollowUps sorted = sort_follow_ups(shuffled);
  for (const double week : {0.5, 1.0, 2.0, 3.5, 4.5, 10.0}) {
    CHECK(kaplan_meier_survival(sorted, week) == kaplan_meier_survival(competing, week));
    CHECK(cumulative_incidence(sorted, 1, week) == cumulative_incidence(competing, 1, week));
    CHECK(cumulative_incidence(sorted, 2, week) == cumulative_incidence(competing, 2, week));
  }
}

TEST_CASE("a calibration's statistics computed together are each as computed alone", "[abc][statistics]") {
  // compute_statistics sorts the youths' follow-ups once per kind and count of youths and shares
  // them between the weeks: every value has the bits of that statistic computed alone.
  Parameters p;
  p.intake.cohort_size = 300;
  p.intake.arrival_window_weeks = 40.0;
  const ReplicateResult result = simulate_replicate(p, 5, 0, true);
  const ObservedCohort youths = observe_families(result.families);
  std::vector<StatisticSpec> specs;
  for (const std::size_t counted : {std::size_t{0}, std::size_t{120}}) {
    for (const auto kind : {StatisticKind::mentor_found_share, StatisticKind::placed_share,
                            StatisticKind::mentor_involved_share, StatisticKind::weeks_to_mentor_mean}) {
      specs.push_back({kind, std::numeric_limits<double>::quiet_NaN(), -1, counted});
    }
    for (const double week : {4.0, 13.0, 26.0, 52.0, 90.0}) {
      specs.push_back({StatisticKind::mentor_found_by_week, week, -1, counted});
      specs.push_back({StatisticKind::placement_free_survival, week, -1, counted});
    }
    specs.push_back({StatisticKind::mean_per_youth, std::numeric_limits<double>::quiet_NaN(), 0, counted});
  }
  const std::vector<double> together = compute_statistics(specs, youths, result.families);
  REQUIRE(together.size() == specs.size());
  std::size_t between = 0;
  for (std::size_t i = 0; i < specs.size(); ++i) {
    INFO(specs[i].name() << " over " << specs[i].youths << " youths");
    const double alone = compute_statistics(std::span(&specs[i], 1), youths, result.families).front();
    CHECK(std::bit_cast<std::uint64_t>(together[i]) == std::bit_cast<std::uint64_t>(alone));
    between += together[i] > 0.0 && together[i] < 1.0;
  }
  CHECK(between >= 10);  // shares and survivals strictly between 0 and 1: the numbers say something
  // The first 120 youths are not all 300: a follow-up shared across counts would show.
  CHECK(together[11] != together[11 + 15]);  // placement_free_survival@52
}

TEST_CASE("weighted quantiles", "[abc]") {
  CHECK(weighted_quantile({3, 1, 2}, {1, 1, 1}, 0.5) == 2.0);
  CHECK(weighted_quantile({3, 1, 2}, {0.1, 0.1, 0.8}, 0.5) == 2.0);
  CHECK(weighted_quantile({3, 1, 2}, {0.8, 0.1, 0.1}, 0.5) == 3.0);
  CHECK(weighted_quantile({5}, {1}, 0.05) == 5.0);
}

TEST_CASE("ABC-SMC with several replicates per particle keeps narrowing its tolerance", "[abc]") {
  // A particle is kept when any replicate is within tolerance; the others are fresh noise. The next
  // tolerance comes from the replicates that were within: taken over all of a particle's
  // replicates it settled at the noise level.
  AbcSettings settings;
  settings.particles = 400;
  settings.replicates = 3;
  settings.max_generations = 9;
  settings.seed = 11;
  const ToyRun run = run_toy(settings, 2);
  REQUIRE(run.generations.size() == 9);
  const auto in_units = [&](std::size_t g) { return run.generations[g].tolerance * run.generations[g].scales[0]; };
  // In the statistic's units: about halved each generation to the end (0.33, 0.18, 0.086, 0.046
  // here; taken over all replicates it went 0.36, 0.21, 0.16, 0.13).
  for (std::size_t g = 6; g < 9; ++g) CHECK(in_units(g) < 0.67 * in_units(g - 1));
  CHECK(in_units(8) < 0.08);
  const AbcGeneration& last = run.generations.back();
  CHECK(weighted_mean(last, 0) == Approx(1.3).margin(0.05));
  CHECK(weighted_sd(last, 0) > 0.16);
  CHECK(weighted_sd(last, 0) < 0.26);
}

TEST_CASE("ABC-SMC finds the known posterior of a normal mean and leaves an idle parameter at its prior", "[abc]") {
  AbcSettings settings;
  settings.particles = 400;
  settings.max_generations = 9;
  settings.seed = 7;
  const ToyRun run = run_toy(settings, 2);
  REQUIRE(run.generations.size() == 9);
  CHECK_THAT(run.stop_reason, Contains("max_generations"));
  const AbcGeneration& last = run.generations.back();
  // Posterior normal(1.3, 0.2); ABC adds the tolerance's spread, which is small by now.
  CHECK(weighted_mean(last, 0) == Approx(1.3).margin(0.05));
  CHECK(weighted_sd(last, 0) > 0.16);
  CHECK(weighted_sd(last, 0) < 0.26);
  // The idle parameter: uniform(0, 1), mean 0.5, sd 0.289.
  CHECK(weighted_mean(last, 1) == Approx(0.5).margin(0.06));
  CHECK(weighted_sd(last, 1) == Approx(1.0 / std::sqrt(12.0)).margin(0.04));
  // Tolerances shrink in the statistic's own units (the scaled tolerance may not: the scale adapts
  // too); weights sum to one.
  for (std::size_t g = 2; g < run.generations.size(); ++g) {
    const auto& now = run.generations[g];
    const auto& before = run.generations[g - 1];
    CHECK(now.tolerance * now.scales[0] < before.tolerance * before.scales[0]);
  }
  double total = 0.0;
  for (const auto& p : last.particles) total += p.weight;
  CHECK(total == Approx(1.0));
  CHECK(last.effective_sample_size > 100.0);
  CHECK(last.effective_sample_size <= 400.0);
  std::uint64_t simulations = 0;
  for (const auto& g : run.generations) simulations += g.simulations;
  CHECK(simulations == run.simulations);
}

TEST_CASE("ABC-SMC gives the same posterior whatever the number of threads", "[abc]") {
  AbcSettings settings;
  settings.particles = 100;
  settings.max_generations = 5;
  settings.replicates = 2;
  settings.seed = 11;
  const ToyRun one = run_toy(settings, 1);
  const ToyRun three = run_toy(settings, 3);
  REQUIRE(one.generations.size() == three.generations.size());
  CHECK(one.simulations == three.simulations);
  for (std::size_t g = 0; g < one.generations.size(); ++g) {
    const auto& a = one.generations[g];
    const auto& b = three.generations[g];
    CHECK(a.tolerance == b.tolerance);
    CHECK(a.proposals == b.proposals);
    REQUIRE(a.particles.size() == b.particles.size());
    for (std::size_t i = 0; i < a.particles.size(); ++i) {
      CHECK(a.particles[i].parameters == b.particles[i].parameters);
      CHECK(a.particles[i].weight == b.particles[i].weight);
      CHECK(a.particles[i].proposal == b.particles[i].proposal);
    }
  }
  // With two replicates a proposal with one of them inside the tolerance counts half.
  bool half = false;
  for (const auto& p : one.generations.back().particles) half = half || p.accepted_share == 0.5;
  CHECK(half);
}

TEST_CASE("ABC-SMC stops within its simulation budget and at its minimum acceptance rate", "[abc]") {
  AbcSettings settings;
  settings.particles = 50;
  settings.max_generations = 50;
  settings.max_simulations = 700;
  const ToyRun budget = run_toy(settings, 2);
  CHECK(budget.simulations <= 700);
  CHECK_THAT(budget.stop_reason, Contains("budget"));

  settings.max_simulations = 0;
  settings.min_acceptance_rate = 0.2;
  const ToyRun rate = run_toy(settings, 2);
  CHECK_THAT(rate.stop_reason, Contains("acceptance"));
  for (const auto& g : rate.generations) CHECK(g.acceptance_rate >= 0.2);

  settings.max_simulations = 60;
  CHECK_THROWS_WITH(run_toy(settings, 1), Contains("budget of 60"));
}

TEST_CASE("a tiny minimum acceptance rate does not overflow the proposal limit", "[abc]") {
  // particles / rate is past 2^64: the rate then sets no limit (the conversion gave 0 proposals,
  // and generation 1 could not close).
  AbcSettings settings;
  settings.particles = 200;
  settings.max_generations = 2;
  settings.min_acceptance_rate = 1e-17;
  const ToyRun run = run_toy(settings, 1);
  CHECK(run.generations.size() == 2);
  CHECK_THAT(run.stop_reason, Contains("max_generations"));
}
