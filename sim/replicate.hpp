// One replicate of one scenario: a library call that returns its outcomes in memory, so a
// calibration can run thousands of them in one process; files are only at the edges.
#pragma once

#include <cstdint>

#include "sim/cohort.hpp"
#include "sim/outcomes.hpp"
#include "sim/parameters.hpp"
#include "sim/resource_use_by_year.hpp"
#include "sim/state.hpp"

namespace jimsim {

// Number of time steps from the start to the horizon.
int step_count(const Parameters& p);

// Number of years since intake the resource use by year covers: the horizon in years, rounded up.
int year_count(const Parameters& p);

// Memory one thread keeps from a replicate to its next: the per-family arrays (and the family
// records, when the result does not keep them) and the resource use by year's scratch. A large
// cohort would otherwise map and zero those pages again each replicate, a tenth of a
// 50,000-family run's time. What they held before never shows in a result: Families::reset and
// YearlyResourceUse::start make everything as new.
struct ReplicateWorkspace {
  Families families;
  YearlyResourceUse by_year;
  // Families per block of the family-local processes of a step (rounded up to a multiple of 64):
  // a block's arrays stay within the core's own cache through them. Any size gives the same bits
  // (tests/test_replicate.cpp). 4096: about 600 kB of those arrays, within a core's L2 cache of
  // 1 MB; against 1024, 0.953 of the time at 50,000 families (21 alternated pairs) and 0.959 at a
  // million (6), 0.98 on two threads, the same at 5,000; 256 was slower (1.095).
  std::size_t families_per_block = 4096;
};

// What a replicate reports. A calibration reads only the family records, so it leaves out what is
// worked out from them and from each week's state for a results file: the outcomes by subgroup,
// the weekly series and the resource use by year, whose vectors stay empty. The records are the
// same either way (tests/test_replicate.cpp), and kept whatever keep_family_records says.
enum class ReplicateReport { everything, family_records_only };

// Simulates replicate `replicate` with a cohort drawn by the intake process.
ReplicateResult simulate_replicate(const Parameters& p, std::uint64_t seed, std::uint32_t replicate,
                                   bool keep_family_records, ReplicateWorkspace& workspace,
                                   ReplicateReport report = ReplicateReport::everything);
ReplicateResult simulate_replicate(const Parameters& p, std::uint64_t seed, std::uint32_t replicate,
                                   bool keep_family_records, ReplicateReport report = ReplicateReport::everything);

// Simulates replicate `replicate` of an explicit cohort (e.g. an observed one). Throws InputError
// for an invalid cohort.
ReplicateResult simulate_replicate(const Parameters& p, const Cohort& cohort, std::uint64_t seed,
                                   std::uint32_t replicate, bool keep_family_records, ReplicateWorkspace& workspace,
                                   ReplicateReport report = ReplicateReport::everything);
ReplicateResult simulate_replicate(const Parameters& p, const Cohort& cohort, std::uint64_t seed,
                                   std::uint32_t replicate, bool keep_family_records,
                                   ReplicateReport report = ReplicateReport::everything);

}  // namespace jimsim
