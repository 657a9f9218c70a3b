// Shared by the lever tests (test_levers_*.cpp): the cohorts and policies, paired runs with common
// random numbers, the 3-standard-error check and bit-for-bit comparison of whole runs.
#pragma once

#include <catch2/catch.hpp>

#include <bit>
#include <cmath>
#include <cstdint>
#include <vector>

#include "sim/parameters.hpp"
#include "sim/replicate.hpp"

namespace jimsim::lever_testing {

inline constexpr std::uint64_t lever_seed = 7;

// ---- Cohorts and policies ------------------------------------------------------------------------

// The JIM approach: the declared defaults, with `families` families per replicate.
inline Parameters jim(int families) {
  Parameters p;
  p.intake.cohort_size = families;
  return p;
}

// A cohort referred for placement (scenarios/referred/): every youth arrives with a residential
// placement indicated, at a higher severity than the at-risk cohort.
inline Parameters referred(int families) {
  Parameters p = jim(families);
  p.intake.indicated_share = 1.0;
  p.intake.severity_mean = 1.2;
  return p;
}

// Care as usual (scenarios/care-as-usual.toml): no mentor search, no safety plan.
inline Parameters care_as_usual(Parameters p) {
  p.mentor_search.enabled = false;
  p.placement.safety_plan = false;
  return p;
}

// ---- Paired runs -----------------------------------------------------------------------------------

// The whole-cohort outcomes of replicates 0..R-1 of two scenarios with the same seed.
struct PairedRuns {
  std::vector<Outcomes> off, on;
};

inline PairedRuns run_paired(const Parameters& off, const Parameters& on, int replicates) {
  PairedRuns runs;
  for (int r = 0; r < replicates; ++r) {
    const auto replicate = static_cast<std::uint32_t>(r);
    runs.off.push_back(simulate_replicate(off, lever_seed, replicate, false).outcomes[0]);
    runs.on.push_back(simulate_replicate(on, lever_seed, replicate, false).outcomes[0]);
  }
  return runs;
}

using Measure = double (*)(const Outcomes&);

struct PairedDifference {
  double mean_off = 0.0;        // the measure's mean over replicates, lever off
  double mean_on = 0.0;         // and on
  double mean = 0.0;            // mean of the per-replicate differences on - off
  double standard_error = 0.0;  // standard deviation of the differences / sqrt(R)
};

inline PairedDifference paired_difference(const PairedRuns& runs, Measure measure) {
  const std::size_t n = runs.off.size();
  REQUIRE(n >= 2);
  PairedDifference d;
  std::vector<double> diff(n);
  for (std::size_t r = 0; r < n; ++r) {
    const double off = measure(runs.off[r]);
    const double on = measure(runs.on[r]);
    d.mean_off += off / static_cast<double>(n);
    d.mean_on += on / static_cast<double>(n);
    diff[r] = on - off;
    d.mean += diff[r] / static_cast<double>(n);
  }
  double squares = 0.0;
  for (const double x : diff) squares += (x - d.mean) * (x - d.mean);
  d.standard_error = std::sqrt(squares / static_cast<double>(n - 1) / static_cast<double>(n));
  return d;
}

enum class Direction { higher, lower };

// The lever moves `measure` in `expected` direction by more than 3 standard errors of the paired
// mean difference. (A NaN measure, e.g. a ratio over an empty count, fails.)
inline void check_effect(const PairedRuns& runs, Measure measure, Direction expected, const char* what) {
  const PairedDifference d = paired_difference(runs, measure);
  const double sign = expected == Direction::higher ? 1.0 : -1.0;
  INFO(what << ": off " << d.mean_off << ", on " << d.mean_on << ", paired difference " << d.mean
            << " (standard error " << d.standard_error << ", " << runs.off.size() << " replicates; expected "
            << (expected == Direction::higher ? "higher" : "lower") << " by more than 3 standard errors)");
  CHECK(sign * d.mean > 3.0 * d.standard_error);
}

// ---- Measures --------------------------------------------------------------------------------------

inline double per_family(double count, const Outcomes& o) { return count / o.families; }

inline double dropout_share(const Outcomes& o) { return o.mentors_dropped_out / o.mentors_found; }
inline double respite_per_crisis(const Outcomes& o) { return o.respite_stays / o.crises; }
inline double deescalated_per_crisis(const Outcomes& o) { return o.crises_deescalated / o.crises; }
inline double indicated_placed_share(const Outcomes& o) { return o.indicated_placed / o.indicated; }
inline double placed_share(const Outcomes& o) { return per_family(o.placed, o); }
inline double placements_per_family(const Outcomes& o) { return per_family(o.placements, o); }
inline double crises_per_family(const Outcomes& o) { return per_family(o.crises, o); }
inline double mentors_stayed_on_per_family(const Outcomes& o) { return per_family(o.mentors_stayed_on, o); }
inline double mentor_support_hours_per_family(const Outcomes& o) { return per_family(o.mentor_support_hours, o); }
inline double waiting_weeks_per_family(const Outcomes& o) { return per_family(o.waiting_weeks, o); }
inline double handover_weeks_per_family(const Outcomes& o) { return per_family(o.handover_weeks, o); }
inline double held_by_network_per_family(const Outcomes& o) { return per_family(o.decisions_held_by_network, o); }

// ---- Bitwise equality ------------------------------------------------------------------------------

// Bits, not values: NaN (never placed, no mentor) equals NaN, and any drift at all is a difference.
inline bool same_bits(double a, double b) { return std::bit_cast<std::uint64_t>(a) == std::bit_cast<std::uint64_t>(b); }

inline bool same_bits(const std::vector<double>& a, const std::vector<double>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (!same_bits(a[i], b[i])) return false;
  }
  return true;
}

