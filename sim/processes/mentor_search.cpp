#include "sim/processes/mentor_search.hpp"

#include <cmath>

#include "sim/random.hpp"

namespace jimsim {

double mentor_search_hazard(const Parameters& p, double network_size) {
  const auto& m = p.mentor_search;
  return m.weekly_hazard * std::exp(m.network_log_effect * (network_size - m.reference_network_size));
}

void search_for_mentors(ReplicateState& s, const Parameters& p, const StepContext& ctx) {
  auto& f = s.families;
  for (std::size_t k = 0; k < f.size(); ++k) {
    if (f.mentor[k] != MentorStatus::searching || f.setting[k] == Setting::exited) continue;
    const double since_intake = weeks_since_intake(s, k, ctx);
    if (since_intake > p.mentor_search.max_search_weeks + 1e-9) {
      f.mentor[k] = MentorStatus::not_found;
      continue;
    }
    if (!f.mentor_findable[k]) continue;
    const double u = uniform_open01(f.draws[mentor_search_lane][k]);
    if (event_happens(u, mentor_search_hazard(p, f.network_size[k]), ctx.dt)) {
      f.mentor[k] = MentorStatus::active;
      f.mentor_found_step[k] = static_cast<std::int32_t>(ctx.step);
      f.record[k].mentor_found_week = since_intake;
    }
  }
}

}  // namespace jimsim
