#include "sim/processes/mentor_dynamics.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>

#include "sim/portable_math.hpp"
#include "sim/processes/mentor_search.hpp"
#include "sim/processes/residential_stay.hpp"
#include "sim/random.hpp"
#include "sim/repeated_addition.hpp"

namespace jimsim {

void update_mentors(ReplicateState& s, const Parameters& p, const StepContext& ctx) {
  auto& f = s.families;
  const auto& m = p.mentor_dynamics;
  const std::size_t n = f.padded_size();  // the vector loop runs over the padding too
  const double dt = ctx.dt;
  const auto step = static_cast<std::int32_t>(ctx.step);
  const double strain_kept = math::exp(-m.strain_recovery_rate * dt);
  // Strain that builds at a constant rate while it fades: the exact integral over the step.
  const double build_weeks = m.strain_recovery_rate > 0.0 ? -math::expm1(-m.strain_recovery_rate * dt) / m.strain_recovery_rate
                                                          : dt;
  const double strain_unsupported_rate = m.strain_unsupported_rate, strain_per_crisis = m.strain_per_crisis;
  // Bond, strain and whether the dropout draw falls below a bound on its hazard for every family, in
  // a branch-free loop that vectorises; then the costs and the few dropouts family by family.
  {
    const Setting* __restrict setting = f.setting.data();
    const MentorStatus* __restrict mentor = f.mentor.data();
    const std::uint8_t* __restrict case_open = f.case_open.data();
    const std::uint8_t* __restrict crises = f.crises_this_step.data();
    const std::uint8_t* __restrict role_clear = f.mentor_role_clear.data();
    const std::int32_t* __restrict found_step = f.mentor_found_step.data();
    const std::uint32_t* __restrict dropout_words = f.draws[mentor_dropout_lane].data();
    const double* __restrict bond_gain = f.bond_gain.data();
    const double* __restrict support_unmet = f.mentor_support_unmet.data();
    double* __restrict bond = f.bond.data();
    double* __restrict strain = f.strain.data();
    double* __restrict expense_weeks = f.total_mentor_expense_weeks.data();
    std::uint8_t* __restrict flags = f.event_possible.data();  // 1: dropout possible, 2: expenses this step
    const Parameters::mentor_dynamics_parameters dynamics = m;  // a copy no store can alias, so its loads leave the loop
#pragma GCC ivdep  // the arrays do not overlap (GCC honours __restrict only on parameters)
    for (std::size_t k = 0; k < n; ++k) {
      const bool active = (mentor[k] == MentorStatus::active) & (setting[k] != Setting::exited);
      const double gap = mentor_support_gap(case_open[k] != 0, support_unmet[k]);
      // Every family's bond and strain move, not only those of active mentors: no process reads
      // them without an active mentor, and a mentor named later starts from their own (so nothing
      // changes), while the loop has no conditional load and vectorises.
      bond[k] += (1.0 - bond[k]) * bond_gain[k];
      strain[k] = strain[k] * strain_kept + strain_unsupported_rate * gap * build_weeks + strain_per_crisis * crises[k];
      // A bound on the hazard is enough here: the few flagged get the exact hazard below.
      const double hazard_bound = mentor_dropout_hazard_bound(dynamics, strain[k], gap, role_clear[k] != 0);
      // The mentor's expenses run while the case is open and the youth is not in residential care.
      const bool expensed = active & (case_open[k] != 0) & (setting[k] != Setting::residential);
      expense_weeks[k] += expensed ? dt : 0.0;
      // A mentor named this step shares the weekly lane with the search: dropout starts next step.
      const bool dropout_possible =
          active & (found_step[k] != step) & event_possible(uniform_open01(dropout_words[k]), hazard_bound, dt);
      flags[k] = static_cast<std::uint8_t>(dropout_possible | (expensed << 1));
    }
  }
  // The running cost in family order, as before, with the mentors' expenses and the few dropouts
  // (which may refund respite). The expenses are one amount added again and again: counted eight
  // families at a time up to the next possible dropout, then added at once with the bits of adding
  // them one by one (add_repeatedly). Added one by one, each waited for the one before.
  const double expenses_per_step = p.costs.mentor_expenses_week * dt;
  double cumulative_cost = s.cumulative_cost;
  std::uint64_t expenses_due = 0;
  const std::uint8_t* flags = f.event_possible.data();
  constexpr std::uint64_t dropout_bits = 0x0101010101010101ull, expense_bits = 0x0202020202020202ull;
  for (std::size_t base = 0; base < n; base += 8) {
    std::uint64_t word;
    std::memcpy(&word, flags + base, sizeof word);  // little-endian: family base + i in byte i
    if ((word & dropout_bits) == 0) {
      expenses_due += static_cast<std::uint64_t>(std::popcount(word & expense_bits));
      continue;
    }
    for (std::size_t i = 0; i < 8; ++i) {
      const std::uint8_t flag = flags[base + i];
      expenses_due += (flag >> 1) & 1;
      if (!(flag & 1)) continue;
      const std::size_t k = base + i;
      const double gap = mentor_support_gap(f.case_open[k] != 0, f.mentor_support_unmet[k]);
      const double hazard = mentor_dropout_hazard(m, f.strain[k], gap, f.mentor_role_clear[k] != 0);
      const double u = uniform_open01(f.draws[mentor_dropout_lane][k]);
      if (!event_happens(u, hazard, dt)) continue;
      const double t = event_time_in_step(u, hazard, dt);
      const double week = weeks_since_intake_at_step_start(s, k, ctx) + t;
      f.mentor[k] = MentorStatus::dropped_out;
      f.record[k].mentor_dropout_week = week;
      s.cumulative_cost = add_repeatedly(cumulative_cost, expenses_per_step, expenses_due);
      expenses_due = 0;
      end_respite(s, p, k, t, dt);
      // During treatment at home the youth may look for someone else.
      if (p.mentor_search.search_again && f.case_open[k] && f.setting[k] == Setting::home) {
        start_mentor_search(s, k, week + p.mentor_search.repeat_search_weeks);
      }
      cumulative_cost = s.cumulative_cost;
    }
  }
  cumulative_cost = add_repeatedly(cumulative_cost, expenses_per_step, expenses_due);
  s.cumulative_cost = cumulative_cost;
}

}  // namespace jimsim
