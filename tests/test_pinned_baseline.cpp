// The pinned baseline: every outcome and weekly series of every bundled scenario, for a fixed seed, to
// the last bit.
//
// A change that alters any simulated value fails here, so results change only on purpose: when
// they must (new draws, a new exponential, a model fix), regenerate the file in the same commit and
// say why in its message:
//   JIMSIM_REGENERATE_PINNED_BASELINE=1 build/jimsim_tests "pinned baseline*"
// Results are bit-identical on any x86-64 build and -march (README, "Reproducibility"), so the
// comparison is exact.
#include <catch2/catch.hpp>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "io/scenario.hpp"
#include "sim/replicate.hpp"
#include "sim/result_fields.hpp"

using namespace jimsim;

namespace {

const std::filesystem::path pinned_file = std::filesystem::path(JIMSIM_SOURCE_DIR) / "tests/data/pinned_baseline.csv";

// Small enough for the sanitizer build, large enough that every process acts in every scenario.
constexpr int replicates = 3;
constexpr std::uint64_t seed = 20261204;

// "scenario,field" -> the outcome summed over the replicates, printed to round-trip exactly.
std::map<std::string, std::string> simulate_bundled_scenarios() {
  std::map<std::string, std::string> values;
  for (const auto* file : {"care-as-usual.toml", "jim.toml", "jim-caseload-cap.toml", "jim-collaboration.toml",
                           "jim-consistent-crisis-policy.toml", "jim-mentor-support.toml", "jim-parent-groups.toml",
                           "jim-role-clarity.toml", "referred/care-as-usual.toml", "referred/jim.toml",
                           "region/example-region-care-as-usual.toml", "region/example-region.toml"}) {
    Scenario scenario = load_scenario(std::filesystem::path(JIMSIM_SOURCE_DIR) / "scenarios" / file);
    Parameters& p = scenario.parameters;
    if (p.intake.weekly_referrals <= 0.0) p.intake.cohort_size = 250;
    std::vector<double> totals(outcome_fields.size(), 0.0), series_totals(series_fields.size(), 0.0);
    for (std::uint32_t r = 0; r < replicates; ++r) {
      const ReplicateResult result = simulate_replicate(p, seed, r, false);
      for (std::size_t i = 0; i < outcome_fields.size(); ++i) totals[i] += field_value(result.outcomes[0], outcome_fields[i]);
      // The weekly series too (the running cost among them), summed over the weeks.
      for (std::size_t i = 0; i < series_fields.size(); ++i) {
        for (const double v : result.series.*series_fields[i].member) series_totals[i] += v;
      }
    }
    for (std::size_t i = 0; i < outcome_fields.size(); ++i) {
      values[fmt::format("{},{}", file, outcome_fields[i].name)] = fmt::format("{:.17g}", totals[i]);
    }
    for (std::size_t i = 0; i < series_fields.size(); ++i) {
      values[fmt::format("{},series.{}", file, series_fields[i].name)] = fmt::format("{:.17g}", series_totals[i]);
    }
  }
  return values;
}

std::map<std::string, std::string> read_pinned() {
  std::ifstream in(pinned_file);
  REQUIRE(in.good());
  std::map<std::string, std::string> values;
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    const auto last = line.rfind(',');
    values[line.substr(0, last)] = line.substr(last + 1);
  }
  return values;
}

}  // namespace

TEST_CASE("pinned baseline: every outcome of every bundled scenario is unchanged to the last bit", "[baseline]") {
  const auto simulated = simulate_bundled_scenarios();
  if (std::getenv("JIMSIM_REGENERATE_PINNED_BASELINE") != nullptr) {
    std::ofstream out(pinned_file);
    out << "scenario,field,sum_over_replicates\n";
    for (const auto& [key, value] : simulated) out << key << ',' << value << '\n';
    WARN("regenerated " << pinned_file.string());
    return;
  }
  const auto pinned = read_pinned();
  CHECK(pinned.size() == simulated.size());
  int differing = 0;
  for (const auto& [key, value] : simulated) {
    const auto it = pinned.find(key);
    if (it == pinned.end()) {
      FAIL_CHECK("not pinned: " << key);
    } else if (it->second != value) {
      if (++differing <= 20) FAIL_CHECK(key << ": pinned " << it->second << ", now " << value);
    }
  }
  CHECK(differing == 0);
}
