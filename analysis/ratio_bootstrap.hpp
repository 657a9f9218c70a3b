// The interval of an incremental cost-effectiveness ratio from paired replicates: a bootstrap that
// resamples replicates, keeping each replicate's effect and cost difference together (common
// random numbers pair them). A ratio has a readable interval only when (nearly) every resample has
// a positive effect difference: a denominator that crosses 0 sends the ratio through infinity.
#pragma once

#include <cstdint>
#include <vector>

namespace jimsim {

struct RatioBootstrap {
  double lower = 0.0;  // percentile interval at interval_level; NaN when not defined
  double upper = 0.0;
  bool interval_defined = false;
  // Shares of resamples by quadrant of the cost-effectiveness plane.
  double share_more_effective_cheaper = 0.0;  // dominant
  double share_more_effective_dearer = 0.0;
  double share_not_more_effective_cheaper = 0.0;
  double share_not_more_effective_dearer = 0.0;  // dominated
};

// `effect_difference[r]` and `cost_difference[r]` for the replicates where both are defined.
// `stream` tells resamplings of different comparisons apart, `subgroup` too; the result depends
// only on the inputs and these (bootstrap_seed is fixed), so comparisons are reproducible.
RatioBootstrap ratio_bootstrap(const std::vector<double>& effect_difference, const std::vector<double>& cost_difference,
                               std::uint32_t subgroup, std::uint32_t stream);

}  // namespace jimsim
