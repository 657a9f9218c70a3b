// The decision analysis on hand-worked cases: the efficiency frontier (dominance, extended
// dominance, ties, one policy), acceptability, net benefit and the value of information. The
// independent numpy/pandas recomputation from a real results file is tests/check_decision.py.
#include <catch2/catch.hpp>

#include <hdf5.h>

#include <cmath>

#include "analysis/decision_analysis.hpp"
#include "analysis/efficiency_frontier.hpp"
#include "cli_testing.hpp"
#include "results_testing.hpp"
#include "sim/errors.hpp"

using namespace jimsim;
using jimsim::testing::scenario;

namespace {

std::vector<FrontierEntry> frontier(const std::vector<PolicyPoint>& p) {
  std::vector<std::string> names;
  for (std::size_t i = 0; i < p.size(); ++i) names.push_back(std::string(1, static_cast<char>('A' + i)));
  return efficiency_frontier(p, names);
}

const FrontierRow& row_of(const DecisionAnalysis& d, const std::string& scenario, int subgroup = 0) {
  for (const auto& r : d.frontier) {
    if (r.scenario == scenario && r.subgroup == subgroup) return r;
  }
  FAIL("no frontier row for " << scenario);
  throw;
}

}  // namespace

TEST_CASE("frontier: extended dominance removes a policy whose ratio falls at the next step", "[decision][frontier]") {
  // By cost: A 0/0, B 100/1, D 250/1.5, C 300/2. Ratios B 100, D 300, C 100: D is extendedly
  // dominated; then C against B is 200.
  const std::vector<PolicyPoint> p = {{0, 0}, {100, 1}, {300, 2}, {250, 1.5}};
  const auto e = frontier(p);
  CHECK(e[0].status == FrontierStatus::reference);
  CHECK(e[1].status == FrontierStatus::frontier);
  CHECK(e[1].comparator == 0);
  CHECK(e[1].ratio == Approx(100));
  CHECK(e[2].status == FrontierStatus::frontier);
  CHECK(e[2].comparator == 1);
  CHECK(e[2].ratio == Approx(200));
  CHECK(e[2].incremental_cost == Approx(200));
  CHECK(e[2].incremental_effect == Approx(1));
  CHECK(e[3].status == FrontierStatus::extendedly_dominated);
  CHECK(e[3].comparator == 1);
  CHECK(e[3].next == 2);
  CHECK(e[0].rank == 1);
  CHECK(e[1].rank == 2);
  CHECK(e[3].rank == 3);
  CHECK(e[2].rank == 4);
}

TEST_CASE("frontier: strong dominance names the cheapest dominating policy", "[decision][frontier]") {
  // E costs more than B and achieves less; A does not dominate it (less effective).
  const std::vector<PolicyPoint> p = {{0, 0}, {100, 1}, {200, 0.5}};
  const auto e = frontier(p);
  CHECK(e[2].status == FrontierStatus::dominated);
  CHECK(e[2].comparator == 1);
  // A dearer policy with the same effect, and a same-cost policy with less effect, are dominated.
  const auto same_effect = frontier({{0, 0}, {50, 0}});
  CHECK(same_effect[0].status == FrontierStatus::dominant);
  CHECK(same_effect[1].status == FrontierStatus::dominated);
  CHECK(same_effect[1].comparator == 0);
  const auto same_cost = frontier({{100, 0.8}, {0, 0}, {100, 1}});
  CHECK(same_cost[0].status == FrontierStatus::dominated);
  CHECK(same_cost[0].comparator == 2);
  CHECK(same_cost[2].status == FrontierStatus::frontier);
}

