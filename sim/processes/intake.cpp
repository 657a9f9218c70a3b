#include "sim/processes/intake.hpp"

#include <algorithm>
#include <boost/random/beta_distribution.hpp>
#include <boost/random/gamma_distribution.hpp>
#include <boost/random/normal_distribution.hpp>
#include <boost/random/poisson_distribution.hpp>
#include <cmath>

#include "sim/processes/exit.hpp"
#include "sim/random.hpp"

namespace jimsim {
namespace {

// Sub-streams of the intake process, one per characteristic (the `step` slot of the stream key).
enum IntakeDraw : std::uint32_t { arrival, age, severity, capacity, network, parent_group };
// Sub-streams of the mentor traits, drawn at intake and used when the mentor is named.
enum MentorDraw : std::uint32_t { findable, hours, bond, role_clear };
// Sub-streams of professional traits.
enum ProfessionalDraw : std::uint32_t { threshold, partner };

constexpr double mentor_hours_gamma_shape = 4.0;
constexpr double initial_bond_concentration = 10.0;

double draw_beta(CounterRng& rng, double mean, double concentration) {
  if (mean <= 0.0) return 0.0;
  if (mean >= 1.0) return 1.0;
  return boost::random::beta_distribution<double>(mean * concentration, (1.0 - mean) * concentration)(rng);
}

// Normal truncated below at 0 by rejection; severity_mean >= 0 keeps acceptance at least 1/2.
double draw_nonnegative_normal(CounterRng& rng, double mean, double sd) {
  if (sd <= 0.0) return std::max(mean, 0.0);
  boost::random::normal_distribution<double> normal(mean, sd);
  for (int attempt = 0; attempt < 64; ++attempt) {
    const double x = normal(rng);
    if (x >= 0.0) return x;
  }
  return 0.0;
}

}  // namespace

Cohort draw_cohort(const Parameters& p, std::uint64_t seed, std::uint32_t replicate) {
  const auto& in = p.intake;
  Cohort c;
  c.resize(static_cast<std::size_t>(in.cohort_size));
  for (std::uint32_t k = 0; k < c.size(); ++k) {
    auto stream = [&](IntakeDraw d) { return CounterRng(seed, replicate, k, Process::intake, d); };
    CounterRng r_arrival = stream(arrival), r_age = stream(age), r_severity = stream(severity),
               r_capacity = stream(capacity), r_network = stream(network), r_group = stream(parent_group);
    c.arrival_week[k] = in.arrival_window_weeks > 0.0 ? in.arrival_window_weeks * uniform_open01(r_arrival) : 0.0;
    c.age_years[k] = in.age_min_years + (in.age_max_years - in.age_min_years) * uniform_open01(r_age);
    c.severity[k] = draw_nonnegative_normal(r_severity, in.severity_mean, in.severity_sd);
    c.parental_capacity[k] = draw_beta(r_capacity, in.parental_capacity_mean, in.parental_capacity_concentration);
    c.network_size[k] = in.network_size_mean > 0.0
                            ? static_cast<double>(boost::random::poisson_distribution<int, double>(in.network_size_mean)(r_network))
                            : 0.0;
    c.joins_parent_group[k] = bernoulli(r_group, p.parent_group.uptake);
    c.max_follow_up_weeks[k] = std::numeric_limits<double>::infinity();
  }
  return c;
}

void initialise_replicate(ReplicateState& s, const Cohort& cohort, const Parameters& p,
                          std::uint64_t seed, std::uint32_t replicate) {
  auto& f = s.families;
  const std::size_t n = cohort.size();
  f.resize(n);
  const double dt = p.simulation.time_step_weeks;
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
    f.severity[k] = cohort.severity[k];
    f.baseline_severity[k] = cohort.severity[k] * p.intake.baseline_share;
    f.parental_capacity[k] = cohort.parental_capacity[k];
    f.network_size[k] = cohort.network_size[k];
    f.parent_group_weeks_left[k] = cohort.joins_parent_group[k] ? p.parent_group.duration_weeks : 0.0;
    f.mentor[k] = MentorStatus::none;

    auto mentor_stream = [&](MentorDraw d) { return CounterRng(seed, replicate, k, Process::mentor_traits, d); };
    CounterRng r_findable = mentor_stream(findable), r_hours = mentor_stream(hours), r_bond = mentor_stream(bond);
    f.mentor_findable[k] = !bernoulli(r_findable, p.mentor_search.never_found_share);
    f.mentor_hours[k] =
        p.mentor_search.mentor_hours_mean > 0.0
            ? boost::random::gamma_distribution<double>(mentor_hours_gamma_shape,
                                                        p.mentor_search.mentor_hours_mean / mentor_hours_gamma_shape)(r_hours)
            : 0.0;
    f.bond[k] = draw_beta(r_bond, p.mentor_search.initial_bond_mean, initial_bond_concentration);
    f.bond_gain[k] = -std::expm1(-p.mentor_dynamics.bond_growth_per_hour * f.mentor_hours[k] * dt);
    f.mentor_role_clear[k] = p.mentor_dynamics.role_clarity_start_meeting;

    auto& rec = f.record[k];
    rec = FamilyRecord{};
    rec.arrival_week = f.arrival_step[k] * dt;
    rec.age_at_intake = cohort.age_years[k];
    rec.initial_severity = cohort.severity[k];
    rec.parental_capacity = cohort.parental_capacity[k];
    rec.network_size = cohort.network_size[k];
    rec.joined_parent_group = cohort.joins_parent_group[k];
    const double nan = std::numeric_limits<double>::quiet_NaN();
    rec.mentor_found_week = rec.mentor_dropout_week = rec.first_placement_week = rec.closure_week = nan;
  }

