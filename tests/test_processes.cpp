// Each process against a case whose answer is known analytically, with fixed seeds and tolerances
// of four standard errors unless stated. (The support a family gets, allocation, parental capacity
// and the intake draws: test_processes_support.cpp.)
#include <catch2/catch.hpp>

#include <cmath>
#include <numeric>

#include "sim/processes/crisis.hpp"
#include "sim/processes/mentor_dynamics.hpp"
#include "sim/processes/mentor_search.hpp"
#include "sim/processes/placement_decision.hpp"
#include "sim/processes/residential_stay.hpp"
#include "sim/processes/severity.hpp"
#include "sim/pricing.hpp"
#include "sim/replicate.hpp"

using namespace jimsim;

namespace {

Outcomes all_of(const ReplicateResult& r) { return r.outcomes[static_cast<std::size_t>(Subgroup::all)]; }

// Care as usual with a constant crisis hazard and a placement at every crisis.
Parameters constant_crisis_hazard(double hazard) {
  Parameters p;
  p.mentor_search.enabled = false;
  p.crisis.base_hazard = hazard;
  p.crisis.severity_log_slope = 0.0;
  p.crisis.capacity_log_slope = 0.0;
  p.crisis.after_closure_factor = 1.0;
  p.crisis.age_log_slope = 0.0;
  p.crisis.handover_factor = 1.0;
  p.professionals.crisis_threshold_mean = 0.0;
  p.professionals.crisis_threshold_sd = 0.0;
  p.professionals.basic_threshold_offset = 0.0;
  p.placement.decision_spread = 0.0;
  p.placement.capacity_credit = 0.0;
  p.placement.adult_factor = 1.0;
  return p;
}

}  // namespace

TEST_CASE("a constant crisis hazard with placement at every crisis gives an exponential placement-free curve",
          "[process][crisis][placement]") {
  const double hazard = 0.02;
  for (const double dt : {1.0, 0.5}) {
    Parameters p = constant_crisis_hazard(hazard);
    p.simulation.time_step_weeks = dt;
    p.intake.cohort_size = 20000;
    const auto result = simulate_replicate(p, 11, 0, false);
    const auto& survival = result.series.placement_free_survival;
    REQUIRE(survival.size() == static_cast<std::size_t>(104 / dt));
    for (const double week : {1.0, 10.0, 52.0, 104.0}) {
      const auto i = static_cast<std::size_t>(week / dt) - 1;
      const double expected = std::exp(-hazard * week);
      const double se = std::sqrt(expected * (1 - expected) / p.intake.cohort_size);
      INFO("dt " << dt << ", week " << week);
      CHECK(survival[i] == Approx(expected).margin(4 * se + 1e-12));
    }
  }
}

TEST_CASE("crisis hazard rises with severity and falls with parental capacity", "[process][crisis]") {
  const Parameters p;
  const double base = crisis_hazard(p, 1.0, 0.5, true, false, 16.0, false);
  CHECK(base == Approx(p.crisis.base_hazard));
  CHECK(crisis_hazard(p, 1.5, 0.5, true, false, 16.0, false) == Approx(base * std::exp(0.5 * p.crisis.severity_log_slope)));
  CHECK(crisis_hazard(p, 1.0, 0.8, true, false, 16.0, false) == Approx(base * std::exp(-0.3 * p.crisis.capacity_log_slope)));
  CHECK(crisis_hazard(p, 1.0, 0.5, false, false, 16.0, false) == Approx(base * p.crisis.after_closure_factor));
  CHECK(crisis_hazard(p, 1.0, 0.5, false, true, 16.0, false) ==
        Approx(base * p.crisis.after_closure_factor * p.crisis.mentor_stays_factor));
  // Crises peak in mid-adolescence: two years either side of 16 lowers the hazard alike.
  CHECK(crisis_hazard(p, 1.0, 0.5, true, false, 14.0, false) == Approx(base * std::exp(-2 * p.crisis.age_log_slope)));
  CHECK(crisis_hazard(p, 1.0, 0.5, true, false, 18.0, false) == Approx(base * std::exp(-2 * p.crisis.age_log_slope)));
  // A handover raises it, unless the professionals share one view on crises.
  CHECK(crisis_hazard(p, 1.0, 0.5, true, false, 16.0, true) == Approx(base * p.crisis.handover_factor));
  Parameters consistent = p;
  consistent.professionals.consistent_policy = true;
  CHECK(crisis_hazard(consistent, 1.0, 0.5, true, false, 16.0, true) == Approx(base));
}

