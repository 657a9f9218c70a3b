// The policy comparison against hand-worked cases; the independent numpy/scipy recomputation is
// tests/check_comparison.py (run by ctest on a real results file).
#include <catch2/catch.hpp>

#include <hdf5.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>

#include "analysis/comparison.hpp"
#include "analysis/comparison_file.hpp"
#include "sim/errors.hpp"
#include "sim/replicate.hpp"
#include "io/results_file.hpp"
#include "results_testing.hpp"

namespace fs = std::filesystem;
using namespace jimsim;
using jimsim::testing::scenario;

namespace {

ResultsFile two_scenarios(const ScenarioResults& a, const ScenarioResults& b) {
  ResultsFile f;
  f.run.replicates = static_cast<int>(a.outcomes.size());
  f.scenarios = {a, b};
  return f;
}

const DifferenceRow& difference(const Comparison& c, const std::string& measure, int subgroup = 0) {
  for (const auto& d : c.differences) {
    if (d.measure == measure && d.subgroup == subgroup) return d;
  }
  FAIL("no difference row " << measure);
  throw;
}

struct TempFile {
  fs::path path = fs::temp_directory_path() / ("jimsim_comparison_" + std::to_string(getpid()) + ".h5");
  ~TempFile() { fs::remove(path); }
};

}  // namespace

TEST_CASE("estimates: mean, replicate range and Student-t interval on a hand-worked case", "[comparison]") {
  const Estimate e = estimate({1, 2, 3, 4});
  CHECK(e.replicates == 4);
  CHECK(e.mean == 2.5);
  CHECK(e.range_lower == Approx(1.075));  // numpy.percentile([1,2,3,4], 2.5)
  CHECK(e.range_upper == Approx(3.925));
  const double half = 3.182446305284263 * std::sqrt(5.0 / 3.0 / 4.0);
  CHECK(e.mean_lower == Approx(2.5 - half));
  CHECK(e.mean_upper == Approx(2.5 + half));
  CHECK(student_t_quantile(0.975, 1000) == Approx(1.9623).epsilon(1e-4));

  // Undefined values (NaN) are left out; one value gives a mean but no interval.
  const Estimate one = estimate({std::nan(""), 7.0});
  CHECK(one.replicates == 1);
  CHECK(one.mean == 7.0);
  CHECK(std::isnan(one.mean_lower));
  CHECK(std::isnan(one.range_upper));
}

TEST_CASE("differences are paired by replicate", "[comparison]") {
  // Replicate noise is large, the policy effect (2 fewer placed per replicate) is constant: paired,
  // the difference is exactly -2 with no spread; unpaired it would be lost in the noise.
  const auto base = scenario("base", {10, 30, 20}, {1000, 3000, 2000});
  const auto policy = scenario("policy", {8, 28, 18}, {1100, 3100, 2100});
  const Comparison c = compare_scenarios(two_scenarios(base, policy), "base");
  const auto& d = difference(c, "placed_ever");
  CHECK(d.difference.mean == Approx(-2.0));
  CHECK(d.difference.mean_lower == Approx(-2.0));
  CHECK(d.difference.mean_upper == Approx(-2.0));
  CHECK(d.share_better == 1.0);
  CHECK(d.distinguishable);
  REQUIRE(c.cost_effectiveness.size() == subgroup_count);
  const auto& ce = c.cost_effectiveness[0];
  CHECK(ce.placements_averted_per_100.mean == Approx(2.0));
  CHECK(ce.cost_difference_per_family.mean == Approx(1.0));
  // 1 euro more per family for 0.02 placements averted per family: 50 euro per placement averted.
  CHECK(ce.cost_per_placement_averted == Approx(50.0));
  CHECK(ce.icer_interval_defined);
  CHECK(ce.icer_lower == Approx(50.0));
  CHECK(ce.icer_upper == Approx(50.0));
  CHECK(ce.share_averts_costs_more == 1.0);
  CHECK_THAT(ce.verdict, Catch::Contains("50 euro per placement averted"));
}

TEST_CASE("policies that do not differ are reported as not distinguishable", "[comparison]") {
  const auto base = scenario("base", {10, 12, 11, 9, 10, 13}, {1000, 1000, 1000, 1000, 1000, 1000});
  const auto same = scenario("same", {11, 11, 10, 10, 11, 12}, {1000, 1000, 1000, 1000, 1000, 1000});
  const Comparison c = compare_scenarios(two_scenarios(base, same), "base");
  const auto& d = difference(c, "placed_ever");
  CHECK(d.difference.mean == Approx(0.0).margin(1e-12));
  CHECK_FALSE(d.distinguishable);
  const auto& ce = c.cost_effectiveness[0];
  // The placements averted straddle 0: the ratio has no meaningful interval, the quadrant shares
  // describe the cloud instead.
  CHECK_FALSE(ce.icer_interval_defined);
  CHECK(std::isnan(ce.icer_lower));
  CHECK(ce.share_dominant + ce.share_averts_costs_more + ce.share_saves_averts_none + ce.share_dominated ==
        Approx(1.0));
  // Costs are equal (a difference of 0 counts as saving): resamples fall on both sides of 0 in placements.
  CHECK(ce.share_dominant > 0.0);
  CHECK(ce.share_saves_averts_none > 0.0);
  CHECK_THAT(ce.verdict, Catch::Contains("not distinguishable"));
}

