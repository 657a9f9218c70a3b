#include "sim/processes/residential_stay.hpp"

#include <boost/random/exponential_distribution.hpp>
#include <algorithm>
#include <cmath>
#include <limits>

#include "sim/processes/indicated_placement.hpp"
#include "sim/processes/mentor_search.hpp"
#include "sim/random.hpp"

namespace jimsim {
namespace {

constexpr double days_per_week = 7.0;

double draw_stay_weeks(const StepContext& ctx, std::size_t k, double mean_weeks) {
  CounterRng rng(ctx.seed, ctx.replicate, static_cast<std::uint32_t>(k), Process::stay_length, ctx.step);
  return boost::random::exponential_distribution<double>(1.0 / mean_weeks)(rng);
}

// Counts `weeks` of family k's stay (no more than is left of it), its days and cost.
void count_stay(ReplicateState& s, const Parameters& p, std::size_t k, double weeks) {
  auto& f = s.families;
  const double counted = std::clamp(std::min(weeks, f.stay_weeks_left[k]), 0.0, weeks);
  f.stay_weeks_left[k] -= weeks;
  const double days = counted * days_per_week;
  auto& rec = f.record[k];
  double cost;
  if (f.setting[k] == Setting::residential) {
    rec.residential_days += days;
    cost = days * p.costs.residential_day;
    rec.cost_residential += cost;
  } else {
    rec.respite_days += days;
    cost = days * p.costs.respite_day;
    rec.cost_respite += cost;
  }
  s.cumulative_cost += cost;
}

}  // namespace

void start_residential_stay(ReplicateState& s, const Parameters& p, const StepContext& ctx, std::size_t k,
                            double time_in_step) {
  auto& f = s.families;
  // Residential care takes the case over: no professional at home, no treatment time, no waiting,
  // no search for a mentor.
  release_professional(s, k);
  stop_mentor_search(s, k);
  resolve_indication(s, k, IndicationOutcome::placed);
  f.case_open[k] = 0;
  f.setting[k] = Setting::residential;
  f.record[k].closure_week = std::numeric_limits<double>::quiet_NaN();  // not closed: handed over
  f.stay_weeks_left[k] = draw_stay_weeks(ctx, k, p.residential.mean_stay_weeks);
  auto& rec = f.record[k];
  rec.placements += 1.0;
  if (std::isnan(rec.first_placement_week)) {
    rec.first_placement_week = weeks_since_intake_at_step_start(s, k, ctx) + time_in_step;
  }
  count_stay(s, p, k, ctx.dt - time_in_step);
}

void start_respite(ReplicateState& s, const Parameters& p, const StepContext& ctx, std::size_t k, double time_in_step) {
  auto& f = s.families;
  resolve_indication(s, k, IndicationOutcome::respite_instead);
  f.setting[k] = Setting::respite;
  f.stay_weeks_left[k] = draw_stay_weeks(ctx, k, p.placement.respite_mean_weeks);
  f.record[k].respite_stays += 1.0;
  count_stay(s, p, k, ctx.dt - time_in_step);
}

void end_respite(ReplicateState& s, std::size_t k) {
  if (s.families.setting[k] != Setting::respite) return;
  s.families.setting[k] = Setting::home;
  s.families.stay_weeks_left[k] = 0.0;
}

void continue_stays(ReplicateState& s, const Parameters& p, const StepContext& ctx) {
  auto& f = s.families;
  for (std::size_t k = 0; k < f.size(); ++k) {
    const Setting setting = f.setting[k];
    if (setting != Setting::residential && setting != Setting::respite) continue;
    // A stay that ended within the step it started, or in the last step, goes home now; otherwise
    // this step counts, with only the part of it that is left on the last step, so days have the
    // mean the stay-length distribution implies whatever the time step.
    if (f.stay_weeks_left[k] > 1e-9) count_stay(s, p, k, ctx.dt);
    if (f.stay_weeks_left[k] > 1e-9) continue;
    f.setting[k] = Setting::home;
    if (setting == Setting::residential) {
      // Back home after residential care, the family returns to treatment (aftercare) and waits
      // for a professional like any new case.
      f.case_open[k] = 1;
      f.treatment_weeks[k] = 0.0;
      s.waiting_list.push_back(static_cast<std::int32_t>(k));
    }
  }
}

}  // namespace jimsim