TEST_CASE("the crisis hazard's bound, which picks the families that could have a crisis, is never below it",
          "[process][crisis]") {
  // Every family whose draw falls below the hazard must be flagged: the bound may flag a few more
  // (at most 7%), never fewer. Over severities, capacities, ages, every case state and extreme slopes.
  Parameters p;
  for (const double slope : {0.0, 1.3, 12.0}) {
    p.crisis.severity_log_slope = slope;
    p.crisis.capacity_log_slope = slope / 2;
    p.professionals.consistent_policy = slope > 1.0;
    const CrisisHazardTerms terms = crisis_hazard_terms(p);
    for (double severity = 0.0; severity <= 6.0; severity += 0.37) {
      for (const double capacity : {0.0, 0.31, 1.0}) {
        for (double age = 12.0; age <= 23.0; age += 1.7) {
          for (int state = 0; state < 8; ++state) {
            const bool open = state & 1, mentor = state & 2, handover = state & 4;
            const double hazard = crisis_hazard(terms, severity, capacity, open, mentor, age, handover);
            const double bound = crisis_hazard_bound(terms, severity, capacity, open, mentor, age, handover);
            INFO(severity << " " << capacity << " " << age << " " << state);
            CHECK(hazard <= bound);
            CHECK(bound <= 1.07 * hazard);
          }
        }
      }
    }
  }
}

TEST_CASE("mentor search time has the geometric mean its weekly chance implies", "[process][mentor_search]") {
  Parameters p;
  p.mentor_search.weekly_hazard = 0.15;
  p.mentor_search.network_log_effect = 0.0;
  p.mentor_search.never_found_share = 0.0;
  p.mentor_search.max_search_weeks = 520;
  p.crisis.base_hazard = 0.0;             // nobody is placed,
  p.case_closure.closure_severity = 0.0;  // and no case closes, so the search is never cut short
  p.case_closure.max_treatment_weeks = 520;
  p.intake.cohort_size = 20000;
  const auto result = simulate_replicate(p, 3, 0, false);
  const Outcomes o = all_of(result);
  // Naming times are placed where they fall within the step: exponential with mean 1 / hazard.
  const double mean_weeks = 1.0 / 0.15;
  const double se = mean_weeks / std::sqrt(o.mentors_found);
  // Practically everyone finds one within two years at this chance.
  CHECK(o.mentors_found == Approx(o.families).epsilon(1e-3));
  CHECK(o.weeks_to_mentor / o.mentors_found == Approx(mean_weeks).margin(4 * se));
}

TEST_CASE("some youths never find a mentor, and the search stops", "[process][mentor_search]") {
  Parameters p;
  p.mentor_search.never_found_share = 0.3;
  p.mentor_search.weekly_hazard = 5.0;  // the others all find one in the first week
  p.intake.cohort_size = 20000;
  const Outcomes o = all_of(simulate_replicate(p, 5, 0, false));
  const double se = std::sqrt(0.3 * 0.7 / o.families);
  CHECK(o.mentors_found / o.families == Approx(0.7).margin(4 * se));

  Parameters q;
  q.mentor_search.max_search_weeks = 0.0;  // search over before it starts
  CHECK(all_of(simulate_replicate(q, 5, 0, false)).mentors_found == 0.0);

  Parameters cau;
  cau.mentor_search.enabled = false;
  const Outcomes none = all_of(simulate_replicate(cau, 5, 0, false));
  CHECK(none.mentors_found == 0.0);
  CHECK(none.respite_stays == 0.0);
  CHECK(none.mentor_support_hours == 0.0);
}

