// Every policy lever acts (caseloads, parent groups, basic and specialist care, costs): switched on, it moves the outcome its mechanism names in the stated
// direction. A mechanism that exists but does not act is a defect, like a test that cannot fail.
//
// Each test runs replicates 0..R-1 of the lever off and on with one fixed seed. Scenarios share
// common random numbers (the same seed and replicate give the same cohort and the same draws per
// family and process), so replicate r of the two runs is a pair and the per-replicate difference is
// the lever's effect plus little noise. The tolerance throughout: the mean paired difference must
// have the expected sign and exceed 3 standard errors of the paired mean difference (the sample
// standard deviation of the R differences over sqrt(R)). Cohort sizes and replicate counts are
// chosen so that every effect measured at 5 standard errors or more, with this seed and with three
// others, while the whole file stays fast under the sanitizers. A failing check prints the means,
// the paired difference and its standard error.
#include <catch2/catch.hpp>

#include "tests/lever_testing.hpp"

using namespace jimsim;
using namespace jimsim::lever_testing;

TEST_CASE("a caseload cap that binds: families wait for a professional", "[levers]") {
  // professionals.caseload_cap 0 -> 4. professional_allocation.cpp assigns a family only to a
  // professional below the cap; the others stay on the waiting list and count waiting weeks. With
  // the default staffing (4 + 6 professionals per 100 families) a fixed cohort gives each about 10
  // families at intake, so a cap of 4 binds.
  Parameters off = jim(200);
  Parameters on = off;
  on.professionals.caseload_cap = 4;
  const PairedRuns runs = run_paired(off, on, 10);
  check_effect(runs, waiting_weeks_per_family, Direction::higher, "waiting weeks / families");
}

TEST_CASE("parent groups for every family: fewer crises", "[levers]") {
  // parent_group.uptake 0 -> 1. parental_capacity.cpp: each week in a group gains
  // capacity_gain_rate of the missing parental capacity; crisis.cpp: the crisis hazard falls by
  // capacity_log_slope per unit of capacity. A group week also adds support.parent_group_dose
  // (support_dose.cpp); with that dose at 0 the capacity channel alone must still lower crises.
  for (const double group_dose : {0.2, 0.0}) {
    Parameters off = jim(300);
    off.support.parent_group_dose = group_dose;
    Parameters on = off;
    on.parent_group.uptake = 1.0;
    INFO("support.parent_group_dose " << group_dose);
    const PairedRuns runs = run_paired(off, on, 20);
    check_effect(runs, crises_per_family, Direction::lower, "crises / families");
  }
}

TEST_CASE("a consistent crisis policy where basic care escalates sooner: fewer youths placed, and without the "
          "conditions it changes nothing",
          "[levers]") {
  // professionals.consistent_policy false -> true. intake.cpp: without it, each professional's
  // placement threshold is drawn around crisis_threshold_mean (spread crisis_threshold_sd) and basic
  // care sits basic_threshold_offset apart; with it, every professional decides at the mean.
  // crisis.cpp: without it, a handover multiplies the crisis hazard by crisis.handover_factor. The
  // docs state the direction under conditions: basic_threshold_offset < 0 (basic care escalates
  // sooner) and handover_factor > 1. The spread alone moves placements through an averaging effect
  // whose sign depends on where severities sit relative to the thresholds, so it is not a condition.
  SECTION("the declared defaults (offset -0.1, handover factor 1.5, spread 0.25): fewer youths placed") {
    Parameters off = jim(500);
    REQUIRE(off.professionals.basic_threshold_offset < 0.0);
    REQUIRE(off.crisis.handover_factor > 1.0);
    Parameters on = off;
    on.professionals.consistent_policy = true;
    check_effect(run_paired(off, on, 30), placed_share, Direction::lower, "youths placed / families");
  }
  SECTION("the stated conditions alone (offset -0.1, handover factor 1.5, no spread): fewer youths placed") {
    Parameters off = jim(500);
    off.professionals.crisis_threshold_sd = 0.0;
    Parameters on = off;
    on.professionals.consistent_policy = true;
    check_effect(run_paired(off, on, 30), placed_share, Direction::lower, "youths placed / families");
  }
  SECTION("the handover condition: handovers bring no extra crises") {
    // Only the handover factor differs between the two. Step-downs are made common (a specialist
    // case steps down below severity 0.9, not 0.6) because with the defaults handovers are rare
    // (about 2.5 per 100 families) and the extra crises few.
    Parameters off = jim(300);
    off.professionals.crisis_threshold_sd = 0.0;
    off.professionals.basic_threshold_offset = 0.0;
    off.professionals.step_down_severity = 0.9;
    Parameters on = off;
    on.professionals.consistent_policy = true;
    check_effect(run_paired(off, on, 20), crises_per_family, Direction::lower, "crises / families");
  }
  SECTION("without the conditions (offset 0, spread 0, handover factor 1) nothing changes, bit for bit") {
    // The same thresholds for everyone and no handover factor to remove: the same draws must give
    // the same results. Step-downs are common here too, so handovers do happen.
    Parameters off = jim(200);
    off.professionals.basic_threshold_offset = 0.0;
    off.professionals.crisis_threshold_sd = 0.0;
    off.crisis.handover_factor = 1.0;
    off.professionals.step_down_severity = 0.9;
    Parameters on = off;
    on.professionals.consistent_policy = true;
    CHECK(simulate_replicate(off, lever_seed, 0, false).outcomes[0].handovers > 0);
    CHECK(identical_runs(off, on, 3));
  }
}

