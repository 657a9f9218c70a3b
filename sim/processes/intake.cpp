#include "sim/processes/intake.hpp"

#include <algorithm>
#include <cmath>

#include "sim/distributions.hpp"
#include "sim/family_draws.hpp"
#include "sim/processes/exit.hpp"
#include "sim/processes/indicated_placement.hpp"
#include "sim/processes/mentor_search.hpp"
#include "sim/random.hpp"
#include "sim/replicate.hpp"

namespace jimsim {
namespace {

// Sub-streams of the intake process, one per characteristic (the `step` slot of the stream key).
// Append, never renumber: existing draws must not shift.
enum IntakeDraw : std::uint32_t { arrival, age, severity, capacity, network, parent_group, referral_gap, indicated };
// Sub-streams of the traits drawn once per youth at intake.
enum YouthMentorDraw : std::uint32_t { findable = 0 };
// Sub-streams of professional traits.
enum ProfessionalDraw : std::uint32_t { threshold, partner };

// Arrival weeks of a region's referrals: a Poisson process over the horizon. Family k's gap after
// family k - 1 comes from family k's own stream, so two scenarios with the same referral rate meet
// the same arrivals.
std::vector<double> referral_arrivals(const Parameters& p, std::uint64_t seed, std::uint32_t replicate) {
  std::vector<double> weeks;
  double week = 0.0;
  for (std::uint32_t k = 0;; ++k) {
    CounterRng rng(seed, replicate, k, Process::intake, referral_gap);
    week += draw_exponential(rng, p.intake.weekly_referrals);
    if (week >= p.simulation.horizon_weeks) break;
    weeks.push_back(week);
  }
  return weeks;
}

}  // namespace

Cohort draw_cohort(const Parameters& p, std::uint64_t seed, std::uint32_t replicate) {
  const auto& in = p.intake;
  const bool referrals = in.weekly_referrals > 0.0;
  const std::vector<double> referral_weeks = referrals ? referral_arrivals(p, seed, replicate) : std::vector<double>{};
  Cohort c;
  c.resize(referrals ? referral_weeks.size() : static_cast<std::size_t>(in.cohort_size));
  // The two drawn by rejection, for all families at once (sim/family_draws.hpp: the same values as
  // one family at a time).
  draw_nonnegative_normal_for_families(seed, replicate, Process::intake, severity, in.severity_mean, in.severity_sd,
                                       c.severity);
  draw_beta_for_families(seed, replicate, Process::intake, capacity, in.parental_capacity_mean,
                         in.parental_capacity_concentration, c.parental_capacity);
  // The rest from one word or two of each family's stream, likewise.
  if (referrals) {
    c.arrival_week = referral_weeks;
  } else if (in.arrival_window_weeks > 0.0) {
    draw_uniform_for_families(seed, replicate, Process::intake, arrival, c.arrival_week);
    for (double& week : c.arrival_week) week = in.arrival_window_weeks * week;
  } else {
    std::fill(c.arrival_week.begin(), c.arrival_week.end(), 0.0);
  }
  draw_uniform_for_families(seed, replicate, Process::intake, age, c.age_years);
  for (double& years : c.age_years) years = in.age_min_years + (in.age_max_years - in.age_min_years) * years;
  draw_poisson_for_families(seed, replicate, Process::intake, network, in.network_size_mean, c.network_size);
  draw_bernoulli_for_families(seed, replicate, Process::intake, parent_group, p.parent_group.uptake,
                              c.joins_parent_group);
  draw_bernoulli_for_families(seed, replicate, Process::intake, indicated, in.indicated_share, c.placement_indicated);
  std::fill(c.max_follow_up_weeks.begin(), c.max_follow_up_weeks.end(), std::numeric_limits<double>::infinity());
  return c;
}

namespace {

// The workforce: a region's FTE when given, otherwise scaled to the cohort. Each professional is a
// person with full-time hours, except the last of a kind, who works the FTE's fraction.
void hire_professionals(ReplicateState& s, const Parameters& p, std::size_t families, std::uint64_t seed,
                        std::uint32_t replicate) {
  const auto& pro = p.professionals;
  const bool fixed = pro.basic_fte > 0.0 || pro.specialist_fte > 0.0;
  const auto scaled = [&](double per_100) { return per_100 * static_cast<double>(families) / 100.0; };
  const double fte[2] = {fixed ? pro.basic_fte : std::ceil(scaled(pro.basic_per_100_families) - 1e-9),
                         fixed ? pro.specialist_fte : std::ceil(scaled(pro.specialist_per_100_families) - 1e-9)};
  const double salary_week[2] = {p.costs.basic_fte_year / weeks_per_year, p.costs.specialist_fte_year / weeks_per_year};
  auto& pr = s.professionals;
  pr = Professionals{};
  s.case_shares = CaseShares{};  // its profiles are the hired professionals'
  for (int kind = 0; kind < 2; ++kind) {
    for (double left = fte[kind]; left > 1e-9; left -= 1.0) {
      const double share = std::min(1.0, left);
      pr.specialist.push_back(static_cast<std::uint8_t>(kind));
      pr.weekly_hours.push_back(pro.weekly_hours * share);
      pr.fte.push_back(share);
      pr.employed_cost_week.push_back(salary_week[kind] * share);
    }
  }
  const std::size_t total = pr.specialist.size();
  pr.crisis_threshold.assign(total, 0.0);
  pr.equal_partner.assign(total, 0);
  pr.caseload.assign(total, 0);
  for (std::uint32_t j = 0; j < total; ++j) {
    CounterRng r_threshold(seed, replicate, j, Process::professional_traits, threshold);
    CounterRng r_partner(seed, replicate, j, Process::professional_traits, partner);
    // Without a shared policy, thresholds scatter around the mean and basic care sits apart from
    // specialist care; a consistent policy is one view for everyone.
    if (pro.consistent_policy) {
      pr.crisis_threshold[j] = pro.crisis_threshold_mean;
    } else {
      const double mean = pro.crisis_threshold_mean + (pr.specialist[j] ? 0.0 : pro.basic_threshold_offset);
      pr.crisis_threshold[j] =
          pro.crisis_threshold_sd > 0.0
              ? draw_normal(r_threshold, mean, pro.crisis_threshold_sd)
              : mean;
    }
    pr.equal_partner[j] = bernoulli(r_partner, pro.equal_partner_share);
  }
  index_free_professionals(s, pro.caseload_cap);
}

}  // namespace

void initialise_replicate(ReplicateState& s, const Cohort& cohort, const Parameters& p,
                          std::uint64_t seed, std::uint32_t replicate) {
  auto& f = s.families;
  const std::size_t n = cohort.size();
  f.reset(n);
  const double dt = p.simulation.time_step_weeks;
  // Youths who will not find a mentor whatever their network, drawn for all at once (what
  // bernoulli gives on each family's own stream).
  std::vector<std::uint8_t> never_found(n);
  draw_bernoulli_for_families(seed, replicate, Process::mentor_traits, findable, p.mentor_search.never_found_share,
                              never_found);
  for (std::uint32_t k = 0; k < n; ++k) {
    f.setting[k] = Setting::not_arrived;
    f.case_open[k] = 0;
    f.professional[k] = -1;
    // Intake happens at the start of the first step that begins at or after the arrival time.
    f.arrival_step[k] = static_cast<std::int32_t>(std::ceil(cohort.arrival_week[k] / dt - 1e-9));
    f.age_at_intake[k] = cohort.age_years[k];
    // Follow-up ends at the first step boundary at or after the youth's exit age or the end of an
    // observed family's follow-up (the tolerance absorbs rounding in week sums).
    const double weeks_to_exit_age = (p.simulation.exit_age_years - cohort.age_years[k]) * weeks_per_year;
    const double followed_weeks = std::min(weeks_to_exit_age, cohort.max_follow_up_weeks[k]);
    const double exit_step = f.arrival_step[k] + std::ceil(std::max(followed_weeks, 0.0) / dt - 1e-9);
    f.exit_step[k] = static_cast<std::int32_t>(std::min(exit_step, double{std::numeric_limits<std::int32_t>::max()}));
    f.severity[k] = f.severity_start[k] = cohort.severity[k];
    f.baseline_severity[k] = cohort.severity[k] * p.intake.baseline_share;
    f.parental_capacity[k] = cohort.parental_capacity[k];
    f.parent_group_weeks_left[k] = cohort.joins_parent_group[k] ? p.parent_group.duration_weeks : 0.0;
    f.needs_specialist[k] = cohort.severity[k] >= p.professionals.specialist_severity_threshold;
    f.mentor[k] = MentorStatus::none;
    f.mentor_findable[k] = !never_found[k];
    f.bond[k] = f.bond_gain[k] = 0.0;

    auto& rec = f.record[k];  // as FamilyRecord{} (Families::reset)
    rec.arrival_week = f.arrival_step[k] * dt;
    rec.age_at_intake = cohort.age_years[k];
    rec.initial_severity = cohort.severity[k];
    rec.parental_capacity = cohort.parental_capacity[k];
    rec.network_size = cohort.network_size[k];
    rec.joined_parent_group = cohort.joins_parent_group[k];
    rec.placement_indicated = cohort.placement_indicated[k];
    const double nan = std::numeric_limits<double>::quiet_NaN();
    rec.mentor_found_week = rec.mentor_dropout_week = rec.first_placement_week = rec.closure_week = nan;
  }
  {
    // The naming hazard from the network, in a loop of its own that vectorises (its exponential
    // was a scalar call per family in the loop above).
    const auto& search = p.mentor_search;
    const double weekly_hazard = search.weekly_hazard, network_log_effect = search.network_log_effect;
    const double* __restrict network_size = cohort.network_size.data();
    double* __restrict hazard = f.mentor_search_hazard.data();
#pragma GCC ivdep
    for (std::size_t k = 0; k < n; ++k) {
      hazard[k] = mentor_search_hazard(weekly_hazard, network_log_effect, network_size[k]);
    }
  }
  if (p.mentor_search.enabled) draw_first_mentors(f, p, seed, replicate);
  const auto steps = static_cast<std::size_t>(step_count(p));
  s.arrivals = index_families_by_step(f.arrival_step, n, steps);
  s.exits = index_families_by_step(f.exit_step, n, steps);
  hire_professionals(s, p, n, seed, replicate);
  s.waiting_list.clear();
  s.families_placed = 0;
  s.cumulative_cost = 0.0;
  for (auto& idle : s.idle_fte_years_by_step) idle.clear();
}

void admit_arrivals(ReplicateState& s, const Parameters& p, const StepContext& ctx) {
  auto& f = s.families;
  for (const std::uint32_t k : s.arrivals.at(ctx.step)) {
    if (f.setting[k] != Setting::not_arrived) continue;
    f.setting[k] = Setting::home;
    f.case_open[k] = 1;
    f.safety_plan[k] = p.placement.safety_plan;
    s.waiting_list.push_back(static_cast<std::int32_t>(k));
    if (p.mentor_search.enabled) start_mentor_search(s, k, p.mentor_search.max_search_weeks);
    if (f.record[k].placement_indicated != 0.0) start_indication(s, p, ctx, k);
    // A youth already at the exit age (or an observed family with no follow-up) leaves at once.
    if (f.exit_step[k] <= static_cast<std::int32_t>(ctx.step)) leave_follow_up(s, k, 0.0);
  }
}

}  // namespace jimsim