TEST_CASE("frontier: ties, equal ratios, a dominant policy and a single policy", "[decision][frontier]") {
  // An exact duplicate keeps the first; equal successive ratios keep the middle policy.
  const auto tied = frontier({{0, 0}, {100, 1}, {100, 1}, {200, 2}});
  CHECK(tied[1].status == FrontierStatus::frontier);
  CHECK(tied[2].status == FrontierStatus::duplicate);
  CHECK(tied[2].comparator == 1);
  CHECK(tied[3].status == FrontierStatus::frontier);
  CHECK(tied[3].ratio == Approx(100));
  // Cheaper and more effective than the rest: dominant, the others dominated by it.
  const auto dominant = frontier({{10, 0}, {0, 1}, {20, 0.5}});
  CHECK(dominant[1].status == FrontierStatus::dominant);
  CHECK(dominant[0].status == FrontierStatus::dominated);
  CHECK(dominant[0].comparator == 1);
  CHECK(dominant[2].comparator == 1);
  // A copy of a dominated policy is a duplicate of it; copies alone leave the first the reference.
  const auto copy_of_dominated = frontier({{0, 1}, {10, 0}, {10, 0}});
  CHECK(copy_of_dominated[1].status == FrontierStatus::dominated);
  CHECK(copy_of_dominated[2].status == FrontierStatus::duplicate);
  CHECK(copy_of_dominated[2].comparator == 1);
  const auto copies = frontier({{3, 1}, {3, 1}, {3, 1}});
  CHECK(copies[0].status == FrontierStatus::reference);
  CHECK(copies[2].status == FrontierStatus::duplicate);
  CHECK(copies[2].comparator == 0);
  const auto one = frontier({{5, -0.2}});
  CHECK(one[0].status == FrontierStatus::reference);
  CHECK(one[0].rank == 1);
  CHECK_THROWS_AS(frontier({{0, 0}, {std::nan(""), 1}}), InputError);
}

TEST_CASE("best policy by net monetary benefit moves along the frontier as willingness to pay rises", "[decision][frontier]") {
  const std::vector<PolicyPoint> p = {{0, 0}, {100, 1}, {300, 2}, {250, 1.5}};
  CHECK(best_policy(p, 0) == 0);
  CHECK(best_policy(p, 99) == 0);
  CHECK(best_policy(p, 150) == 1);
  CHECK(best_policy(p, 250) == 2);
  // At exactly the ratio the two are equal: the cheaper one is kept; at equal cost, the more effective.
  CHECK(best_policy(p, 100) == 0);
  CHECK(best_policy({{10, 0}, {10, 1}}, 0) == 1);
  CHECK(cost_order({{10, 0}, {10, 1}, {5, 0}, {10, 1}}) == std::vector<int>{2, 1, 3, 0});
}

