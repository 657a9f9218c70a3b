#include "sim/processes/support_dose.hpp"

#include "sim/processes/mentor_dynamics.hpp"

namespace jimsim {

void compute_support_dose(ReplicateState& s, const Parameters& p, const StepContext& ctx, FamilyRange block) {
  auto& f = s.families;
  const auto& sp = p.support;
  const double professional_dose_per_hour = sp.professional_dose_per_hour, mentor_dose_per_hour = sp.mentor_dose_per_hour;
  const double unsupported_loss = 1.0 - sp.unsupported_mentor_dose_factor;
  const double parent_group_dose = sp.parent_group_dose, residential_dose = sp.residential_dose;
  const auto step = static_cast<std::int32_t>(ctx.step);
  const Setting* __restrict setting = f.setting.data();
  const MentorStatus* __restrict mentor = f.mentor.data();
  const std::uint8_t* __restrict case_open = f.case_open.data();
  const std::int32_t* __restrict found_step = f.mentor_found_step.data();
  const double* __restrict present_share = f.mentor_present_share.data();
  const double* __restrict family_hours = f.family_hours.data();
  const double* __restrict support_unmet = f.mentor_support_unmet.data();
  const double* __restrict bond = f.bond.data();
  const double* __restrict mentor_hours = f.mentor_hours.data();
  const double* __restrict parent_group_weeks_left = f.parent_group_weeks_left.data();
  double* __restrict dose = f.support_dose.data();
  // Every term for every family, then selects: a branch-free loop that vectorises.
#pragma GCC ivdep  // the arrays do not overlap (GCC honours __restrict only on parameters)
  for (std::size_t k = block.begin; k < block.end; ++k) {
    // A mentor left without the support they need does less for the youth.
    const double gap = mentor_support_gap(case_open[k] != 0, support_unmet[k]);
    const double supported = 1.0 - unsupported_loss * gap;
    // A mentor named within this step helps only for the part of it that is left.
    const double part_left = present_share[k];  // loaded before the select: no conditional load
    const double present = found_step[k] == step ? part_left : 1.0;
    const double from_mentor = mentor_dose_per_hour * bond[k] * mentor_hours[k] * supported * present;
    const double at_home = professional_dose_per_hour * family_hours[k] +
                           (mentor[k] == MentorStatus::active ? from_mentor : 0.0) +
                           (parent_group_weeks_left[k] > 0.0 ? parent_group_dose : 0.0);
    const bool home = (setting[k] == Setting::home) | (setting[k] == Setting::respite);
    dose[k] = home ? at_home : (setting[k] == Setting::residential ? residential_dose : 0.0);
  }
}

}  // namespace jimsim
