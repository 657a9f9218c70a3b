#include "sim/processes/indicated_placement.hpp"

#include "sim/distributions.hpp"
#include "sim/flagged_families.hpp"
#include "sim/processes/placement_decision.hpp"
#include "sim/processes/residential_stay.hpp"

namespace jimsim {
namespace {

constexpr double bed_wait_gamma_shape = 2.0;

// Confirms the placement `time_in_step` weeks into the step: the youth waits for a bed.
void confirm(ReplicateState& s, const Parameters& p, const StepContext& ctx, std::size_t k, double time_in_step) {
  auto& f = s.families;
  CounterRng rng(ctx.seed, ctx.replicate, static_cast<std::uint32_t>(k), Process::bed_wait, ctx.step);
  const double wait = draw_gamma_shape(rng, p.indicated_placement.bed_wait_mean_weeks, bed_wait_gamma_shape);
  f.indication[k] = Indication::waiting_for_bed;
  f.bed_ready_week[k] = ctx.week_end - ctx.dt + time_in_step + wait;
}

}  // namespace

void start_indication(ReplicateState& s, const Parameters& p, const StepContext& ctx, std::size_t k) {
  if (p.mentor_search.enabled && p.indicated_placement.hold_while_searching) {
    s.families.indication[k] = Indication::on_hold;
  } else {
    confirm(s, p, ctx, k, 0.0);
  }
}

void request_reconsideration(ReplicateState& s, std::size_t k, double time_in_step) {
  if (s.families.indication[k] != Indication::on_hold) return;
  s.families.reconsider[k] = 1;
  s.families.reconsider_time[k] = time_in_step;
}

void resolve_indication(ReplicateState& s, std::size_t k, IndicationOutcome outcome) {
  auto& f = s.families;
  if (f.indication[k] == Indication::none) return;
  f.indication[k] = Indication::none;
  f.reconsider[k] = 0;
  f.record[k].indication_outcome = static_cast<double>(outcome);
}

void act_on_indications(ReplicateState& s, const Parameters& p, const StepContext& ctx) {
  auto& f = s.families;
  const double step_start = ctx.week_end - ctx.dt;
  // The families with an indication (none is 0), found eight at a time.
  static_assert(static_cast<std::uint8_t>(Indication::none) == 0);
  const auto* indications = reinterpret_cast<const std::uint8_t*>(f.indication.data());
  for_each_flagged(indications, f.padded_size(), 0xFF, [&](std::size_t k) {
    if (f.setting[k] != Setting::home) return;  // placed or with the mentor: resolved there
    if (f.indication[k] == Indication::on_hold) {
      if (!f.reconsider[k]) return;
      f.reconsider[k] = 0;
      const double t = f.reconsider_time[k];
      switch (decide_placement(s, p, ctx, k, t, Process::reconsideration, false)) {
        case Decision::stays_home: resolve_indication(s, k, IndicationOutcome::withdrawn_reconsidered); break;
        case Decision::respite: break;  // resolved by the respite stay
        case Decision::residential: confirm(s, p, ctx, k, t); break;
      }
      if (f.indication[k] != Indication::waiting_for_bed) return;
    }
    // Waiting for a bed: once it is free, the placement goes ahead unless the case has improved.
    const double t = f.bed_ready_week[k] - step_start;
    if (t > ctx.dt) return;
    const double time_in_step = t < 0.0 ? 0.0 : t;
    if (severity_within_step(f, k, time_in_step, ctx.dt) < p.indicated_placement.withdraw_severity) {
      resolve_indication(s, k, IndicationOutcome::withdrawn_improved);
    } else {
      start_residential_stay(s, p, ctx, k, time_in_step);
    }
  });
}

}  // namespace jimsim