inline bool same_bits(const Outcomes& a, const Outcomes& b) {
#define JIMSIM_SAME_OUTCOME(name, unit, meaning) \
  if (!same_bits(a.name, b.name)) return false;
  JIMSIM_OUTCOME_FIELDS(JIMSIM_SAME_OUTCOME)
#undef JIMSIM_SAME_OUTCOME
  return true;
}

inline bool same_bits(const FamilyRecord& a, const FamilyRecord& b) {
#define JIMSIM_SAME_FAMILY(name, unit, meaning) \
  if (!same_bits(a.name, b.name)) return false;
  JIMSIM_FAMILY_FIELDS(JIMSIM_SAME_FAMILY)
#undef JIMSIM_SAME_FAMILY
  return true;
}

inline bool same_bits(const ResourceUseYear& a, const ResourceUseYear& b) {
#define JIMSIM_SAME_YEAR(name, unit, meaning) \
  if (!same_bits(a.name, b.name)) return false;
  JIMSIM_RESOURCE_USE_FIELDS(JIMSIM_SAME_YEAR)
#undef JIMSIM_SAME_YEAR
  return true;
}

inline bool same_bits(const ReplicateResult& a, const ReplicateResult& b) {
  for (std::size_t g = 0; g < a.outcomes.size(); ++g) {
    if (!same_bits(a.outcomes[g], b.outcomes[g])) return false;
  }
  if (a.by_year.size() != b.by_year.size()) return false;
  for (std::size_t y = 0; y < a.by_year.size(); ++y) {
    if (!same_bits(a.by_year[y], b.by_year[y])) return false;
  }
#define JIMSIM_SAME_SERIES(name, unit, meaning) \
  if (!same_bits(a.series.name, b.series.name)) return false;
  JIMSIM_SERIES_FIELDS(JIMSIM_SAME_SERIES)
#undef JIMSIM_SAME_SERIES
  if (a.families.size() != b.families.size()) return false;
  for (std::size_t k = 0; k < a.families.size(); ++k) {
    if (!same_bits(a.families[k], b.families[k])) return false;
  }
  return true;
}

// Whether the lever changes nothing at all in replicates 0..R-1: every outcome of every subgroup,
// every series and every family record, bit for bit.
inline bool identical_runs(const Parameters& off, const Parameters& on, int replicates) {
  for (int r = 0; r < replicates; ++r) {
    const auto replicate = static_cast<std::uint32_t>(r);
    if (!same_bits(simulate_replicate(off, lever_seed, replicate, true),
                   simulate_replicate(on, lever_seed, replicate, true))) {
      return false;
    }
  }
  return true;
}

}  // namespace jimsim::lever_testing
