// Calibration files and targets files: the bundled examples load, every setting is read, and every
// way a file can be wrong is an InputError naming the file, the line and the key.
#include <catch2/catch.hpp>

#include <cmath>
#include <filesystem>
#include <string>
#include <vector>

#include "io/calibration_file.hpp"
#include "io/scenario.hpp"
#include "sim/errors.hpp"
#include "tests/cli_testing.hpp"

namespace fs = std::filesystem;
using namespace jimsim;
using jimsim::testing::TempDir;

namespace {

const std::string base_scenario = "[intake]\ncohort_size = 40\n[simulation]\nhorizon_weeks = 60.0\n";

// A valid calibration file, line by line, so a test can replace one line (1-based) and know where
// the error must point.
const std::vector<std::string> valid_lines = {
    "[calibration]",                                                        // 1
    "scenario = \"base.toml\"",                                             // 2
    "statistics = [\"placed_share\", \"placement_free_survival\"]",         // 3
    "weeks = [26, 52]",                                                     // 4
    "particles = 50",                                                       // 5
    "[free]",                                                               // 6
    "crisis.base_hazard = { prior = \"uniform\", min = 0.01, max = 0.1 }",  // 7
};

std::string with_line(std::size_t line, const std::string& text) {
  std::string out;
  for (std::size_t i = 0; i < valid_lines.size(); ++i) out += (i + 1 == line ? text : valid_lines[i]) + "\n";
  return out;
}

std::string calibration_error(const TempDir& dir, const std::string& text) {
  dir.write("base.toml", base_scenario);
  const auto file = dir.write("cal.toml", text);
  try {
    (void)load_calibration(file);
  } catch (const InputError& e) {
    return e.what();
  }
  return "no error";
}

std::string targets_error(const TempDir& dir, const std::string& text) {
  const auto file = dir.write("targets.toml", text);
  try {
    (void)load_targets(file);
  } catch (const InputError& e) {
    return e.what();
  }
  return "no error";
}

// "FILE:LINE: " as the messages begin.
std::string at(const TempDir& dir, const std::string& name, int line) {
  return fmt::format("{}:{}: ", (dir.path / name).string(), line);
}

}  // namespace

TEST_CASE("the bundled calibration file loads with its scenario, priors and statistics", "[calibration_file]") {
  const fs::path file = fs::path(JIMSIM_SOURCE_DIR) / "scenarios/calibration/jim-mentor-search.toml";
  const CalibrationFile calibration = load_calibration(file);
  const CalibrationPlan& plan = calibration.plan;
  CHECK(plan.name == "jim-mentor-search");
  CHECK_FALSE(plan.description.empty());
  CHECK(plan.base == load_scenario(fs::path(JIMSIM_SOURCE_DIR) / "scenarios/jim.toml").parameters);
  CHECK(plan.abc.particles == 200);
  REQUIRE(plan.free.size() == 4);
  // In the file's order, each prior truncated to its parameter's declared range.
  CHECK(plan.free[0].key == "mentor_search.weekly_hazard");
  CHECK(plan.free[1].key == "mentor_search.never_found_share");
  CHECK(plan.free[2].key == "crisis.base_hazard");
  CHECK(plan.free[3].key == "mentor_dynamics.dropout_base_hazard");
  CHECK(plan.free[1].prior.kind == PriorKind::uniform);
  CHECK(plan.free[2].prior.kind == PriorKind::log_normal);
  CHECK(plan.free[2].prior.upper == find_parameter("crisis.base_hazard")->maximum);
  std::vector<std::string> names;
  for (const auto& s : plan.statistics) names.push_back(s.name());
  CHECK(names == std::vector<std::string>{"mentor_found_share", "mentor_found_by_week@13", "mentor_found_by_week@26",
                                          "mentor_found_by_week@52", "weeks_to_mentor_mean", "mentor_involved_share",
                                          "placed_share", "placement_free_survival@13", "placement_free_survival@26",
                                          "placement_free_survival@52"});
  // The evidence comes from a cohort or targets file, read separately.
  CHECK(plan.observed.empty());
  CHECK(plan.cohort == nullptr);
  CHECK(plan.evidence_text.empty());
  CHECK(plan.source_text.find("# file: ") == 0);
  CHECK(plan.source_text.find("jim.toml\n") != std::string::npos);
}

