// Draws for many families at once (sim/family_draws.hpp) against the scalar draw, family by family,
// to the last bit: including families whose first candidate is rejected, and parameters the vector
// path leaves to the scalar draw.
#include <algorithm>
#include <bit>
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdint>
#include <vector>

#include "sim/distributions.hpp"
#include "sim/family_draws.hpp"

using namespace jimsim;

namespace {

constexpr std::uint64_t seed = 0x5eed5eed12345ull;
constexpr std::uint32_t replicate = 7, step = 3, families = 3001;  // not a multiple of any vector width

bool same_bits(double a, double b) { return std::bit_cast<std::uint64_t>(a) == std::bit_cast<std::uint64_t>(b); }

// Families whose bulk draw differs, in any bit, from `draw` of their own stream.
template <class Draw>
int differing(const std::vector<double>& bulk, Process process, Draw draw) {
  int differ = 0;
  for (std::uint32_t k = 0; k < bulk.size(); ++k) {
    CounterRng rng(seed, replicate, k, process, step);
    differ += !same_bits(bulk[k], draw(rng));
  }
  return differ;
}

}  // namespace

TEST_CASE("nonnegative normal draws of all families at once are the scalar draws", "[random][family_draws]") {
  // A mean near 0 rejects about half the first candidates; sd 0 skips the vector path.
  for (const auto& [mean, sd] : {std::pair{1.0, 0.3}, std::pair{0.05, 1.0}, std::pair{0.0, 2.0}, std::pair{2.0, 0.0},
                                std::pair{-1.0, 0.0}}) {
    std::vector<double> bulk(families);
    draw_nonnegative_normal_for_families(seed, replicate, Process::intake, step, mean, sd, bulk);
    int differ = 0, redrawn = 0;
    for (std::uint32_t k = 0; k < families; ++k) {
      CounterRng rng(seed, replicate, k, Process::intake, step);
      const double one = draw_nonnegative_normal(rng, mean, sd);
      differ += !same_bits(bulk[k], one);
      CounterRng first(seed, replicate, k, Process::intake, step);
      redrawn += sd > 0.0 && draw_normal(first, mean, sd) < 0.0;
    }
    INFO("mean " << mean << ", sd " << sd);
    CHECK(differ == 0);
    if (mean == 0.05) CHECK(redrawn > static_cast<int>(families / 3));  // the scalar fallback was exercised
  }
}

TEST_CASE("beta draws of all families at once are the scalar draws", "[random][family_draws]") {
  // Shapes 5 and 5 (the default), a skewed pair, shapes just at 1 (the squeeze rejects most often
  // there), and parameters the vector path leaves alone: a shape below 1, a mean at 0 or 1.
  for (const auto& [mean, concentration] : {std::pair{0.5, 10.0}, std::pair{0.1, 30.0}, std::pair{0.5, 2.0},
                                           std::pair{0.3, 2.0}, std::pair{0.0, 10.0}, std::pair{1.0, 10.0},
                                           std::pair{0.9, 500.0}}) {
    std::vector<double> bulk(families);
    draw_beta_for_families(seed, replicate, Process::intake, step, mean, concentration, bulk);
    INFO("mean " << mean << ", concentration " << concentration);
    CHECK(differing(bulk, Process::intake, [&](CounterRng& rng) { return draw_beta(rng, mean, concentration); }) == 0);
  }
  std::vector<double> none;
  draw_beta_for_families(seed, replicate, Process::intake, step, 0.5, 10.0, none);  // no families: nothing to do
}

