// Random streams: a counter-based generator keyed by seed, replicate, family, process and step.
//
// Every draw is a pure function of where it happens: (seed, replicate, family, process, step,
// draw number). So results do not depend on which thread runs a replicate, and family k of
// replicate r meets the same draws for the same event in every scenario (common random numbers):
// a scenario that makes one family draw more often does not shift any other family's or process's
// draws. The generator is Philox4x32-10 (Salmon et al. 2011, "Parallel random numbers: as easy as
// 1, 2, 3"), which passes BigCrush; a stream holds 32 bytes of state, so making one per draw site
// is free. The distributions drawn from it are in sim/distributions.hpp.
#pragma once

#include <array>
#include <cmath>
#include <cstdint>
#include <limits>

#include "sim/portable_math.hpp"

namespace jimsim {

using PhiloxCounter = std::array<std::uint32_t, 4>;
using PhiloxKey = std::array<std::uint32_t, 2>;

// One Philox4x32-10 block: the published algorithm, checked against the Random123 known answers.
constexpr PhiloxCounter philox4x32_10(PhiloxCounter ctr, PhiloxKey key) {
  constexpr std::uint32_t m0 = 0xD2511F53u, m1 = 0xCD9E8D57u;
  constexpr std::uint32_t w0 = 0x9E3779B9u, w1 = 0xBB67AE85u;
  for (int round = 0; round < 10; ++round) {
    const std::uint64_t p0 = std::uint64_t{m0} * ctr[0];
    const std::uint64_t p1 = std::uint64_t{m1} * ctr[2];
    ctr = {static_cast<std::uint32_t>(p1 >> 32) ^ ctr[1] ^ key[0], static_cast<std::uint32_t>(p1),
           static_cast<std::uint32_t>(p0 >> 32) ^ ctr[3] ^ key[1], static_cast<std::uint32_t>(p0)};
    key[0] += w0;
    key[1] += w1;
  }
  return ctr;
}

// The processes that draw random numbers. Each has its own stream, so adding a draw to one process
// leaves every other process's draws unchanged. Values are part of the reproducibility contract:
// append, never renumber.
enum class Process : std::uint32_t {
  intake = 1,
  mentor_search = 2,
  mentor_traits = 3,
  severity = 4,
  crisis = 5,
  placement_decision = 6,
  respite_offer = 7,
  stay_length = 8,
  mentor_dropout = 9,
  case_closure = 10,
  professional_traits = 11,
  parent_group = 12,
  weekly = 13,
  bootstrap = 14,  // resampling replicates in comparisons
  bed_wait = 15,              // waiting time for a residential bed
  reconsideration = 16,       // the decision on an indicated placement held during the search
  mentor_deescalation = 17,   // whether the mentor de-escalates a crisis
  repeat_mentor_traits = 18,  // traits of a second or later mentor, after a dropout
  adult_consent = 19,         // whether a decided placement of a young adult goes ahead
  further_crises = 20,        // a second or later crisis within one step, and what follows from it
  sweep_design = 21,          // points of a sweep's Latin hypercube or Morris design (not a model draw)
  sensitivity_bootstrap = 22, // resampling design rows for sensitivity-index intervals
  calibration_proposal = 23,  // a calibration's proposals: prior draws, ancestors, perturbations
  calibration_seed = 24,      // the model seed of each simulation a calibration runs
  posterior_draw = 25,        // the posterior particle each replicate of `run --posterior` uses
};

// A UniformRandomBitGenerator over one (seed, replicate, agent, process, step) stream.
class CounterRng {
 public:
  using result_type = std::uint32_t;
  static constexpr result_type min() { return 0; }
  static constexpr result_type max() { return std::numeric_limits<result_type>::max(); }

  // `agent` is the family index (or professional index for professional traits); `step` is the
  // time-step index, below 2^24.
  constexpr CounterRng(std::uint64_t seed, std::uint32_t replicate, std::uint32_t agent,
                       Process process, std::uint32_t step)
      : key_{static_cast<std::uint32_t>(seed), static_cast<std::uint32_t>(seed >> 32)},
        counter_{0, (static_cast<std::uint32_t>(process) << 24) | (step & 0xFFFFFFu), agent,
                 replicate} {}

  constexpr result_type operator()() {
    if (used_ == 4) {
      block_ = philox4x32_10(counter_, key_);
      ++counter_[0];
      used_ = 0;
    }
    return block_[used_++];
  }

