// The table of what a family gets from its professional each step (sim/processes/case_shares.hpp):
// every professional's rows hold the hours, support, FTE share and cost of the allocation's
// formulas, whether the table has a row per profile and caseload or, when that would be larger, a
// row per professional; professionals of one profile and caseload share a row.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>

#include "sim/processes/case_shares.hpp"
#include "sim/processes/mentor_dynamics.hpp"

using namespace jimsim;

namespace {

// Two kinds, two views of the mentor, full and part-time: eight profiles; caseloads 0 to 4.
Professionals workforce(std::size_t count) {
  Professionals pr;
  for (std::size_t j = 0; j < count; ++j) {
    const bool part_time = (j / 4) % 2 == 1;
    const double share = part_time ? 0.4 : 1.0;
    pr.specialist.push_back(static_cast<std::uint8_t>(j % 2));
    pr.equal_partner.push_back(static_cast<std::uint8_t>((j / 2) % 2));
    pr.weekly_hours.push_back(28.0 * share);
    pr.fte.push_back(share);
    pr.employed_cost_week.push_back((j % 2 ? 1900.0 : 1500.0) * share);
    pr.crisis_threshold.push_back(1.5);
    pr.caseload.push_back(static_cast<std::int32_t>(j % 5));
  }
  return pr;
}

// The allocation's formulas, family by family, as written before the table existed.
void check_rows(const CaseShares& shares, const Professionals& pr, const Parameters& p, const StepContext& ctx) {
  const auto& pro = p.professionals;
  for (std::size_t j = 0; j < pr.size(); ++j) {
    if (pr.caseload[j] == 0) continue;
    const double available = pr.weekly_hours[j] / pr.caseload[j];
    for (const bool with_mentor : {false, true}) {
      INFO("professional " << j << (with_mentor ? " with" : " without") << " an active mentor");
      const double support = with_mentor ? std::min(available, pro.max_hours_per_family) * pro.mentor_support_share *
                                               (pr.equal_partner[j] ? 1.0 : pro.non_partner_mentor_support_factor)
                                         : 0.0;
      const double hours = std::min(pro.max_hours_per_family, available - support);
      const CaseShare& row = shares.of(static_cast<std::int32_t>(j), with_mentor);
      CHECK(row.specialist == pr.specialist[j]);
      CHECK(row.family_hours == Approx(hours).epsilon(1e-15));
      CHECK(row.mentor_support_step_hours == Approx(support * ctx.dt).epsilon(1e-15));
      CHECK(row.mentor_support_unmet ==
            Approx(1.0 - support / p.mentor_dynamics.support_need_hours).epsilon(1e-15));
      CHECK(row.step_hours == Approx((hours + support) * ctx.dt).epsilon(1e-15));
      const double parent_hours = hours * pro.parent_share * ctx.dt;
      CHECK(row.parent_capacity_gain ==
            Approx(-std::expm1(-p.support.parent_capacity_gain_per_hour * parent_hours)).epsilon(1e-13));
      CHECK(row.fte_years == Approx(pr.fte[j] / pr.caseload[j] * ctx.dt / weeks_per_year).epsilon(1e-15));
      const double hourly = pr.specialist[j] ? p.costs.specialist_hour : p.costs.basic_hour;
      CHECK(row.cost == Approx(p.costs.staff_employed ? pr.employed_cost_week[j] / pr.caseload[j] * ctx.dt
                                                      : (hours + support) * ctx.dt * hourly)
                            .epsilon(1e-15));
    }
  }
}

}  // namespace

TEST_CASE("a row per profile and caseload holds every professional's share", "[process][allocation]") {
  Parameters p;
  p.professionals.max_hours_per_family = 5.0;  // binds at caseloads below 6 for the full-time
  const StepContext ctx{1, 0, 0, 0.5, 0.5};
  for (const bool employed : {false, true}) {
    p.costs.staff_employed = employed;
    const Professionals pr = workforce(200);  // 8 profiles x 5 caseloads = 40 rows <= 200 professionals
    CaseShares shares;
    work_out_case_shares(shares, pr, p, ctx);
    CHECK(shares.profile_of.size() == 8);
    CHECK(shares.rows.size() == 2 * 40);
    check_rows(shares, pr, p, ctx);
    // Professionals with the same profile and caseload read the same row.
    CHECK(shares.row_of[3] == shares.row_of[3 + 40]);
    CHECK(shares.row_of[3] != shares.row_of[4]);
  }
}

TEST_CASE("a row per professional when caseloads span more values than there are professionals",
          "[process][allocation]") {
  Parameters p;
  const StepContext ctx{1, 0, 0, 1.0, 1.0};
  Professionals pr = workforce(12);
  pr.caseload[5] = 900;  // one professional with most families: 8 x 901 rows would outnumber 12
  CaseShares shares;
  work_out_case_shares(shares, pr, p, ctx);
  CHECK(shares.rows.size() == 2 * 12);
  check_rows(shares, pr, p, ctx);
  // Caseloads change from step to step; the rows follow.
  pr.caseload[5] = 2;
  work_out_case_shares(shares, pr, p, ctx);
  CHECK(shares.rows.size() == 2 * 12);  // 8 profiles x 5 caseloads would still outnumber 12
  check_rows(shares, pr, p, ctx);
}

TEST_CASE("rows kept from earlier steps are those of the caseloads now", "[process][allocation]") {
  // A row per profile and caseload is worked out once per run: later steps reuse it, and a larger
  // caseload than any before lays the table out again. Every step's rows must still be the
  // formulas' for the caseloads of that step, and match a table worked out afresh, to the bit.
  Parameters p;
  p.professionals.max_hours_per_family = 5.0;
  const StepContext ctx{1, 0, 0, 0.5, 0.5};
  Professionals pr = workforce(200);
  CaseShares kept;
  for (int step = 0; step < 4; ++step) {
    for (std::size_t j = 0; j < pr.size(); ++j) {
      // Caseloads 0 to 4, then some move, then a new largest one (6), then back below it.
      pr.caseload[j] = static_cast<std::int32_t>((j + static_cast<std::size_t>(step)) % 5) + (step == 2 && j % 7 == 0 ? 2 : 0);
    }
    work_out_case_shares(kept, pr, p, ctx);
    INFO("step " << step);
    check_rows(kept, pr, p, ctx);
    CaseShares fresh;
    work_out_case_shares(fresh, pr, p, ctx);
    for (std::size_t j = 0; j < pr.size(); ++j) {
      if (pr.caseload[j] == 0) continue;
      for (const bool with_mentor : {false, true}) {
        const CaseShare& a = kept.of(static_cast<std::int32_t>(j), with_mentor);
        const CaseShare& b = fresh.of(static_cast<std::int32_t>(j), with_mentor);
        CHECK(a.family_hours == b.family_hours);
        CHECK(a.cost == b.cost);
        CHECK(a.fte_years == b.fte_years);
        CHECK(a.parent_capacity_gain == b.parent_capacity_gain);
        CHECK(a.mentor_support_unmet == b.mentor_support_unmet);
      }
    }
  }
  CHECK(kept.caseload_stride == 7);  // laid out again for caseload 6, and kept when it went
}