TEST_CASE("comparison errors: unknown baseline, one replicate", "[comparison][errors]") {
  const auto a = scenario("care-as-usual", {10, 12}, {1, 1});
  const auto b = scenario("jim", {8, 9}, {1, 1});
  CHECK_THROWS_WITH(compare_scenarios(two_scenarios(a, b), "cau"),
                    Catch::Contains("'cau'") && Catch::Contains("care-as-usual, jim"));
  const auto one_a = scenario("care-as-usual", {10}, {1});
  const auto one_b = scenario("jim", {8}, {1});
  CHECK_THROWS_WITH(compare_scenarios(two_scenarios(one_a, one_b), "jim"), Catch::Contains("at least 2"));
}

TEST_CASE("the comparison round-trips through the results file", "[comparison][hdf5]") {
  TempFile file;
  Parameters p;
  p.intake.cohort_size = 60;
  p.simulation.horizon_weeks = 30;
  Parameters cau = p;
  cau.mentor_search.enabled = false;
  RunPlan plan = plan_of({cau, p}, 4, 3);
  plan.points[0].name = "care-as-usual";
  plan.points[1].name = "jim";
  {
    ResultsWriter writer(file.path, plan, {});
    for (int r = 0; r < 4; ++r) {
      for (int s = 0; s < 2; ++s) writer.write_replicate(s, r, simulate_replicate(plan.points[s].parameters, 3, r, false));
    }
    writer.commit();
  }
  CHECK_THROWS_WITH(read_comparison(file.path), Catch::Contains("no comparison"));
  const ResultsFile before = read_results(file.path);
  const Comparison c = compare_scenarios(before, "care-as-usual");
  write_comparison(file.path, c);
  write_comparison(file.path, c);  // a second comparison replaces the first
  const Comparison back = read_comparison(file.path);
  CHECK(back.baseline == "care-as-usual");
  CHECK(back.scenarios == c.scenarios);
  REQUIRE(back.outcomes.size() == c.outcomes.size());
  for (std::size_t i = 0; i < c.outcomes.size(); ++i) {
    CHECK(back.outcomes[i].measure == c.outcomes[i].measure);
    CHECK(back.outcomes[i].subgroup == c.outcomes[i].subgroup);
    const auto same = [](double x, double y) { return (std::isnan(x) && std::isnan(y)) || x == y; };
    CHECK(same(back.outcomes[i].value.mean, c.outcomes[i].value.mean));
    CHECK(same(back.outcomes[i].value.range_upper, c.outcomes[i].value.range_upper));
  }
  REQUIRE(back.cost_effectiveness.size() == c.cost_effectiveness.size());
  CHECK(back.cost_effectiveness[0].verdict == c.cost_effectiveness[0].verdict);
  CHECK(back.cost_effectiveness[0].share_dominant == c.cost_effectiveness[0].share_dominant);
  CHECK(back.differences.size() == c.differences.size());
  // The results themselves are untouched.
  const ResultsFile after = read_results(file.path);
  for (std::size_t s = 0; s < 2; ++s) CHECK(after.scenarios[s].outcomes == before.scenarios[s].outcomes);
  CHECK(after.run.seed == before.run.seed);
}

TEST_CASE("jimsim compare: table, CSV and bad input", "[comparison][cli]") {
  const fs::path dir = fs::temp_directory_path() / ("jimsim_compare_cli_" + std::to_string(getpid()));
  fs::create_directories(dir);
  const auto cli = [](const std::string& args) {
    const int status = std::system((std::string(JIMSIM_BINARY) + " " + args + " > /dev/null 2>&1").c_str());
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  };
  const auto scenario_text = "[intake]\ncohort_size = 30\n[simulation]\nhorizon_weeks = 20.0\n";
  std::ofstream(dir / "jim.toml") << scenario_text;
  std::ofstream(dir / "cau.toml") << "[scenario]\nbase = \"jim.toml\"\n[mentor_search]\nenabled = false\n";
  const std::string results = (dir / "r.h5").string();
  REQUIRE(cli("run " + (dir / "cau.toml").string() + " " + (dir / "jim.toml").string() + " -r 3 -q -o " + results) == 0);
  CHECK(cli("compare " + results + " -b cau --csv " + (dir / "c.csv").string()) == 0);
  CHECK(fs::file_size(dir / "c.csv") > 1000);
  CHECK(read_comparison(results).baseline == "cau");
  CHECK(cli("compare " + results + " -b cau --csv " + (dir / "c.csv").string()) == 4);  // CSV exists
  CHECK(cli("compare " + results + " -b nobody") == 3);
  std::ofstream(dir / "text.h5") << "not hdf5";
  CHECK(cli("compare " + (dir / "text.h5").string()) == 3);
  REQUIRE(cli("run " + (dir / "jim.toml").string() + " -r 1 -q -o " + (dir / "one.h5").string()) == 0);
  CHECK(cli("compare " + (dir / "one.h5").string()) == 3);
  // A results file of another format version (otherwise comparable: three replicates).
  fs::copy_file(results, dir / "v99.h5");
  CHECK(cli("compare " + (dir / "v99.h5").string() + " --no-store") == 0);
  {
    const hid_t f = H5Fopen((dir / "v99.h5").c_str(), H5F_ACC_RDWR, H5P_DEFAULT);
    REQUIRE(f >= 0);
    const hid_t a = H5Aopen(f, "format_version", H5P_DEFAULT);
    const int version = 99;
    H5Awrite(a, H5T_NATIVE_INT, &version);
    H5Aclose(a);
    H5Fclose(f);
  }
  CHECK(cli("compare " + (dir / "v99.h5").string() + " --no-store") == 3);
  fs::remove_all(dir);
}
