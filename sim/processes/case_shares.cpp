#include "sim/processes/case_shares.hpp"

#include <algorithm>

#include "sim/processes/mentor_dynamics.hpp"
#include "sim/processes/parental_capacity.hpp"

namespace jimsim {
namespace {

bool same_profile(const Professionals& pr, std::size_t a, std::size_t b) {
  return pr.specialist[a] == pr.specialist[b] && pr.equal_partner[a] == pr.equal_partner[b] &&
         pr.weekly_hours[a] == pr.weekly_hours[b] && pr.fte[a] == pr.fte[b] &&
         pr.employed_cost_week[a] == pr.employed_cost_week[b];
}

// Professionals' profiles never change once hired (hire_professionals empties the table): found
// once (a handful: two kinds, two views of the mentor, a full or a fractional FTE).
void find_profiles(CaseShares& shares, const Professionals& pr) {
  shares.profile.assign(pr.size(), 0);
  shares.profile_of.clear();
  for (std::size_t j = 0; j < pr.size(); ++j) {
    std::size_t q = 0;
    while (q < shares.profile_of.size() && !same_profile(pr, shares.profile_of[q], j)) ++q;
    if (q == shares.profile_of.size()) shares.profile_of.push_back(static_cast<std::uint32_t>(j));
    shares.profile[j] = static_cast<std::uint32_t>(q);
  }
}

void work_out_row(CaseShare* pair, const Professionals& pr, std::size_t j, const Parameters& p, const StepContext& ctx) {
  const auto& pro = p.professionals;
  const double available = pr.weekly_hours[j] / pr.caseload[j];
  const std::uint8_t specialist = pr.specialist[j];
  const double fte_years = pr.fte[j] / pr.caseload[j] * (ctx.dt / weeks_per_year);
  for (int with_mentor = 0; with_mentor < 2; ++with_mentor) {
    // Supporting the mentor takes time on top of the family's hours while the professional has
    // it; a professional who does not see the mentor as a partner gives the mentor less.
    const double mentor_support = with_mentor ? std::min(available, pro.max_hours_per_family) * pro.mentor_support_share *
                                                    (pr.equal_partner[j] ? 1.0 : pro.non_partner_mentor_support_factor)
                                              : 0.0;
    const double family_hours = std::min(pro.max_hours_per_family, available - mentor_support);
    const double step_hours = (family_hours + mentor_support) * ctx.dt;
    CaseShare& share = pair[with_mentor];
    share.specialist = specialist;
    share.fte_years = fte_years;
    share.mentor_support_step_hours = mentor_support * ctx.dt;
    share.mentor_support_unmet = mentor_support_unmet(p.mentor_dynamics.support_need_hours, mentor_support);
    share.family_hours = family_hours;
    share.parent_capacity_gain = parent_capacity_gain(p, ctx.dt, family_hours);
    share.step_hours = step_hours;
    share.cost = p.costs.staff_employed ? pr.employed_cost_week[j] / pr.caseload[j] * ctx.dt
                                        : step_hours * (specialist ? p.costs.specialist_hour : p.costs.basic_hour);
  }
}

}  // namespace

void work_out_case_shares(CaseShares& shares, const Professionals& pr, const Parameters& p, const StepContext& ctx) {
  if (shares.profile.size() != pr.size()) find_profiles(shares, pr);
  const std::size_t professionals = pr.size();
  shares.row_of.resize(professionals);
  std::int32_t most = 0;
  for (const std::int32_t caseload : pr.caseload) most = std::max(most, caseload);
  const std::size_t caseloads = static_cast<std::size_t>(most) + 1;
  // A row per (profile, caseload) while that table is no larger than a row per professional (a
  // region's caseloads span a few dozen values; one professional with every family would not).
  const bool by_profile = shares.profile_of.size() * caseloads <= professionals;
  const std::size_t row_count = by_profile ? shares.profile_of.size() * caseloads : professionals;
  shares.rows.resize(2 * row_count);
  auto& done = shares.row_done;
  done.assign(by_profile ? row_count : 0, 0);
  for (std::size_t j = 0; j < professionals; ++j) {
    const std::size_t row = by_profile ? shares.profile[j] * caseloads + static_cast<std::size_t>(pr.caseload[j]) : j;
    shares.row_of[j] = static_cast<std::uint32_t>(2 * row);
    if (pr.caseload[j] == 0) continue;  // no family reads it
    if (by_profile) {
      if (done[row]) continue;
      done[row] = 1;
    }
    work_out_row(&shares.rows[2 * row], pr, j, p, ctx);
  }
}

}  // namespace jimsim