TEST_CASE("basic and specialist care working together: no weeks without a professional at a handover, fewer crises",
          "[levers]") {
  // professionals.collaboration false -> true. case_review.cpp: without collaboration a step-up or
  // step-down releases the professional and the family queues again after referral_weeks, counting
  // handover weeks and waiting weeks; with it the professional keeps the case until the next one
  // takes over (at once when nobody's caseload is capped). crisis.cpp: handover weeks carry
  // crisis.handover_factor, so fewer handover weeks mean fewer crises.
  SECTION("declared defaults: fewer handover weeks and waiting weeks") {
    Parameters off = jim(500);
    Parameters on = off;
    on.professionals.collaboration = true;
    const PairedRuns runs = run_paired(off, on, 30);
    check_effect(runs, handover_weeks_per_family, Direction::lower, "handover weeks / families");
    check_effect(runs, waiting_weeks_per_family, Direction::lower, "waiting weeks / families");
  }
  SECTION("common step-downs: fewer crises") {
    // With the defaults handovers are rare (about 2.5 per 100 families), so the crises they add are
    // too few to resolve cheaply; a step-down below severity 0.9 (not 0.6) makes them common.
    Parameters off = jim(500);
    off.professionals.step_down_severity = 0.9;
    Parameters on = off;
    on.professionals.collaboration = true;
    const PairedRuns runs = run_paired(off, on, 30);
    check_effect(runs, handover_weeks_per_family, Direction::lower, "handover weeks / families");
    check_effect(runs, crises_per_family, Direction::lower, "crises / families");
  }
}

TEST_CASE("employed staff: the professional cost is the whole workforce's employer cost, and the model is unchanged",
          "[levers]") {
  // costs.staff_employed false -> true. professional_allocation.cpp: each family with a professional
  // pays its share (employer cost a week / caseload); fixed_costs.cpp charges professionals with no
  // family and shares that over the families. Together: every professional's FTE x salary for the
  // whole horizon, whatever the caseload. A cost perspective never changes what happens.
  constexpr double weeks_per_year = 365.2425 / 7.0;  // 52.1775
  struct Case {
    const char* name;
    Parameters p;
  };
  std::vector<Case> cases;
  {
    Parameters p = jim(200);
    cases.push_back({"workforce scaled to the cohort, no cap", p});
    p.professionals.caseload_cap = 4;
    cases.push_back({"caseload cap 4 (a waiting list)", p});
  }
  {
    Parameters p = jim(150);
    p.intake.arrival_window_weeks = 40.0;
    cases.push_back({"intakes over 40 weeks (idle staff at first)", p});
  }
  {
    Parameters p = jim(120);
    p.professionals.basic_fte = 2.5;
    p.professionals.specialist_fte = 3.25;
    cases.push_back({"a region's FTE (part-time last professional, high caseloads)", p});
  }
  for (const Case& c : cases) {
    INFO(c.name);
    const auto& pro = c.p.professionals;
    const double families = c.p.intake.cohort_size;
    const bool fixed = pro.basic_fte > 0.0 || pro.specialist_fte > 0.0;
    const double basic_fte = fixed ? pro.basic_fte : std::ceil(pro.basic_per_100_families * families / 100.0);
    const double specialist_fte =
        fixed ? pro.specialist_fte : std::ceil(pro.specialist_per_100_families * families / 100.0);
    const double expected = (basic_fte * c.p.costs.basic_fte_year + specialist_fte * c.p.costs.specialist_fte_year) /
                            weeks_per_year * c.p.simulation.horizon_weeks;
    Parameters employed = c.p;
    employed.costs.staff_employed = true;
    for (std::uint32_t r = 0; r < 2; ++r) {
      const ReplicateResult hours = simulate_replicate(c.p, lever_seed, r, false);
      const ReplicateResult staff = simulate_replicate(employed, lever_seed, r, false);
      const Outcomes& o = staff.outcomes[0];
      CHECK(std::abs(o.cost_professional - expected) <= 1e-6 * expected);
      // The default salaries (51.3 and 61.6 euro a client-facing hour) exceed the hourly tariffs,
      // and no professional delivers more than their weekly hours: the employer pays at least
      // the delivered hours.
      CHECK(o.cost_professional >= hours.outcomes[0].cost_professional);
      CHECK(o.cost_total - o.cost_professional ==
            Approx(hours.outcomes[0].cost_total - hours.outcomes[0].cost_professional).epsilon(1e-12));
      // Everything but the professional cost (and the total it enters), in every subgroup, bit for bit.
      for (std::size_t g = 0; g < staff.outcomes.size(); ++g) {
        Outcomes a = hours.outcomes[g];
        Outcomes b = staff.outcomes[g];
        a.cost_professional = b.cost_professional = 0.0;
        a.cost_total = b.cost_total = 0.0;
        CHECK(same_bits(a, b));
      }
      CHECK(staff.outcomes[0].placements == hours.outcomes[0].placements);
    }
  }
}

