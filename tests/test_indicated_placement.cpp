// Indicated placements (sim/processes/indicated_placement.cpp): the bed wait of care as usual, the
// hold and reconsideration of the JIM approach, and the routes by which an indication ends; plus
// regression tests for defects the review found in the mentor's timeline.
#include <catch2/catch.hpp>

#include <cmath>

#include "analysis/comparison.hpp"
#include "sim/processes/indicated_placement.hpp"
#include "sim/replicate.hpp"

using namespace jimsim;

namespace {

const Outcomes& all_of(const ReplicateResult& r) { return r.outcomes[static_cast<std::size_t>(Subgroup::all)]; }

// A referred cohort in which nothing but the indicated placement can place a youth.
Parameters referred_without_crises() {
  Parameters p;
  p.intake.indicated_share = 1.0;
  p.intake.cohort_size = 2000;
  p.crisis.base_hazard = 0.0;
  return p;
}

Parameters care_as_usual(Parameters p) {
  p.mentor_search.enabled = false;
  p.placement.safety_plan = false;
  return p;
}

double count_outcome(const ReplicateResult& r, IndicationOutcome outcome) {
  double n = 0;
  for (const auto& f : r.families) n += f.indication_outcome == static_cast<double>(outcome);
  return n;
}

}  // namespace

TEST_CASE("care as usual places an indicated youth as soon as the bed is free", "[indicated]") {
  Parameters p = care_as_usual(referred_without_crises());
  p.indicated_placement.bed_wait_mean_weeks = 0.0;
  p.indicated_placement.withdraw_severity = 0.0;  // nobody improves enough to stay home
  const auto r = simulate_replicate(p, 3, 0, true);
  const auto& o = all_of(r);
  CHECK(o.indicated == o.families);
  CHECK(o.indicated_placed == o.families);
  for (const auto& f : r.families) {
    CHECK(f.first_placement_week == 0.0);
    CHECK(f.indication_outcome == static_cast<double>(IndicationOutcome::placed));
  }
}

TEST_CASE("the bed wait has its gamma mean, and the placement falls where the bed comes free", "[indicated]") {
  Parameters p = care_as_usual(referred_without_crises());
  p.indicated_placement.withdraw_severity = 0.0;
  const double mean = p.indicated_placement.bed_wait_mean_weeks;
  const auto r = simulate_replicate(p, 5, 0, true);
  double sum = 0, whole_weeks = 0;
  for (const auto& f : r.families) {
    REQUIRE_FALSE(std::isnan(f.first_placement_week));
    sum += f.first_placement_week;
    whole_weeks += f.first_placement_week == std::floor(f.first_placement_week);
  }
  const double n = static_cast<double>(r.families.size());
  // Gamma with shape 2: standard deviation mean / sqrt(2); 4 standard errors.
  CHECK(sum / n == Approx(mean).margin(4 * mean / std::sqrt(2.0) / std::sqrt(n)));
  CHECK(whole_weeks == 0);  // within the step, not at its end
}

TEST_CASE("an indicated placement is withdrawn when the case has improved by the time the bed is free", "[indicated]") {
  Parameters p = care_as_usual(referred_without_crises());
  p.indicated_placement.withdraw_severity = 5.0;  // every case is below it
  const auto r = simulate_replicate(p, 5, 0, true);
  CHECK(all_of(r).indicated_placed == 0);
  CHECK(all_of(r).indications_withdrawn_improved == all_of(r).indicated);
  CHECK(count_outcome(r, IndicationOutcome::withdrawn_improved) == static_cast<double>(r.families.size()));
}

TEST_CASE("the JIM approach holds the placement and withdraws it when reconsidered as not needed", "[indicated]") {
  Parameters p = referred_without_crises();
  p.mentor_search.never_found_share = 0.0;
  p.mentor_search.weekly_hazard = 2.0;
  p.professionals.crisis_threshold_mean = 5.0;  // a reconsideration never finds placement needed
  p.professionals.crisis_threshold_sd = 0.0;
  const auto r = simulate_replicate(p, 7, 0, true);
  const auto& o = all_of(r);
  CHECK(o.indicated_placed == 0);
  CHECK(o.indications_withdrawn_reconsidered == o.indicated - o.indications_withdrawn_improved);
  CHECK(o.indications_withdrawn_reconsidered > 0.9 * o.indicated);
}

