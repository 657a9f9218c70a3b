// The posterior file: written atomically, read back bit for bit, refused when it is not one, and
// never left half-written. A small hand-made calibration outcome stands in for `jimsim calibrate`.
// The test "the example posterior file for the Python and R readers" also writes the file that
// tests/read_posterior_everywhere.py checks without jimsim (tests/python/CMakeLists.txt).
#include <catch2/catch.hpp>

#include <hdf5.h>

#include <bit>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <limits>

#include "analysis/calibration_run.hpp"
#include "analysis/posterior_file.hpp"
#include "io/results_hdf5.hpp"
#include "sim/errors.hpp"
#include "tests/cli_testing.hpp"
#include "tests/file_limit_testing.hpp"

namespace fs = std::filesystem;
using namespace jimsim;
using namespace jimsim::testing;

namespace {

CalibrationPlan small_plan() {
  CalibrationPlan plan;
  plan.name = "mentor-and-crisis";
  plan.description = "Mentor search and crisis rates fitted to a cohort";
  plan.source_text = "[calibration]\nscenario = \"jim.toml\"\n\n[free]\nmentor_search.weekly_hazard = "
                     "{ prior = \"uniform\", min = 0.05, max = 1.0 }\n";
  plan.evidence_text = "cohort of 120 youths; content digest 0123456789abcdef";
  plan.free = {{"mentor_search.weekly_hazard", Prior{PriorKind::uniform, 0.05, 1.0, 0.0, 10.0}},
               {"crisis.base_hazard", Prior{PriorKind::log_normal, 0.05, 0.5, 0.0, 10.0}}};
  plan.statistics = {StatisticSpec{.kind = StatisticKind::mentor_found_share},
                     StatisticSpec{.kind = StatisticKind::placement_free_survival, .week = 52.0},
                     StatisticSpec{.kind = StatisticKind::weeks_to_mentor_mean}};
  plan.observed = {0.625, 0.8083333333333333, 3.1};
  plan.abc.particles = 5;
  plan.abc.seed = 20240601;
  return plan;
}

// Values chosen to need every bit of a double (0.1 + 0.2, thirds, the smallest step above 0.3).
CalibrationOutcome small_outcome(const CalibrationPlan& plan) {
  CalibrationOutcome outcome;
  for (const auto& f : plan.free) outcome.parameter_keys.push_back(f.key);
  for (const auto& s : plan.statistics) outcome.statistic_names.push_back(s.name());
  outcome.observed = plan.observed;
  for (int t = 0; t < 2; ++t) {
    AbcGeneration g;
    g.index = t;
    g.tolerance = t == 0 ? std::numeric_limits<double>::infinity() : 1.0 / 3.0;
    g.scales = {0.05 + t * 0.01, 0.04, 1.5 - t * 0.25};
    for (int i = 0; i < 5; ++i) {
      const double x = 0.1 + 0.2 + i / 7.0 + t / 11.0;
      g.particles.push_back({.parameters = {x, std::nextafter(0.3, 1.0) / (i + 1)},
                             .weight = t == 0 ? 0.2 : (i + 1) / 15.0,
                             .distance = 0.1 * i + t / 3.0,
                             .accepted_share = t == 0 ? 1.0 : 0.5,
                             .proposal = static_cast<std::uint64_t>(3 * i + t)});
    }
    g.proposals = 5 + 10 * static_cast<std::uint64_t>(t);
    g.simulations = g.proposals;
    g.acceptance_rate = 5.0 / static_cast<double>(g.proposals);
    g.effective_sample_size = t == 0 ? 5.0 : 4.090909090909091;
    outcome.generations.push_back(g);
  }
  outcome.stop_reason = "reached max_generations (2)";
  outcome.simulations = 20;
  outcome.posterior = {{.key = "mentor_search.weekly_hazard", .prior = plan.free[0].prior.describe(), .mean = 0.62,
                        .median = 0.6, .lower_90 = 0.41, .upper_90 = 0.88, .prior_mean = 0.52,
                        .prior_lower_90 = 0.1, .prior_upper_90 = 0.95},
                       {.key = "crisis.base_hazard", .prior = plan.free[1].prior.describe(), .mean = 0.07,
                        .median = 0.06, .lower_90 = 0.03, .upper_90 = 0.12, .prior_mean = 0.056,
                        .prior_lower_90 = 0.022, .prior_upper_90 = 0.11}};
  outcome.correlation = {{1.0, -0.4}, {-0.4, 1.0}};
  for (std::size_t s = 0; s < plan.statistics.size(); ++s) {
    outcome.predictive.push_back({.statistic = outcome.statistic_names[s], .unit = plan.statistics[s].unit(),
                                  .meaning = plan.statistics[s].meaning(), .observed = plan.observed[s],
                                  .mean = plan.observed[s] * 1.05, .lower_90 = plan.observed[s] * 0.8,
                                  .upper_90 = plan.observed[s] * 1.3, .tail_probability = s == 2 ? 0.04 : 0.7,
                                  .reproduced = s != 2, .draws = 200});
  }
  return outcome;
}

PosteriorFileInfo small_info() {
  return {.program_version = "0.1.0-test", .fingerprint = "0123456789abcdef", .command_line = "jimsim calibrate c.toml",
          .evidence_kind = "cohort", .evidence_name = "cohort.csv", .youths = 120};
}

bool same_bits(double a, double b) { return std::bit_cast<std::uint64_t>(a) == std::bit_cast<std::uint64_t>(b); }

void check_reads_back(const fs::path& file, const CalibrationPlan& plan, const CalibrationOutcome& outcome) {
  const Posterior p = read_posterior(file);
  CHECK(p.keys == outcome.parameter_keys);
  CHECK(p.fingerprint == "0123456789abcdef");
  CHECK(p.calibration_name == plan.name);
  const auto& last = outcome.generations.back().particles;
  REQUIRE(p.particles.size() == last.size());
  REQUIRE(p.weights.size() == last.size());
  for (std::size_t i = 0; i < last.size(); ++i) {
    CHECK(same_bits(p.weights[i], last[i].weight));
    REQUIRE(p.particles[i].size() == last[i].parameters.size());
    for (std::size_t k = 0; k < last[i].parameters.size(); ++k) CHECK(same_bits(p.particles[i][k], last[i].parameters[k]));
  }
}

// An HDF5 file with the given root attributes (none: a plain HDF5 file) and one dataset.
void write_other_hdf5(const fs::path& file, const char* format, std::int32_t version) {
  using namespace results_hdf5;
  Handle f = checked(H5Fcreate(file.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT), "create");
  if (format != nullptr) {
    write_attribute(f.get(), "format", std::string_view(format));
    write_attribute(f.get(), "format_version", version);
  }
  Handle group = create_group(f.get(), "numbers");
  write_double_column(group.get(), "values", {1.0, 2.0});
}

}  // namespace

