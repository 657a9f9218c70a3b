#include "sim/processes/professional_allocation.hpp"

#include <algorithm>

#include "sim/processes/exit.hpp"
#include "sim/processes/fixed_costs.hpp"
#include "sim/processes/mentor_dynamics.hpp"

namespace jimsim {
namespace {

// Whether family k still belongs on the waiting list (it may have to wait longer).
bool still_waiting(const Families& f, std::size_t k) {
  const bool at_home = f.setting[k] == Setting::home || f.setting[k] == Setting::respite;
  return f.case_open[k] && at_home && (f.professional[k] < 0 || f.in_handover[k]);
}

// Whether family k, still waiting, can take a professional now (a referral's delay is over).
bool ready_for_professional(const Families& f, std::size_t k, double week_start) {
  return f.queue_from_week[k] <= week_start + 1e-9;
}

}  // namespace

void allocate_professionals(ReplicateState& s, const Parameters& p, const StepContext& ctx) {
  auto& f = s.families;
  auto& pr = s.professionals;
  const auto& pro = p.professionals;
  const double week_start = ctx.week_end - ctx.dt;
  const double fte_years_per_fte_step = ctx.dt / weeks_per_year;

  // Assign from the waiting list in order; families that left it (exited, placed) drop out. When
  // the kind a family needs does not exist in this scenario, the other kind takes it. A family in
  // a collaborative handover keeps its professional until the next one takes over.
  std::size_t kept = 0;
  for (const std::int32_t family : s.waiting_list) {
    const auto k = static_cast<std::size_t>(family);
    if (!still_waiting(f, k)) continue;
    std::int32_t j = -1;
    if (ready_for_professional(f, k, week_start)) {
      bool specialist = f.needs_specialist[k] != 0;
      if (!s.free.exists[specialist]) specialist = !specialist;
      j = s.free.least_loaded(specialist);
    }
    if (j < 0) {
      s.waiting_list[kept++] = family;
      continue;
    }
    release_professional(s, k);
    assign_professional(s, k, j);
    f.in_handover[k] = 0;
  }
  s.waiting_list.resize(kept);

  // What one family of professional j gets this step depends only on j and on whether the family
  // has an active mentor, and caseloads do not change below: worked out once per professional
  // rather than per family (three divisions a family), with the same operations, so the same bits.
  const std::size_t professionals = pr.size();
  const double need_hours = p.mentor_dynamics.support_need_hours;
  auto& shares = s.case_shares;
  shares.resize(professionals);
  for (std::size_t j = 0; j < professionals; ++j) {
    if (pr.caseload[j] == 0) continue;  // no family reads it
    const double available = pr.weekly_hours[j] / pr.caseload[j];
    const std::uint8_t specialist = pr.specialist[j];
    CaseShare& share = shares[j];
    share.specialist = specialist;
    share.fte_years = pr.fte[j] / pr.caseload[j] * fte_years_per_fte_step;
    for (int with_mentor = 0; with_mentor < 2; ++with_mentor) {
      // Supporting the mentor takes time on top of the family's hours while the professional has
      // it; a professional who does not see the mentor as a partner gives the mentor less.
      const double mentor_support = with_mentor ? std::min(available, pro.max_hours_per_family) * pro.mentor_support_share *
                                                      (pr.equal_partner[j] ? 1.0 : pro.non_partner_mentor_support_factor)
                                                : 0.0;
      const double family_hours = std::min(pro.max_hours_per_family, available - mentor_support);
      const double step_hours = (family_hours + mentor_support) * ctx.dt;
      share.mentor_support_hours[with_mentor] = mentor_support;
      share.mentor_support_unmet[with_mentor] = mentor_support_unmet(need_hours, mentor_support);
      share.family_hours[with_mentor] = family_hours;
      share.step_hours[with_mentor] = step_hours;
      share.cost[with_mentor] = p.costs.staff_employed
                                    ? pr.employed_cost_week[j] / pr.caseload[j] * ctx.dt
                                    : step_hours * (specialist ? p.costs.specialist_hour : p.costs.basic_hour);
    }
  }

  // The running cost in a register: the stores to the families' arrays could alias the state's
  // total, so updating it in place would be a memory round trip per family.
  double cumulative_cost = s.cumulative_cost;
  const double unmet_without_support = mentor_support_unmet(need_hours, 0.0);
  for (std::size_t k = 0; k < f.size(); ++k) {
    f.family_hours[k] = 0.0;
    f.mentor_support_unmet[k] = unmet_without_support;
    if (!f.case_open[k] || f.setting[k] == Setting::exited) continue;
    if (f.in_handover[k]) f.record[k].handover_weeks += ctx.dt;
    const std::int32_t j = f.professional[k];
    if (j < 0) {
      f.record[k].waiting_weeks += ctx.dt;
      continue;
    }
    const CaseShare& share = shares[static_cast<std::size_t>(j)];
    const int with_mentor = f.mentor[k] == MentorStatus::active;
    const double mentor_support = share.mentor_support_hours[with_mentor];
    f.mentor_support_unmet[k] = share.mentor_support_unmet[with_mentor];
    f.family_hours[k] = share.family_hours[with_mentor];
    // Both counts are kept whatever the perspective: each is what one set of prices multiplies.
    auto& staff = f.staff_time[k];
    staff.hours[share.specialist] += share.step_hours[with_mentor];
    staff.fte_years[share.specialist] += share.fte_years;
    f.total_mentor_support_hours[k] += mentor_support * ctx.dt;
    cumulative_cost += share.cost[with_mentor];
  }
  s.cumulative_cost = cumulative_cost;
  charge_idle_staff(s, p, ctx);
}

}  // namespace jimsim
