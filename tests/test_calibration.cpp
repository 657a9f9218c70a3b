// Calibration end to end: known parameters recovered from a synthetic, censored cohort; the same
// posterior for any number of threads and after a kill and --resume; no cohort record in the
// posterior file; runs that carry the posterior.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <span>
#include <sstream>

#include "analysis/calibration_evidence.hpp"
#include "analysis/calibration_run.hpp"
#include "analysis/posterior_file.hpp"
#include "analysis/synthetic_cohort.hpp"
#include "cli_testing.hpp"
#include "io/calibration_file.hpp"
#include "io/cohort_csv.hpp"
#include "io/results_file.hpp"
#include "io/scenario.hpp"
#include "io/unit_journal.hpp"
#include "sim/errors.hpp"

using namespace jimsim;
using namespace jimsim::testing;
using Catch::Matchers::Contains;
namespace fs = std::filesystem;

namespace {

const std::string scenarios_dir = std::string(JIMSIM_SOURCE_DIR) + "/scenarios/";

// The JIM scenario with the declared defaults as the truth.
Parameters truth() { return load_scenario(scenarios_dir + "jim.toml").parameters; }

FreeParameter free_parameter(const std::string& key, Prior prior) {
  const ParameterSpec* spec = find_parameter(key);
  prior.lower = spec->minimum;
  prior.upper = spec->maximum;
  REQUIRE(check_prior(prior).empty());
  return {key, prior};
}

CalibrationPlan plan_for(const ObservedCohort& cohort, std::size_t particles, int generations) {
  CalibrationPlan plan;
  plan.name = "test";
  plan.base = truth();
  plan.free = {free_parameter("mentor_search.weekly_hazard", {PriorKind::uniform, 0.05, 1.0}),
               free_parameter("mentor_search.never_found_share", {PriorKind::uniform, 0.0, 0.6}),
               free_parameter("crisis.base_hazard", {PriorKind::log_normal, 0.05, 0.5}),
               free_parameter("costs.residential_day", {PriorKind::uniform, 100.0, 200.0})};
  for (const auto& [name, week] : std::vector<std::pair<std::string, double>>{{"mentor_found_share", NAN},
                                                                              {"weeks_to_mentor_mean", NAN},
                                                                              {"mentor_found_by_week", 4.0},
                                                                              {"placed_share", NAN},
                                                                              {"placement_free_survival", 13.0},
                                                                              {"placement_free_survival", 26.0}}) {
    StatisticSpec spec;
    REQUIRE(parse_statistic(name, week, spec).empty());
    plan.statistics.push_back(spec);
  }
  plan.abc.particles = particles;
  plan.abc.max_generations = generations;
  plan.abc.seed = 3;
  plan.predictive_draws = 50;
  attach_cohort(plan, cohort, "synthetic cohort");
  return plan;
}

// Followed 26 to 52 weeks: censored, and short enough to keep the tests quick.
ObservedCohort synthetic(std::size_t youths, std::uint64_t seed) {
  SyntheticCohortSpec spec;
  spec.youths = youths;
  spec.follow_up_min_weeks = 26.0;
  spec.follow_up_max_weeks = 52.0;
  return synthesize_cohort(truth(), spec, seed);
}

bool same_files(const fs::path& a, const fs::path& b) {
  const std::string command = fmt::format("/usr/bin/python3 {}/tests/same_hdf5_contents.py {} {} --ignore command_line",
                                          JIMSIM_SOURCE_DIR, a.string(), b.string());
  return std::system(command.c_str()) == 0;
}

std::string calibration_file(const TempDir& dir, int particles, int generations) {
  return dir
      .write("calibration.toml",
             fmt::format(R"([calibration]
scenario = "{}jim.toml"
seed = 5
particles = {}
max_generations = {}
predictive_draws = 20
statistics = ["mentor_found_share", "weeks_to_mentor_mean", "placement_free_survival"]
weeks = [26]

[free]
mentor_search.weekly_hazard = {{ prior = "uniform", min = 0.05, max = 1.0 }}
crisis.base_hazard = {{ prior = "log_normal", median = 0.05, sigma = 0.5 }}
)",
                         scenarios_dir, particles, generations))
      .string();
}

}  // namespace

