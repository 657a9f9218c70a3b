// The support a family gets and what it starts from, each against a case whose answer is known:
// professionals' caseloads and hours, the support dose, parental capacity (professional hours and
// parent groups), and the intake draws. Fixed seeds; tolerances of four standard errors unless
// stated. (The other processes: test_processes.cpp.)
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <numeric>

#include "sim/pricing.hpp"
#include "sim/processes/intake.hpp"
#include "sim/processes/parental_capacity.hpp"
#include "sim/processes/professional_allocation.hpp"
#include "sim/processes/support_dose.hpp"
#include "sim/replicate.hpp"

using namespace jimsim;

TEST_CASE("caseload caps make a waiting list, served first come first served", "[process][allocation]") {
  Parameters p;
  p.professionals.caseload_cap = 3;
  p.professionals.basic_per_100_families = 10;
  p.professionals.specialist_per_100_families = 0;
  ReplicateState s;
  const Cohort cohort = draw_cohort([&] {
    Parameters q = p;
    q.intake.cohort_size = 50;
    return q;
  }(), 1, 0);
  initialise_replicate(s, cohort, p, 1, 0);
  REQUIRE(s.professionals.size() == 5);
  StepContext ctx{1, 0, 0, 1.0, 1.0};
  admit_arrivals(s, p, ctx);
  allocate_professionals(s, p, ctx);
  give_professional_hours(s, p, ctx, all_families(s.families));
  for (const auto load : s.professionals.caseload) CHECK(load == 3);
  REQUIRE(s.waiting_list.size() == 35);
  for (std::size_t i = 0; i < 35; ++i) CHECK(s.waiting_list[i] == static_cast<std::int32_t>(15 + i));
  for (std::size_t k = 0; k < 15; ++k) {
    CHECK(s.families.professional[k] >= 0);
    // Hours supporting the mentor, from the share of the mentor's need they leave unmet.
    const double mentor_support = (1.0 - s.families.mentor_support_unmet[k]) * p.mentor_dynamics.support_need_hours;
    CHECK(s.families.family_hours[k] + mentor_support ==
          Approx(std::min(p.professionals.max_hours_per_family, p.professionals.weekly_hours / 3)));
  }
  CHECK(s.families.record[20].waiting_weeks == 1.0);
  // Each family's gain in parental capacity from the hours, as worked out per row of the table of
  // case shares, is what its own hours give: those treated and those waiting (no hours).
  for (std::size_t k = 0; k < 50; ++k) {
    CHECK(s.families.parent_capacity_gain[k] == parent_capacity_gain(p, 1.0, s.families.family_hours[k]));
  }
  CHECK(s.families.parent_capacity_gain[0] > 0.0);
  CHECK(s.families.parent_capacity_gain[20] == 0.0);

  // A slot that frees up goes to the first family in the queue.
  release_professional(s, 4);
  s.families.case_open[4] = 0;
  allocate_professionals(s, p, StepContext{1, 0, 1, 1.0, 2.0});
  CHECK(s.families.professional[15] >= 0);
  CHECK(s.waiting_list.front() == 16);
}

TEST_CASE("parent groups raise parental capacity towards full and cost per week", "[process][parents]") {
  Parameters p;
  p.parent_group.uptake = 1.0;
  p.parent_group.duration_weeks = 10;
  ReplicateState s;
  s.families.reset(1);
  s.families.setting[0] = Setting::home;
  s.families.parental_capacity[0] = 0.4;
  s.families.parent_group_weeks_left[0] = 10;
  for (std::uint32_t t = 0; t < 15; ++t) strengthen_parents(s, p, StepContext{1, 0, t, 1.0, t + 1.0}, all_families(s.families));
  CHECK(s.families.parental_capacity[0] == Approx(1 - 0.6 * std::exp(-p.parent_group.capacity_gain_rate * 10)));
  CHECK(s.families.record[0].parent_group_weeks == 10.0);
  FamilyRecord priced = s.families.record[0];
  price(priced, p.costs);
  CHECK(priced.cost_parent_group == Approx(10 * p.costs.parent_group_week));
}

