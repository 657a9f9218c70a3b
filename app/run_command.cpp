#include "app/run_command.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fmt/format.h>
#include <limits>
#include <set>

#include "analysis/comparison.hpp"
#include "analysis/posterior_file.hpp"
#include "app/execute_plan.hpp"
#include "io/parameter_override.hpp"
#include "io/results_file.hpp"
#include "io/scenario.hpp"
#include "sim/errors.hpp"

namespace jimsim {
namespace {

// The summary's intervals are those of `jimsim compare` (analysis/comparison.hpp), so the two never
// disagree about how precisely a mean is known.
std::string with_interval(const std::vector<double>& values, const char* format) {
  const Estimate e = estimate(values);
  std::string value = fmt::format(fmt::runtime(format), e.mean);
  if (std::isnan(e.mean_upper)) return value;  // fewer than two replicates
  return value + fmt::format(" ±{}", fmt::format(fmt::runtime(format), (e.mean_upper - e.mean_lower) / 2));
}

// The outcome fields print_summary reads: only these are read back from the results file (read
// whole, weekly series and all, it made a two-thread run of 500 families x 1000 take 1.125 times
// as long as with -q).
constexpr std::string_view summary_fields[] = {"families", "placed", "residential_days", "respite_stays", "mentors_found",
                                               "cost_total"};

// The summary table, from the file as written: a resumed run's earlier units count too.
void print_summary(const ResultsFile& results) {
  std::printf("\n%-32s %16s %18s %14s %16s %16s\n", "scenario", "placed (%)", "resid. days/youth", "respite/100",
              "mentor found (%)", "cost/family (EUR)");
  std::size_t fewest = std::numeric_limits<std::size_t>::max(), most = 0;
  for (const auto& scenario : results.scenarios) {
    std::vector<double> placed, residential, respite, mentors, cost;
    for (std::size_t r = 0; r < scenario.outcomes.size(); ++r) {
      if (scenario.unit_status[r] != unit_status_done) continue;
      const Outcomes& all = scenario.outcomes[r][static_cast<std::size_t>(Subgroup::all)];
      const double families = std::max(all.families, 1.0);
      placed.push_back(100.0 * all.placed / families);
      residential.push_back(all.residential_days / families);
      respite.push_back(100.0 * all.respite_stays / families);
      mentors.push_back(100.0 * all.mentors_found / families);
      cost.push_back(all.cost_total / families);
    }
    fewest = std::min(fewest, placed.size());
    most = std::max(most, placed.size());
    std::printf("%-32s %16s %18s %14s %16s %16s\n", scenario.name.c_str(), with_interval(placed, "{:.1f}").c_str(),
                with_interval(residential, "{:.1f}").c_str(), with_interval(respite, "{:.1f}").c_str(),
                with_interval(mentors, "{:.0f}").c_str(), with_interval(cost, "{:.0f}").c_str());
  }
  // Failed units leave fewer replicates in some scenarios.
  const std::string replicates = fewest >= most ? std::to_string(most) : fmt::format("{} to {}", fewest, most);
  std::printf("\nMeans ± the half-width of the %g%% interval of the mean, Student t over %s replicates. "
              "\"placed\" is youths placed at least once during follow-up.\n",
              100 * interval_level, replicates.c_str());
}

// Parameter uncertainty from a calibration: replicate r of every scenario runs with the posterior
// particle drawn for r. A calibrated parameter that the scenarios set differently would be a policy
// lever the posterior overrides, so the run is refused.
void attach_posterior(RunPlan& plan, const std::string& file) {
  const Posterior posterior = read_posterior(file);
  for (const auto& key : posterior.keys) {
    const ParameterSpec* spec = find_parameter(key);
    if (spec == nullptr) throw InputError(fmt::format("{}: the posterior's parameter {} is not a parameter of this jimsim", file, key));
    for (const auto& point : plan.points) {
      if (spec->get(point.parameters) != spec->get(plan.points.front().parameters)) {
        throw InputError(fmt::format(
            "{}: the scenarios {} and {} set {} differently, but the posterior gives it a value per replicate; a "
            "calibrated parameter cannot also be a policy lever in the same run",
            file, plan.points.front().name, point.name, key));
      }
    }
  }
  auto draws = std::make_shared<PosteriorDraws>(
      draw_posterior(posterior.keys, posterior.particles, posterior.weights, plan.replicates, plan.seed));
  draws->source = file;
  draws->fingerprint = posterior.fingerprint;
  plan.posterior = std::move(draws);
  // Every replicate's parameters must make a valid scenario.
  for (int r = 0; r < plan.replicates; ++r) {
    for (std::size_t p = 0; p < plan.points.size(); ++p) {
      const auto problems = check_parameter_consistency(unit_parameters(plan, {static_cast<int>(p), r}));
      if (!problems.empty()) {
        throw InputError(fmt::format("{}: replicate {} of scenario {} with its posterior draw breaks a rule: {}: {}", file,
                                     r, plan.points[p].name, problems.front().key, problems.front().reason));
      }
    }
  }
}

}  // namespace

RunPlan scenario_plan(const RunCommand& command) {
  RunPlan plan;
  plan.replicates = command.replicates;
  plan.seed = command.seed;
  plan.family_records = command.family_records;
  std::set<std::string> names;
  for (const auto& file : command.scenario_files) {
    Scenario scenario = load_scenario(file);
    if (!names.insert(scenario.name).second) {
      throw InputError(fmt::format("{}: scenario name '{}' is used twice in this run; set [scenario] name to tell "
                                   "them apart",
                                   file, scenario.name));
    }
    plan.points.push_back({scenario.name, scenario.description, file, scenario.source_text, scenario.parameters, {}});
  }
  std::vector<ParameterOverride> overrides;
  for (const auto& assignment : command.overrides) overrides.push_back(parse_override(assignment));
  apply_overrides(plan, overrides);
  if (!command.posterior.empty()) attach_posterior(plan, command.posterior);
  return plan;
}

int run_command(const RunCommand& command) {
  const RunPlan plan = scenario_plan(command);
  const auto summary = execute_plan(plan, command.execution);
  if (command.execution.mpi != nullptr && command.execution.mpi->rank() > 0) return 0;
  if (!command.execution.quiet) {
    if (command.execution.shard.count == 1) print_summary(read_results_outcomes(command.execution.output, summary_fields));
    if (summary.failed > 0) std::printf("%zu units failed: see /failures in the results file.\n", summary.failed);
    std::printf("Results written to %s\n", command.execution.output.c_str());
  }
  return 0;
}

}  // namespace jimsim