TEST_CASE("calibration recovers known parameters from a censored synthetic cohort", "[calibration]") {
  const ObservedCohort cohort = synthetic(300, 41);
  const CalibrationPlan plan = plan_for(cohort, 150, 8);
  CalibrationRunOptions options;
  options.executor.threads = 2;
  const CalibrationOutcome outcome = run_calibration(plan, options);
  REQUIRE(outcome.posterior.size() == 4);
  const Parameters t = truth();
  const double truths[] = {t.mentor_search.weekly_hazard, t.mentor_search.never_found_share, t.crisis.base_hazard,
                           t.costs.residential_day};
  for (std::size_t i = 0; i < 4; ++i) {
    const auto& p = outcome.posterior[i];
    INFO(p.key << ": 90% [" << p.lower_90 << ", " << p.upper_90 << "], prior [" << p.prior_lower_90 << ", "
               << p.prior_upper_90 << "], truth " << truths[i]);
    CHECK(p.lower_90 <= truths[i]);
    CHECK(truths[i] <= p.upper_90);
    const double narrowing = (p.upper_90 - p.lower_90) / (p.prior_upper_90 - p.prior_lower_90);
    if (i < 2) {
      CHECK(narrowing < 0.5);  // the mentor statistics inform it strongly
    } else if (i == 2) {
      CHECK(narrowing < 0.85);  // informed by the few placements (about 20 of 300) only
    } else {
      CHECK(narrowing > 0.7);  // a price: no statistic depends on it, so it keeps its prior
    }
  }
  for (const auto& s : outcome.predictive) {
    INFO(s.statistic << " observed " << s.observed << " predicted [" << s.lower_90 << ", " << s.upper_90 << "]");
    CHECK(s.draws == 50);
  }
  CHECK(outcome.generations.size() == 8);
  // Run: the algorithm's count, those in flight when a generation filled, and the predictive draws.
  CHECK(outcome.simulations_run >= outcome.simulations + 50);
}

TEST_CASE("a calibration's posterior does not depend on the number of threads", "[calibration]") {
  const CalibrationPlan plan = plan_for(synthetic(80, 5), 40, 3);
  CalibrationRunOptions one, three;
  one.executor.threads = 1;
  three.executor.threads = 3;
  const CalibrationOutcome a = run_calibration(plan, one), b = run_calibration(plan, three);
  CHECK(a.simulations == b.simulations);
  REQUIRE(a.generations.size() == b.generations.size());
  for (std::size_t g = 0; g < a.generations.size(); ++g) {
    CHECK(a.generations[g].tolerance == b.generations[g].tolerance);
    REQUIRE(a.generations[g].particles.size() == b.generations[g].particles.size());
    for (std::size_t i = 0; i < a.generations[g].particles.size(); ++i) {
      CHECK(a.generations[g].particles[i].parameters == b.generations[g].particles[i].parameters);
      CHECK(a.generations[g].particles[i].weight == b.generations[g].particles[i].weight);
    }
  }
  for (std::size_t s = 0; s < a.predictive.size(); ++s) CHECK(a.predictive[s].mean == b.predictive[s].mean);
}

