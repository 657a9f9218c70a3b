// Resource use by year since intake (ReplicateResult::by_year, sim/resource_use_by_year.hpp): the
// years add up to the replicate's totals, each family's counts split at its own year boundary
// (52.1775 weeks after its intake) whatever the time step, and one-off items fall in year 0.
#include <catch2/catch.hpp>

#include <cmath>
#include <filesystem>
#include <string>
#include <vector>

#include "io/scenario.hpp"
#include "sim/parameters.hpp"
#include "sim/processes/exit.hpp"
#include "sim/replicate.hpp"
#include "sim/resource_use_by_year.hpp"
#include "sim/result_fields.hpp"

using namespace jimsim;
namespace fs = std::filesystem;

namespace {

Parameters scenario(const std::string& file) {
  return load_scenario(fs::path(JIMSIM_SOURCE_DIR) / "scenarios" / file).parameters;
}

// A fixed cohort of 500 at week 0 (the bundled default) followed 104 weeks by nothing that varies:
// no crises, no mentors, no closure and no handovers, so every family gets the same hours every
// week, and everyone is in a parent group for 60 weeks.
Parameters steady_cohort() {
  Parameters p = scenario("care-as-usual.toml");
  p.crisis.base_hazard = 0.0;
  p.case_closure.closure_severity = 0.0;
  p.case_closure.max_treatment_weeks = 520.0;
  p.professionals.step_up_severity = 5.0;
  p.professionals.step_down_severity = 0.0;
  p.parent_group.uptake = 1.0;
  p.parent_group.duration_weeks = 60.0;
  return p;
}

double sum_over_years(const std::vector<ResourceUseYear>& years, const DoubleField& field) {
  double sum = 0.0;
  for (const auto& year : years) sum += field_value(year, field);
  return sum;
}

}  // namespace

TEST_CASE("the years of resource use add up to the replicate's totals", "[by_year]") {
  struct Case {
    const char* name;
    Parameters p;
  };
  std::vector<Case> cases = {{"JIM, a cohort at week 0", scenario("jim.toml")},
                             {"care as usual, a cohort at week 0", scenario("care-as-usual.toml")},
                             {"referred JIM", scenario("referred/jim.toml")}};
  {
    Parameters p = scenario("jim.toml");
    p.intake.arrival_window_weeks = 70.0;
    p.simulation.horizon_weeks = 160.0;  // four years, the last partial
    p.parent_group.uptake = 0.5;
    p.mentor_dynamics.role_clarity_start_meeting = true;
    p.case_closure.role_clarity_end_meeting = true;
    cases.push_back({"intakes over 70 weeks, 160-week horizon", p});
  }
  {
    Parameters p = scenario("jim.toml");
    p.intake.weekly_referrals = 4.0;
    p.intake.age_max_years = 22.5;  // some leave at 23, before the horizon
    p.professionals.basic_fte = 4.5;
    p.professionals.specialist_fte = 6.25;
    p.simulation.time_step_weeks = 0.5;
    p.costs.staff_employed = true;
    cases.push_back({"a region's referrals and FTE, employed staff, half-week steps", p});
  }
  for (const Case& c : cases) {
    const ReplicateResult r = simulate_replicate(c.p, 31, 0, false);
    const Outcomes& all = r.outcomes[0];
    REQUIRE(r.by_year.size() == static_cast<std::size_t>(year_count(c.p)));
    CHECK(r.by_year[0].youths_followed == all.families);
    double first_placed = 0.0;
    for (const auto& year : r.by_year) first_placed += year.youths_first_placed;
    CHECK(first_placed == all.placed);
    for (const auto& field : resource_use_fields) {
      const int total = outcome_field_index(field.name);
      if (total < 0) continue;  // youths followed and first placed: checked above
      INFO(c.name << ": " << field.name);
      const double expected = field_value(all, outcome_fields[static_cast<std::size_t>(total)]);
      CHECK(sum_over_years(r.by_year, field) == Approx(expected).epsilon(1e-12).margin(1e-9));
    }
  }
}

