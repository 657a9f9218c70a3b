// What the results-file tests share (test_results_file.cpp, test_results_file_errors.cpp): a
// hand-made plan of two scenarios, results made for it, writing them as jimsim run would, and
// checking a file read back against them.
#pragma once

#include <hdf5.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <bit>
#include <catch2/catch.hpp>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <fstream>
#include <functional>
#include <iterator>
#include <limits>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "sim/errors.hpp"
#include "sim/outcomes.hpp"
#include "sim/parameters.hpp"
#include "sim/replicate.hpp"
#include "io/results_file.hpp"
#include "io/scenario.hpp"

namespace jimsim::results_file_testing {

namespace fs = std::filesystem;

inline fs::path source_dir() {
#ifdef JIMSIM_SOURCE_DIR
  return fs::path(JIMSIM_SOURCE_DIR);
#else
  return fs::absolute(fs::path(__FILE__)).parent_path().parent_path();
#endif
}

// A fresh directory for one test, removed afterwards.
struct TempDir {
  fs::path path;
  TempDir() {
    static std::atomic<int> counter{0};
    path = fs::temp_directory_path() / fmt::format("jimsim-test-results-{}-{}", ::getpid(), counter++);
    fs::remove_all(path);
    fs::create_directories(path);
  }
  ~TempDir() {
    std::error_code ignored;
    fs::remove_all(path, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  std::vector<std::string> entries() const {
    std::vector<std::string> names;
    for (const auto& entry : fs::directory_iterator(path)) names.push_back(entry.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
  }
};

inline std::string read_bytes(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

inline void write_text(const fs::path& file, const std::string& text) {
  std::ofstream out(file, std::ios::binary);
  out << text;
}

// Equal including NaN (family records use NaN for "never").
inline bool same(double a, double b) { return std::bit_cast<std::uint64_t>(a) == std::bit_cast<std::uint64_t>(b); }

inline int steps_of(const Parameters& p) {
  return static_cast<int>(std::ceil(p.simulation.horizon_weeks / p.simulation.time_step_weeks - 1e-9));
}

// Two scenarios with non-default parameters; their names sort the other way round from run order.
inline std::vector<Scenario> make_scenarios() {
  std::vector<Scenario> scenarios(2);
  auto& care = scenarios[0];
  care.name = "zeta-care-as-usual";
  care.description = "care as usual: no mentor (ü for UTF-8)";
  care.file = "scenarios/care-as-usual.toml";
  care.inheritance = {care.file};
  care.source_text = "# file: scenarios/care-as-usual.toml\n[mentor_search]\nenabled = false\n";
  care.parameters.mentor_search.enabled = false;
  care.parameters.simulation.time_step_weeks = 2.0;
  care.parameters.simulation.horizon_weeks = 53.0;  // 27 steps, the last one partial
  care.parameters.intake.cohort_size = 7;
  care.parameters.costs.basic_hour = 12.345678901234567;
  care.parameters.crisis.base_hazard = 0.1 + 0.2;  // not a short decimal

  auto& jim = scenarios[1];
  jim.name = "alpha-jim";
  jim.description = "";
  jim.file = "scenarios/jim.toml";
  jim.inheritance = {"scenarios/base.toml", jim.file};
  jim.source_text = "# file: scenarios/base.toml\n[intake]\ncohort_size = 5\n# file: scenarios/jim.toml\n"
                    "[scenario]\nbase = \"base.toml\"\n[mentor_dynamics]\nrole_clarity_start_meeting = true\n";
  jim.parameters.intake.cohort_size = 5;
  jim.parameters.mentor_dynamics.role_clarity_start_meeting = true;
  jim.parameters.professionals.caseload_cap = 12;
  jim.parameters.simulation.horizon_weeks = 10.0;
  return scenarios;
}

// A replicate result whose every number says where it belongs.
inline ReplicateResult make_result(int scenario, int replicate, const Parameters& p, int families) {
  const int steps = steps_of(p);
  ReplicateResult result;
  for (int g = 0; g < subgroup_count; ++g) {
    auto& o = result.outcomes[static_cast<std::size_t>(g)];
    double k = 0.0;
    const double base = scenario * 1e6 + replicate * 1e4 + g * 100;
#define JIMSIM_TEST_SET(name, unit, meaning) o.name = base + (k += 1.0) + 0.125;
    JIMSIM_OUTCOME_FIELDS(JIMSIM_TEST_SET)
#undef JIMSIM_TEST_SET
  }
  double s = 0.0;
#define JIMSIM_TEST_SERIES(name, unit, meaning)                                         \
  s += 1.0;                                                                             \
  for (int t = 0; t < steps; ++t) {                                                     \
    result.series.name.push_back(scenario * 1e6 + replicate * 1e4 + s * 1000 + t / 7.0); \
  }
  JIMSIM_SERIES_FIELDS(JIMSIM_TEST_SERIES)
#undef JIMSIM_TEST_SERIES
  result.by_year.resize(static_cast<std::size_t>(year_count(p)));
  for (std::size_t y = 0; y < result.by_year.size(); ++y) {
    double k = 0.0;
    const double base = scenario * 1e6 + replicate * 1e4 + static_cast<double>(y) * 100;
#define JIMSIM_TEST_SET(name, unit, meaning) result.by_year[y].name = base + (k += 1.0) + 0.25;
    JIMSIM_RESOURCE_USE_FIELDS(JIMSIM_TEST_SET)
#undef JIMSIM_TEST_SET
  }
  for (int f = 0; f < families; ++f) {
    FamilyRecord record;
    double k = 0.0;
    const double base = scenario * 1e6 + replicate * 1e4 + f * 100;
#define JIMSIM_TEST_SET(name, unit, meaning) record.name = base + (k += 1.0) + 0.5;
    JIMSIM_FAMILY_FIELDS(JIMSIM_TEST_SET)
#undef JIMSIM_TEST_SET
    if (f % 2 == 0) record.first_placement_week = std::numeric_limits<double>::quiet_NaN();
    result.families.push_back(record);
  }
  return result;
}

// Families per replicate: differs between replicates, and replicate 1 of scenario 0 has none.
inline int family_count(int scenario, int replicate) { return scenario == 0 && replicate == 1 ? 0 : 3 + replicate + scenario; }

inline RunInfo make_run(int replicates, bool family_records) {
  RunInfo run;
  run.program_version = "0.1.0+test";
  run.command_line = "jimsim run --seed 18446744073709551615 scenarios/care-as-usual.toml scenarios/jim.toml";
  run.seed = std::numeric_limits<std::uint64_t>::max();
  run.replicates = replicates;
  run.family_records = family_records;
  return run;
}

// The plan and provenance a run of these scenarios would have.
inline RunPlan plan_from(const RunInfo& run, const std::vector<Scenario>& scenarios) {
  RunPlan plan;
  plan.seed = run.seed;
  plan.replicates = run.replicates;
  plan.family_records = run.family_records;
  for (const auto& s : scenarios) {
    plan.points.push_back({s.name, s.description, s.file.string(), s.source_text, s.parameters});
  }
  return plan;
}
inline Provenance provenance_of(const RunInfo& run) { return {run.program_version, run.command_line}; }

// Writes a complete file, units in the order given (scenario, replicate pairs).
inline void write_file(const fs::path& file, const RunInfo& run, const std::vector<Scenario>& scenarios,
                const std::vector<std::pair<int, int>>& order, bool overwrite = false, int threads = 1) {
  ResultsWriter writer(file, plan_from(run, scenarios), provenance_of(run), {.overwrite = overwrite, .threads = threads});
  for (const auto& [s, r] : order) {
    writer.write_replicate(s, r, make_result(s, r, scenarios[static_cast<std::size_t>(s)].parameters, family_count(s, r)));
  }
  writer.commit();
}

inline std::vector<std::pair<int, int>> in_order(int scenarios, int replicates) {
  std::vector<std::pair<int, int>> order;
  for (int s = 0; s < scenarios; ++s) {
    for (int r = 0; r < replicates; ++r) order.emplace_back(s, r);
  }
  return order;
}

// The first field in which two family records differ, or "" when they are the same.
inline std::string first_difference(const FamilyRecord& a, const FamilyRecord& b) {
#define JIMSIM_TEST_COMPARE(name, unit, meaning) \
  if (!same(a.name, b.name)) return fmt::format("{}: {} != {}", #name, a.name, b.name);
  JIMSIM_FAMILY_FIELDS(JIMSIM_TEST_COMPARE)
#undef JIMSIM_TEST_COMPARE
  return {};
}

// Everything written comes back.
inline void check_round_trip(const ResultsFile& results, const RunInfo& run, const std::vector<Scenario>& scenarios) {
  CHECK(results.format_version == results_format_version);
  CHECK(results.run.program_version == run.program_version);
  CHECK(results.run.command_line == run.command_line);
  CHECK(results.run.seed == run.seed);
  CHECK(results.run.replicates == run.replicates);
  CHECK(results.run.family_records == run.family_records);
  REQUIRE(results.scenarios.size() == scenarios.size());
  for (std::size_t s = 0; s < scenarios.size(); ++s) {
    const auto& in = scenarios[s];
    const auto& out = results.scenarios[s];
    INFO("scenario " << in.name);
    CHECK(out.name == in.name);
    CHECK(out.description == in.description);
    CHECK(out.source_text == in.source_text);
    CHECK(out.resolved_parameters == parameters_to_toml(in.parameters));
    CHECK(out.parameters == in.parameters);
    REQUIRE(out.outcomes.size() == static_cast<std::size_t>(run.replicates));
    REQUIRE(out.series.size() == static_cast<std::size_t>(run.replicates));
    REQUIRE(out.by_year.size() == static_cast<std::size_t>(run.replicates));
    REQUIRE(out.families.size() == (run.family_records ? static_cast<std::size_t>(run.replicates) : 0));
    for (int r = 0; r < run.replicates; ++r) {
      INFO("replicate " << r);
      const auto expected = make_result(static_cast<int>(s), r, in.parameters, family_count(static_cast<int>(s), r));
      const auto ri = static_cast<std::size_t>(r);
      CHECK(out.outcomes[ri] == expected.outcomes);
#define JIMSIM_TEST_CHECK(name, unit, meaning) \
  INFO(#name);                                 \
  CHECK(out.series[ri].name == expected.series.name);
      JIMSIM_SERIES_FIELDS(JIMSIM_TEST_CHECK)
#undef JIMSIM_TEST_CHECK
      CHECK(out.by_year[ri] == expected.by_year);
      if (run.family_records) {
        REQUIRE(out.families[ri].size() == expected.families.size());
        for (std::size_t f = 0; f < expected.families.size(); ++f) {
          INFO("family " << f);
          CHECK(first_difference(out.families[ri][f], expected.families[f]).empty());
        }
      }
    }
  }
}

template <class Exception>
inline std::string message_of(const std::function<void()>& action) {
  try {
    action();
  } catch (const Exception& error) {
    return error.what();
  }
  FAIL("no exception thrown");
  return {};
}

// The body of one docs section: from its heading to the next heading.
inline std::string docs_section(const std::string& docs, const std::string& heading) {
  const auto start = docs.find("\n" + heading + "\n");
  if (start == std::string::npos) return {};
  const auto end = docs.find("\n#", start + heading.size() + 2);
  return docs.substr(start, end == std::string::npos ? std::string::npos : end - start);
}

// The field rows of a markdown table: lines starting with "| `".
inline std::vector<std::string> field_rows(const std::string& section) {
  std::vector<std::string> rows;
  std::istringstream lines(section);
  for (std::string line; std::getline(lines, line);) {
    if (line.starts_with("| `")) rows.push_back(line);
  }
  return rows;
}

}  // namespace jimsim::results_file_testing
