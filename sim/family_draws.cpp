#include "sim/family_draws.hpp"

#include <array>
#include <cmath>
#include <vector>

#include "sim/distributions.hpp"
#include "sim/mapped_pages.hpp"

namespace jimsim {
namespace {

// The words of the first `blocks` blocks of every family's stream: lane l of block b at
// words[4 b + l].
struct StreamWords {
  std::array<std::vector<std::uint32_t>, 8> words;
  StreamWords(std::uint64_t seed, std::uint32_t replicate, Process process, std::uint32_t step, std::uint32_t n,
              std::uint32_t blocks) {
    for (std::uint32_t b = 0; b < blocks; ++b) {
      for (std::uint32_t l = 0; l < 4; ++l) {
        reserve_mapped(words[4 * b + l], n);
        words[4 * b + l].resize(n);
      }
      family_blocks(seed, replicate, process, step, b, n, words[4 * b].data(), words[4 * b + 1].data(),
                    words[4 * b + 2].data(), words[4 * b + 3].data());
    }
  }
  const std::uint32_t* operator[](std::size_t i) const { return words[i].data(); }
};

// standard_gamma's first candidate for shape d + 1/3 (at least 1), as it computes it: a normal from
// two words, then a uniform for the squeeze and, where the squeeze fails, the logarithmic test.
// `accepted`: the scalar draw takes it at once. Both tests for every family, in the branch-free
// loop: with the squeeze alone, the JIM scenario's intake made 0.8 scalar gamma draws per family,
// most of them accepting the same first candidate by the logarithms (0.11 with both).
struct GammaCandidate {
  double value;
  bool accepted;
};
inline GammaCandidate gamma_first_candidate(double d, double c, std::uint32_t radius_word, std::uint32_t angle_word,
                                            std::uint32_t uniform_word) {
  const double z = standard_normal(radius_word, angle_word);
  const double v = 1.0 + c * z;
  const double cube = v * v * v;
  const double u = uniform_open01(uniform_word);
  const double z2 = z * z;
  const bool squeezed = u < 1.0 - 0.0331 * z2 * z2;
  // NaN or -inf for v <= 0, where the comparison fails; such a candidate is rejected anyway.
  const bool by_logarithms = math::log(u) < 0.5 * z2 + d * (1.0 - cube + math::log(cube));
  return {d * cube, static_cast<bool>((v > 0.0) & (squeezed | by_logarithms))};
}

// The families a vector loop could not settle get the scalar draw.
template <class Draw>
void redo_rejected(const std::vector<std::uint8_t>& rejected, std::span<double> out, Draw draw) {
  for (std::size_t k = 0; k < out.size(); ++k) {
    if (rejected[k]) out[k] = draw(static_cast<std::uint32_t>(k));
  }
}

}  // namespace

void draw_uniform_for_families(std::uint64_t seed, std::uint32_t replicate, Process process, std::uint32_t step,
                               std::span<double> out) {
  const auto n = static_cast<std::uint32_t>(out.size());
  const StreamWords w(seed, replicate, process, step, n, 1);
  const std::uint32_t* __restrict word = w[0];
  double* __restrict value = out.data();
  for (std::uint32_t k = 0; k < n; ++k) value[k] = uniform_open01(word[k]);
}

void draw_bernoulli_for_families(std::uint64_t seed, std::uint32_t replicate, Process process, std::uint32_t step,
                                 double probability, std::span<std::uint8_t> out) {
  const auto n = static_cast<std::uint32_t>(out.size());
  const StreamWords w(seed, replicate, process, step, n, 1);
  const std::uint32_t* __restrict word = w[0];
  std::uint8_t* __restrict value = out.data();
  for (std::uint32_t k = 0; k < n; ++k) value[k] = uniform_open01(word[k]) < probability;
}

void draw_poisson_for_families(std::uint64_t seed, std::uint32_t replicate, Process process, std::uint32_t step,
                               double mean, std::span<double> out) {
  const auto n = static_cast<std::uint32_t>(out.size());
  if (mean <= 0.0) {  // as draw_poisson: 0, without a draw
    for (double& value : out) value = 0.0;
    return;
  }
  // draw_poisson returns the first k whose cumulative probability is at least u, or the k where
  // adding the next term no longer changes the sum: the number of sums below u, the sums being
  // non-decreasing. These are its sums, to that k.
  std::vector<double> sums;
  {
    double probability = math::exp(-mean), cumulative = probability;
    sums.push_back(cumulative);
    for (int k = 1;; ++k) {
      probability *= mean / k;
      const double next = cumulative + probability;
      if (next == cumulative) break;
      cumulative = next;
      sums.push_back(cumulative);
    }
  }
  const StreamWords w(seed, replicate, process, step, n, 1);
  const std::uint32_t *__restrict high = w[0], *__restrict low = w[1];
  std::vector<double> uniforms(n);
  std::vector<std::uint32_t> counts(n, 0);
  double* __restrict u = uniforms.data();
  std::uint32_t* __restrict count = counts.data();
  for (std::uint32_t k = 0; k < n; ++k) u[k] = uniform_open01_53(high[k], low[k]);
  // One pass over the families per sum (about 2 mean + 25 sums), each a vector compare.
  for (const double sum : sums) {
#pragma GCC ivdep
    for (std::uint32_t k = 0; k < n; ++k) count[k] += u[k] > sum;
  }
  for (std::uint32_t k = 0; k < n; ++k) out[k] = static_cast<double>(count[k]);
}

void draw_nonnegative_normal_for_families(std::uint64_t seed, std::uint32_t replicate, Process process,
                                          std::uint32_t step, double mean, double sd, std::span<double> out) {
  const auto n = static_cast<std::uint32_t>(out.size());
  const auto scalar = [&](std::uint32_t k) {
    CounterRng rng(seed, replicate, k, process, step);
    return draw_nonnegative_normal(rng, mean, sd);
  };
  std::vector<std::uint8_t> rejected(n, 1);
  if (sd > 0.0) {
    const StreamWords w(seed, replicate, process, step, n, 1);
    const std::uint32_t* __restrict radius_words = w[0];
    const std::uint32_t* __restrict angle_words = w[1];
    double* __restrict value = out.data();
    std::uint8_t* __restrict redo = rejected.data();
#pragma GCC ivdep
    for (std::uint32_t k = 0; k < n; ++k) {
      // draw_normal's first candidate, as it computes it.
      const double x = mean + sd * standard_normal(radius_words[k], angle_words[k]);
      value[k] = x;
      redo[k] = !(x >= 0.0);
    }
  }
  redo_rejected(rejected, out, scalar);
}

void draw_beta_for_families(std::uint64_t seed, std::uint32_t replicate, Process process, std::uint32_t step,
                            std::span<const double> means, double concentration, std::span<double> out) {
  const auto n = static_cast<std::uint32_t>(out.size());
  std::vector<std::uint8_t> rejected(n, 1);
  {
    const StreamWords w(seed, replicate, process, step, n, 2);
    const std::uint32_t *__restrict w0 = w[0], *__restrict w1 = w[1], *__restrict w2 = w[2];
    const std::uint32_t *__restrict w3 = w[3], *__restrict w4 = w[4], *__restrict w5 = w[5];
    const double* __restrict mean = means.data();
    double* __restrict value = out.data();
    std::uint8_t* __restrict redo = rejected.data();
#pragma GCC ivdep
    for (std::uint32_t k = 0; k < n; ++k) {
      // As draw_beta_for_families with one mean, with each family's shapes.
      const double shape_a = mean[k] * concentration, shape_b = (1.0 - mean[k]) * concentration;
      const double d_a = shape_a - 1.0 / 3.0, c_a = 1.0 / std::sqrt(9.0 * d_a);
      const double d_b = shape_b - 1.0 / 3.0, c_b = 1.0 / std::sqrt(9.0 * d_b);
      const GammaCandidate a = gamma_first_candidate(d_a, c_a, w0[k], w1[k], w2[k]);
      const GammaCandidate b = gamma_first_candidate(d_b, c_b, w3[k], w4[k], w5[k]);
      // Shapes below 1 (standard_gamma's boosted path), a mean at 0 or 1 (no draw) and a NaN mean
      // fail this test and go to the scalar draw or stay NaN.
      const bool vector_path = (mean[k] > 0.0) & (mean[k] < 1.0) & (shape_a >= 1.0) & (shape_b >= 1.0);
      value[k] = a.value / (a.value + b.value);
      redo[k] = !(vector_path & a.accepted & b.accepted);
    }
  }
  redo_rejected(rejected, out, [&](std::uint32_t k) {
    if (std::isnan(means[k])) return means[k];
    CounterRng rng(seed, replicate, k, process, step);
    return draw_beta(rng, means[k], concentration);
  });
}

void draw_beta_for_families(std::uint64_t seed, std::uint32_t replicate, Process process, std::uint32_t step,
                            double mean, double concentration, std::span<double> out) {
  // Shapes below 1 (standard_gamma's boosted path) and a mean at 0 or 1 (no draw) are scalar for
  // every family: no vector words to make.
  const double shape_a = mean * concentration, shape_b = (1.0 - mean) * concentration;
  if (!(mean > 0.0 && mean < 1.0 && shape_a >= 1.0 && shape_b >= 1.0)) {
    for (std::uint32_t k = 0; k < out.size(); ++k) {
      CounterRng rng(seed, replicate, k, process, step);
      out[k] = draw_beta(rng, mean, concentration);
    }
    return;
  }
  // The shapes' square roots per family rather than once: at intake, once per family and replicate.
  const std::vector<double> means(out.size(), mean);
  draw_beta_for_families(seed, replicate, process, step, means, concentration, out);
}

void draw_gamma_shape_for_families(std::uint64_t seed, std::uint32_t replicate, Process process, std::uint32_t step,
                                   double mean, double shape, std::span<double> out) {
  const auto n = static_cast<std::uint32_t>(out.size());
  const auto scalar = [&](std::uint32_t k) {
    CounterRng rng(seed, replicate, k, process, step);
    return draw_gamma_shape(rng, mean, shape);
  };
  std::vector<std::uint8_t> rejected(n, 1);
  // A mean of 0 or less takes no draw, and a shape below 1 standard_gamma's boosted path: scalar.
  if (mean > 0.0 && shape >= 1.0) {
    const StreamWords w(seed, replicate, process, step, n, 1);
    const double d = shape - 1.0 / 3.0, c = 1.0 / std::sqrt(9.0 * d), scale = mean / shape;
    const std::uint32_t *__restrict w0 = w[0], *__restrict w1 = w[1], *__restrict w2 = w[2];
    double* __restrict value = out.data();
    std::uint8_t* __restrict redo = rejected.data();
#pragma GCC ivdep
    for (std::uint32_t k = 0; k < n; ++k) {
      const GammaCandidate g = gamma_first_candidate(d, c, w0[k], w1[k], w2[k]);
      value[k] = g.value * scale;
      redo[k] = !g.accepted;
    }
  }
  redo_rejected(rejected, out, scalar);
}

void draw_gamma_mean_sd_for_families(std::uint64_t seed, std::uint32_t replicate, Process process, std::uint32_t step,
                                     double mean, double sd, std::span<double> out) {
  if (sd <= 0.0 || mean <= 0.0) {  // as draw_gamma_mean_sd: the mean, without a draw
    for (double& value : out) value = mean;
    return;
  }
  draw_gamma_shape_for_families(seed, replicate, process, step, mean, (mean / sd) * (mean / sd), out);
}

}  // namespace jimsim
