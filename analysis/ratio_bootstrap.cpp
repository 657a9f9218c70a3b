#include "analysis/ratio_bootstrap.hpp"

#include <algorithm>
#include <limits>

#include "analysis/comparison.hpp"
#include "sim/random.hpp"

namespace jimsim {

RatioBootstrap ratio_bootstrap(const std::vector<double>& effect_difference, const std::vector<double>& cost_difference,
                               std::uint32_t subgroup, std::uint32_t stream) {
  RatioBootstrap out;
  out.lower = out.upper = std::numeric_limits<double>::quiet_NaN();
  const auto n = static_cast<std::uint32_t>(std::min(effect_difference.size(), cost_difference.size()));
  if (n < 2) return out;
  std::vector<double> ratios;
  int cheaper_better = 0, dearer_better = 0, cheaper_not_better = 0, dearer_not_better = 0, better = 0;
  for (std::uint32_t b = 0; b < static_cast<std::uint32_t>(bootstrap_resamples); ++b) {
    CounterRng rng(bootstrap_seed, b, subgroup, Process::bootstrap, stream);
    double effect = 0, cost = 0;
    for (std::uint32_t i = 0; i < n; ++i) {
      const auto pick = static_cast<std::size_t>(std::min<double>(uniform_open01(rng) * n, n - 1));
      effect += effect_difference[pick];
      cost += cost_difference[pick];
    }
    effect /= n;
    cost /= n;
    if (effect > 0) {
      ++better;
      ratios.push_back(cost / effect);
      (cost <= 0 ? cheaper_better : dearer_better) += 1;
    } else {
      (cost <= 0 ? cheaper_not_better : dearer_not_better) += 1;
    }
  }
  const double resamples = bootstrap_resamples;
  out.share_more_effective_cheaper = cheaper_better / resamples;
  out.share_more_effective_dearer = dearer_better / resamples;
  out.share_not_more_effective_cheaper = cheaper_not_better / resamples;
  out.share_not_more_effective_dearer = dearer_not_better / resamples;
  const double tail = (1 - interval_level) / 2;
  if (better >= resamples * (1 - tail)) {
    out.interval_defined = true;
    out.lower = percentile(ratios, tail);
    out.upper = percentile(ratios, 1 - tail);
  }
  return out;
}

}  // namespace jimsim