TEST_CASE("a bigger network makes naming a mentor likelier", "[process][mentor_search]") {
  const Parameters p;
  CHECK(mentor_search_hazard(p, mentor_search_reference_network) == Approx(p.mentor_search.weekly_hazard));
  CHECK(mentor_search_hazard(p, 12) > mentor_search_hazard(p, 4));
}

TEST_CASE("with zero support severity follows its stated drift", "[process][severity]") {
  Parameters p;
  p.severity.noise_sd = 0.0;
  const double r = p.severity.reversion_rate;
  for (const double dt : {1.0, 0.25}) {
    double s = 1.4;
    const double baseline = 0.6;
    for (int i = 0; i < static_cast<int>(30 / dt); ++i) s = next_severity(p, s, baseline, 0.0, dt, 0.0);
    INFO("dt " << dt);
    CHECK(s == Approx(baseline + (1.4 - baseline) * std::exp(-r * 30)).epsilon(1e-12));
  }
  // Without reversion, a constant dose lowers severity linearly.
  p.severity.reversion_rate = 0.0;
  const double push = support_effect(p, 2.0);
  CHECK(push == Approx(p.severity.max_support_effect * 2.0 / (2.0 + p.severity.dose_half_saturation)));
  CHECK(next_severity(p, 1.0, 1.0, 2.0, 3.0, 0.0) == Approx(1.0 - 3.0 * push));
  CHECK(next_severity(p, 0.01, 1.0, 2.0, 3.0, 0.0) == 0.0);  // floored at 0
}

TEST_CASE("severity noise has the Ornstein-Uhlenbeck mean and variance", "[process][severity]") {
  Parameters p;
  p.severity.noise_sd = 0.05;
  p.severity.reversion_rate = 0.05;
  p.support.professional_dose_per_hour = 0.0;
  p.support.mentor_dose_per_hour = 0.0;
  p.intake.severity_sd = 0.0;      // everyone starts at 1
  p.intake.baseline_share = 0.8;   // and drifts to 0.8, far from the floor
  p.crisis.base_hazard = 0.0;      // stays at home
  p.simulation.horizon_weeks = 20;
  p.intake.cohort_size = 20000;
  const auto result = simulate_replicate(p, 9, 0, true);
  double sum = 0, sum2 = 0;
  for (const auto& f : result.families) {
    sum += f.final_severity;
    sum2 += f.final_severity * f.final_severity;
  }
  const double n = static_cast<double>(result.families.size());
  const double mean = sum / n, var = sum2 / n - mean * mean;
  const double r = 0.05, t = 20;
  const double expected_var = 0.05 * 0.05 * (1 - std::exp(-2 * r * t)) / (2 * r);
  CHECK(mean == Approx(0.8 + 0.2 * std::exp(-r * t)).margin(4 * std::sqrt(expected_var / n)));
  CHECK(var == Approx(expected_var).margin(4 * expected_var * std::sqrt(2.0 / n)));
}

TEST_CASE("the placement decision follows the professional's threshold", "[process][placement]") {
  Parameters p;
  p.placement.decision_spread = 0.0;
  CHECK(placement_needed_probability(p, 1.2, 1.2) == 1.0);
  CHECK(placement_needed_probability(p, 1.19, 1.2) == 0.0);
  p.placement.decision_spread = 0.1;
  CHECK(placement_needed_probability(p, 1.2, 1.2) == Approx(0.5));
  CHECK(placement_needed_probability(p, 1.3, 1.2) == Approx(1.0 / (1.0 + std::exp(-1.0))));
  CHECK(respite_offer_probability(p, 1.0, 0.0, 0.0) == Approx(p.placement.respite_willingness));
  CHECK(respite_offer_probability(p, 0.5, 1.0, 0.0) == Approx(p.placement.respite_willingness * 0.5 * std::exp(-1.0)));
  // A mentor left without support is less willing.
  CHECK(respite_offer_probability(p, 1.0, 0.0, 1.0) ==
        Approx(p.placement.respite_willingness * p.placement.unsupported_respite_factor));
}