 private:
  PhiloxKey key_;
  PhiloxCounter counter_;
  PhiloxCounter block_{};
  unsigned used_ = 4;
};

// Chance that an event with a constant hazard (per week) happens within dt weeks: 1 - exp(-h dt).
// Computed as 1 - exp(-x) rather than -expm1(-x), which is slower; the cancellation costs at most
// about 1e-11 relative error at the switch to the series x (1 - x/2), used below 1e-5, whose own
// relative error is below 2e-11.
// A select rather than a branch, so that a loop over many events that calls it vectorises.
inline double hazard_to_probability(double hazard_per_week, double dt_weeks) {
  const double x = hazard_per_week * dt_weeks;
  return x < 1e-5 ? x * (1.0 - 0.5 * x) : 1.0 - math::exp(-x);
}

// Whether an event with weekly hazard h happens within dt weeks, given a uniform draw u:
// u < hazard_to_probability(h, dt). Since 1 - exp(-x) <= x (also as computed: the series is below
// x, and 1 - exp(-x) is below it by x^2/2, far more than a rounding, wherever exp is used), the
// exponential is needed only when u < x, which for weekly hazards is rare.
inline bool event_possible(double u, double hazard_per_week, double dt_weeks) { return u < hazard_per_week * dt_weeks; }
inline bool event_happens(double u, double hazard_per_week, double dt_weeks) {
  return event_possible(u, hazard_per_week, dt_weeks) && u < hazard_to_probability(hazard_per_week, dt_weeks);
}
// The same as 1 or 0, without a branch, for a vector loop over many events: products of 0 and 1
// rather than a select between comparisons, which GCC does not vectorise.
inline double event_happens_as_number(double u, double hazard_per_week, double dt_weeks) {
  const double possible = event_possible(u, hazard_per_week, dt_weeks) ? 1.0 : 0.0;
  return possible * (u < hazard_to_probability(hazard_per_week, dt_weeks) ? 1.0 : 0.0);
}

// When, within a step, an event with constant weekly hazard h happened, given the uniform draw u
// that decided it happened (u < 1 - exp(-h dt)): the inverse of the exponential distribution
// function, so event times are where they fall, not at the end of the step.
// Selects rather than branches, as hazard_to_probability (a hazard of 0 divides to inf, unused).
inline double event_time_in_step(double u, double hazard_per_week, double dt_weeks) {
  const double t = -math::log1p(-u) / hazard_per_week;
  return !(hazard_per_week > 0.0) ? dt_weeks : (t < dt_weeks ? t : dt_weeks);
}

// A uniform draw in the open interval (0, 1), from one 32-bit word.
inline double uniform_open01(std::uint32_t word) { return (word + 0.5) * 0x1p-32; }
inline double uniform_open01(CounterRng& rng) { return uniform_open01(rng()); }

// The draws every followed family needs every step come from one Philox block per family and step,
// keyed like a stream of Process::weekly, one 32-bit lane per process: one block instead of one per
// process is most of the speed of the hot loop, and each process still meets its own draws.
enum WeeklyLane : unsigned {
  crisis_lane = 0,
  mentor_search_lane = 1,   // while the youth searches
  mentor_dropout_lane = 1,  // once a mentor is active (never in the step the mentor is named)
  severity_lane_a = 2,      // lanes 2 and 3: the severity noise
  severity_lane_b = 3,
};
inline constexpr unsigned weekly_lane_count = 4;

// The weekly blocks of families 0..n-1 for one step, lane by lane: lanes[l][k] is lane l of family
// k. The same values as philox4x32_10 with counter {0, (Process::weekly << 24) | step, k,
// replicate} and the seed as key; written as a plain loop over families so the compiler vectorises
// it (the test suite checks it against the scalar function).
void weekly_draws(std::uint64_t seed, std::uint32_t replicate, std::uint32_t step, std::uint32_t n,
                  std::uint32_t* __restrict lane0, std::uint32_t* __restrict lane1, std::uint32_t* __restrict lane2,
                  std::uint32_t* __restrict lane3);

// Block `block` of the streams CounterRng(seed, replicate, k, process, step) of families 0..n-1,
// lane by lane: lanes[l][k] is the word that stream k draws as its (4 block + l)-th. For draws
// worked out for many families in one vector loop (weekly_draws is block 0 of Process::weekly).
void family_blocks(std::uint64_t seed, std::uint32_t replicate, Process process, std::uint32_t step,
                   std::uint32_t block, std::uint32_t n, std::uint32_t* __restrict lane0,
                   std::uint32_t* __restrict lane1, std::uint32_t* __restrict lane2, std::uint32_t* __restrict lane3);

// True with probability p; p outside [0, 1] is clamped by the comparison.
inline bool bernoulli(CounterRng& rng, double p) { return uniform_open01(rng) < p; }

}  // namespace jimsim
