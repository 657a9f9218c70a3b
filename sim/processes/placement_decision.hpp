// Process 7, the placement decision at a crisis. The youth's professional (or, without one, the
// crisis service, at the mean threshold) decides on placement when severity is above their personal
// threshold; an active mentor may then take the youth in for a while (respite), which averts the
// placement; otherwise the youth is placed in residential care.
#pragma once

#include "sim/state.hpp"

namespace jimsim {

// Chance the decision-maker with this threshold decides a placement is needed.
double placement_needed_probability(const Parameters& p, double severity, double threshold);

// Chance an active mentor takes the youth in: willingness, scaled by the bond, lowered by strain.
double respite_offer_probability(const Parameters& p, double bond, double strain);

void decide_placements(ReplicateState& s, const Parameters& p, const StepContext& ctx);

}  // namespace jimsim