TEST_CASE("gamma draws of all families at once are the scalar draws", "[random][family_draws]") {
  // Shape 4 (mentors' hours), the years known's shape (3.5), shape 1 (the squeeze rejects most
  // often there), and what the vector path leaves alone: a shape below 1, a mean of 0.
  // At shape 1 the squeeze turns the first candidate down most often: then the logarithmic test
  // decides it, in the vector loop, and a candidate both turn down goes to the scalar draw.
  int by_logarithms_at_shape_1 = 0, redrawn_at_shape_1 = 0;
  for (const auto& [mean, shape] : {std::pair{3.0, 4.0}, std::pair{9.5, 3.47}, std::pair{2.0, 1.0},
                                   std::pair{2.0, 0.4}, std::pair{0.0, 4.0}, std::pair{1e-3, 300.0}}) {
    std::vector<double> bulk(families);
    draw_gamma_shape_for_families(seed, replicate, Process::mentor_traits, step, mean, shape, bulk);
    int differ = 0;
    for (std::uint32_t k = 0; k < families; ++k) {
      CounterRng rng(seed, replicate, k, Process::mentor_traits, step);
      differ += !same_bits(bulk[k], draw_gamma_shape(rng, mean, shape));
      if (shape == 1.0) {
        CounterRng first(seed, replicate, k, Process::mentor_traits, step);
        const std::uint32_t radius = first(), angle = first();
        const double z = standard_normal(radius, angle), u = uniform_open01(first());
        const double d = shape - 1.0 / 3.0, v = 1.0 + z / std::sqrt(9.0 * d);
        const bool squeezed = v > 0.0 && u < 1.0 - 0.0331 * z * z * z * z;
        const bool logarithms = v > 0.0 && std::log(u) < 0.5 * z * z + d * (1.0 - v * v * v + std::log(v * v * v));
        by_logarithms_at_shape_1 += !squeezed && logarithms;
        redrawn_at_shape_1 += !squeezed && !logarithms;
      }
    }
    INFO("mean " << mean << ", shape " << shape);
    CHECK(differ == 0);
  }
  // Both paths were exercised (of 3,001 families at shape 1, 110 and 152).
  CHECK(by_logarithms_at_shape_1 > static_cast<int>(families / 50));
  CHECK(redrawn_at_shape_1 > static_cast<int>(families / 200));
  // Mean and standard deviation, including a standard deviation of 0 (the mean, no draw).
  for (const auto& [mean, sd] : {std::pair{9.5, 5.1}, std::pair{9.5, 0.0}, std::pair{0.0, 5.1}}) {
    std::vector<double> bulk(families);
    draw_gamma_mean_sd_for_families(seed, replicate, Process::mentor_traits, step, mean, sd, bulk);
    INFO("mean " << mean << ", sd " << sd);
    CHECK(differing(bulk, Process::mentor_traits, [&](CounterRng& rng) { return draw_gamma_mean_sd(rng, mean, sd); }) == 0);
  }
}

TEST_CASE("beta draws with a mean per family are the scalar draws, and NaN where no draw is wanted",
          "[random][family_draws]") {
  // Means across (0, 1), at 0 and 1 (no draw), a mean whose shape falls below 1 (scalar path) and
  // NaN (no draw wanted), mixed within every vector.
  std::vector<double> means(families);
  for (std::uint32_t k = 0; k < families; ++k) {
    const double cycle[] = {0.5, 0.13, 0.87, 0.0, 1.0, 0.05, std::nan(""), 0.31, 0.999};
    means[k] = k % 10 == 9 ? 0.01 * (k % 97) : cycle[k % 9];
  }
  for (const double concentration : {10.0, 2.5}) {
    std::vector<double> bulk(families);
    draw_beta_for_families(seed, replicate, Process::mentor_traits, step, means, concentration, bulk);
    int differ = 0, not_drawn = 0;
    for (std::uint32_t k = 0; k < families; ++k) {
      if (std::isnan(means[k])) {
        not_drawn += std::isnan(bulk[k]);
        continue;
      }
      CounterRng rng(seed, replicate, k, Process::mentor_traits, step);
      differ += !same_bits(bulk[k], draw_beta(rng, means[k], concentration));
    }
    INFO("concentration " << concentration);
    CHECK(differ == 0);
    CHECK(not_drawn == static_cast<int>(std::count_if(means.begin(), means.end(), [](double m) { return std::isnan(m); })));
  }
}

TEST_CASE("uniform, Bernoulli and Poisson draws of all families at once are the scalar draws", "[random][family_draws]") {
  std::vector<double> bulk(families);
  draw_uniform_for_families(seed, replicate, Process::intake, step, bulk);
  CHECK(differing(bulk, Process::intake, [](CounterRng& rng) { return uniform_open01(rng); }) == 0);
  // Probabilities at and beyond the ends, which the comparison clamps.
  for (const double probability : {0.0, 0.3, 1.0, -0.5, 1.5}) {
    std::vector<std::uint8_t> chosen(families);
    draw_bernoulli_for_families(seed, replicate, Process::intake, step, probability, chosen);
    int differ = 0;
    for (std::uint32_t k = 0; k < families; ++k) {
      CounterRng rng(seed, replicate, k, Process::intake, step);
      differ += chosen[k] != static_cast<std::uint8_t>(bernoulli(rng, probability));
    }
    INFO("probability " << probability);
    CHECK(differ == 0);
  }
  // The default network (8), the parameter's range (0 to 100), a mean where most draws are 0, and
  // means whose sums stop early: exp(-mean) underflows to 0 beyond about 745.
  for (const double mean : {8.0, 0.0, 1e-3, 0.7, 30.0, 100.0, 740.0, 800.0}) {
    draw_poisson_for_families(seed, replicate, Process::intake, step, mean, bulk);
    INFO("mean " << mean);
    CHECK(differing(bulk, Process::intake,
                    [&](CounterRng& rng) { return static_cast<double>(draw_poisson(rng, mean)); }) == 0);
    if (mean == 8.0) {  // a sample mean within 4 standard errors: the draws are not all one value
      double sum = 0.0;
      for (const double x : bulk) sum += x;
      CHECK(std::abs(sum / families - mean) < 4.0 * std::sqrt(mean / families));
    }
  }
}
