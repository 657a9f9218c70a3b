#include "sim/processes/case_closure.hpp"

#include "sim/processes/residential_stay.hpp"
#include "sim/random.hpp"

namespace jimsim {

void close_cases(ReplicateState& s, const Parameters& p, const StepContext& ctx) {
  auto& f = s.families;
  const auto& c = p.case_closure;
  for (std::size_t k = 0; k < f.size(); ++k) {
    // Treatment time runs while a professional works with the family at home or in respite.
    if (f.professional[k] < 0 || f.setting[k] == Setting::residential || f.setting[k] == Setting::exited) continue;
    f.treatment_weeks[k] += ctx.dt;
    const double weeks = f.treatment_weeks[k] + 1e-9;
    const bool improved = weeks >= c.min_treatment_weeks && f.severity[k] < c.closure_severity;
    if (!improved && weeks < c.max_treatment_weeks) continue;

    release_professional(s, k);
    f.case_open[k] = 0;
    auto& rec = f.record[k];
    rec.closure_week = weeks_since_intake(s, k, ctx);
    if (f.mentor[k] == MentorStatus::active) {
      CounterRng rng(ctx.seed, ctx.replicate, static_cast<std::uint32_t>(k), Process::case_closure, ctx.step);
      const double stays = c.role_clarity_end_meeting ? c.mentor_stays_chance_clarified : c.mentor_stays_chance;
      if (bernoulli(rng, stays)) {
        rec.mentor_stayed_on = 1.0;
      } else {
        f.mentor[k] = MentorStatus::ended;
        end_respite(s, k);
      }
    }
  }
}

}  // namespace jimsim
