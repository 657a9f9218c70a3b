#include "sim/processes/mentor_search.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "sim/distributions.hpp"
#include "sim/family_draws.hpp"
#include "sim/flagged_families.hpp"
#include "sim/processes/exit.hpp"
#include "sim/processes/fixed_costs.hpp"
#include "sim/processes/indicated_placement.hpp"
#include "sim/random.hpp"
#include "sim/portable_math.hpp"

namespace jimsim {
namespace {

// Sub-streams of a mentor's traits (the `step` slot of the stream key). The first mentor's come
// from Process::mentor_traits (slot 0 is the youth's findability), later mentors' from
// Process::repeat_mentor_traits at slot 4 m + draw.
enum MentorDraw : std::uint32_t { hours = 1, bond = 2, years_known = 4 };

constexpr double mentor_hours_gamma_shape = 4.0;
constexpr double initial_bond_concentration = 10.0;

double logistic(double x) { return 1.0 / (1.0 + math::exp(-x)); }

}  // namespace

double mentor_search_hazard(const Parameters& p, double network_size) {
  return mentor_search_hazard(p.mentor_search.weekly_hazard, p.mentor_search.network_log_effect, network_size);
}

void start_mentor_search(ReplicateState& s, std::size_t k, double ends_week) {
  s.families.mentor[k] = MentorStatus::searching;
  s.families.search_ends_week[k] = ends_week;
}

namespace {

// A mentor who has known the youth longer starts with a stronger bond (on the log-odds scale).
// Inline and branch-free in the loop over families, so that draw_first_mentors vectorises.
double initial_bond_mean(const Parameters::mentor_search_parameters& m, double years_known) {
  const double mean = m.initial_bond_mean;
  const double shifted =
      logistic(math::log(mean / (1.0 - mean)) + m.bond_log_odds_per_year_known * (years_known - m.years_known_mean));
  return (mean > 0.0 && mean < 1.0) ? shifted : mean;
}

// The traits from a mentor's hours and years known, drawn, and the stream of the initial bond.
MentorTraits traits_from(const Parameters& p, double hours_per_week, double years_known_drawn, CounterRng& r_bond,
                         double youth_age) {
  MentorTraits t{};
  t.hours_per_week = hours_per_week;
  // Nobody has known the youth for longer than the youth has lived.
  t.years_known = std::min(years_known_drawn, youth_age);
  t.initial_bond = draw_beta(r_bond, initial_bond_mean(p.mentor_search, t.years_known), initial_bond_concentration);
  return t;
}

CounterRng mentor_stream(std::uint64_t seed, std::uint32_t replicate, std::uint32_t family, std::uint32_t mentor,
                         MentorDraw d) {
  return mentor == 0 ? CounterRng(seed, replicate, family, Process::mentor_traits, d)
                     : CounterRng(seed, replicate, family, Process::repeat_mentor_traits, 4 * mentor + d);
}

}  // namespace

MentorTraits draw_mentor_traits(const Parameters& p, std::uint64_t seed, std::uint32_t replicate, std::uint32_t family,
                                std::uint32_t mentor, double youth_age) {
  const auto& m = p.mentor_search;
  CounterRng r_hours = mentor_stream(seed, replicate, family, mentor, hours);
  CounterRng r_years = mentor_stream(seed, replicate, family, mentor, years_known);
  CounterRng r_bond = mentor_stream(seed, replicate, family, mentor, bond);
  const double hours_per_week = draw_gamma_shape(r_hours, m.mentor_hours_mean, mentor_hours_gamma_shape);
  const double years_known_drawn = draw_gamma_mean_sd(r_years, m.years_known_mean, m.years_known_sd);
  return traits_from(p, hours_per_week, years_known_drawn, r_bond, youth_age);
}

void draw_first_mentors(Families& f, const Parameters& p, std::uint64_t seed, std::uint32_t replicate) {
  const auto& m = p.mentor_search;
  const std::size_t n = f.size();
  draw_gamma_shape_for_families(seed, replicate, Process::mentor_traits, hours, m.mentor_hours_mean,
                                mentor_hours_gamma_shape, std::span(f.mentor_hours.data(), n));
  draw_gamma_mean_sd_for_families(seed, replicate, Process::mentor_traits, years_known, m.years_known_mean,
                                  m.years_known_sd, std::span(f.first_mentor_years_known.data(), n));
  // The initial bond, where the years known are below the youth's age at intake, so below it when
  // the mentor is named: there the bond's mean is known now. Elsewhere NaN, drawn when named.
  std::vector<double> bond_means(n);
  const double* __restrict drawn_years = f.first_mentor_years_known.data();
  const double* __restrict age_at_intake = f.age_at_intake.data();
  double* __restrict bond_mean = bond_means.data();
  const Parameters::mentor_search_parameters search = m;  // a copy no store can alias
#pragma GCC ivdep
  for (std::size_t k = 0; k < n; ++k) {
    bond_mean[k] = drawn_years[k] <= age_at_intake[k] ? initial_bond_mean(search, drawn_years[k])
                                                      : std::numeric_limits<double>::quiet_NaN();
  }
  draw_beta_for_families(seed, replicate, Process::mentor_traits, bond, bond_means, initial_bond_concentration,
                         std::span(f.first_mentor_bond.data(), n));
}

namespace {

void name_mentor(ReplicateState& s, const Parameters& p, const StepContext& ctx, std::size_t k, double week) {
  auto& f = s.families;
  const auto family = static_cast<std::uint32_t>(k);
  const double age = f.age_at_intake[k] + week / weeks_per_year;
  // The first mentor's traits were drawn at intake (draw_first_mentors, when the scenario searches
  // for mentors), but for the bond where the years known could exceed the youth's age.
  MentorTraits t;
  if (f.mentors_named[k] != 0 || !p.mentor_search.enabled) {
    t = draw_mentor_traits(p, ctx.seed, ctx.replicate, family, f.mentors_named[k], age);
  } else if (!std::isnan(f.first_mentor_bond[k])) {
    t = {f.mentor_hours[k], f.first_mentor_years_known[k], f.first_mentor_bond[k]};
  } else {
    CounterRng r_bond = mentor_stream(ctx.seed, ctx.replicate, family, 0, bond);
    t = traits_from(p, f.mentor_hours[k], f.first_mentor_years_known[k], r_bond, age);
  }
  f.mentor[k] = MentorStatus::active;
  f.mentor_found_step[k] = static_cast<std::int32_t>(ctx.step);
  f.mentor_hours[k] = t.hours_per_week;
  f.bond[k] = t.initial_bond;
  f.bond_gain[k] = -math::expm1(-p.mentor_dynamics.bond_growth_per_hour * t.hours_per_week * ctx.dt);
  f.strain[k] = 0.0;
  f.mentor_role_clear[k] = p.mentor_dynamics.role_clarity_start_meeting;
  if (p.mentor_dynamics.role_clarity_start_meeting) charge_role_meeting(s, p, k);
  const bool first = f.mentors_named[k] == 0;
  f.mentors_named[k] += 1;
  // Only stores to the record, no read of it: its line is a cache miss per naming at a region's
  // size, and a store does not wait for it. Its count is the family's own, and its week of naming
  // is NaN exactly while no mentor is named (unname_mentor_after).
  auto& rec = f.record[k];
  rec.mentors_named = static_cast<double>(f.mentors_named[k]);
  if (first) rec.mentor_found_week = week;
}

}  // namespace

void search_for_mentors(ReplicateState& s, const Parameters& p, const StepContext& ctx) {
  auto& f = s.families;
  const std::size_t n = f.padded_size();
  // Which searching youths may name a mentor this step (the draw below the hazard over a whole
  // step, which bounds it over the part of the step left to search) or come to the end of their
  // search, for every family in a branch-free loop; then those few family by family. The others'
  // step changes nothing. A youth's search was visited every step, a cache miss per youth at a
  // region's size.
  {
    const MentorStatus* __restrict mentor = f.mentor.data();
    const Setting* __restrict setting = f.setting.data();
    const std::uint8_t* __restrict findable = f.mentor_findable.data();
    const std::int32_t* __restrict arrival_step = f.arrival_step.data();
    const double* __restrict ends_week = f.search_ends_week.data();
    const double* __restrict hazard = f.mentor_search_hazard.data();
    const std::uint32_t* __restrict words = f.draws[mentor_search_lane].data();
    std::uint8_t* __restrict flags = f.event_possible.data();
    const double dt = ctx.dt, week_end = ctx.week_end;
#pragma GCC ivdep
    for (std::size_t k = 0; k < n; ++k) {
      // As weeks_since_intake_at_step_start, operation for operation.
      const double start = (week_end - arrival_step[k] * dt) - dt;
      const bool searching = (mentor[k] == MentorStatus::searching) & (setting[k] != Setting::exited);
      const bool may_name = (findable[k] != 0) & event_possible(uniform_open01(words[k]), hazard[k], dt);
      const bool search_ends = start + dt >= ends_week[k] - 1e-9;
      flags[k] = static_cast<std::uint8_t>(searching & (may_name | search_ends));
    }
  }
  // The flagged youths packed, to a multiple of eight (the last one repeated), and whether and when
  // each names a mentor worked out for all in one vector loop: one youth after another, each
  // exponential and logarithm was a chain the next youth waited for. Then, in family order, the
  // namings and the searches' ends, which change only the youth's own data (and the running cost,
  // in that order).
  NamingCandidates& c = s.naming_candidates;
  c.family.clear();
  for_each_flagged(f.event_possible.data(), n, 1, [&](std::size_t k) { c.family.push_back(static_cast<std::uint32_t>(k)); });
  const std::size_t m = c.family.size();
  if (m == 0) return;
  c.family.resize((m + 7) / 8 * 8, c.family.back());
  const std::size_t padded = c.family.size();
  for (auto* v : {&c.start, &c.window, &c.findable, &c.uniform, &c.hazard, &c.time, &c.happens}) v->resize(padded);
  for (std::size_t j = 0; j < padded; ++j) {
    const std::size_t k = c.family[j];
    const double start = weeks_since_intake_at_step_start(s, k, ctx);
    c.start[j] = start;
    c.window[j] = std::min(ctx.dt, f.search_ends_week[k] - start);
    c.findable[j] = f.mentor_findable[k] != 0;
    c.uniform[j] = uniform_open01(f.draws[mentor_search_lane][k]);
    c.hazard[j] = f.mentor_search_hazard[k];
  }
  {
    const double* __restrict window = c.window.data();
    const double* __restrict findable = c.findable.data();
    const double* __restrict uniform = c.uniform.data();
    const double* __restrict hazard = c.hazard.data();
    double* __restrict time = c.time.data();
    double* __restrict happens = c.happens.data();
#pragma GCC ivdep  // the arrays do not overlap (GCC honours __restrict only on parameters)
    for (std::size_t j = 0; j < padded; ++j) {
      const double u = uniform[j], h = hazard[j], w = window[j];
      // A naming, for a findable youth with search time left.
      const double can = (findable[j] != 0.0) & (w > 0.0) ? 1.0 : 0.0;
      happens[j] = can * event_happens_as_number(u, h, w);
      time[j] = event_time_in_step(u, h, w);
    }
  }
  for (std::size_t j = 0; j < m; ++j) {
    const std::size_t k = c.family[j];
    const double start = c.start[j];
    if (c.happens[j] != 0.0) {
      const double t = c.time[j];
      name_mentor(s, p, ctx, k, start + t);
      f.mentor_named_time[k] = t;
      // Worked out here, once, rather than a division per family and step in the dose loop.
      f.mentor_present_share[k] = (ctx.dt - t) / ctx.dt;
      request_reconsideration(s, k, t);
      continue;
    }
    if (start + ctx.dt >= f.search_ends_week[k] - 1e-9) {
      f.mentor[k] = f.mentors_named[k] > 0 ? MentorStatus::dropped_out : MentorStatus::not_found;
      request_reconsideration(s, k, std::clamp(f.search_ends_week[k] - start, 0.0, ctx.dt));
    }
  }
}

}  // namespace jimsim

