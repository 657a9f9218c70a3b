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

#include <bit>
#include <cstdint>
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

// Adds `label`'s outcomes and weekly series, summed over the replicates, printed to round-trip
// exactly, as "label,field" -> value.
// A sum's rounding can hide a change in the last bits of one of its terms (a weekly running cost
// of a million euro, summed over the weeks), so the bits of every value also go into one hash,
// with those of every subgroup's outcomes and the resource use by year, which are not summed.
void simulate(const std::string& label, const Parameters& p, std::map<std::string, std::string>& values) {
  std::vector<double> totals(outcome_fields.size(), 0.0), series_totals(series_fields.size(), 0.0);
  std::uint64_t bits_hash = 0xcbf29ce484222325ull;  // FNV-1a, 64 bits, over the values' bytes
  const auto hash = [&](double v) {
    const auto bits = std::bit_cast<std::uint64_t>(v);
    for (int byte = 0; byte < 8; ++byte) bits_hash = (bits_hash ^ ((bits >> (8 * byte)) & 0xFFu)) * 0x100000001b3ull;
  };
  for (std::uint32_t r = 0; r < replicates; ++r) {
    const ReplicateResult result = simulate_replicate(p, seed, r, false);
    for (std::size_t i = 0; i < outcome_fields.size(); ++i) {
      const double v = field_value(result.outcomes[0], outcome_fields[i]);
      totals[i] += v;
      hash(v);
    }
    // The weekly series too (the running cost among them), summed over the weeks.
    for (std::size_t i = 0; i < series_fields.size(); ++i) {
      for (const double v : result.series.*series_fields[i].member) {
        series_totals[i] += v;
        hash(v);
      }
    }
    // Into the hash only: every subgroup's outcomes and the resource use by year.
    for (std::size_t g = 1; g < result.outcomes.size(); ++g) {
      for (const auto& field : outcome_fields) hash(field_value(result.outcomes[g], field));
    }
    for (const ResourceUseYear& year : result.by_year) {
      for (const auto& field : resource_use_fields) hash(field_value(year, field));
    }
  }
  values[fmt::format("{},bits of every outcome of every subgroup, weekly value and year's resource use (FNV-1a)", label)] = fmt::format("{:016x}", bits_hash);
  for (std::size_t i = 0; i < outcome_fields.size(); ++i) {
    values[fmt::format("{},{}", label, outcome_fields[i].name)] = fmt::format("{:.17g}", totals[i]);
  }
  for (std::size_t i = 0; i < series_fields.size(); ++i) {
    values[fmt::format("{},series.{}", label, series_fields[i].name)] = fmt::format("{:.17g}", series_totals[i]);
  }
}

Parameters bundled(const std::string& file) {
  Parameters p = load_scenario(std::filesystem::path(JIMSIM_SOURCE_DIR) / "scenarios" / file).parameters;
  if (p.intake.weekly_referrals <= 0.0) p.intake.cohort_size = 250;
  return p;
}

std::map<std::string, std::string> simulate_bundled_scenarios() {
  std::map<std::string, std::string> values;
  for (const auto* file : {"care-as-usual.toml", "jim.toml", "jim-caseload-cap.toml", "jim-collaboration.toml",
                           "jim-consistent-crisis-policy.toml", "jim-mentor-support.toml", "jim-parent-groups.toml",
                           "jim-role-clarity.toml", "referred/care-as-usual.toml", "referred/jim.toml",
                           "region/example-region-care-as-usual.toml", "region/example-region.toml"}) {
    simulate(file, bundled(file), values);
  }
  // Every kind of cost at once, at prices whose sums round: the running cost's bits then depend on
  // the order in which a step adds them (hours, idle staff, parent groups, crises, mentors), which
  // the round prices of the bundled scenarios leave unseen (their parent-group charges add exactly).
  Parameters p = bundled("jim-parent-groups.toml");
  p.costs.parent_group_week = 37.137;
  p.costs.respite_day = 61.91;
  p.costs.role_meeting = 91.77;
  p.costs.staff_employed = true;
  p.mentor_dynamics.role_clarity_start_meeting = true;
  p.case_closure.role_clarity_end_meeting = true;
  simulate("jim-parent-groups.toml with every cost at awkward prices", p, values);
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