TEST_CASE("a reconsideration that confirms the placement sends the youth to wait for a bed", "[indicated]") {
  Parameters p = referred_without_crises();
  p.mentor_search.never_found_share = 0.0;
  p.mentor_search.weekly_hazard = 2.0;
  p.professionals.crisis_threshold_mean = 0.0;  // always needed,
  p.professionals.crisis_threshold_sd = 0.0;
  p.placement.decision_spread = 0.0;
  p.placement.respite_willingness = 0.0;        // and the mentor never takes the youth in
  p.placement.adult_factor = 1.0;
  p.indicated_placement.withdraw_severity = 0.0;
  p.indicated_placement.bed_wait_mean_weeks = 0.0;
  const auto r = simulate_replicate(p, 7, 0, true);
  for (const auto& f : r.families) {
    // Placed the moment the mentor is named: the hold lasted exactly the search.
    REQUIRE_FALSE(std::isnan(f.mentor_found_week));
    CHECK(f.first_placement_week == Approx(f.mentor_found_week).margin(1e-12));
  }
}

TEST_CASE("the search ending without a mentor is a reconsideration point", "[indicated]") {
  Parameters p = referred_without_crises();
  p.mentor_search.never_found_share = 1.0;  // nobody finds one
  p.professionals.crisis_threshold_mean = 0.0;
  p.professionals.crisis_threshold_sd = 0.0;
  p.placement.decision_spread = 0.0;
  p.placement.adult_factor = 1.0;
  p.indicated_placement.withdraw_severity = 0.0;
  p.indicated_placement.bed_wait_mean_weeks = 0.0;
  for (const double dt : {1.0, 0.3}) {
    p.simulation.time_step_weeks = dt;
    const auto r = simulate_replicate(p, 9, 0, true);
    for (const auto& f : r.families) CHECK(f.first_placement_week == Approx(p.mentor_search.max_search_weeks));
  }
}

TEST_CASE("without a mentor search the hold has nothing to wait for: care as usual", "[indicated]") {
  Parameters held = care_as_usual(referred_without_crises());
  Parameters not_held = held;
  not_held.indicated_placement.hold_while_searching = false;
  const auto a = simulate_replicate(held, 2, 0, false);
  const auto b = simulate_replicate(not_held, 2, 0, false);
  CHECK(all_of(a) == all_of(b));
}

TEST_CASE("regression: no mentor is named after closure or during residential care", "[regression][mentor_search]") {
  Parameters p;
  p.intake.cohort_size = 1000;
  p.mentor_search.weekly_hazard = 0.02;       // a slow search,
  p.mentor_search.max_search_weeks = 520;     // that would go on for years
  p.crisis.base_hazard = 0.15;                // against many placements,
  p.residential.mean_stay_weeks = 500;        // that last,
  p.case_closure.min_treatment_weeks = 4;     // and early closures
  p.case_closure.closure_severity = 1.0;
  const auto r = simulate_replicate(p, 12, 0, true);
  double found = 0, placed = 0, closed = 0;
  for (const auto& f : r.families) {
    placed += !std::isnan(f.first_placement_week);
    closed += !std::isnan(f.closure_week);
    if (std::isnan(f.mentor_found_week)) continue;
    found += 1;
    if (!std::isnan(f.first_placement_week)) CHECK(f.mentor_found_week <= f.first_placement_week);
    if (!std::isnan(f.closure_week)) CHECK(f.mentor_found_week <= f.closure_week);
  }
  REQUIRE(found > 50);
  REQUIRE(placed > 100);
  REQUIRE(closed > 100);
}

TEST_CASE("regression: a mentor is named when the draw says, not at the end of the step", "[regression][mentor_search]") {
  Parameters p;
  p.intake.cohort_size = 2000;
  const auto r = simulate_replicate(p, 4, 0, true);
  double found = 0, at_step_end = 0;
  for (const auto& f : r.families) {
    if (std::isnan(f.mentor_found_week)) continue;
    found += 1;
    at_step_end += f.mentor_found_week == std::floor(f.mentor_found_week);
  }
  REQUIRE(found > 1000);
  CHECK(at_step_end == 0);
}

TEST_CASE("regression: a mentor whose role ended at closure is not counted as retained", "[regression][comparison]") {
  Outcomes o;
  o.families = 100;
  o.mentors_found = 40;
  o.mentors_dropped_out = 10;    // 30 did not drop out,
  o.mentors_active_at_end = 18;  // but only 18 were still involved at the end (12 ended at closure)
  const Measure* retained = nullptr;
  for (const auto& m : comparison_measures()) {
    if (m.id == "mentors_retained") retained = &m;
  }
  REQUIRE(retained != nullptr);
  CHECK(retained->value(o) == Approx(45.0));
}
