#include "analysis/synthetic_cohort.hpp"

#include <cmath>
#include <fmt/format.h>
#include <limits>

#include "sim/errors.hpp"
#include "sim/processes/intake.hpp"
#include "sim/random.hpp"
#include "sim/replicate.hpp"

namespace jimsim {

ObservedCohort synthesize_cohort(const Parameters& truth, const SyntheticCohortSpec& spec, std::uint64_t seed) {
  if (spec.youths < 1 || spec.youths > 1000000) throw InputError(fmt::format("a synthetic cohort needs 1 to 10^6 youths, not {}", spec.youths));
  if (!(spec.follow_up_min_weeks >= 0.0 && spec.follow_up_min_weeks <= spec.follow_up_max_weeks &&
        spec.follow_up_max_weeks <= 1040.0)) {
    throw InputError(fmt::format("follow-up {}..{} weeks: need 0 <= minimum <= maximum <= 1040", spec.follow_up_min_weeks,
                                 spec.follow_up_max_weeks));
  }
  if (!(spec.intake_window_weeks >= 0.0 && spec.intake_window_weeks + spec.follow_up_max_weeks <= 1040.0)) {
    throw InputError(fmt::format("intake window {} weeks: need 0 or more, and with the follow-up at most 1040 weeks",
                                 spec.intake_window_weeks));
  }
  Parameters p = truth;
  p.intake.cohort_size = static_cast<int>(spec.youths);
  p.intake.weekly_referrals = 0.0;
  p.simulation.horizon_weeks = spec.intake_window_weeks + spec.follow_up_max_weeks + p.simulation.time_step_weeks;
  Cohort cohort = draw_cohort(p, seed, 0);
  for (std::uint32_t k = 0; k < cohort.size(); ++k) {
    // Streams of their own, so the cohort's other draws are the intake process's.
    CounterRng rng(seed, 0, k, Process::calibration_seed, 0xFFFFFFu);
    cohort.arrival_week[k] = spec.intake_window_weeks * uniform_open01(rng);
    cohort.max_follow_up_weeks[k] =
        spec.follow_up_min_weeks + (spec.follow_up_max_weeks - spec.follow_up_min_weeks) * uniform_open01(rng);
  }
  const ReplicateResult result =
      simulate_replicate(p, cohort, seed, 0, /*keep_family_records=*/true, ReplicateReport::family_records_only);
  ObservedCohort observed = observe_families(result.families);
  if (!spec.keep_latent) {
    const double nan = std::numeric_limits<double>::quiet_NaN();
    for (std::size_t k = 0; k < observed.size(); ++k) observed.severity[k] = observed.parental_capacity[k] = nan;
  }
  return observed;
}

}  // namespace jimsim
