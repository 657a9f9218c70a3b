// One replicate of one scenario: a library call that returns its outcomes in memory, so a
// calibration can run thousands of them in one process; files are only at the edges.
#pragma once

#include <cstdint>

#include "sim/cohort.hpp"
#include "sim/outcomes.hpp"
#include "sim/parameters.hpp"

namespace jimsim {

// Number of time steps from the start to the horizon.
int step_count(const Parameters& p);

// Number of years since intake the resource use by year covers: the horizon in years, rounded up.
int year_count(const Parameters& p);

// Simulates replicate `replicate` with a cohort drawn by the intake process.
ReplicateResult simulate_replicate(const Parameters& p, std::uint64_t seed, std::uint32_t replicate,
                                   bool keep_family_records);

// Simulates replicate `replicate` of an explicit cohort (e.g. an observed one). Throws InputError
// for an invalid cohort.
ReplicateResult simulate_replicate(const Parameters& p, const Cohort& cohort, std::uint64_t seed,
                                   std::uint32_t replicate, bool keep_family_records);

}  // namespace jimsim
