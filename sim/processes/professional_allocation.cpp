#include "sim/processes/professional_allocation.hpp"

#include <algorithm>
#include <array>

namespace jimsim {
namespace {

// The professionals of one kind and how many more families they can take.
struct Pool {
  bool exists = false;
  long long free_slots = 0;  // meaningful only with a caseload cap
};

// The professional with the smallest caseload among those of the given kind with room (lowest
// index on ties, so allocation is deterministic); -1 when all are full.
std::int32_t free_professional(const Professionals& pr, bool specialist, int caseload_cap) {
  std::int32_t best = -1;
  for (std::size_t j = 0; j < pr.size(); ++j) {
    if ((pr.specialist[j] != 0) != specialist) continue;
    if (caseload_cap > 0 && pr.caseload[j] >= caseload_cap) continue;
    if (best < 0 || pr.caseload[j] < pr.caseload[static_cast<std::size_t>(best)]) best = static_cast<std::int32_t>(j);
  }
  return best;
}

}  // namespace

void allocate_professionals(ReplicateState& s, const Parameters& p, const StepContext& ctx) {
  auto& f = s.families;
  auto& pr = s.professionals;
  const auto& pro = p.professionals;

  std::array<Pool, 2> pools;  // [0] basic, [1] specialist
  for (std::size_t j = 0; j < pr.size(); ++j) {
    auto& pool = pools[pr.specialist[j]];
    pool.exists = true;
    pool.free_slots += std::max(0, pro.caseload_cap - pr.caseload[j]);
  }

  // Assign from the waiting list in order; families that left it (exited, placed) drop out. When
  // the kind a family needs does not exist in this scenario, the other kind takes it.
  std::size_t kept = 0;
  for (const std::int32_t family : s.waiting_list) {
    const auto k = static_cast<std::size_t>(family);
    const bool waiting = f.case_open[k] && f.professional[k] < 0 &&
                         (f.setting[k] == Setting::home || f.setting[k] == Setting::respite);
    if (!waiting) continue;
    bool specialist = f.record[k].initial_severity >= pro.specialist_severity_threshold;
    if (!pools[specialist].exists) specialist = !specialist;
    auto& pool = pools[specialist];
    const bool room = pro.caseload_cap == 0 || pool.free_slots > 0;
    const std::int32_t j = room ? free_professional(pr, specialist, pro.caseload_cap) : -1;
    if (j >= 0) {
      f.professional[k] = j;
      ++pr.caseload[static_cast<std::size_t>(j)];
      --pool.free_slots;
      f.treatment_weeks[k] = 0.0;
    } else {
      s.waiting_list[kept++] = family;
    }
  }
  s.waiting_list.resize(kept);

  for (std::size_t k = 0; k < f.size(); ++k) {
    f.family_hours[k] = 0.0;
    f.mentor_support_hours[k] = 0.0;
    if (!f.case_open[k] || f.setting[k] == Setting::exited) continue;
    const std::int32_t j = f.professional[k];
    if (j < 0) {
      f.record[k].waiting_weeks += ctx.dt;
      continue;
    }
    const auto jj = static_cast<std::size_t>(j);
    const double hours = std::min(pro.max_hours_per_family, pro.weekly_hours / pr.caseload[jj]);
    double mentor_support = 0.0;
    if (f.mentor[k] == MentorStatus::active) {
      // A professional who does not see the mentor as a partner gives the mentor less of the
      // family's time; the rest goes to the youth and parents.
      mentor_support = hours * pro.mentor_support_share * (pr.equal_partner[jj] ? 1.0 : pro.non_partner_mentor_support_factor);
    }
    f.mentor_support_hours[k] = mentor_support;
    f.family_hours[k] = hours - mentor_support;
    auto& rec = f.record[k];
    const double step_hours = hours * ctx.dt;
    const double cost = step_hours * (pr.specialist[jj] ? p.costs.specialist_hour : p.costs.basic_hour);
    rec.professional_hours += step_hours;
    rec.mentor_support_hours += mentor_support * ctx.dt;
    rec.cost_professional += cost;
    s.cumulative_cost += cost;
  }
}

}  // namespace jimsim