TEST_CASE("a posterior file reads back bit for bit", "[posterior_file]") {
  TempDir dir;
  const auto plan = small_plan();
  const auto outcome = small_outcome(plan);
  const auto file = dir.path / "posterior.h5";
  write_posterior_file(file, plan, outcome, small_info(), false);
  check_reads_back(file, plan, outcome);
  CHECK(dir.entries() == 1);  // no temporary left beside it
  const auto again = dir.path / "again.h5";  // no timestamps: the same inputs give the same bytes
  write_posterior_file(again, plan, outcome, small_info(), false);
  const auto bytes = [](const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
  };
  CHECK(bytes(file) == bytes(again));

  using namespace results_hdf5;
  Handle f = checked(H5Fopen(file.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), "open");
  CHECK(read_string_attribute(f.get(), "format") == "jimsim posterior");
  CHECK(read_int_attribute(f.get(), "format_version") == 1);
  CHECK(read_int_attribute(f.get(), "seed") == 20240601);
  CHECK(read_int_attribute(f.get(), "youths") == 120);
  CHECK(read_int_attribute(f.get(), "generations") == 2);
  CHECK(read_string_attribute(f.get(), "evidence_file") == "cohort.csv");
  Handle inputs = open_table(f.get(), "inputs");
  CHECK(read_string_dataset(inputs.get(), "targets") == plan.evidence_text);
  Handle particles = open_table(f.get(), "particles");
  CHECK(read_int32_column(particles.get(), "generation", "/particles") == std::vector<std::int32_t>{0, 0, 0, 0, 0, 1, 1, 1, 1, 1});
  Handle statistics = open_table(f.get(), "statistics");
  CHECK(read_string_values(statistics.get(), "statistic", "/statistics") == outcome.statistic_names);
  CHECK(read_double_values(statistics.get(), "observed", "/statistics") == plan.observed);
  CHECK(read_double_values(statistics.get(), "scale", "/statistics") == outcome.generations.back().scales);
  Handle check = open_table(f.get(), "predictive_check");
  CHECK(read_int32_column(check.get(), "reproduced", "/predictive_check") == std::vector<std::int32_t>{1, 1, 0});
}

