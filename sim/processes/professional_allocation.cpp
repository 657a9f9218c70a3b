#include "sim/processes/professional_allocation.hpp"

#include <algorithm>

#include "sim/flagged_families.hpp"
#include "sim/processes/case_shares.hpp"
#include "sim/processes/exit.hpp"
#include "sim/processes/mentor_dynamics.hpp"
#include "sim/processes/parental_capacity.hpp"

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
  const double week_start = ctx.week_end - ctx.dt;

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

  // What a family gets from its professional, worked out once per professional profile and caseload.
  work_out_case_shares(s.case_shares, pr, p, ctx);
}

void give_professional_hours(ReplicateState& s, const Parameters& p, const StepContext& ctx, FamilyRange block) {
  auto& f = s.families;
  const CaseShares& shares = s.case_shares;
  // The running cost in a register: the stores to the families' arrays could alias the state's
  // total, so updating it in place would be a memory round trip per family.
  double cumulative_cost = s.cumulative_cost;
  const double unmet_without_support = mentor_support_unmet(p.mentor_dynamics.support_need_hours, 0.0);
  const double gain_without_hours = parent_capacity_gain(p, ctx.dt, 0.0);
  const std::size_t end = std::min(block.end, f.size());
  for (std::size_t k = block.begin; k < end; ++k) {
    f.family_hours[k] = 0.0;
    f.mentor_support_unmet[k] = unmet_without_support;
    f.parent_capacity_gain[k] = gain_without_hours;
  }
  // The open cases, eight families' flags at a time: most families have none, and a branch per
  // family on whether its case is open was taken at random.
  for_each_flagged(f.case_open.data() + block.begin, block.end - block.begin, 1, [&](std::size_t i) {
    const std::size_t k = block.begin + i;
    if (f.setting[k] == Setting::exited) return;
    if (f.in_handover[k]) f.record[k].handover_weeks += ctx.dt;
    const std::int32_t j = f.professional[k];
    if (j < 0) {
      f.record[k].waiting_weeks += ctx.dt;
      return;
    }
    const CaseShare& share = shares.of(j, f.mentor[k] == MentorStatus::active);
    f.mentor_support_unmet[k] = share.mentor_support_unmet;
    f.family_hours[k] = share.family_hours;
    f.parent_capacity_gain[k] = share.parent_capacity_gain;
    // Both counts are kept whatever the perspective: each is what one set of prices multiplies.
    auto& staff = f.staff_time[k];
    staff.hours[share.specialist] += share.step_hours;
    staff.fte_years[share.specialist] += share.fte_years;
    f.total_mentor_support_hours[k] += share.mentor_support_step_hours;
    cumulative_cost += share.cost;
  });
  s.cumulative_cost = cumulative_cost;
}

}  // namespace jimsim
