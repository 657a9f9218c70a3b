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
  // A row per (profile, caseload) while that table is no larger than a row per professional (a
  // region's caseloads span a few dozen values; one professional with every family would not).
  // A row depends on the profile and caseload alone (and on the run's parameters and step, which a
  // run does not change: a replicate starts from an empty table, hire_professionals), so rows
  // worked out in an earlier step are kept, the table by profile laid out by the largest caseload
  // so far, and a step works out only the rows whose caseload it has not met: each costs an
  // exponential.
  const std::size_t stride = std::max(shares.caseload_stride, static_cast<std::size_t>(most) + 1);
  const bool by_profile = shares.profile_of.size() * stride <= professionals;
  if (!by_profile) {
    if (shares.caseload_stride != 0 || shares.row_caseload.size() != professionals) {
      shares.caseload_stride = 0;
      shares.rows.assign(2 * professionals, CaseShare{});
      shares.row_caseload.assign(professionals, -1);
    }
  } else if (stride != shares.caseload_stride) {
    shares.caseload_stride = stride;
    shares.rows.assign(2 * shares.profile_of.size() * stride, CaseShare{});
    shares.row_done.assign(shares.profile_of.size() * stride, 0);
    shares.row_caseload.clear();
  }
  for (std::size_t j = 0; j < professionals; ++j) {
    const std::size_t row = by_profile ? shares.profile[j] * stride + static_cast<std::size_t>(pr.caseload[j]) : j;
    shares.row_of[j] = static_cast<std::uint32_t>(2 * row);
    if (pr.caseload[j] == 0) continue;  // no family reads it
    if (by_profile) {
      if (shares.row_done[row]) continue;
      shares.row_done[row] = 1;
    } else {
      if (shares.row_caseload[j] == pr.caseload[j]) continue;
      shares.row_caseload[j] = pr.caseload[j];
    }
    work_out_row(&shares.rows[2 * row], pr, j, p, ctx);
  }
}

}  // namespace jimsim