namespace jimsim {

void unname_mentor_after(ReplicateState& s, const Parameters& p, const StepContext& ctx, std::size_t k,
                         double time_in_step) {
  auto& f = s.families;
  if (f.mentor[k] != MentorStatus::active || f.mentor_found_step[k] != static_cast<std::int32_t>(ctx.step) ||
      f.mentor_named_time[k] <= time_in_step + 1e-9) {
    return;
  }
  f.mentors_named[k] -= 1;
  f.mentor[k] = f.mentors_named[k] > 0 ? MentorStatus::dropped_out : MentorStatus::not_found;
  f.mentor_found_step[k] = -1;
  auto& rec = f.record[k];
  rec.mentors_named = static_cast<double>(f.mentors_named[k]);
  if (f.mentors_named[k] == 0) rec.mentor_found_week = std::numeric_limits<double>::quiet_NaN();
  if (p.mentor_dynamics.role_clarity_start_meeting) {
    rec.role_meetings -= 1.0;
    add_to_running_cost(s, -p.costs.role_meeting);
  }
}

void stop_mentor_search(ReplicateState& s, std::size_t k) {
  auto& f = s.families;
  if (f.mentor[k] != MentorStatus::searching) return;
  f.mentor[k] = f.mentors_named[k] > 0 ? MentorStatus::dropped_out : MentorStatus::not_found;
}

}  // namespace jimsim
