#include "sim/processes/residential_stay.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "sim/distributions.hpp"
#include "sim/flagged_families.hpp"
#include "sim/processes/indicated_placement.hpp"
#include "sim/processes/mentor_search.hpp"
#include "sim/random.hpp"

namespace jimsim {
namespace {

constexpr double days_per_week = 7.0;
constexpr std::uint8_t away_bit = 2;  // of a Setting: in respite or residential care

double draw_stay_weeks(const StepContext& ctx, std::size_t k, double mean_weeks) {
  CounterRng rng(ctx.seed, ctx.replicate, static_cast<std::uint32_t>(k), Process::stay_length, ctx.step);
  return draw_exponential(rng, 1.0 / mean_weeks);
}

// Counts `weeks` of family k's stay (no more than is left of it): its days, and their cost so far.
void count_stay(ReplicateState& s, const Parameters& p, std::size_t k, double weeks) {
  auto& f = s.families;
  const double counted = std::clamp(std::min(weeks, f.stay_weeks_left[k]), 0.0, weeks);
  f.stay_weeks_left[k] -= weeks;
  const double days = counted * days_per_week;
  if (f.setting[k] == Setting::residential) {
    f.total_residential_days[k] += days;
    add_to_running_cost(s, days * p.costs.residential_day);
  } else {
    f.total_respite_days[k] += days;
    add_to_running_cost(s, days * p.costs.respite_day);
  }
}

}  // namespace

void start_residential_stay(ReplicateState& s, const Parameters& p, const StepContext& ctx, std::size_t k,
                            double time_in_step) {
  auto& f = s.families;
  // Residential care takes the case over: no professional at home, no treatment time, no waiting,
  // no search for a mentor.
  release_professional(s, k);
  stop_mentor_search(s, k);
  unname_mentor_after(s, p, ctx, k, time_in_step);
  resolve_indication(s, k, IndicationOutcome::placed);
  f.case_open[k] = 0;
  f.in_handover[k] = 0;  // a handover under way ends: residential care has the case
  f.setting[k] = Setting::residential;
  f.record[k].closure_week = std::numeric_limits<double>::quiet_NaN();  // not closed: handed over
  f.stay_weeks_left[k] = draw_stay_weeks(ctx, k, p.residential.mean_stay_weeks);
  auto& rec = f.record[k];
  rec.placements += 1.0;
  if (std::isnan(rec.first_placement_week)) {
    rec.first_placement_week = weeks_since_intake_at_step_start(s, k, ctx) + time_in_step;
    s.families_placed += 1;
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

void end_respite(ReplicateState& s, const Parameters& p, std::size_t k, double time_in_step, double dt) {
  auto& f = s.families;
  if (f.setting[k] != Setting::respite) return;
  // The step was counted up to its end, or up to where the stay would have ended within it.
  const double counted_until = std::min(dt, dt + std::min(f.stay_weeks_left[k], 0.0));
  // (A stay that began later in this step than the mentor left counted less: never refund more.)
  const double days =
      std::min(f.total_respite_days[k], std::max(0.0, counted_until - time_in_step) * days_per_week);
  f.total_respite_days[k] -= days;
  add_to_running_cost(s, -(days * p.costs.respite_day));
  f.setting[k] = Setting::home;
  f.stay_weeks_left[k] = 0.0;
}

void return_home(ReplicateState& s, std::size_t k) {
  auto& f = s.families;
  const Setting was = f.setting[k];
  f.setting[k] = Setting::home;
  f.stay_weeks_left[k] = 0.0;
  if (was != Setting::residential) return;
  f.case_open[k] = 1;
  f.treatment_weeks[k] = 0.0;
  f.reviews_passed[k] = 0.0;  // reviews_passed(0, interval), for any interval
  s.waiting_list.push_back(static_cast<std::int32_t>(k));
}

double stay_end_in_step(const Families& f, std::size_t k, double dt) {
  if (f.setting[k] != Setting::residential && f.setting[k] != Setting::respite) return -1.0;
  const double left = f.stay_weeks_left[k];  // after this step was counted: below 0 when it ended in it
  return left > 1e-9 ? -1.0 : dt + left;
}

void continue_stays(ReplicateState& s, const Parameters& p, const StepContext& ctx) {
  auto& f = s.families;
  // The youths away, found eight settings at a time: respite and residential care are the settings
  // with bit 1 set.
  static_assert((static_cast<std::uint8_t>(Setting::respite) & away_bit) != 0 &&
                (static_cast<std::uint8_t>(Setting::residential) & away_bit) != 0 &&
                (static_cast<std::uint8_t>(Setting::not_arrived) & away_bit) == 0 &&
                (static_cast<std::uint8_t>(Setting::home) & away_bit) == 0 &&
                (static_cast<std::uint8_t>(Setting::exited) & away_bit) == 0);
  const auto* settings = reinterpret_cast<const std::uint8_t*>(f.setting.data());
  for_each_flagged(settings, f.padded_size(), away_bit, [&](std::size_t k) {
    // This step counts, with only the part of it that is left on the last step, so days have the
    // mean the stay-length distribution implies whatever the time step.
    const double left = f.stay_weeks_left[k];
    if (left > 1e-9) count_stay(s, p, k, ctx.dt);
    if (f.stay_weeks_left[k] > 1e-9) return;
    // Home from where in the step the stay ended: crises at home count from there.
    return_home(s, k);
    f.home_from_time[k] = std::clamp(left, 0.0, ctx.dt);
  });
}

}  // namespace jimsim
