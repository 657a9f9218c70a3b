// Process 4, support dose: how much support the youth and family receive this week, from the
// mentor (scaled by the trust bond and the hours the mentor has, less when the mentor lacks
// professional support), from professionals, from a parent
// group, or from residential care.
#pragma once

#include "sim/state.hpp"

namespace jimsim {

// Each family's dose this step, for the families in `block`.
void compute_support_dose(ReplicateState& s, const Parameters& p, const StepContext& ctx, FamilyRange block);

}  // namespace jimsim
