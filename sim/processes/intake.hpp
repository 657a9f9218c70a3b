// Process 1, intake: who the client systems are and when they arrive.
#pragma once

#include <cstdint>

#include "sim/cohort.hpp"
#include "sim/state.hpp"

namespace jimsim {

// Draws the cohort of one replicate from the intake distributions. Each characteristic has its own
// stream, so changing one distribution leaves the others' draws unchanged.
Cohort draw_cohort(const Parameters& p, std::uint64_t seed, std::uint32_t replicate);

// Sets up the families, their mentors' traits and the professionals of a replicate before step 0.
void initialise_replicate(ReplicateState& s, const Cohort& cohort, const Parameters& p,
                          std::uint64_t seed, std::uint32_t replicate);

// Families whose intake falls in this step arrive: at home, case open, on the waiting list, and
// (in the JIM approach) starting the search for a mentor.
void admit_arrivals(ReplicateState& s, const Parameters& p, const StepContext& ctx);

}  // namespace jimsim