TEST_CASE("jimsim calibrate: the same file for 1 and 2 threads, and after kills and --resume", "[calibration][cli]") {
  TempDir dir;
  const auto cohort = dir.path / "cohort.csv";
  write_cohort_csv(synthetic(120, 9), cohort, false);
  const std::string calibration = calibration_file(dir, 60, 4);
  const std::string base = fmt::format("calibrate -q {} --cohort {}", calibration, cohort.string());
  const auto one = dir.path / "one.h5", two = dir.path / "two.h5";
  REQUIRE(jimsim_cli(fmt::format("{} -t 1 -o {}", base, one.string())).exit_code == 0);
  REQUIRE(jimsim_cli(fmt::format("{} -t 2 -o {}", base, two.string())).exit_code == 0);
  CHECK(same_files(one, two));
  CHECK_FALSE(fs::exists(one.string() + ".journal"));

  for (const char* delay : {"0.1", "0.4", "1.0"}) {
    INFO("killed after " << delay << " s");
    const auto out = dir.path / "killed.h5";
    jimsim_cli(fmt::format("{} -t 2 -o {} & pid=$!; sleep {}; kill -KILL $pid; wait $pid", base, out.string(), delay));
    const auto resumed = jimsim_cli(fmt::format("{} -t 2 -o {} --resume", base, out.string()));
    REQUIRE(resumed.exit_code == 0);
    CHECK(same_files(out, one));
    CHECK_FALSE(fs::exists(out.string() + ".journal"));
    fs::remove(out);
    for (const auto& entry : fs::directory_iterator(dir.path)) {
      if (entry.path().filename().string().starts_with(".killed.h5")) fs::remove(entry.path());
    }
  }

  SECTION("a changed calibration file or cohort is refused on resume") {
    const auto out = dir.path / "changed.h5";
    // Killed once its journal has its header (a fixed delay was too short on a loaded machine: no
    // journal yet; an empty journal, killed between creating it and writing its header, starts anew).
    jimsim_cli(fmt::format("{} -t 1 -o {} & pid=$!; for i in $(seq 1000); do [ -s {}.journal ] && break; sleep 0.01; "
                           "done; sleep 0.1; kill -KILL $pid; wait $pid",
                           base, out.string(), out.string()));
    REQUIRE(fs::exists(out.string() + ".journal"));
    ObservedCohort other = synthetic(120, 10);
    const auto other_cohort = dir.path / "other.csv";
    write_cohort_csv(other, other_cohort, false);
    const auto changed = jimsim_cli(
        fmt::format("calibrate -q {} --cohort {} -o {} --resume", calibration, other_cohort.string(), out.string()));
    CHECK(changed.exit_code == 3);
    CHECK_THAT(changed.output, Contains("--resume refused"));
    CHECK_FALSE(fs::exists(out));
  }
}

TEST_CASE("the posterior file holds no record of the cohort", "[calibration][privacy]") {
  TempDir dir;
  ObservedCohort cohort = synthetic(60, 12);
  // Distinctive ids and ages, so a match in the file's bytes could only be a copy.
  for (std::size_t k = 0; k < cohort.size(); ++k) {
    cohort.id[k] = fmt::format("client-record-{}-xq", 7000 + k);
    cohort.age_at_intake[k] = 12.0 + 0.0123456789 * static_cast<double>(k + 1);
  }
  const auto csv = dir.path / "cohort.csv";
  write_cohort_csv(cohort, csv, false);
  const auto out = dir.path / "posterior.h5";
  REQUIRE(jimsim_cli(fmt::format("calibrate -q {} --cohort {} -o {}", calibration_file(dir, 20, 2), csv.string(),
                                 out.string()))
              .exit_code == 0);
  std::ifstream in(out, std::ios::binary);
  const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  REQUIRE(bytes.size() > 1000);
  for (std::size_t k = 0; k < cohort.size(); ++k) {
    CHECK(bytes.find(cohort.id[k]) == std::string::npos);
    for (const double value : {cohort.age_at_intake[k], cohort.follow_up_weeks[k], cohort.intake_week[k]}) {
      if (value == 0.0 || value == std::round(value)) continue;  // whole numbers occur anyway
      const std::string pattern(reinterpret_cast<const char*>(&value), sizeof value);
      CHECK(bytes.find(pattern) == std::string::npos);
    }
  }
}