TEST_CASE("the approach's own costs: training, role-clarity meetings and mentor expenses arise with the approach only",
          "[levers]") {
  // fixed_costs.cpp: with a mentor search every professional is trained once
  // (costs.training_per_professional) and each role-clarity meeting costs costs.role_meeting
  // (charged when a mentor is named, mentor_search.cpp, and at closure with an active mentor,
  // case_closure.cpp); mentor_dynamics.cpp reimburses costs.mentor_expenses_week for each week an
  // active mentor is involved in treatment. Care as usual has none of these.
  // 130 families: ceil(5.2) = 6 basic and ceil(7.8) = 8 specialist professionals.
  const Parameters base = jim(130);
  const double professionals = std::ceil(base.professionals.basic_per_100_families * 130 / 100.0) +
                               std::ceil(base.professionals.specialist_per_100_families * 130 / 100.0);
  REQUIRE(professionals == 14.0);
  const auto outcomes = [](const Parameters& p) { return simulate_replicate(p, lever_seed, 0, false).outcomes[0]; };

  SECTION("the JIM approach: training for every professional, mentor expenses, meetings only when held") {
    const Outcomes none = outcomes(base);
    CHECK(none.cost_training == Approx(base.costs.training_per_professional * professionals).epsilon(1e-12));
    CHECK(none.mentors_found > 0);
    CHECK(none.cost_mentor_expenses > 0);
    CHECK(none.cost_role_meetings == 0);

    Parameters start = base;
    start.mentor_dynamics.role_clarity_start_meeting = true;
    const Outcomes at_start = outcomes(start);
    // One meeting for each mentor named.
    CHECK(at_start.cost_role_meetings == Approx(base.costs.role_meeting * at_start.mentors_named).epsilon(1e-12));
    CHECK(at_start.cost_role_meetings > 0);

    Parameters end = base;
    end.case_closure.role_clarity_end_meeting = true;
    CHECK(outcomes(end).cost_role_meetings > 0);

    Parameters both = start;
    both.case_closure.role_clarity_end_meeting = true;
    CHECK(outcomes(both).cost_role_meetings > at_start.cost_role_meetings);
  }
  SECTION("a mentor search in which nobody finds a mentor: training, but no meetings and no mentor expenses") {
    Parameters p = base;
    p.mentor_search.never_found_share = 1.0;
    p.mentor_dynamics.role_clarity_start_meeting = true;
    p.case_closure.role_clarity_end_meeting = true;
    const Outcomes o = outcomes(p);
    CHECK(o.mentors_found == 0);
    CHECK(o.cost_training == Approx(base.costs.training_per_professional * professionals).epsilon(1e-12));
    CHECK(o.cost_role_meetings == 0);
    CHECK(o.cost_mentor_expenses == 0);
  }
  SECTION("care as usual: none of the approach's costs, whatever the meeting settings") {
    Parameters p = care_as_usual(base);
    p.mentor_dynamics.role_clarity_start_meeting = true;
    p.case_closure.role_clarity_end_meeting = true;
    const Outcomes o = outcomes(p);
    CHECK(o.cost_training == 0);
    CHECK(o.cost_role_meetings == 0);
    CHECK(o.cost_mentor_expenses == 0);
    CHECK(o.cost_total > 0);
  }
}
