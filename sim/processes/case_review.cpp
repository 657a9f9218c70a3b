#include "sim/processes/case_review.hpp"

#include <cmath>

#include "sim/flagged_families.hpp"
#include "sim/processes/fixed_costs.hpp"
#include "sim/processes/indicated_placement.hpp"
#include "sim/processes/mentor_search.hpp"
#include "sim/processes/residential_stay.hpp"
#include "sim/random.hpp"

namespace jimsim {
namespace {

// The number of the last review at or before `treatment_weeks` weeks of treatment: a review falls
// within (before, after] when this number grows. Kept per family (Families::reviews_passed), so a
// step works out only the number at its end: one division instead of two.
double reviews_passed(double treatment_weeks, double interval) { return std::floor(treatment_weeks / interval + 1e-9); }

void start_handover(ReplicateState& s, const Parameters& p, const StepContext& ctx, std::size_t k, bool specialist) {
  auto& f = s.families;
  f.needs_specialist[k] = specialist;
  f.in_handover[k] = 1;
  f.record[k].handovers += 1.0;
  if (!p.professionals.collaboration) {
    release_professional(s, k);
    f.queue_from_week[k] = ctx.week_end + p.professionals.referral_weeks;
  }
  s.waiting_list.push_back(static_cast<std::int32_t>(k));
}

}  // namespace

void close_case(ReplicateState& s, const Parameters& p, const StepContext& ctx, std::size_t k) {
  auto& f = s.families;
  const auto& c = p.case_closure;
  release_professional(s, k);
  stop_mentor_search(s, k);
  resolve_indication(s, k, IndicationOutcome::withdrawn_improved);
  f.case_open[k] = 0;
  f.in_handover[k] = 0;
  auto& rec = f.record[k];
  rec.closure_week = weeks_since_intake(s, k, ctx);
  if (f.mentor[k] != MentorStatus::active) return;
  if (c.role_clarity_end_meeting) charge_role_meeting(s, p, k);
  CounterRng rng(ctx.seed, ctx.replicate, static_cast<std::uint32_t>(k), Process::case_closure, ctx.step);
  const double stays = c.role_clarity_end_meeting ? c.mentor_stays_chance_clarified : c.mentor_stays_chance;
  if (bernoulli(rng, stays)) {
    rec.mentor_stayed_on = 1.0;
  } else {
    f.mentor[k] = MentorStatus::ended;
    end_respite(s, p, k, ctx.dt, ctx.dt);
  }
}

void review_cases(ReplicateState& s, const Parameters& p, const StepContext& ctx) {
  auto& f = s.families;
  const auto& c = p.case_closure;
  const auto& pro = p.professionals;
  const double dt = ctx.dt, max_treatment_weeks = c.max_treatment_weeks, interval = c.review_interval_weeks;
  // Treatment time for every family, and whether a review or the longest treatment falls in this
  // step, in a branch-free loop that vectorises; then the few families with a review, in order.
  {
    const std::int32_t* __restrict professional = f.professional.data();
    const Setting* __restrict setting = f.setting.data();
    double* __restrict treatment_weeks = f.treatment_weeks.data();
    double* __restrict passed = f.reviews_passed.data();
    std::uint8_t* __restrict reviewed = f.event_possible.data();
    const std::size_t n = f.padded_size();
#pragma GCC ivdep  // the arrays do not overlap (GCC honours __restrict only on parameters)
    for (std::size_t k = 0; k < n; ++k) {
      // Treatment time runs while a professional works with the family at home or in respite.
      const bool treated =
          (professional[k] >= 0) & (setting[k] != Setting::residential) & (setting[k] != Setting::exited);
      const double before = treatment_weeks[k];
      const double after = before + dt;
      const double passed_before = passed[k], passed_after = reviews_passed(after, interval);
      treatment_weeks[k] = treated ? after : before;
      passed[k] = treated ? passed_after : passed_before;
      const bool longest = after + 1e-9 >= max_treatment_weeks;
      reviewed[k] = treated & (longest | (passed_after > passed_before));
    }
  }
  for_each_flagged(f.event_possible.data(), f.padded_size(), 1, [&](std::size_t k) {
    const double after = f.treatment_weeks[k];
    const bool longest = after + 1e-9 >= c.max_treatment_weeks;
    // A case with a placement still on the table stays open until that is settled.
    const bool settled = f.indication[k] == Indication::none;
    if (settled && (longest || (after + 1e-9 >= c.min_treatment_weeks && f.severity[k] < c.closure_severity))) {
      close_case(s, p, ctx, k);
      return;
    }
    if (f.in_handover[k]) return;
    const bool specialist = s.professionals.specialist[static_cast<std::size_t>(f.professional[k])] != 0;
    const bool step_up = !specialist && f.severity[k] >= pro.step_up_severity;
    const bool step_down = specialist && f.severity[k] < pro.step_down_severity;
    if ((step_up || step_down) && s.free.exists[!specialist]) start_handover(s, p, ctx, k, !specialist);
  });
}

}  // namespace jimsim
