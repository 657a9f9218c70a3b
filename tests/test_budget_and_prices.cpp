// Budget impact on a hand-worked population, re-pricing from recorded counts (equal to a rerun
// with those prices), and the tornado of prices.
#include <catch2/catch.hpp>

#include <cmath>
#include <fstream>
#include <sstream>

#include "analysis/budget_impact.hpp"
#include "analysis/price_tornado.hpp"
#include "analysis/repricing.hpp"
#include "cli_testing.hpp"
#include "sim/errors.hpp"

using namespace jimsim;

namespace {

// 100 families a replicate; year-since-intake totals of cost_total and placements as given, the
// same in every replicate but shifted by `noise[r]` in year 0.
ScenarioResults yearly(const std::string& name, std::vector<double> cost_by_year, std::vector<double> noise) {
  ScenarioResults s;
  s.name = name;
  for (const double n : noise) {
    Outcomes o;
    o.families = 100;
    std::array<Outcomes, subgroup_count> groups;
    groups.fill(o);
    s.outcomes.push_back(groups);
    std::vector<ResourceUseYear> years;
    for (std::size_t y = 0; y < cost_by_year.size(); ++y) {
      ResourceUseYear u;
      u.cost_total = cost_by_year[y] + (y == 0 ? n : 0.0);
      u.placements = y == 0 ? 10 : 5;
      years.push_back(u);
    }
    s.by_year.push_back(years);
  }
  return s;
}

const BudgetImpactRow& row(const BudgetImpact& b, const std::string& scenario, int year, const std::string& item) {
  for (const auto& r : b.rows) {
    if (r.scenario == scenario && r.year == year && r.item == item) return r;
  }
  FAIL("no budget row " << scenario << " " << year << " " << item);
  throw;
}

std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

TEST_CASE("budget impact: referrals arriving evenly, worked by hand", "[budget]") {
  // Per referral: 10 euro in its first year since intake, 4 in its second, nothing after (the
  // horizon). 10 referrals a year: calendar year 1 holds half a first year (50), year 2 a full first
  // year and half a second (120), from year 3 on a full first and second year (140).
  ResultsFile f;
  f.run.replicates = 3;
  f.scenarios = {yearly("base", {1000, 400}, {0, 0, 0}), yearly("jim", {800, 400}, {-100, 0, 100})};
  const BudgetImpact b = budget_impact(f, "base", {10, 4});
  CHECK(b.horizon_years == 2);
  CHECK(row(b, "base", 1, "cost_total").value.mean == Approx(50));
  CHECK(row(b, "base", 2, "cost_total").value.mean == Approx(120));
  CHECK(row(b, "base", 3, "cost_total").value.mean == Approx(140));
  CHECK(row(b, "base", 4, "cost_total").value.mean == Approx(140));
  CHECK(row(b, "base", 0, "cost_total").value.mean == Approx(450));
  // jim saves 2 euro per referral in the first year since intake: 10 a year from calendar year 2.
  CHECK(row(b, "jim", 1, "cost_total").difference.mean == Approx(-10));
  CHECK(row(b, "jim", 2, "cost_total").difference.mean == Approx(-20));
  CHECK(row(b, "jim", 0, "cost_total").difference.mean == Approx(-70));
  // The noise in year 0 (-1, 0, +1 euro per referral) gives an interval of the mean; the base has none.
  CHECK(row(b, "jim", 1, "cost_total").difference.mean_lower < -10);
  CHECK(row(b, "jim", 1, "cost_total").difference.mean_upper > -10);
  CHECK(row(b, "base", 1, "cost_total").difference.mean == 0);
  // Placements: 0.1 per referral in year 0, 0.05 in year 1.
  CHECK(row(b, "base", 3, "placements").value.mean == Approx(1.5));
  CHECK(row(b, "base", 3, "placements").unit == "placements");
}

TEST_CASE("budget impact errors", "[budget][errors]") {
  ResultsFile f;
  f.run.replicates = 2;
  f.scenarios = {yearly("base", {1000}, {0, 0}), yearly("jim", {800}, {0, 0})};
  CHECK_THROWS_WITH(budget_impact(f, "base", {0, 5}), Catch::Contains("referrals a year"));
  CHECK_THROWS_WITH(budget_impact(f, "base", {NAN, 5}), Catch::Contains("referrals a year"));
  CHECK_THROWS_WITH(budget_impact(f, "base", {100, 0}), Catch::Contains("1 to 100 years"));
  CHECK_THROWS_WITH(budget_impact(f, "nobody", {100, 5}), Catch::Contains("nobody"));
  f.scenarios[1].by_year.clear();
  CHECK_THROWS_WITH(budget_impact(f, "base", {100, 5}), Catch::Contains("no resource use by year"));
}

TEST_CASE("price changes as users write them", "[prices]") {
  const PriceChange p = parse_price_change("costs.residential_day=180");
  CHECK(p.key == "costs.residential_day");
  CHECK(p.value == 180);
  CHECK(parse_price_change("residential_day=200").key == "costs.residential_day");
  CHECK_THROWS_WITH(parse_price_change("costs.residential_days=180"), Catch::Contains("not a price"));
  CHECK_THROWS_WITH(parse_price_change("intake.cohort_size=10"), Catch::Contains("not a price"));
  CHECK_THROWS_WITH(parse_price_change("costs.residential_day"), Catch::Contains("expected group.key=value"));
  CHECK_THROWS_WITH(parse_price_change("costs.residential_day=cheap"), Catch::Contains("--price"));
  CHECK_THROWS_WITH(parse_price_change("costs.residential_day=-1"), Catch::Contains("--price"));
}

TEST_CASE("compare --price gives what a rerun at those prices gives, and the tornado moves as the counts say",
          "[prices][cli]") {
  const jimsim::testing::TempDir dir;
  dir.write("jim.toml", "[intake]\ncohort_size = 60\n[simulation]\nhorizon_weeks = 60.0\n");
  dir.write("cau.toml", "[scenario]\nbase = \"jim.toml\"\n[mentor_search]\nenabled = false\n[placement]\nsafety_plan = false\n");
  const std::string scenarios = (dir.path / "cau.toml").string() + " " + (dir.path / "jim.toml").string();
  const auto cli = [](const std::string& args) { return jimsim::testing::jimsim_cli(args); };
  REQUIRE(cli("run " + scenarios + " -r 6 -q -o " + (dir.path / "a.h5").string()).exit_code == 0);
  REQUIRE(cli("run " + scenarios + " -r 6 -q -o " + (dir.path / "b.h5").string() +
              " --set costs.residential_day=300 --set costs.basic_hour=60")
              .exit_code == 0);
  const auto at_new_prices = cli("compare " + (dir.path / "a.h5").string() +
                            " -b cau --price costs.residential_day=300 --price basic_hour=60 --csv " +
                            (dir.path / "a.csv").string());
  REQUIRE(at_new_prices.exit_code == 0);
  CHECK_THAT(at_new_prices.output, Catch::Contains("re-priced from the recorded counts with costs.residential_day=300"));
  REQUIRE(cli("compare " + (dir.path / "b.h5").string() + " -b cau --csv " + (dir.path / "b.csv").string()).exit_code == 0);
  // Every row of the comparison, decision and budget impact: the same numbers.
  CHECK(slurp(dir.path / "a.csv") == slurp(dir.path / "b.csv"));

  // In memory: re-pricing the rerun back to the defaults gives the first run's costs exactly.
  const ResultsFile a = read_results(dir.path / "a.h5");
  const ResultsFile back = repriced(read_results(dir.path / "b.h5"), {parse_price_change("costs.residential_day=148.93"),
                                                                       parse_price_change("costs.basic_hour=45.77")});
  for (std::size_t s = 0; s < 2; ++s) CHECK(back.scenarios[s].outcomes == a.scenarios[s].outcomes);

  // The approach averts residential days, so a dearer residential day raises its net benefit.
  const Tornado t = price_tornado(a, "cau", "placements", 0);
  CHECK(t.scenario == "jim");
  bool seen = false;
  for (const auto& r : t.rows) {
    if (r.price != "costs.residential_day") continue;
    seen = true;
    CHECK(r.low == 120);
    CHECK(r.high == 400);
    CHECK(r.value_low < r.value_default);
    CHECK(r.value_high > r.value_default);
  }
  CHECK(seen);
  // Under the hours perspective the FTE prices do not apply, so they are not in the tornado.
  for (const auto& r : t.rows) CHECK(r.price.find("fte") == std::string::npos);
  // Widest swing first.
  for (std::size_t i = 1; i < t.rows.size(); ++i) {
    CHECK(std::abs(t.rows[i - 1].value_high - t.rows[i - 1].value_low) >= std::abs(t.rows[i].value_high - t.rows[i].value_low));
  }
  CHECK(cli("compare " + (dir.path / "a.h5").string() + " -b cau --no-store --price costs.nothing=3").exit_code == 3);
}