TEST_CASE("run --posterior: one draw per replicate, the same for every scenario, and compare says so",
          "[calibration][cli]") {
  TempDir dir;
  const auto cohort = dir.path / "cohort.csv";
  write_cohort_csv(synthetic(60, 2), cohort, false);
  const auto posterior = dir.path / "posterior.h5";
  REQUIRE(jimsim_cli(fmt::format("calibrate -q {} --cohort {} -o {}", calibration_file(dir, 30, 2), cohort.string(),
                                 posterior.string()))
              .exit_code == 0);
  const auto small = dir.write("small.toml", fmt::format("[scenario]\nbase = \"{}jim.toml\"\n[intake]\ncohort_size = 40\n", scenarios_dir));
  const auto usual =
      dir.write("usual.toml", fmt::format("[scenario]\nbase = \"{}care-as-usual.toml\"\n[intake]\ncohort_size = 40\n", scenarios_dir));
  const auto results = dir.path / "results.h5";
  REQUIRE(jimsim_cli(fmt::format("run -q -r 6 {} {} --posterior {} -o {}", usual.string(), small.string(),
                                 posterior.string(), results.string()))
              .exit_code == 0);
  const ResultsPlan written = read_results_plan(results);
  REQUIRE(written.plan.posterior);
  CHECK(written.plan.posterior->particle.size() == 6);
  CHECK(written.plan.posterior->keys == std::vector<std::string>{"mentor_search.weekly_hazard", "crisis.base_hazard"});
  CHECK(written.run.posterior == posterior.string());
  const Posterior p = read_posterior(posterior);
  for (std::size_t r = 0; r < 6; ++r) {
    CHECK(written.plan.posterior->values[r] == p.particles[static_cast<std::size_t>(written.plan.posterior->particle[r])]);
  }
  const auto compared = jimsim_cli(fmt::format("compare --no-store {}", results.string()));
  CHECK(compared.exit_code == 0);
  CHECK_THAT(compared.output, Contains("include parameter uncertainty"));

  // A calibrated parameter that is also a policy lever of the run is refused.
  const auto lever = dir.write("lever.toml", fmt::format("[scenario]\nbase = \"{}jim.toml\"\n[crisis]\nbase_hazard = 0.08\n", scenarios_dir));
  const auto refused = jimsim_cli(fmt::format("run -q -r 2 {} {} --posterior {} -o {}", small.string(), lever.string(),
                                              posterior.string(), (dir.path / "r2.h5").string()));
  CHECK(refused.exit_code == 3);
  CHECK_THAT(refused.output, Contains("policy lever"));
}

TEST_CASE("jimsim calibrate refuses missing or doubled evidence and an existing output", "[calibration][cli][errors]") {
  TempDir dir;
  const auto cohort = dir.path / "cohort.csv";
  write_cohort_csv(synthetic(30, 1), cohort, false);
  const std::string calibration = calibration_file(dir, 20, 2);
  const auto neither = jimsim_cli(fmt::format("calibrate -q {} -o {}", calibration, (dir.path / "a.h5").string()));
  CHECK(neither.exit_code == 3);
  CHECK_THAT(neither.output, Contains("--cohort"));
  const auto targets = dir.write("t.toml", "[[target]]\nstatistic = \"placed_share\"\nvalue = 0.2\nyouths = 50\n");
  const auto both = jimsim_cli(fmt::format("calibrate -q {} --cohort {} --targets {} -o {}", calibration,
                                           cohort.string(), targets.string(), (dir.path / "a.h5").string()));
  CHECK(both.exit_code == 3);
  const auto existing = dir.write("exists.h5", "precious");
  const auto refused = jimsim_cli(fmt::format("calibrate -q {} --cohort {} -o {}", calibration, cohort.string(), existing.string()));
  CHECK(refused.exit_code == 4);
  std::ifstream in(existing);
  std::string text;
  std::getline(in, text);
  CHECK(text == "precious");
  // A bad cohort or calibration file: exit code 3, the file and line named, no output.
  std::ifstream good(cohort);
  std::string header, first;
  std::getline(good, header);
  std::getline(good, first);
  const auto bad_cohort = dir.write("bad.csv", header + "\n" + first + "\n" + "youth-x,,15,,,,,,0,,,1,-2,30\n");
  const auto bad = jimsim_cli(fmt::format("calibrate -q {} --cohort {} -o {}", calibration, bad_cohort.string(),
                                          (dir.path / "b.h5").string()));
  CHECK(bad.exit_code == 3);
  CHECK_THAT(bad.output, Contains("bad.csv:3") && Contains("placement_week"));
  CHECK_FALSE(fs::exists(dir.path / "b.h5"));
  std::ifstream calibration_in(calibration);
  std::string calibration_text((std::istreambuf_iterator<char>(calibration_in)), std::istreambuf_iterator<char>());
  const auto wide = dir.write("wide.toml", calibration_text.replace(calibration_text.find("max = 1.0"), 9, "max = 50.0"));
  const auto outside = jimsim_cli(fmt::format("calibrate -q {} --cohort {} -o {}", wide.string(), cohort.string(),
                                              (dir.path / "w.h5").string()));
  CHECK(outside.exit_code == 3);
  CHECK_THAT(outside.output, Contains("wide.toml:") && Contains("mentor_search.weekly_hazard"));
  CHECK_FALSE(fs::exists(dir.path / "w.h5"));
  // A calibration file without statistics can only be used with a targets file.
  const auto no_statistics = dir.write("none.toml", fmt::format("[calibration]\nscenario = \"{}jim.toml\"\n[free]\n"
                                                                "crisis.base_hazard = {{ prior = \"uniform\", min = 0.01, max = 0.1 }}\n",
                                                                scenarios_dir));
  const auto none = jimsim_cli(fmt::format("calibrate -q {} --cohort {} -o {}", no_statistics.string(), cohort.string(),
                                           (dir.path / "n.h5").string()));
  CHECK(none.exit_code == 3);
  CHECK_THAT(none.output, Contains("no statistics"));
  CHECK_FALSE(fs::exists(dir.path / "n.h5"));
  // Published figures instead of a cohort.
  const auto from_targets = jimsim_cli(fmt::format("calibrate -q {} --targets {} -o {}", calibration, targets.string(),
                                                   (dir.path / "t.h5").string()));
  CHECK(from_targets.exit_code == 0);
}

