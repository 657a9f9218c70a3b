// Draws for many families at once (sim/family_draws.hpp) against the scalar draw, family by family,
// to the last bit: including families whose first candidate is rejected, and parameters the vector
// path leaves to the scalar draw.
#include <bit>
#include <catch2/catch.hpp>
#include <cstdint>
#include <vector>

#include "sim/distributions.hpp"
#include "sim/family_draws.hpp"

using namespace jimsim;

namespace {

constexpr std::uint64_t seed = 0x5eed5eed12345ull;
constexpr std::uint32_t replicate = 7, step = 3, families = 3001;  // not a multiple of any vector width

bool same_bits(double a, double b) { return std::bit_cast<std::uint64_t>(a) == std::bit_cast<std::uint64_t>(b); }

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
    int differ = 0;
    for (std::uint32_t k = 0; k < families; ++k) {
      CounterRng rng(seed, replicate, k, Process::intake, step);
      differ += !same_bits(bulk[k], draw_beta(rng, mean, concentration));
    }
    INFO("mean " << mean << ", concentration " << concentration);
    CHECK(differ == 0);
  }
  std::vector<double> none;
  draw_beta_for_families(seed, replicate, Process::intake, step, 0.5, 10.0, none);  // no families: nothing to do
}