TEST_CASE("intake draws match their distributions", "[process][intake]") {
  Parameters p;
  p.intake.cohort_size = 20000;
  p.intake.arrival_window_weeks = 52;
  p.parent_group.uptake = 0.25;
  const Cohort c = draw_cohort(p, 8, 0);
  const double n = static_cast<double>(c.size());
  const auto mean = [&](const std::vector<double>& v) { return std::accumulate(v.begin(), v.end(), 0.0) / n; };
  CHECK(mean(c.arrival_week) == Approx(26).margin(4 * 52 / std::sqrt(12 * n)));
  CHECK(mean(c.age_years) == Approx(16).margin(4 * 8 / std::sqrt(12 * n)));
  CHECK(mean(c.network_size) == Approx(8).margin(4 * std::sqrt(8 / n)));
  CHECK(mean(c.parental_capacity) == Approx(0.5).margin(4 * std::sqrt(0.25 / 11 / n)));
  CHECK(mean(c.severity) == Approx(1.0).margin(4 * 0.3 / std::sqrt(n)));
  double joined = 0;
  for (auto j : c.joins_parent_group) joined += j;
  CHECK(joined / n == Approx(0.25).margin(4 * std::sqrt(0.25 * 0.75 / n)));
  for (std::size_t k = 0; k < c.size(); ++k) {
    CHECK(c.age_years[k] >= 12.0);
    CHECK(c.age_years[k] <= 20.0);
    CHECK(c.severity[k] >= 0.0);
  }
}

TEST_CASE("the support dose adds professional, mentor and parent-group support", "[process][support]") {
  Parameters p;
  ReplicateState s;
  s.families.reset(5);
  const Setting settings[] = {Setting::home, Setting::respite, Setting::residential, Setting::exited, Setting::home};
  for (std::size_t k = 0; k < 5; ++k) {
    s.families.setting[k] = settings[k];
    s.families.family_hours[k] = 2.0;
    s.families.mentor[k] = MentorStatus::active;
    s.families.bond[k] = 0.5;
    s.families.mentor_hours[k] = 4.0;
    s.families.parent_group_weeks_left[k] = k == 0 ? 3.0 : 0.0;
  }
  s.families.mentor[4] = MentorStatus::dropped_out;  // a mentor who quit gives nothing
  compute_support_dose(s, p, StepContext{1, 0, 0, 1.0, 1.0}, all_families(s.families));
  const auto& sp = p.support;
  const double professional = 2.0 * sp.professional_dose_per_hour;
  const double mentor = sp.mentor_dose_per_hour * 0.5 * 4.0;
  CHECK(s.families.support_dose[0] == Approx(professional + mentor + sp.parent_group_dose));
  CHECK(s.families.support_dose[1] == Approx(professional + mentor));
  CHECK(s.families.support_dose[2] == Approx(sp.residential_dose));
  CHECK(s.families.support_dose[3] == 0.0);
  CHECK(s.families.support_dose[4] == Approx(professional));
}

TEST_CASE("professional hours with the parents raise parental capacity", "[process][parents]") {
  Parameters p;
  p.professionals.parent_share = 0.5;
  ReplicateState s;
  s.families.reset(2);
  for (std::size_t k = 0; k < 2; ++k) {
    s.families.setting[k] = Setting::home;
    s.families.parental_capacity[k] = 0.2;
    // What give_professional_hours writes for 4 and for 0 professional hours a week.
    s.families.parent_capacity_gain[k] = parent_capacity_gain(p, 1.0, k == 0 ? 4.0 : 0.0);
  }
  for (std::uint32_t t = 0; t < 10; ++t) strengthen_parents(s, p, StepContext{1, 0, t, 1.0, t + 1.0}, all_families(s.families));
  const double gain = p.support.parent_capacity_gain_per_hour * 2.0 * 10;  // 2 parent hours a week
  CHECK(s.families.parental_capacity[0] == Approx(1 - 0.8 * std::exp(-gain)));
  CHECK(s.families.parental_capacity[1] == 0.2);
  CHECK(s.families.record[0].parent_group_weeks == 0.0);
}