TEST_CASE("the bundled targets file loads", "[calibration_file]") {
  const Targets targets = load_targets(fs::path(JIMSIM_SOURCE_DIR) / "scenarios/calibration/published-figures.toml");
  REQUIRE(targets.statistics.size() == 4);
  REQUIRE(targets.values.size() == 4);
  CHECK(targets.statistics[0].name() == "mentor_found_share");
  CHECK(targets.statistics[1].name() == "placement_free_survival@52");
  CHECK(targets.statistics[3].name() == "mean.residential_days");
  CHECK(targets.values[1] == 0.85);
  for (const auto& s : targets.statistics) CHECK(s.youths == 78);
  CHECK(targets.description.find("not published") != std::string::npos);
  CHECK(targets.follow_up_weeks == 52.0);
  CHECK(targets.source_text.find("[[target]]") != std::string::npos);
}

TEST_CASE("a calibration file's settings are read, and omitted ones keep their defaults", "[calibration_file]") {
  TempDir dir;
  fs::create_directories(dir.path / "scenarios");
  fs::create_directories(dir.path / "cal");
  dir.write("scenarios/base.toml", base_scenario);
  const auto file = dir.write("cal/c.toml", R"([calibration]
description = "two rates"
scenario = "../scenarios/base.toml"
seed = 7
particles = 10
replicates_per_particle = 3
max_generations = 4
min_tolerance = 0.05
min_acceptance_rate = 1
max_simulations = 60
tolerance_quantile = 0.25
predictive_draws = 20
statistics = ["mentor_found_by_week", "placed_share"]
weeks = [52, 8.5]

[free]
"severity.reversion_rate" = { prior = "normal", mean = 0.04, sd = 0.01 }
[free.crisis]
base_hazard = { prior = "log_normal", median = 0.05, sigma = 0.5 }
)");
  const CalibrationPlan plan = load_calibration(file).plan;
  CHECK(plan.description == "two rates");
  CHECK(plan.base.intake.cohort_size == 40);
  CHECK(plan.abc.seed == 7);
  CHECK(plan.abc.particles == 10);
  CHECK(plan.abc.replicates == 3);
  CHECK(plan.abc.max_generations == 4);
  CHECK(plan.abc.min_tolerance == 0.05);
  CHECK(plan.abc.min_acceptance_rate == 1.0);
  CHECK(plan.abc.max_simulations == 60);
  CHECK(plan.abc.tolerance_quantile == 0.25);
  CHECK(plan.predictive_draws == 20);
  REQUIRE(plan.statistics.size() == 3);
  CHECK(plan.statistics[0].name() == "mentor_found_by_week@52");
  CHECK(plan.statistics[1].name() == "mentor_found_by_week@8.5");
  CHECK(plan.statistics[2].name() == "placed_share");
  REQUIRE(plan.free.size() == 2);
  CHECK(plan.free[0].key == "severity.reversion_rate");
  CHECK(plan.free[0].prior.kind == PriorKind::normal);
  CHECK(plan.free[0].prior.a == 0.04);
  CHECK(plan.free[0].prior.b == 0.01);
  CHECK(plan.free[0].prior.lower == 0.0);
  CHECK(plan.free[1].key == "crisis.base_hazard");

  const CalibrationPlan defaults = load_calibration(dir.write("cal/d.toml", R"([calibration]
scenario = "../scenarios/base.toml"
statistics = ["placed_share"]
[free]
crisis.base_hazard = { prior = "uniform", min = 0.01, max = 0.1 }
)")).plan;
  const AbcSettings abc;
  CHECK(defaults.name == "d");
  CHECK(defaults.abc.seed == abc.seed);
  CHECK(defaults.abc.particles == abc.particles);
  CHECK(defaults.abc.replicates == abc.replicates);
  CHECK(defaults.abc.max_generations == abc.max_generations);
  CHECK(defaults.abc.min_tolerance == abc.min_tolerance);
  CHECK(defaults.abc.min_acceptance_rate == abc.min_acceptance_rate);
  CHECK(defaults.abc.max_simulations == 0);
  CHECK(defaults.abc.tolerance_quantile == abc.tolerance_quantile);
  CHECK(defaults.predictive_draws == 200);

  // Used with a targets file only, a calibration file need not list statistics: the targets do.
  const CalibrationPlan for_targets = load_calibration(dir.write("cal/t.toml", R"([calibration]
scenario = "../scenarios/base.toml"
[free]
crisis.base_hazard = { prior = "uniform", min = 0.01, max = 0.1 }
)")).plan;
  CHECK(for_targets.statistics.empty());
  CHECK(for_targets.free.size() == 1);
}

TEST_CASE("every error in a calibration file names the file, line and key", "[calibration_file]") {
  TempDir dir;
  REQUIRE(calibration_error(dir, with_line(0, "")) == "no error");
  struct Case {
    std::size_t line;     // the line replaced
    std::string text;     // its new text
    int error_line;       // where the error must point (0: no line)
    std::string message;  // a part of the message
  };
  const std::vector<Case> cases = {
      {1, "[calibraton]", 1, "unknown table [calibraton] (did you mean 'calibration'?)"},
      {6, "[fre]", 6, "did you mean 'free'?"},
      {2, "senario = \"base.toml\"", 2, "unknown key 'calibration.senario' (did you mean 'calibration.scenario'?)"},
      {2, "description = \"no scenario\"", 1, "[calibration] names no scenario"},
      {2, "scenario = \"missing.toml\"", 2, "the scenario: "},
      {2, "scenario = 3", 2, "calibration.scenario must be a string, not an integer (3)"},
      {5, "particles = 1", 5, "calibration.particles is 1, outside [2, 100000]"},
      {5, "particles = 20.0", 5, "calibration.particles must be a whole number"},
      {5, "replicates_per_particle = 101", 5, "replicates_per_particle is 101, outside [1, 100]"},
      {5, "max_generations = 0", 5, "max_generations is 0, outside [1, 100]"},
      {5, "predictive_draws = 0", 5, "predictive_draws is 0"},
      {5, "seed = -1", 5, "calibration.seed is -1"},
      {5, "min_tolerance = -0.1", 5, "min_tolerance must be at least 0"},
      {5, "min_tolerance = nan", 5, "min_tolerance must be a finite number"},
      {5, "min_acceptance_rate = 0", 5, "min_acceptance_rate is 0, outside (0, 1]"},
      {5, "tolerance_quantile = 1", 5, "tolerance_quantile is 1, outside (0, 1)"},
      {5, "tolerance_quantile = \"half\"", 5, "tolerance_quantile must be a number, not a string"},
      {5, "max_simulations = 399", 5, "max_simulations is 399, too small: at least 2 x particles x replicates_per_particle = 400"},
      {3, "weeks_ = 1", 3, "did you mean 'calibration.weeks'?"},
      {3, "", 4, "calibration.weeks is given, but there is no calibration.statistics"},
      {3, "statistics = []", 3, "calibration.statistics is empty"},
      {3, "statistics = \"placed_share\"", 3, "must be a list of names"},
      {3, "statistics = [\"placed_shares\", \"placement_free_survival\"]", 3,
       "unknown statistic 'placed_shares' (did you mean 'placed_share'?)"},
      {3, "statistics = [\"placed_share\", \"placed_share\", \"placement_free_survival\"]", 3, "lists placed_share twice"},
      {3, "statistics = [\"mean.residential_days\", \"placement_free_survival\"]", 3, "only in a targets file"},
      {3, "statistics = [\"placement_free_survival@52\"]", 3, "without '@'"},
      {3, "statistics = [\"placed_share\"]", 4, "no statistic in calibration.statistics is taken at a week"},
      {4, "", 3, "placement_free_survival is taken at a week; list the weeks in calibration.weeks"},
      {4, "weeks = [26, 2000]", 4, "week 2000 is outside (0, 1040]"},
      {4, "weeks = [0]", 4, "week 0 is outside (0, 1040]"},
      {4, "weeks = [26, 26]", 4, "lists week 26 twice"},
      {4, "weeks = []", 4, "calibration.weeks is empty"},
      {4, "weeks = [\"26\"]", 4, "a week in calibration.weeks must be a number"},
      {7, "", 6, "[free] names no parameter"},
      {7, "crisis.base_hazrd = { prior = \"uniform\", min = 0.01, max = 0.1 }", 7,
       "unknown parameter 'crisis.base_hazrd' in [free] (did you mean 'crisis.base_hazard'?)"},
      {7, "base_hazard = { prior = \"uniform\", min = 0.01, max = 0.1 }", 7, "did you mean 'crisis.base_hazard'?"},
      {7, "professionals.caseload_cap = { prior = \"uniform\", min = 2, max = 10 }", 7,
       "free.professionals.caseload_cap cannot be calibrated: only real-valued parameters"},
      {7, "placement.safety_plan = { prior = \"uniform\", min = 0, max = 1 }", 7, "cannot be calibrated"},
      {7, "crisis.base_hazard = 0.05", 7, "free.crisis.base_hazard must be a prior"},
      {7, "crisis.base_hazard = { min = 0.01, max = 0.1 }", 7, "free.crisis.base_hazard has no prior"},
      {7, "crisis.base_hazard = { prior = \"unifrom\", min = 0.01, max = 0.1 }", 7,
       "unknown prior 'unifrom' (did you mean 'uniform'?)"},
      {7, "crisis.base_hazard = { prior = \"log-normal\", median = 0.05, sigma = 0.5 }", 7, "did you mean 'log_normal'?"},
      {7, "crisis.base_hazard = { prior = \"uniform\", min = 0.01 }", 7, "a uniform prior needs min and max; max is missing"},
      {7, "crisis.base_hazard = { prior = \"normal\", mean = 0.05, sd = 0.01, max = 1 }", 7,
       "a normal prior takes mean and sd, not 'max'"},
      {7, "crisis.base_hazard = { prior = \"log_normal\", median = 0.05, sigm = 0.5 }", 7, "did you mean 'sigma'?"},
      {7, "crisis.base_hazard = { prior = \"uniform\", min = 0.01, max = \"a lot\" }", 7, "free.crisis.base_hazard: max must be a number"},
      {7, "crisis.base_hazard = { prior = \"uniform\", min = 0.01, max = 20 }", 7, "outside the parameter's range [0, 10]"},
      {7, "crisis.base_hazard = { prior = \"normal\", mean = 0.05, sd = 0 }", 7, "sd must be above 0"},
      {7, "crisis.base_hazard = { prior = \"normal\", mean = -50, sd = 1 }", 7, "less than 0.1% of its mass inside"},
  };
  for (const auto& c : cases) {
    INFO("line " << c.line << " becomes: " << c.text);
    const std::string message = calibration_error(dir, with_line(c.line, c.text));
    const std::string prefix = c.error_line > 0 ? at(dir, "cal.toml", c.error_line) : (dir.path / "cal.toml").string() + ": ";
    CHECK_THAT(message, Catch::StartsWith(prefix) && Catch::Contains(c.message));
  }
}

TEST_CASE("a calibration file's errors outside the line table", "[calibration_file]") {
  TempDir dir;
  const auto missing = dir.path / "nowhere.toml";
  CHECK_THROWS_WITH(load_calibration(missing), Catch::StartsWith(missing.string() + ": cannot read calibration file"));
  CHECK_THAT(calibration_error(dir, "[calibration\n"), Catch::StartsWith((dir.path / "cal.toml").string() + ":1:"));
  std::string no_free;
  for (std::size_t i = 0; i < 5; ++i) no_free += valid_lines[i] + "\n";
  CHECK_THAT(calibration_error(dir, no_free), Catch::Contains("no [free] table"));
  CHECK_THAT(calibration_error(dir, "[free]\ncrisis.base_hazard = { prior = \"uniform\", min = 0.01, max = 0.1 }\n"),
             Catch::Contains("no [calibration] table"));
  // A scenario's own error is passed on, after where the calibration file named it.
  dir.write("bad.toml", "[crisis]\nbase_hazrd = 0.1\n");
  const std::string message = calibration_error(dir, with_line(2, "scenario = \"bad.toml\""));
  CHECK_THAT(message, Catch::StartsWith(at(dir, "cal.toml", 2) + "the scenario: ") &&
                          Catch::Contains("bad.toml:2") && Catch::Contains("did you mean 'crisis.base_hazard'?"));
  // The same parameter twice: once as dotted keys, once quoted.
  const std::string twice = with_line(0, "") + "\"crisis.base_hazard\" = { prior = \"uniform\", min = 0.02, max = 0.1 }\n";
  CHECK_THAT(calibration_error(dir, twice), Catch::StartsWith(at(dir, "cal.toml", 8)) &&
                                                Catch::Contains("free.crisis.base_hazard is given twice (lines 7 and 8)"));
}

TEST_CASE("every error in a targets file names the file, line and key", "[calibration_file]") {
  TempDir dir;
  const std::string share = "[[target]]\nstatistic = \"placed_share\"\nvalue = 0.2\nyouths = 50\n";
  const std::string survival = "[[target]]\nstatistic = \"placement_free_survival\"\nweek = 52\nvalue = 0.8\nyouths = 50\n";
  const std::string mean = "[[target]]\nstatistic = \"mean.residential_days\"\nvalue = 12.5\nyouths = 50\n";
  const Targets targets = load_targets(dir.write("ok.toml", share + survival + mean));
  REQUIRE(targets.statistics.size() == 3);
  CHECK(targets.statistics[1].week == 52.0);
  CHECK(targets.statistics[2].needs_family_records());
  CHECK(targets.values == std::vector<double>{0.2, 0.8, 12.5});
  CHECK(targets.description.empty());
  CHECK(targets.follow_up_weeks == 0.0);  // the scenario's horizon

  struct Case {
    std::string text;
    int error_line;
    std::string message;
  };
  const std::vector<Case> cases = {
      {"description = \"nothing\"\n", 0, "no [[target]]"},
      {"target = []\n", 1, "the list of targets is empty"},
      {"[target]\nstatistic = \"placed_share\"\n", 1, "target must be [[target]] tables"},
      {"descripton = \"x\"\n" + share, 1, "unknown key 'descripton' (did you mean 'description'?)"},
      {"follow_up_weeks = 0\n" + share, 1, "follow_up_weeks must be a number of weeks in (0, 1040]"},
      {"follow_up_weeks = \"a year\"\n" + share, 1, "follow_up_weeks must be a number of weeks"},
      {"[[target]]\nstatistc = \"placed_share\"\nvalue = 0.2\nyouths = 5\n", 2, "did you mean 'statistic'?"},
      {"[[target]]\nvalue = 0.2\nyouths = 5\n", 1, "a target without a statistic"},
      {"[[target]]\nstatistic = \"placed_share\"\nyouths = 5\n", 1, "a target without a value"},
      {"[[target]]\nstatistic = \"placed_share\"\nvalue = 0.2\n", 1, "a target without youths"},
      {"[[target]]\nstatistic = \"placed_shar\"\nvalue = 0.2\nyouths = 5\n", 2, "did you mean 'placed_share'?"},
      {"[[target]]\nstatistic = \"mean.residential_dayz\"\nvalue = 2\nyouths = 5\n", 2, "did you mean 'mean.residential_days'?"},
      {"[[target]]\nstatistic = \"placed_share\"\nvalue = 0.2\nyouths = 0\n", 4, "a count of at least 1"},
      {"[[target]]\nstatistic = \"placed_share\"\nvalue = 0.2\nyouths = 5.5\n", 4, "youths must be a whole number"},
      {"[[target]]\nstatistic = \"placed_share\"\nvalue = 0.2\nyouths = 99999999999\n", 4, "more than the 1000000"},
      {"[[target]]\nstatistic = \"placed_share\"\nvalue = 1.2\nyouths = 5\n", 3, "must lie in [0, 1]"},
      {"[[target]]\nstatistic = \"mean.mentor_active_at_end\"\nvalue = 2\nyouths = 5\n", 3, "must lie in [0, 1]"},
      {"[[target]]\nstatistic = \"mean.residential_days\"\nvalue = -1\nyouths = 5\n", 3, "must not be negative"},
      {"[[target]]\nstatistic = \"placed_share\"\nvalue = \"20%\"\nyouths = 5\n", 3, "target.value must be a number"},
      {"[[target]]\nstatistic = \"placed_share\"\nvalue = inf\nyouths = 5\n", 3, "must be a finite number"},
      {"[[target]]\nstatistic = \"placement_free_survival\"\nvalue = 0.8\nyouths = 5\n", 2, "needs a week"},
      {"[[target]]\nstatistic = \"placed_share\"\nweek = 52\nvalue = 0.2\nyouths = 5\n", 3, "takes no week"},
      {"[[target]]\nstatistic = \"placement_free_survival\"\nweek = 1041\nvalue = 0.8\nyouths = 5\n", 3, "(0, 1040]"},
      {share + share, 6, "the target placed_share is given twice (the targets at lines 1 and 5)"},
      {survival + survival.substr(0, survival.find("52")) + "26" + survival.substr(survival.find("52") + 2), 0, "no error"},
  };
  for (const auto& c : cases) {
    INFO(c.text);
    const std::string message = targets_error(dir, c.text);
    if (c.message == "no error") {
      CHECK(message == "no error");
      continue;
    }
    const std::string prefix = c.error_line > 0 ? at(dir, "targets.toml", c.error_line) : (dir.path / "targets.toml").string() + ": ";
    CHECK_THAT(message, Catch::StartsWith(prefix) && Catch::Contains(c.message));
  }
  CHECK_THAT(targets_error(dir, survival + survival), Catch::Contains("placement_free_survival@52 is given twice"));
}
