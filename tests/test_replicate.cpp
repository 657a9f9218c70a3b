// Whole-replicate invariants: accounting identities, subgroups, explicit cohorts.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <limits>

#include "sim/errors.hpp"
#include "sim/parameters.hpp"
#include "sim/processes/intake.hpp"
#include "sim/replicate.hpp"
#include "sim/summary.hpp"
#include "lever_testing.hpp"

using namespace jimsim;
using jimsim::lever_testing::same_bits;

TEST_CASE("costs, counts and series add up", "[replicate]") {
  Parameters p;
  p.intake.cohort_size = 400;
  p.intake.arrival_window_weeks = 40;
  p.parent_group.uptake = 0.5;
  const auto r = simulate_replicate(p, 17, 2, true);
  const auto& all = r.outcomes[0];
  CHECK(all.families == 400);
  CHECK(all.cost_total == Approx(all.cost_professional + all.cost_residential + all.cost_respite + all.cost_parent_group +
                                 all.cost_training + all.cost_role_meetings + all.cost_mentor_expenses));
  CHECK(all.cost_training > 0);
  CHECK(all.cost_mentor_expenses > 0);
  CHECK(r.series.cumulative_cost.back() == Approx(all.cost_total));
  CHECK(all.placed <= all.placements);
  CHECK(all.placed_within_26_weeks <= all.followed_26_weeks);
  CHECK(all.placed_within_52_weeks <= all.followed_52_weeks);
  CHECK(all.followed_52_weeks <= all.followed_26_weeks);
  CHECK(all.followed_104_weeks == 0);  // intakes spread over 40 weeks of a 104-week run
  CHECK(all.mentors_dropped_out <= all.mentors_found);
  CHECK(all.mentor_support_hours <= all.professional_hours);
  CHECK(all.residential_days > 0);
  double sum_days = 0;
  for (const auto& f : r.families) {
    sum_days += f.residential_days;
    CHECK(f.follow_up_weeks <= p.simulation.horizon_weeks - f.arrival_week + 1e-9);
    if (!std::isnan(f.first_placement_week)) CHECK(f.first_placement_week <= f.follow_up_weeks + 1e-9);
  }
  CHECK(sum_days == Approx(all.residential_days));
  // The share never placed, in calendar time, ends where the replicate's counts say.
  CHECK(r.series.placement_free_share.back() == Approx(1.0 - all.placed / all.families));
}

TEST_CASE("subgroups partition the cohort", "[replicate][subgroups]") {
  Parameters p;
  p.intake.cohort_size = 301;
  p.intake.age_max_years = 21;
  const auto r = simulate_replicate(p, 1, 0, true);
  const auto& o = r.outcomes;
  const auto at = [&](Subgroup g) { return o[static_cast<std::size_t>(g)]; };
  CHECK(at(Subgroup::age_12_15).families + at(Subgroup::age_16_17).families + at(Subgroup::age_18_23).families == 301);
  CHECK(at(Subgroup::severity_low).families == 101);
  CHECK(at(Subgroup::severity_middle).families == 100);
  CHECK(at(Subgroup::severity_high).families == 100);
  CHECK(at(Subgroup::at_risk).families == 301);  // nobody referred with a placement indicated
  CHECK(at(Subgroup::placement_indicated).families == 0);
  CHECK(at(Subgroup::severity_low).placed + at(Subgroup::severity_middle).placed + at(Subgroup::severity_high).placed ==
        at(Subgroup::all).placed);
  // Higher severity at intake means more placements: the model's central mechanism.
  CHECK(at(Subgroup::severity_high).placed > at(Subgroup::severity_low).placed);
}

TEST_CASE("severity tertiles are by rank, ties broken by family index, at every cohort size",
          "[replicate][subgroups]") {
  for (const std::size_t n : {0, 1, 2, 3, 4, 5, 7, 100, 1001}) {
    INFO(n << " families");
    std::vector<FamilyRecord> families(n);
    for (std::size_t k = 0; k < n; ++k) {
      families[k].follow_up_weeks = 104.0;
      families[k].initial_severity = static_cast<double>((k * 7919) % 13);  // many ties
    }
    if (n > 3) families[2].follow_up_weeks = std::numeric_limits<double>::quiet_NaN();  // never followed
    // The reference: sort the followed families by (severity, index); rank r is in tertile floor(3 r / N).
    std::vector<std::size_t> ranked;
    for (std::size_t k = 0; k < n; ++k) {
      if (!std::isnan(families[k].follow_up_weeks)) ranked.push_back(k);
    }
    std::stable_sort(ranked.begin(), ranked.end(), [&](std::size_t a, std::size_t b) {
      return families[a].initial_severity < families[b].initial_severity;
    });
    const auto groups = subgroup_membership(families);
    for (std::size_t r = 0; r < ranked.size(); ++r) {
      const auto expected = static_cast<int>(Subgroup::severity_low) + static_cast<int>(3 * r / ranked.size());
      CHECK(static_cast<int>(groups[ranked[r]][2]) == expected);
    }
    if (n > 3) CHECK(groups[2][2] == Subgroup::all);
  }
}

