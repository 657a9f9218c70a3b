#include "sim/processes/support_dose.hpp"

#include "sim/processes/mentor_dynamics.hpp"

namespace jimsim {

void compute_support_dose(ReplicateState& s, const Parameters& p, const StepContext& ctx) {
  auto& f = s.families;
  const auto& sp = p.support;
  for (std::size_t k = 0; k < f.size(); ++k) {
    double dose = 0.0;
    switch (f.setting[k]) {
      case Setting::home:
      case Setting::respite:
        dose = sp.professional_dose_per_hour * f.family_hours[k];
        if (f.mentor[k] == MentorStatus::active) {
          // A mentor left without the support they need does less for the youth.
          const double gap = mentor_support_gap(p, f.case_open[k] != 0, f.mentor_support_hours[k]);
          const double supported = 1.0 - (1.0 - sp.unsupported_mentor_dose_factor) * gap;
          // A mentor named within this step helps only for the part of it that is left.
          const double present = f.mentor_found_step[k] == static_cast<std::int32_t>(ctx.step)
                                     ? (ctx.dt - f.mentor_named_time[k]) / ctx.dt
                                     : 1.0;
          dose += sp.mentor_dose_per_hour * f.bond[k] * f.mentor_hours[k] * supported * present;
        }
        if (f.parent_group_weeks_left[k] > 0.0) dose += sp.parent_group_dose;
        break;
      case Setting::residential: dose = sp.residential_dose; break;
      case Setting::not_arrived:
      case Setting::exited: break;
    }
    f.support_dose[k] = dose;
  }
}

}  // namespace jimsim
