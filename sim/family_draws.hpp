// Draws of many families at once: for each family k < n, exactly what the scalar distribution
// (sim/distributions.hpp) returns from the stream CounterRng(seed, replicate, k, process, step),
// worked out in vector loops over families. Rejection methods accept most families at their first
// candidate; those are computed from the first blocks of every stream at once (family_blocks), and
// the few rejected get the scalar draw, from the start of the same stream. Same words, same
// arithmetic: the same bits (tests/test_family_draws.cpp).
#pragma once

#include <cstdint>
#include <span>

#include "sim/random.hpp"

namespace jimsim {

// uniform_open01(CounterRng(seed, replicate, k, process, step)) for k < out.size().
void draw_uniform_for_families(std::uint64_t seed, std::uint32_t replicate, Process process, std::uint32_t step,
                               std::span<double> out);

// bernoulli(CounterRng(seed, replicate, k, process, step), probability) for k < out.size().
void draw_bernoulli_for_families(std::uint64_t seed, std::uint32_t replicate, Process process, std::uint32_t step,
                                 double probability, std::span<std::uint8_t> out);

// draw_poisson(CounterRng(seed, replicate, k, process, step), mean) for k < out.size(), as a double.
// The inversion's cumulative probabilities are the same for every family: worked out once, with
// draw_poisson's own operations, and each family's count is how many of them its uniform exceeds.
void draw_poisson_for_families(std::uint64_t seed, std::uint32_t replicate, Process process, std::uint32_t step,
                               double mean, std::span<double> out);

// draw_nonnegative_normal(CounterRng(seed, replicate, k, process, step), mean, sd) for k < out.size().
void draw_nonnegative_normal_for_families(std::uint64_t seed, std::uint32_t replicate, Process process,
                                          std::uint32_t step, double mean, double sd, std::span<double> out);

// draw_beta(CounterRng(seed, replicate, k, process, step), mean, concentration) for k < out.size().
void draw_beta_for_families(std::uint64_t seed, std::uint32_t replicate, Process process, std::uint32_t step,
                            double mean, double concentration, std::span<double> out);

// draw_beta(CounterRng(seed, replicate, k, process, step), means[k], concentration) for every k
// whose mean is a number; NaN where it is NaN (no draw wanted). means.size() == out.size().
void draw_beta_for_families(std::uint64_t seed, std::uint32_t replicate, Process process, std::uint32_t step,
                            std::span<const double> means, double concentration, std::span<double> out);

// draw_gamma_shape(CounterRng(seed, replicate, k, process, step), mean, shape) for k < out.size().
void draw_gamma_shape_for_families(std::uint64_t seed, std::uint32_t replicate, Process process, std::uint32_t step,
                                   double mean, double shape, std::span<double> out);

// draw_gamma_mean_sd(CounterRng(seed, replicate, k, process, step), mean, sd) for k < out.size().
void draw_gamma_mean_sd_for_families(std::uint64_t seed, std::uint32_t replicate, Process process, std::uint32_t step,
                                     double mean, double sd, std::span<double> out);

}  // namespace jimsim