TEST_CASE("Kaplan-Meier placement-free survival on a hand-worked case", "[replicate][survival]") {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  std::vector<FamilyRecord> f(4);
  // Placed in step 0 (recorded week 1); placed in step 2; censored after 2 steps; followed 4 steps.
  f[0].first_placement_week = 1;  f[0].follow_up_weeks = 4;
  f[1].first_placement_week = 3;  f[1].follow_up_weeks = 4;
  f[2].first_placement_week = nan; f[2].follow_up_weeks = 2;
  f[3].first_placement_week = nan; f[3].follow_up_weeks = 4;
  const auto s = placement_free_survival(f, 1.0, 5);
  CHECK(s[0] == Approx(0.75));               // 1 of 4
  CHECK(s[1] == Approx(0.75));
  CHECK(s[2] == Approx(0.75 * (1 - 1.0 / 2)));  // 1 of the 2 still at risk
  CHECK(s[3] == Approx(0.375));
  CHECK(std::isnan(s[4]));                  // nobody followed 5 steps
}

TEST_CASE("an explicit cohort is simulated as given", "[replicate][cohort]") {
  Parameters p;
  Cohort c;
  c.resize(3);
  c.arrival_week = {0, 10, 20};
  c.age_years = {12.5, 17.0, 22.9};
  c.severity = {0.8, 1.0, 1.2};
  c.parental_capacity = {0.5, 0.5, 0.5};
  c.network_size = {3, 8, 12};
  c.joins_parent_group = {0, 0, 1};
  c.max_follow_up_weeks = {30, std::numeric_limits<double>::infinity(), 52};
  const auto r = simulate_replicate(p, c, 1, 0, true);
  REQUIRE(r.families.size() == 3);
  CHECK(r.families[0].follow_up_weeks == 30);
  CHECK(r.families[1].follow_up_weeks == 94);
  // The third youth turns 23 about 5 weeks after intake.
  CHECK(r.families[2].follow_up_weeks == 6);
  CHECK(r.families[1].age_at_intake == 17.0);
  CHECK(r.families[2].joined_parent_group == 1.0);

  c.severity.pop_back();
  CHECK_THROWS_AS(simulate_replicate(p, c, 1, 0, false), InputError);
  c.severity.push_back(-1);
  CHECK_THROWS_WITH(simulate_replicate(p, c, 1, 0, false), Catch::Contains("severity"));
}

TEST_CASE("a drawn cohort and the same cohort given explicitly give the same results", "[replicate][cohort]") {
  Parameters p;
  p.intake.cohort_size = 100;
  const Cohort c = draw_cohort(p, 12, 3);
  const auto drawn = simulate_replicate(p, 12, 3, false);
  const auto given = simulate_replicate(p, c, 12, 3, false);
  CHECK(drawn.outcomes == given.outcomes);
}

TEST_CASE("a youth at the exit age at intake is not followed", "[replicate][cohort]") {
  Parameters p;
  Cohort c;
  c.resize(2);
  c.arrival_week = {0, 5};
  c.age_years = {23.0, 15.0};
  c.severity = {1.0, 1.0};
  c.parental_capacity = {0.5, 0.5};
  c.network_size = {8, 8};
  c.joins_parent_group = {0, 0};
  c.max_follow_up_weeks = {std::numeric_limits<double>::infinity(), 0.0};
  const auto r = simulate_replicate(p, c, 1, 0, true);
  for (const auto& f : r.families) {
    CHECK(f.follow_up_weeks == 0.0);
    CHECK(f.professional_hours == 0.0);
    CHECK(f.crises == 0.0);
  }
  // Parameters that would take youths in above the exit age are refused up front.
  Parameters q;
  q.simulation.exit_age_years = 18;
  q.intake.age_max_years = 20;
  REQUIRE_FALSE(check_parameter_consistency(q).empty());
  CHECK(check_parameter_consistency(q)[0].key == "intake.age_max_years");
}