TEST_CASE("decision analysis: acceptability and value of information over replicates, worked by hand", "[decision]") {
  // Per family, replicates r = 0, 1, 2:
  //   base: placed 0.30 0.20 0.40, cost 1000 1000 1000
  //   jim:  placed 0.20 0.20 0.20, cost 2000 1500 2500
  // Placements averted by jim: 0.10 0.00 0.20 (mean 0.10); extra cost 1000 500 1500 (mean 1000).
  // At wtp 10,000 the incremental net benefit per replicate is 0, -500, 500: jim is best in one
  // replicate of three (ties go to the first policy), the expected benefit is equal (0), so the
  // cheaper base is the expected best; EVPI = mean(max(0, inb)) = (0 + 0 + 500) / 3.
  ResultsFile f;
  f.run.replicates = 3;
  f.scenarios = {scenario("base", {30, 20, 40}, {1e5, 1e5, 1e5}), scenario("jim", {20, 20, 20}, {2e5, 1.5e5, 2.5e5})};
  DecisionSettings settings;
  settings.wtp_grid = {0, 10000, 20000};
  settings.decision_wtp = 20000;
  const DecisionAnalysis d = analyse_decision(f, "base", settings);
  REQUIRE(d.acceptability.size() == 6);
  const auto& base10 = d.acceptability[2];
  const auto& jim10 = d.acceptability[3];
  CHECK(jim10.wtp == 10000);
  CHECK(jim10.scenario == "jim");
  CHECK(jim10.probability_best == Approx(1.0 / 3));
  CHECK(base10.probability_best == Approx(2.0 / 3));
  CHECK(jim10.incremental_net_benefit.mean == Approx(0).margin(1e-9));
  CHECK(base10.best_expected);
  CHECK_FALSE(jim10.best_expected);
  CHECK(d.value_of_information[1].evpi_per_family == Approx(500.0 / 3));
  // At 0 the cheaper policy always wins and nothing is worth learning.
  CHECK(d.acceptability[0].probability_best == 1.0);
  CHECK(d.value_of_information[0].evpi_per_family == Approx(0).margin(1e-9));
  // At 20,000: inb 1000, -500, 2500 (mean 1000): jim best in 2 of 3.
  CHECK(d.acceptability[5].incremental_net_benefit.mean == Approx(1000));
  CHECK(d.acceptability[5].probability_best == Approx(2.0 / 3));
  CHECK(d.best_scenario == "jim");
  CHECK(d.best_probability == Approx(2.0 / 3));
  // The frontier: jim costs 1000 more per family for 0.10 placements averted: 10,000 each, but
  // the effect's interval includes 0 at three replicates, so no ratio is given.
  const FrontierRow& jim = row_of(d, "jim");
  CHECK(jim.status == FrontierStatus::frontier);
  CHECK(jim.comparator == "base");
  CHECK(jim.incremental_cost.mean == Approx(1000));
  CHECK(jim.incremental_effect.mean == Approx(0.10));
  CHECK(std::isnan(jim.ratio));
  CHECK_THAT(jim.note, Catch::Contains("not distinguishable"));
  CHECK(row_of(d, "base").status == FrontierStatus::reference);
}

TEST_CASE("decision analysis: a step with a clear effect gets its ratio and a bootstrap interval", "[decision]") {
  std::vector<double> base_placed, jim_placed, base_cost, jim_cost;
  for (int r = 0; r < 20; ++r) {
    base_placed.push_back(30 + r % 3);
    jim_placed.push_back(20 + r % 3);                // 0.10 averted per family, always
    base_cost.push_back(1e5);
    jim_cost.push_back(1.5e5 + 1000.0 * (r % 5));  // 500 to 540 per family more
  }
  ResultsFile f;
  f.run.replicates = 20;
  f.scenarios = {scenario("base", base_placed, base_cost), scenario("jim", jim_placed, jim_cost)};
  const DecisionAnalysis d = analyse_decision(f, "base", {});
  const FrontierRow& jim = row_of(d, "jim");
  CHECK(jim.ratio == Approx(5200));  // 520 euro per family / 0.10 placements per family
  CHECK(jim.ratio_lower >= 5000);
  CHECK(jim.ratio_upper <= 5400);
  CHECK(jim.ratio_lower < jim.ratio);
  CHECK(jim.ratio_upper > jim.ratio);
  CHECK_THAT(jim.note, Catch::Contains("5200 euro per placement averted more than base"));
  // The default grid starts at 0 and reaches 150,000 euro per placement averted.
  CHECK(d.acceptability.front().wtp == 0);
  CHECK(d.acceptability.back().wtp == 150000);
  // Residential days as the effect: nothing differs there, so jim is dominated.
  DecisionSettings days;
  days.effect = "residential_days";
  CHECK(row_of(analyse_decision(f, "base", days), "jim").status == FrontierStatus::dominated);
}

TEST_CASE("decision analysis errors: effect, willingness to pay, baseline", "[decision][errors]") {
  ResultsFile f;
  f.run.replicates = 2;
  f.scenarios = {scenario("base", {1, 2}, {1, 2}), scenario("jim", {1, 2}, {1, 2})};
  DecisionSettings bad_effect;
  bad_effect.effect = "happiness";
  CHECK_THROWS_WITH(analyse_decision(f, "base", bad_effect), Catch::Contains("placements, residential_days"));
  DecisionSettings negative;
  negative.wtp_grid = {-1};
  CHECK_THROWS_WITH(analyse_decision(f, "base", negative), Catch::Contains("at least 0"));
  DecisionSettings infinite;
  infinite.decision_wtp = INFINITY;
  CHECK_THROWS_AS(analyse_decision(f, "base", infinite), InputError);
  CHECK_THROWS_WITH(analyse_decision(f, "nobody", {}), Catch::Contains("nobody"));
}