TEST_CASE("a mentor who always takes the youth in averts every placement", "[process][placement]") {
  Parameters p = constant_crisis_hazard(0.05);
  p.mentor_search.enabled = true;
  p.mentor_search.never_found_share = 0.0;
  p.mentor_search.weekly_hazard = 10.0;  // named in the first week
  p.placement.respite_willingness = 1.0;
  p.placement.unsupported_respite_factor = 1.0;
  p.mentor_search.initial_bond_mean = 1.0;
  p.mentor_dynamics.strain_per_crisis = 0.0;
  p.mentor_dynamics.strain_unsupported_rate = 0.0;
  p.mentor_dynamics.dropout_base_hazard = 0.0;
  p.case_closure.mentor_stays_chance = 1.0;
  p.intake.cohort_size = 2000;
  const Outcomes o = all_of(simulate_replicate(p, 4, 0, false));
  // Only crises in the first week, before the mentor is named, can lead to placement.
  const double first_week_chance = 1.0 - std::exp(-0.05);
  CHECK(o.placed <= o.families * first_week_chance + 4 * std::sqrt(o.families * first_week_chance));
  CHECK(o.respite_stays > 0.0);
  CHECK(o.respite_days / o.respite_stays == Approx(7 * p.placement.respite_mean_weeks).epsilon(0.1));
}

TEST_CASE("every crisis of a step reaches the family's total, however many", "[process][crisis]") {
  // The step's crises are counted in a byte and added to the total after the block: more than 255
  // in one step must neither wrap the total nor the count strain reads.
  Parameters p;
  ReplicateState s;
  s.families.reset(3);
  const StepContext ctx{1, 0, 0, 1.0, 1.0};
  const std::size_t crises_of[3] = {1, 255, 300};
  for (std::size_t k = 0; k < 3; ++k) {
    CounterRng rng(1, 0, static_cast<std::uint32_t>(k), Process::mentor_deescalation, 0);
    for (std::size_t c = 0; c < crises_of[k]; ++c) {
      CHECK(crisis_outcome(s, p, ctx, k, 0.5, rng) == crisis_to_decision);  // no mentor to de-escalate
    }
  }
  // No family flagged: draw_crises only adds the step's counts to the totals.
  draw_crises(s, p, ctx, all_families(s.families));
  for (std::size_t k = 0; k < 3; ++k) CHECK(s.families.total_crises[k] == static_cast<double>(crises_of[k]));
  CHECK(s.families.crises_this_step[2] == 255);
}

TEST_CASE("residential stays last their mean and count days and costs", "[process][residential]") {
  Parameters p;
  p.simulation.time_step_weeks = 1.0;
  ReplicateState s;
  s.families.reset(4000);
  s.professionals.caseload.assign(1, 4000);
  s.professionals.specialist.assign(1, 1);
  index_free_professionals(s, 0);
  for (std::size_t k = 0; k < s.families.size(); ++k) {
    s.families.setting[k] = Setting::home;
    s.families.professional[k] = 0;
    s.families.record[k].first_placement_week = std::nan("");
    StepContext ctx{1, 0, 0, 1.0, 1.0};
    start_residential_stay(s, p, ctx, k, 1.0);
  }
  CHECK(s.professionals.caseload[0] == 0);  // every case handed over
  for (std::uint32_t t = 1; t < 2000; ++t) continue_stays(s, p, StepContext{1, 0, t, 1.0, t + 1.0});
  double days = 0, cost = 0;
  for (std::size_t k = 0; k < s.families.size(); ++k) {
    CHECK(s.families.setting[k] == Setting::home);  // all back home
    CHECK(s.families.record[k].placements == 1.0);
    CHECK(s.families.record[k].first_placement_week == 1.0);
    // Still followed: the days are in the running total, which the record gets when follow-up ends.
    days += s.families.total_residential_days[k];
    FamilyRecord priced = s.families.record[k];
    priced.residential_days = s.families.total_residential_days[k];
    price(priced, p.costs);
    cost += priced.cost_residential;
  }
  const double n = static_cast<double>(s.families.size());
  const double mean_days = 7 * p.residential.mean_stay_weeks;
  CHECK(days / n == Approx(mean_days).margin(4 * mean_days / std::sqrt(n)));
  CHECK(cost == Approx(days * p.costs.residential_day));
  CHECK(s.waiting_list.size() == s.families.size());  // back into treatment
}