TEST_CASE("youths in residential care neither wait nor count as open cases", "[replicate][residential]") {
  Parameters p;
  p.intake.cohort_size = 300;
  p.crisis.base_hazard = 0.2;  // many placements
  p.residential.mean_stay_weeks = 20;
  p.professionals.collaboration = true;  // handovers keep the professional: nobody waits for one
  const auto r = simulate_replicate(p, 4, 0, true);
  REQUIRE(r.outcomes[0].placements > 50);
  // Without a caseload cap nobody waits: returns from care get a professional at the start of the
  // next step (in the same step when the stay ended at a step boundary), so no waiting weeks count.
  CHECK(r.outcomes[0].waiting_weeks == 0.0);
  double waiting_at_step_ends = 0;
  for (std::size_t t = 0; t < r.series.waiting_list.size(); ++t) {
    waiting_at_step_ends += r.series.waiting_list[t];
    CHECK(r.series.open_cases[t] + r.series.in_residential[t] <= 300);
  }
  // Only youths whose stay ended within the step it began in are seen waiting at a step's end.
  CHECK(waiting_at_step_ends < 0.1 * r.outcomes[0].placements);
}

TEST_CASE("a respite stay ends when the mentor leaves", "[replicate][respite]") {
  Parameters p;
  p.intake.cohort_size = 400;
  p.mentor_search.weekly_hazard = 10;
  p.mentor_search.never_found_share = 0;
  p.placement.respite_willingness = 1;
  p.placement.respite_mean_weeks = 30;  // long stays, so mentors leave during them
  p.mentor_dynamics.dropout_base_hazard = 0.05;
  p.mentor_search.search_again = false;  // one mentor per youth: the dropout week bounds the respite
  p.crisis.base_hazard = 0.2;
  p.crisis.mentor_deescalation_chance = 0;  // every crisis goes to a decision,
  p.placement.safety_plan = false;          // which the family's say does not turn,
  p.placement.unsupported_respite_factor = 1;
  p.mentor_dynamics.strain_per_crisis = 0;  // and the mentor stays willing
  const auto r = simulate_replicate(p, 6, 0, true);
  REQUIRE(r.outcomes[0].respite_stays > 20);
  // Respite days never run past the mentor's dropout: a youth whose mentor dropped out at week w
  // had at most w weeks of respite.
  for (const auto& f : r.families) {
    if (!std::isnan(f.mentor_dropout_week)) CHECK(f.respite_days <= 7 * f.mentor_dropout_week + 1e-9);
  }
  // And stays ended early: far fewer days per stay than the 30-week mean.
  CHECK(r.outcomes[0].respite_days / r.outcomes[0].respite_stays < 7 * 30 * 0.8);
}

TEST_CASE("a workspace reused from replicate to replicate leaves no trace in the results", "[replicate][workspace]") {
  // Larger and smaller cohorts in turn (so the padding of a smaller one held real families before),
  // other parameters, explicit cohorts, kept and dropped records, and a cohort refused as invalid:
  // each result has the bits of the same run in a fresh workspace.
  ReplicateWorkspace workspace;
  Parameters p;
  p.intake.cohort_size = 300;
  Parameters half_week = p;
  half_week.simulation.time_step_weeks = 0.5;
  half_week.intake.cohort_size = 70;
  Parameters region = p;
  region.intake.cohort_size = 1000;
  region.intake.arrival_window_weeks = 60.0;

  CHECK(same_bits(simulate_replicate(p, 7, 0, true, workspace), simulate_replicate(p, 7, 0, true)));
  CHECK(same_bits(simulate_replicate(half_week, 7, 1, false, workspace), simulate_replicate(half_week, 7, 1, false)));
  CHECK(same_bits(simulate_replicate(region, 8, 2, true, workspace), simulate_replicate(region, 8, 2, true)));
  const Cohort drawn = draw_cohort(p, 9, 3);
  CHECK(same_bits(simulate_replicate(p, drawn, 9, 3, true, workspace), simulate_replicate(p, drawn, 9, 3, true)));

  Cohort invalid = drawn;
  invalid.severity[5] = -1.0;
  CHECK_THROWS_AS(simulate_replicate(p, invalid, 9, 4, false, workspace), InputError);
  CHECK(same_bits(simulate_replicate(half_week, 7, 5, true, workspace), simulate_replicate(half_week, 7, 5, true)));
  CHECK(same_bits(simulate_replicate(p, 7, 0, false, workspace), simulate_replicate(p, 7, 0, false)));
}