TEST_CASE("a targets file's follow-up: simulated youths are followed as long as the study followed them",
          "[calibration][targets]") {
  const Targets bundled = load_targets(scenarios_dir + "calibration/published-figures.toml");
  CHECK(bundled.follow_up_weeks == 52.0);
  TempDir dir;
  const auto bad = dir.write("t.toml", "follow_up_weeks = -3\n[[target]]\nstatistic = \"placed_share\"\nvalue = 0.1\nyouths = 9\n");
  CHECK_THROWS_WITH(load_targets(bad), Contains("t.toml:1") && Contains("follow_up_weeks"));

  CalibrationPlan plan;
  plan.base = truth();
  plan.free = {free_parameter("crisis.base_hazard", {PriorKind::log_normal, 0.05, 0.5})};
  StatisticSpec spec;
  REQUIRE(parse_statistic("mean.follow_up_weeks", NAN, spec).empty());
  spec.youths = 50;
  Targets targets;
  targets.statistics = {spec};
  targets.values = {20.0};
  targets.follow_up_weeks = 20.0;
  attach_targets(plan, targets);
  // Every youth followed exactly the study's 20 weeks (none reaches the exit age in 20 weeks at
  // the scenario's ages, 12-20).
  CHECK(simulate_statistics(plan, {0.05}, 4, 0).front() == Approx(20.0));
  plan.targets_follow_up_weeks = 0.0;
  CHECK(simulate_statistics(plan, {0.05}, 4, 0).front() > 90.0);  // the scenario's two years
}

TEST_CASE("a calibration journal holding something other than evaluations is refused, naming it", "[calibration][errors]") {
  TempDir dir;
  const CalibrationPlan plan = plan_for(synthetic(40, 5), 10, 1);
  CalibrationRunOptions options;
  options.journal = dir.path / "posterior.h5.journal";
  options.program_version = "test";
  // The right fingerprint, but a record of 3 bytes; or a header and parameters without any
  // replicate's statistics (whole doubles, so only the count can tell).
  const std::vector<double> no_statistics(4 + plan.free.size(), 0.0);
  const std::vector<std::span<const std::byte>> records = {
      std::span<const std::byte>(reinterpret_cast<const std::byte*>(no_statistics.data()), 3),
      std::as_bytes(std::span(no_statistics))};
  for (const auto record : records) {
    INFO(record.size() << " bytes");
    {
      UnitJournal journal(options.journal, calibration_fingerprint(plan, options.program_version), 0, false, true);
      journal.append(0, unit_done, record);
    }
    options.resume = true;
    CHECK_THROWS_AS(run_calibration(plan, options), InputError);
    CHECK_THROWS_WITH(run_calibration(plan, options),
                      Contains(options.journal.string()) && Contains("record 0 is not an evaluation"));
  }
}