TEST_CASE("an existing posterior file is kept unless overwriting is asked for", "[posterior_file]") {
  TempDir dir;
  const auto plan = small_plan();
  auto outcome = small_outcome(plan);
  const auto file = dir.write("posterior.h5", "an earlier file\n");
  CHECK_THROWS_WITH(write_posterior_file(file, plan, outcome, small_info(), false),
                    Catch::Contains(file.string()) && Catch::Contains("exists"));
  CHECK_THROWS_AS(write_posterior_file(file, plan, outcome, small_info(), false), OutputError);
  std::ifstream in(file);
  CHECK(std::string(std::istreambuf_iterator<char>(in), {}) == "an earlier file\n");
  CHECK(dir.entries() == 1);

  write_posterior_file(file, plan, outcome, small_info(), true);
  check_reads_back(file, plan, outcome);
  CHECK(dir.entries() == 1);
}

TEST_CASE("read_posterior refuses what is not a posterior file of its version", "[posterior_file]") {
  TempDir dir;
  CHECK_THROWS_WITH(read_posterior(dir.path / "missing.h5"), Catch::Contains("missing.h5: no such file"));
  const auto text = dir.write("notes.h5", "a text file, not HDF5\n");
  CHECK_THROWS_AS(read_posterior(text), InputError);
  CHECK_THROWS_WITH(read_posterior(text), Catch::Contains(text.string()) && Catch::Contains("not an HDF5 file"));

  const auto plain = dir.path / "plain.h5";
  write_other_hdf5(plain, nullptr, 0);
  CHECK_THROWS_AS(read_posterior(plain), InputError);
  CHECK_THROWS_WITH(read_posterior(plain), Catch::Contains(plain.string()) &&
                                               Catch::Contains("not a jimsim posterior file") &&
                                               Catch::Contains("no 'format' attribute"));
  const auto results = dir.path / "results.h5";
  write_other_hdf5(results, "jimsim-results", 3);
  CHECK_THROWS_WITH(read_posterior(results), Catch::Contains("not a jimsim posterior file (its format is 'jimsim-results')"));
  const auto newer = dir.path / "newer.h5";
  write_other_hdf5(newer, "jimsim posterior", 2);
  CHECK_THROWS_WITH(read_posterior(newer), Catch::Contains(newer.string()) &&
                                               Catch::Contains("posterior format version 2; this jimsim reads version 1"));
}

TEST_CASE("a calibration stopped before its first generation writes a file without a posterior", "[posterior_file]") {
  TempDir dir;
  const auto plan = small_plan();
  CalibrationOutcome outcome;
  outcome.parameter_keys = {plan.free[0].key, plan.free[1].key};
  for (const auto& s : plan.statistics) outcome.statistic_names.push_back(s.name());
  outcome.stop_reason = "the first generation needed more proposals than allowed";
  const auto file = dir.path / "posterior.h5";
  write_posterior_file(file, plan, outcome, small_info(), false);
  CHECK_THROWS_WITH(read_posterior(file), Catch::Contains("holds no posterior") && Catch::Contains(outcome.stop_reason));
}

TEST_CASE("a file-size limit ends writing with OutputError and leaves neither file nor temporary", "[posterior_file]") {
  TempDir dir;
  const auto plan = small_plan();
  const auto outcome = small_outcome(plan);
  const auto file = dir.path / "posterior.h5";
  // A limit far below the file's size.
  const std::string message = in_child_with_file_limit(4096, [&]() -> std::string {
    try {
      write_posterior_file(file, plan, outcome, small_info(), false);
      return "written in spite of the limit";
    } catch (const OutputError& e) {
      return std::string("OutputError: ") + e.what();
    }
  });
  INFO(message);
  CHECK_THAT(message, Catch::StartsWith("OutputError: "));
  CHECK_THAT(message, Catch::Contains(file.string()));
  CHECK_FALSE(fs::exists(file));
  CHECK(dir.entries() == 0);
}

// With JIMSIM_POSTERIOR_FILE set (tests/python/CMakeLists.txt), the file goes there for the Python
// and R checks; otherwise into a scratch directory, read back and removed.
TEST_CASE("the example posterior file for the Python and R readers", "[posterior_file]") {
  TempDir dir;
  const char* wanted = std::getenv("JIMSIM_POSTERIOR_FILE");
  const fs::path file = wanted != nullptr && *wanted != '\0' ? fs::path(wanted) : dir.path / "posterior.h5";
  const auto plan = small_plan();
  const auto outcome = small_outcome(plan);
  write_posterior_file(file, plan, outcome, small_info(), true);
  check_reads_back(file, plan, outcome);
}