TEST_CASE("a calibration's report has the same family records and nothing else", "[replicate][calibration]") {
  // The weekly series and the resource use by year only watch the state, and the outcomes are sums
  // of the records: left out, the records keep every bit. Drawn and explicit cohorts, staggered
  // arrivals with capped caseloads (a waiting list, idle staff), a half-week step.
  Parameters p;
  p.intake.cohort_size = 300;
  Parameters region = p;
  region.intake.arrival_window_weeks = 60.0;
  region.professionals.caseload_cap = 4;
  Parameters half_week = p;
  half_week.simulation.time_step_weeks = 0.5;
  const Cohort drawn = draw_cohort(p, 9, 3);
  std::size_t families = 0;
  for (const auto& [full, records_only] :
       {std::pair{simulate_replicate(p, 7, 0, true), simulate_replicate(p, 7, 0, false, ReplicateReport::family_records_only)},
        std::pair{simulate_replicate(region, 8, 2, true), simulate_replicate(region, 8, 2, true, ReplicateReport::family_records_only)},
        std::pair{simulate_replicate(half_week, 7, 1, true),
                  simulate_replicate(half_week, 7, 1, true, ReplicateReport::family_records_only)},
        std::pair{simulate_replicate(p, drawn, 9, 3, true),
                  simulate_replicate(p, drawn, 9, 3, true, ReplicateReport::family_records_only)}}) {
    REQUIRE(records_only.families.size() == full.families.size());
    for (std::size_t k = 0; k < full.families.size(); ++k) CHECK(same_bits(records_only.families[k], full.families[k]));
    families += full.families.size();
    CHECK(records_only.series.placement_free_share.empty());
    CHECK(records_only.series.cumulative_cost.empty());
    CHECK(records_only.by_year.empty());
    CHECK(same_bits(records_only.outcomes[0], Outcomes{}));
    CHECK(full.outcomes[0].families > 0);
    CHECK_FALSE(full.by_year.empty());
  }
  CHECK(families == 1200);
}

TEST_CASE("the family blocks of a step leave no trace in the results, whatever their size", "[replicate][blocks]") {
  // The family-local processes run block by block (ReplicateWorkspace::families_per_block), crises
  // and the decisions they lead to included, with what they add to the running cost held back so it
  // is added in the order of one pass per process over all families. Blocks of 64 and of 1,024
  // families, the default (4,096) and one block of all families must give the same bits: every cost
  // the crises charge or refund (residential and respite days, a role meeting undone when a mentor
  // named in the step is unnamed by a placement), idle employed staff counted before the crises free
  // anyone, and placements indicated at intake, over 5,000 families (79 blocks of 64, 2 by default).
  Parameters p;
  p.intake.cohort_size = 5000;
  p.intake.indicated_share = 0.3;
  p.professionals.caseload_cap = 8;
  p.costs.staff_employed = true;
  p.mentor_dynamics.role_clarity_start_meeting = true;
  p.mentor_search.search_again = true;
  p.parent_group.uptake = 0.4;
  // Prices whose sums round, so the order of the additions shows in the total's bits.
  p.costs.respite_day = 61.91;
  p.costs.role_meeting = 91.77;
  Parameters half_week = p;
  half_week.simulation.time_step_weeks = 0.5;
  // The waiting list's order: youths home from a stay that ended within the step of its crisis
  // join it at the crisis, families handed over join it at a review, and professionals are scarce,
  // so the order decides who gets one. One pass of crises over all families, then one of reviews
  // (this case failed with the reviews run in the blocks and their handovers joining the list as
  // they came, which the other two cases and the pinned baseline did not show).
  Parameters queue = p;
  queue.residential.mean_stay_weeks = 0.3;
  queue.crisis.base_hazard = 0.5;
  queue.case_closure.review_interval_weeks = 1.0;
  queue.professionals.step_up_severity = 0.9;
  queue.professionals.step_down_severity = 0.8;
  queue.professionals.caseload_cap = 3;
  queue.professionals.referral_weeks = 0.0;
  for (const Parameters* params : {&p, &half_week, &queue}) {
    ReplicateWorkspace small, middle, whole;
    small.families_per_block = 64;
    middle.families_per_block = 1024;
    whole.families_per_block = std::size_t{1} << 30;
    const ReplicateResult by_default = simulate_replicate(*params, 21, 4, true);
    CHECK(by_default.outcomes[0].placements > 50);
    CHECK(by_default.outcomes[0].cost_role_meetings > 0.0);
    CHECK(same_bits(simulate_replicate(*params, 21, 4, true, small), by_default));
    CHECK(same_bits(simulate_replicate(*params, 21, 4, true, middle), by_default));
    CHECK(same_bits(simulate_replicate(*params, 21, 4, true, whole), by_default));
  }
}
