#include "app/run_command.hpp"

#include <algorithm>
#include <chrono>
#include <limits>
#include <cmath>
#include <cstdio>
#include <fmt/format.h>
#include <set>
#include <unistd.h>

#include "io/parameter_override.hpp"
#include "sim/errors.hpp"
#include "io/results_file.hpp"
#include "exec/runner.hpp"
#include "io/scenario.hpp"
#include "sim/version.hpp"

namespace jimsim {
namespace {

// Running mean and variance (Welford), so the summary needs no per-replicate storage.
struct RunningMean {
  double n = 0, mean = 0, m2 = 0;
  void add(double x) {
    n += 1;
    const double d = x - mean;
    mean += d / n;
    m2 += d * (x - mean);
  }
  // Half-width of a normal 95% interval for the mean; NaN with fewer than two values.
  double half_width() const {
    return n > 1 ? 1.96 * std::sqrt(m2 / (n - 1) / n) : std::numeric_limits<double>::quiet_NaN();
  }
};

struct ScenarioSummary {
  RunningMean placed_percent, residential_days, respite_stays, mentors_percent, cost;
};

std::string with_interval(const RunningMean& m, const char* format) {
  std::string value = fmt::format(fmt::runtime(format), m.mean);
  if (std::isnan(m.half_width())) return value;
  return value + fmt::format(" ±{}", fmt::format(fmt::runtime(format), m.half_width()));
}

void print_summary(const std::vector<PlanPoint>& scenarios, const std::vector<ScenarioSummary>& summaries,
                   int replicates) {
  std::printf("\n%-32s %16s %18s %14s %16s %16s\n", "scenario", "placed (%)", "resid. days/youth",
              "respite/100", "mentor found (%)", "cost/family (EUR)");
  for (std::size_t i = 0; i < scenarios.size(); ++i) {
    const auto& s = summaries[i];
    std::printf("%-32s %16s %18s %14s %16s %16s\n", scenarios[i].name.c_str(),
                with_interval(s.placed_percent, "{:.1f}").c_str(), with_interval(s.residential_days, "{:.1f}").c_str(),
                with_interval(s.respite_stays, "{:.1f}").c_str(), with_interval(s.mentors_percent, "{:.0f}").c_str(),
                with_interval(s.cost, "{:.0f}").c_str());
  }
  std::printf("\nMeans over %d replicates, ± the half-width of a 95%% interval for the mean. "
              "\"placed\" is youths placed at least once during follow-up.\n",
              replicates);
}

}  // namespace

int run_command(const RunCommand& command) {
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
    plan.points.push_back({scenario.name, scenario.description, file, scenario.source_text, scenario.parameters});
  }
  std::vector<ParameterOverride> overrides;
  for (const auto& assignment : command.overrides) overrides.push_back(parse_override(assignment));
  apply_overrides(plan, overrides);

  ResultsWriter writer(command.output, plan, {program_version, command.command_line}, {.overwrite = command.force});
  ExecutorSettings settings;
  settings.threads = command.threads;
  settings.cancel = command.cancel;

  std::vector<ScenarioSummary> summaries(plan.points.size());
  const bool show_progress = !command.quiet && isatty(STDERR_FILENO);
  const auto start = std::chrono::steady_clock::now();
  auto last_progress = start;
  run_replicates(
      plan, settings,
      [&](const WorkUnit& unit, ReplicateResult&& result) {
        writer.write_replicate(unit.point, unit.replicate, result);
        const Outcomes& all = result.outcomes[static_cast<std::size_t>(Subgroup::all)];
        auto& s = summaries[static_cast<std::size_t>(unit.point)];
        const double families = std::max(all.families, 1.0);
        s.placed_percent.add(100.0 * all.placed / families);
        s.residential_days.add(all.residential_days / families);
        s.respite_stays.add(100.0 * all.respite_stays / families);
        s.mentors_percent.add(100.0 * all.mentors_found / families);
        s.cost.add(all.cost_total / families);
      },
      [&](std::size_t done, std::size_t total) {
        if (!show_progress) return;
        const auto now = std::chrono::steady_clock::now();
        if (done != total && now - last_progress < std::chrono::milliseconds(200)) return;
        last_progress = now;
        const double seconds = std::chrono::duration<double>(now - start).count();
        const double eta = done > 0 ? seconds * static_cast<double>(total - done) / static_cast<double>(done) : 0.0;
        std::fprintf(stderr, "\r%zu/%zu replicates (%.0f%%), %.1f s elapsed, %.1f s to go   ", done, total,
                     100.0 * static_cast<double>(done) / static_cast<double>(total), seconds, eta);
        if (done == total) std::fputc('\n', stderr);
      });
  writer.commit();
  if (!command.quiet) {
    print_summary(plan.points, summaries, command.replicates);
    std::printf("Results written to %s\n", command.output.c_str());
  }
  return 0;
}

}  // namespace jimsim
