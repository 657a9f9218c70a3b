#include <catch2/catch.hpp>
#include <fmt/format.h>

#include <set>

#include "sim/parameter_docs.hpp"
#include "sim/parameters.hpp"
#include "tests/generated_docs.hpp"

using namespace jimsim;

TEST_CASE("every parameter declaration is complete and its default valid", "[parameters]") {
  std::set<std::string> keys;
  const Parameters defaults;
  for (const auto& spec : parameter_specs()) {
    INFO(spec.key());
    CHECK(keys.insert(spec.key()).second);
    CHECK_FALSE(spec.unit.empty());
    CHECK_FALSE(spec.meaning.empty());
    CHECK_FALSE(spec.source.empty());
    CHECK(spec.minimum <= spec.maximum);
    CHECK(check_parameter_value(spec, spec.default_value).empty());
    CHECK(spec.get(defaults) == spec.default_value);
  }
  CHECK(check_parameter_consistency(defaults).empty());
}

TEST_CASE("parameters are found by key and set through their spec", "[parameters]") {
  const ParameterSpec* spec = find_parameter("crisis.base_hazard");
  REQUIRE(spec != nullptr);
  CHECK(spec->kind == ParameterKind::real);
  Parameters p;
  spec->set(p, 0.123);
  CHECK(p.crisis.base_hazard == 0.123);
  CHECK(find_parameter("crisis.base_hazar") == nullptr);
  CHECK(find_parameter("base_hazard") == nullptr);
  CHECK(find_parameter("intake.cohort_size")->kind == ParameterKind::integer);
  CHECK(find_parameter("mentor_search.enabled")->kind == ParameterKind::flag);
}

TEST_CASE("values outside the declared range or of the wrong kind are rejected", "[parameters]") {
  const auto& share = *find_parameter("mentor_search.never_found_share");
  CHECK(check_parameter_value(share, 0.5).empty());
  CHECK_THAT(check_parameter_value(share, 1.5), Catch::Contains("outside the valid range [0.0, 1.0]"));
  CHECK_THAT(check_parameter_value(share, std::nan("")), Catch::Contains("finite"));
  const auto& size = *find_parameter("intake.cohort_size");
  CHECK_THAT(check_parameter_value(size, 10.5), Catch::Contains("whole number"));
  CHECK_THAT(check_parameter_value(size, 0), Catch::Contains("outside"));
}

TEST_CASE("inconsistent parameter sets name the key at fault", "[parameters]") {
  Parameters p;
  p.intake.age_min_years = 19;
  p.intake.age_max_years = 17;
  const auto problems = check_parameter_consistency(p);
  REQUIRE(problems.size() == 1);
  CHECK(problems[0].key == "intake.age_min_years");

  Parameters q;
  q.intake.arrival_window_weeks = q.simulation.horizon_weeks;
  REQUIRE(check_parameter_consistency(q).size() == 1);
  CHECK(check_parameter_consistency(q)[0].key == "intake.arrival_window_weeks");

  const auto only_problem = [](const Parameters& x) {
    const auto found = check_parameter_consistency(x);
    return found.size() == 1 ? found[0].key : fmt::format("({} problems)", found.size());
  };
  Parameters both_arrivals;  // a region's referrals and a cohort's window are two ways to say one thing
  both_arrivals.intake.weekly_referrals = 2;
  both_arrivals.intake.arrival_window_weeks = 20;
  CHECK(only_problem(both_arrivals) == "intake.arrival_window_weeks");

  Parameters too_many;  // more families than a replicate holds
  too_many.intake.weekly_referrals = 10000;
  CHECK(only_problem(too_many) == "intake.weekly_referrals");

  Parameters crossed;  // cases would step up and down at the same review
  crossed.professionals.step_down_severity = 1.5;
  crossed.professionals.step_up_severity = 1.2;
  CHECK(only_problem(crossed) == "professionals.step_down_severity");

  Parameters nobody;  // no workforce at all
  nobody.professionals.basic_per_100_families = 0;
  nobody.professionals.specialist_per_100_families = 0;
  CHECK(only_problem(nobody) == "professionals.specialist_per_100_families");
  nobody.professionals.specialist_fte = 3;  // a region's FTE is a workforce
  CHECK(check_parameter_consistency(nobody).empty());
}

TEST_CASE("docs/parameters.md is the generated parameter table", "[parameters][docs]") {
  // Regenerate with: build/jimsim params --format markdown > docs/parameters.md (or JIMSIM_REGENERATE_DOCS=1)
  CHECK(jimsim::testing::docs_page("parameters.md", parameter_table_markdown()) == parameter_table_markdown());
}

TEST_CASE("the text listing has a line per parameter", "[parameters]") {
  const std::string table = parameter_table_text();
  for (const auto& spec : parameter_specs()) CHECK_THAT(table, Catch::Contains(spec.key()));
}
