#include "sim/processes/crisis.hpp"

#include <cmath>

#include "sim/random.hpp"

namespace jimsim {

double crisis_hazard(const Parameters& p, double severity, double parental_capacity, bool case_open,
                     bool mentor_active) {
  const auto& c = p.crisis;
  double hazard = c.base_hazard * std::exp(c.severity_log_slope * (severity - 1.0) -
                                           c.capacity_log_slope * (parental_capacity - 0.5));
  if (!case_open) hazard *= c.after_closure_factor * (mentor_active ? c.mentor_stays_factor : 1.0);
  return hazard;
}

void draw_crises(ReplicateState& s, const Parameters& p, const StepContext& ctx) {
  auto& f = s.families;
  for (std::size_t k = 0; k < f.size(); ++k) {
    f.crisis[k] = 0;
    if (f.setting[k] != Setting::home) continue;
    const double hazard = crisis_hazard(p, f.severity[k], f.parental_capacity[k], f.case_open[k] != 0,
                                        f.mentor[k] == MentorStatus::active);
    if (event_happens(uniform_open01(f.draws[crisis_lane][k]), hazard, ctx.dt)) {
      f.crisis[k] = 1;
      f.record[k].crises += 1.0;
    }
  }
}

}  // namespace jimsim