TEST_CASE("willingness-to-pay grids as users write them", "[decision][wtp]") {
  CHECK(parse_wtp_grid("50000") == std::vector<double>{50000});
  CHECK(parse_wtp_grid("0:100:25") == std::vector<double>{0, 25, 50, 75, 100});
  CHECK(parse_wtp_grid("0:100:30") == std::vector<double>{0, 30, 60, 90, 100});  // the end is kept
  CHECK(parse_wtp_grid("20000,0,20000") == std::vector<double>{0, 20000});
  for (const char* bad : {"", "abc", "-5", "1e400", "10:0:5", "0:10:0", "0:10", "0:1e9:1", "5,,6", "nan"}) {
    INFO(bad);
    CHECK_THROWS_AS(parse_wtp_grid(bad), InputError);
  }
  CHECK_THROWS_WITH(parse_wtp_grid("0:x:5"), Catch::Contains("'x' is not an amount"));
}

TEST_CASE("jimsim compare: decision options and their errors", "[decision][cli]") {
  const jimsim::testing::TempDir dir;
  dir.write("jim.toml", "[intake]\ncohort_size = 40\n[simulation]\nhorizon_weeks = 30.0\n");
  dir.write("cau.toml", "[scenario]\nbase = \"jim.toml\"\n[mentor_search]\nenabled = false\n");
  const std::string results = (dir.path / "r.h5").string();
  REQUIRE(jimsim::testing::jimsim_cli("run " + (dir.path / "cau.toml").string() + " " + (dir.path / "jim.toml").string() +
                                      " -r 4 -q -o " + results)
              .exit_code == 0);
  const auto compare = [&](const std::string& options) {
    return jimsim::testing::jimsim_cli("compare " + results + " -b cau --no-store " + options);
  };
  const auto decided = compare("--wtp 0:50000:10000 --decision-wtp 20000");
  CHECK(decided.exit_code == 0);
  CHECK_THAT(decided.output, Catch::Contains("At 20000 euro per placement averted, the policy with the highest"));
  CHECK_THAT(decided.output, Catch::Contains("Incremental analysis of all policies, whole cohort"));
  // One amount decides, and the curves keep the default grid up to 150,000.
  const auto one = compare("--wtp 30000");
  CHECK(one.exit_code == 0);
  CHECK_THAT(one.output, Catch::Contains("At 30000 euro"));
  CHECK_THAT(one.output, Catch::Contains("150000"));
  CHECK_THAT(compare("--effect residential_days").output, Catch::Contains("residential day avoided"));
  for (const char* bad : {"--wtp abc", "--wtp 10:0:5", "--effect happiness", "--decision-wtp 1,2", "--decision-wtp -3"}) {
    INFO(bad);
    const auto outcome = compare(bad);
    CHECK(outcome.exit_code == 3);
    CHECK_THAT(outcome.output, !Catch::Contains("terminate"));
  }
  CHECK_THAT(compare("--decision-wtp 1,2").output, Catch::Contains("--decision-wtp takes one amount"));
  // The analysis is stored with the comparison.
  CHECK(jimsim::testing::jimsim_cli("compare " + results + " -b cau --wtp 0:20000:10000").exit_code == 0);
  const hid_t file = H5Fopen(results.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  REQUIRE(file >= 0);
  CHECK(H5Lexists(file, "/comparison/decision", H5P_DEFAULT) > 0);
  CHECK(H5Lexists(file, "/comparison/decision/frontier", H5P_DEFAULT) > 0);
  CHECK(H5Lexists(file, "/comparison/decision/acceptability", H5P_DEFAULT) > 0);
  H5Fclose(file);
}