  const auto& pro = p.professionals;
  const auto count = [&](double per_100) {
    return static_cast<std::size_t>(std::ceil(per_100 * static_cast<double>(n) / 100.0 - 1e-9));
  };
  const std::size_t basic = count(pro.basic_per_100_families);
  const std::size_t total = basic + count(pro.specialist_per_100_families);
  auto& pr = s.professionals;
  pr.specialist.assign(total, 0);
  pr.crisis_threshold.assign(total, 0.0);
  pr.equal_partner.assign(total, 0);
  pr.caseload.assign(total, 0);
  for (std::uint32_t j = 0; j < total; ++j) {
    pr.specialist[j] = j >= basic;
    CounterRng r_threshold(seed, replicate, j, Process::professional_traits, threshold);
    CounterRng r_partner(seed, replicate, j, Process::professional_traits, partner);
    pr.crisis_threshold[j] =
        pro.crisis_threshold_sd > 0.0
            ? boost::random::normal_distribution<double>(pro.crisis_threshold_mean, pro.crisis_threshold_sd)(r_threshold)
            : pro.crisis_threshold_mean;
    pr.equal_partner[j] = bernoulli(r_partner, pro.equal_partner_share);
  }
  s.waiting_list.clear();
  s.cumulative_cost = 0.0;
}

void admit_arrivals(ReplicateState& s, const Parameters& p, const StepContext& ctx) {
  auto& f = s.families;
  for (std::size_t k = 0; k < f.size(); ++k) {
    if (f.setting[k] != Setting::not_arrived || f.arrival_step[k] != static_cast<std::int32_t>(ctx.step)) continue;
    f.setting[k] = Setting::home;
    f.case_open[k] = 1;
    s.waiting_list.push_back(static_cast<std::int32_t>(k));
    if (p.mentor_search.enabled) f.mentor[k] = MentorStatus::searching;
    // A youth already at the exit age (or an observed family with no follow-up) leaves at once.
    if (f.exit_step[k] <= static_cast<std::int32_t>(ctx.step)) leave_follow_up(s, k, 0.0);
  }
}

}  // namespace jimsim
