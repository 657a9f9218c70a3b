#include "app/compare_command.hpp"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fmt/format.h>
#include <fstream>

#include "analysis/comparison.hpp"
#include "analysis/comparison_file.hpp"
#include "analysis/decision_analysis.hpp"
#include "analysis/decision_text.hpp"
#include "analysis/repricing.hpp"
#include "sim/errors.hpp"
#include "io/atomic_file.hpp"
#include "io/results_file.hpp"

namespace jimsim {
namespace fs = std::filesystem;

namespace {

// Writes `text` to `path` through a temporary file, refusing to replace an existing file unless
// `force`.
void write_text_file(const fs::path& path, const std::string& text, bool force) {
  AtomicFile out(path, force);
  std::ofstream stream(out.temporary(), std::ios::binary);
  stream << text;
  stream.close();
  if (!stream) throw OutputError(fmt::format("{}: cannot write: {}", path.string(), std::strerror(errno)));
  out.commit();
}

}  // namespace

int compare_command(const CompareCommand& command) {
  std::vector<PriceChange> changes;
  for (const auto& text : command.prices) changes.push_back(parse_price_change(text));
  ResultsFile results = read_results(command.results_file);
  if (!changes.empty()) results = repriced(std::move(results), changes);
  if (results.scenarios.empty()) throw InputError(fmt::format("{} holds no scenarios", command.results_file));
  const std::string baseline = command.baseline.empty() ? results.scenarios.front().name : command.baseline;
  Comparison comparison = compare_scenarios(results, baseline);
  comparison.price_changes = command.prices;
  DecisionSettings settings;
  settings.effect = command.effect;
  if (!command.wtp.empty()) settings.wtp_grid = parse_wtp_grid(command.wtp);
  if (!command.decision_wtp.empty()) {
    const auto decision = parse_wtp_grid(command.decision_wtp);
    if (decision.size() != 1) throw InputError("--decision-wtp takes one amount");
    settings.decision_wtp = decision.front();
  } else if (settings.wtp_grid.size() == 1) {
    settings.decision_wtp = settings.wtp_grid.front();
    settings.wtp_grid = {};  // one amount decides; the curves keep the default grid
  }
  DecisionTables tables;
  tables.decision = analyse_decision(results, baseline, settings);
  const bool yearly = std::all_of(results.scenarios.begin(), results.scenarios.end(),
                                  [](const ScenarioResults& s) { return s.by_year.size() == s.outcomes.size(); });
  if (yearly) tables.budget = budget_impact(results, baseline, {command.population, command.years});
  const bool alternatives = results.scenarios.size() >= 2;
  if (alternatives) tables.tornado = price_tornado(results, baseline, settings.effect, settings.decision_wtp);
  const DecisionAnalysis& decision = tables.decision;
  std::fputs(comparison_table_text(comparison, command.subgroups).c_str(), stdout);
  std::fputs(decision_table_text(decision, command.subgroups).c_str(), stdout);
  const std::string examined = decision.best_scenario == baseline ? tables.tornado.scenario : decision.best_scenario;
  if (yearly) {
    std::fputs(budget_impact_text(tables.budget, baseline, examined).c_str(), stdout);
  } else {
    std::fputs("\nNo budget impact: the file holds no resource use by year since intake (a run that kept no time "
               "series). Run the scenarios again with series kept (the default of `jimsim run`).\n",
               stdout);
  }
  if (alternatives) std::fputs(tornado_text(tables.tornado, decision.effect_unit_label).c_str(), stdout);
  if (!command.csv.empty()) {
    write_text_file(command.csv, comparison_csv(comparison) + decision_csv_rows(decision) + budget_csv_rows(tables.budget),
                    command.force);
    std::printf("Comparison written to %s\n", command.csv.c_str());
  }
  if (command.write_into_results) {
    // Everything is printed by now: say that only the storing failed, and how to do without it.
    std::fflush(stdout);  // the message below ends up after the comparison, also when both go to one pipe
    const auto not_stored = [&](const std::string& why) {
      return OutputError(fmt::format("{}; the comparison was printed above but not stored in the results file "
                                     "(use --no-store to compare without storing)", why));
    };
    // The update writes a copy beside the file and renames it over the file (io/results_update.hpp).
    const fs::path stored = fs::weakly_canonical(fs::absolute(command.results_file));
    for (const fs::path& needed : {stored, stored.parent_path()}) {
      if (::access(needed.c_str(), W_OK) != 0) {
        const int error = errno;
        throw not_stored(fmt::format("{}: cannot be written ({}: {})", command.results_file,
                                     needed == stored ? "the file" : "its directory", std::strerror(error)));
      }
    }
    try {
      write_comparison(command.results_file, comparison, &tables);
    } catch (const OutputError& e) {
      throw not_stored(e.what());
    }
    std::printf("Comparison stored in %s (group /comparison, baseline %s)\n", command.results_file.c_str(),
                baseline.c_str());
  }
  return 0;
}

}  // namespace jimsim