TEST_CASE("mentor dropout with a constant hazard gives an exponential retention curve", "[process][mentor]") {
  Parameters p;
  p.mentor_search.never_found_share = 0.0;
  p.mentor_search.weekly_hazard = 10.0;
  p.mentor_dynamics.strain_per_crisis = 0.0;
  p.mentor_dynamics.strain_unsupported_rate = 0.0;
  p.mentor_dynamics.unsupported_dropout_factor = 1.0;
  p.mentor_dynamics.dropout_base_hazard = 0.004;
  p.mentor_dynamics.role_clarity_start_meeting = false;
  p.mentor_search.search_again = false;  // the record keeps the first mentor's dropout
  p.case_closure.mentor_stays_chance = 1.0;
  p.crisis.base_hazard = 0.0;
  p.intake.cohort_size = 20000;
  const auto result = simulate_replicate(p, 21, 0, true);
  const double hazard = 0.004 * p.mentor_dynamics.unclear_role_dropout_factor;
  double dropped_by_52 = 0, found = 0;
  for (const auto& f : result.families) {
    if (std::isnan(f.mentor_found_week)) continue;
    found += 1;
    dropped_by_52 += f.mentor_dropout_week <= f.mentor_found_week + 52;
  }
  // Dropout can happen from the step after the mentor is named (in week 1, at a mean time of
  // about 1/10 week with this search hazard): about 51.1 weeks of exposure by 52 weeks.
  const double expected = 1 - std::exp(-hazard * (52 - (1 - 0.1)));
  CHECK(dropped_by_52 / found == Approx(expected).margin(4 * std::sqrt(expected * (1 - expected) / found)));
  // A clear role removes the extra hazard; professional support removes the unsupported factor.
  CHECK(mentor_dropout_hazard(p, 0.0, 0.0, true) == Approx(0.004));
  p.mentor_dynamics.unsupported_dropout_factor = 3.0;
  CHECK(mentor_dropout_hazard(p, 0.0, 1.0, true) == Approx(0.012));
  CHECK(mentor_dropout_hazard(p, 0.0, 0.5, true) == Approx(0.008));
  CHECK(mentor_dropout_hazard(p, 1.0, 0.0, true) == Approx(0.004 * std::exp(p.mentor_dynamics.dropout_strain_log_slope)));
  const double need = p.mentor_dynamics.support_need_hours;
  CHECK(mentor_support_gap(true, mentor_support_unmet(need, 0.0)) == 1.0);
  CHECK(mentor_support_gap(true, mentor_support_unmet(need, 0.25 * need)) == 0.75);
  CHECK(mentor_support_gap(true, mentor_support_unmet(need, need)) == 0.0);
  CHECK(mentor_support_gap(true, mentor_support_unmet(need, 2.0 * need)) == 0.0);  // more than needed: no gap
  CHECK(mentor_support_gap(false, mentor_support_unmet(need, 0.0)) == 0.0);
}

TEST_CASE("every case closes by the longest treatment when nothing intervenes", "[process][closure]") {
  Parameters p;
  p.crisis.base_hazard = 0.0;
  p.case_closure.closure_severity = 0.0;  // never closes early
  p.case_closure.max_treatment_weeks = 20;
  p.professionals.step_down_severity = 0.0;  // no handovers, which pause treatment time
  p.professionals.step_up_severity = 5.0;
  p.intake.cohort_size = 300;
  const auto result = simulate_replicate(p, 2, 0, true);
  for (const auto& f : result.families) CHECK(f.closure_week == 20.0);
  CHECK(all_of(result).professional_hours > 0.0);
  CHECK(result.series.open_cases[18] == 300);
  CHECK(result.series.open_cases[19] == 0);
}