TEST_CASE("a fixed cohort: year 0 holds exactly the first 52.1775 weeks after intake, at any time step", "[by_year]") {
  // Year 0 ends inside a step at every time step below (52.1775 is no multiple of 1, 0.5 or 0.25
  // weeks), so these hold only when the step holding the boundary is split where it falls.
  const double year = weeks_per_year, rest = 104.0 - weeks_per_year;
  for (const double dt : {1.0, 0.5, 0.25}) {
    INFO("time step " << dt << " weeks");
    Parameters p = steady_cohort();
    p.simulation.time_step_weeks = dt;
    const ReplicateResult r = simulate_replicate(p, 5, 0, false);
    REQUIRE(r.by_year.size() == 2);
    const auto& first = r.by_year[0];
    const auto& second = r.by_year[1];
    const Outcomes& all = r.outcomes[0];
    CHECK(first.parent_group_weeks == Approx(500 * year).epsilon(1e-12));
    CHECK(second.parent_group_weeks == Approx(500 * (60.0 - year)).epsilon(1e-12));
    CHECK(first.follow_up_weeks == Approx(500 * year).epsilon(1e-12));
    CHECK(second.youths_followed == 500);
    const double hours = all.basic_hours + all.specialist_hours;
    REQUIRE(hours > 0);
    CHECK(first.basic_hours + first.specialist_hours == Approx(hours * year / 104.0).epsilon(1e-12));
    CHECK(second.basic_hours + second.specialist_hours == Approx(hours * rest / 104.0).epsilon(1e-12));
    // Busy and idle together are the whole workforce in every step: 20 basic and 30 specialist
    // FTE for 500 families, so year 0 holds one FTE-year per FTE.
    CHECK(first.basic_fte_years == Approx(20.0).epsilon(1e-12));
    CHECK(first.specialist_fte_years == Approx(30.0).epsilon(1e-12));
    CHECK(second.basic_fte_years == Approx(20.0 * rest / year).epsilon(1e-12));
  }
  // The same for the bundled JIM scenario, where crises, placements and closures move families
  // between professionals and idleness: the staff time of a year does not depend on them.
  for (const double dt : {1.0, 0.5, 0.25}) {
    INFO("jim.toml, time step " << dt << " weeks");
    Parameters p = scenario("jim.toml");
    p.simulation.time_step_weeks = dt;
    const ReplicateResult r = simulate_replicate(p, 6, 0, false);
    CHECK(r.by_year[0].basic_fte_years == Approx(20.0).epsilon(1e-12));
    CHECK(r.by_year[0].specialist_fte_years == Approx(30.0).epsilon(1e-12));
    CHECK(r.by_year[1].specialist_fte_years == Approx(30.0 * rest / year).epsilon(1e-12));
    CHECK(r.by_year[0].professionals_trained == Approx(50.0).epsilon(1e-12));
    CHECK(r.by_year[1].professionals_trained == 0.0);
  }
}

TEST_CASE("a residential stay across a family's year boundary is split where the boundary falls", "[by_year]") {
  // One family, taken in at week 0, in residential care from week 50 to week 60: 2.1775 weeks of it
  // in year 0 and 7.8225 weeks in year 1, whatever the time step. The family's counts are set by
  // hand as a stay would count them, step by step.
  for (const double dt : {1.0, 0.5, 0.25}) {
    INFO("time step " << dt << " weeks");
    Parameters p;
    p.simulation.time_step_weeks = dt;
    p.simulation.horizon_weeks = 104.0;
    const int steps = step_count(p);
    ReplicateState s;
    s.families.reset(1);
    s.families.arrival_step[0] = 0;
    s.arrivals = index_families_by_step(s.families.arrival_step, 1, static_cast<std::size_t>(steps));
    YearlyResourceUse by_year(p, steps);
    for (int t = 0; t < steps; ++t) {
      by_year.before_step(s, t);
      const double week = t * dt;
      if (week >= 50.0 - 1e-9 && week < 60.0 - 1e-9) s.families.total_residential_days[0] += 7.0 * dt;
      if (std::abs(week - 50.0) < 1e-9) s.families.record[0].placements += 1.0;
      by_year.after_step(s, t);
    }
    s.families.record[0].follow_up_weeks = 104.0;
    s.families.record[0].first_placement_week = 50.0;
    const auto years = by_year.finish(s, p);
    REQUIRE(years.size() == 2);
    CHECK(years[0].residential_days == Approx(7.0 * (weeks_per_year - 50.0)).epsilon(1e-12));
    CHECK(years[1].residential_days == Approx(7.0 * (60.0 - weeks_per_year)).epsilon(1e-12));
    CHECK(years[0].cost_residential == Approx(years[0].residential_days * p.costs.residential_day).epsilon(1e-12));
    CHECK(years[0].placements == 1.0);
    CHECK(years[1].placements == 0.0);
    CHECK(years[0].youths_first_placed == 1.0);
    CHECK(years[0].youths_followed == 1.0);
    CHECK(years[1].youths_followed == 1.0);
    CHECK(years[1].follow_up_weeks == Approx(104.0 - weeks_per_year).epsilon(1e-12));
  }
}
