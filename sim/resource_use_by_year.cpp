#include "sim/resource_use_by_year.hpp"

#include <algorithm>
#include <cmath>

#include "sim/mapped_pages.hpp"
#include "sim/pricing.hpp"
#include "sim/processes/exit.hpp"
#include "sim/replicate.hpp"

namespace jimsim {
namespace {

// The counts that grow while a family is followed, and where its running value is kept: the step's
// own totals (state.hpp) or the record. Staff time is the family's own; idle staff time is added
// at the end (add_idle_staff).
#define JIMSIM_RUNNING_COUNTS(X)                                                                   \
  X(placements, f.record[k].placements)                                                            \
  X(residential_days, f.total_residential_days[k])                                                 \
  X(respite_days, f.total_respite_days[k])                                                         \
  X(parent_group_weeks, f.record[k].parent_group_weeks)                                            \
  X(basic_hours, f.staff_time[k].hours[0])                                                         \
  X(specialist_hours, f.staff_time[k].hours[1])                                                    \
  X(basic_fte_years, f.staff_time[k].fte_years[0])                                                 \
  X(specialist_fte_years, f.staff_time[k].fte_years[1])                                            \
  X(role_meetings, f.record[k].role_meetings)                                                      \
  X(mentor_expense_weeks, f.total_mentor_expense_weeks[k])

using RunningCounts = YearlyResourceUse::RunningCounts;

#define JIMSIM_ONE(field, value) +1
static_assert(std::tuple_size_v<RunningCounts> == 0 JIMSIM_RUNNING_COUNTS(JIMSIM_ONE), "one entry per running count");
#undef JIMSIM_ONE

RunningCounts running_counts(const Families& f, std::size_t k) {
#define JIMSIM_READ(field, value) value,
  return RunningCounts{JIMSIM_RUNNING_COUNTS(JIMSIM_READ)};
#undef JIMSIM_READ
}

// into += a + share (b - a), over the running counts.
void add_interpolated(ResourceUseYear& into, const RunningCounts& a, const RunningCounts& b, double share) {
  std::size_t i = 0;
#define JIMSIM_ADD(field, value) \
  into.field += a[i] + share * (b[i] - a[i]); \
  ++i;
  JIMSIM_RUNNING_COUNTS(JIMSIM_ADD)
#undef JIMSIM_ADD
}

// into += counts, over the running counts.
void add_counts(ResourceUseYear& into, const RunningCounts& counts) {
  std::size_t i = 0;
#define JIMSIM_ADD(field, value) into.field += counts[i++];
  JIMSIM_RUNNING_COUNTS(JIMSIM_ADD)
#undef JIMSIM_ADD
}

// year = end - start, over the running counts.
void set_difference(ResourceUseYear& year, const ResourceUseYear& end, const ResourceUseYear& start) {
#define JIMSIM_DIFFERENCE(field, value) year.field = end.field - start.field;
  JIMSIM_RUNNING_COUNTS(JIMSIM_DIFFERENCE)
#undef JIMSIM_DIFFERENCE
}

#undef JIMSIM_RUNNING_COUNTS

bool followed(const FamilyRecord& r) { return !std::isnan(r.follow_up_weeks); }

}  // namespace

void YearlyResourceUse::start(const Parameters& p, int steps) {
  dt_ = p.simulation.time_step_weeks;
  steps_ = steps;
  years_ = year_count(p);
  crossing_.clear();
  boundary_step_.assign(static_cast<std::size_t>(years_), 0);
  boundary_share_.assign(static_cast<std::size_t>(years_), 0.0);
  for (int y = 1; y < years_; ++y) {
    // The boundary at b weeks after intake falls in the step covering (m dt, (m + 1) dt].
    const double b = y * weeks_per_year;
    const int m = static_cast<int>(std::ceil(b / dt_ - 1e-9)) - 1;
    boundary_step_[static_cast<std::size_t>(y)] = m;
    boundary_share_[static_cast<std::size_t>(y)] = std::clamp((b - m * dt_) / dt_, 0.0, 1.0);
  }
  at_boundary_.assign(static_cast<std::size_t>(years_) + 1, ResourceUseYear{});
}

void YearlyResourceUse::before_step(const ReplicateState& s, int t) {
  crossing_.clear();
  // Exactly this step's crossings: at a region's size, growing by doubling would copy and fault in
  // twice what they need.
  std::size_t crossing = 0;
  for (int y = 1; y < years_; ++y) {
    const int intake = t - boundary_step_[static_cast<std::size_t>(y)];
    if (intake >= 0) crossing += s.arrivals.at(static_cast<std::uint32_t>(intake)).size();
  }
  reserve_mapped(crossing_, crossing);
  for (int y = 1; y < years_; ++y) {
    const int intake = t - boundary_step_[static_cast<std::size_t>(y)];
    if (intake < 0) continue;
    // The families taken in at that step (ReplicateState::arrivals); those taken in after the last
    // step cross nothing.
    for (const std::uint32_t k : s.arrivals.at(static_cast<std::uint32_t>(intake))) {
      crossing_.push_back({k, y, running_counts(s.families, k)});
    }
  }
}

void YearlyResourceUse::after_step(const ReplicateState& s, int /*t*/) {
  for (const Crossing& c : crossing_) {
    add_interpolated(at_boundary_[static_cast<std::size_t>(c.year)], c.before, running_counts(s.families, c.family),
                     boundary_share_[static_cast<std::size_t>(c.year)]);
  }
  crossing_.clear();
}

std::vector<ResourceUseYear> YearlyResourceUse::finish(const ReplicateState& s, const Parameters& p) const {
  const auto& f = s.families;
  const auto Y = static_cast<std::size_t>(years_);
  // A boundary the run ended before finds the family's final counts.
  std::vector<ResourceUseYear> at_boundary = at_boundary_;
  for (std::size_t k = 0; k < f.size(); ++k) {
    const RunningCounts final_counts = running_counts(f, k);
    add_counts(at_boundary[Y], final_counts);
    for (std::size_t y = 1; y < Y; ++y) {
      if (f.arrival_step[k] + boundary_step_[y] >= steps_) add_counts(at_boundary[y], final_counts);
    }
  }
  std::vector<ResourceUseYear> years(Y);
  for (std::size_t y = 0; y < Y; ++y) set_difference(years[y], at_boundary[y + 1], at_boundary[y]);

  for (const FamilyRecord& r : f.record) {
    if (!followed(r)) continue;
    years[0].professionals_trained += r.professionals_trained;
    for (std::size_t y = 0; y < Y; ++y) {
      const double start = static_cast<double>(y) * weeks_per_year;
      years[y].youths_followed += y == 0 || r.follow_up_weeks > start + 1e-9;
      const double weeks = r.follow_up_weeks - start;
      years[y].follow_up_weeks += y + 1 < Y ? std::clamp(weeks, 0.0, weeks_per_year) : std::max(weeks, 0.0);
    }
    if (!std::isnan(r.first_placement_week)) {
      const auto y = static_cast<std::size_t>(std::max(0.0, std::floor(r.first_placement_week / weeks_per_year)));
      years[std::min(y, Y - 1)].youths_first_placed += 1.0;
    }
  }
  add_idle_staff(years, s);
  for (auto& year : years) price(year, p.costs);
  return years;
}

void YearlyResourceUse::add_idle_staff(std::vector<ResourceUseYear>& years, const ReplicateState& s) const {
  // Idle staff are paid in calendar time: each step's idle FTE-years go in equal shares to the
  // families followed in that step, in the year since intake each is in. A step nobody is followed
  // in (before the first intake, after the last exit) counts as a start-up cost, in year 0. The
  // cohort's yearly staff time then adds up to the workforce's FTE over the year.
  const auto& records = s.families.record;
  const auto S = static_cast<std::size_t>(steps_);
  const auto span_of = [&](std::size_t k) {
    const auto a = static_cast<std::size_t>(std::max(0, s.families.arrival_step[k]));
    const double weeks = records[k].follow_up_weeks;
    if (!followed(records[k]) || a >= S) return std::pair{a, a};
    return std::pair{a, std::min(S, a + static_cast<std::size_t>(std::lround(std::max(weeks, 0.0) / dt_)))};
  };
  std::vector<double> followed_in_step(S + 1, 0.0);
  for (std::size_t k = 0; k < records.size(); ++k) {
    const auto [a, e] = span_of(k);
    if (e <= a) continue;
    followed_in_step[a] += 1.0;
    followed_in_step[e] -= 1.0;
  }
  for (std::size_t t = 1; t <= S; ++t) followed_in_step[t] += followed_in_step[t - 1];

  for (std::size_t kind = 0; kind < 2; ++kind) {
    const auto& idle = s.idle_fte_years_by_step[kind];
    std::vector<double> per_family(S, 0.0), before(S + 1, 0.0);  // before[t]: the sum over steps < t
    double unshared = 0.0;
    for (std::size_t t = 0; t < S; ++t) {
      const double step_idle = t < idle.size() ? idle[t] : 0.0;
      if (followed_in_step[t] > 0.0) per_family[t] = step_idle / followed_in_step[t];
      else unshared += step_idle;
      before[t + 1] = before[t] + per_family[t];
    }
    for (std::size_t t = S; t < idle.size(); ++t) unshared += idle[t];
    double& year_0 = kind == 0 ? years[0].basic_fte_years : years[0].specialist_fte_years;
    year_0 += unshared;
    for (std::size_t k = 0; k < records.size(); ++k) {
      const auto [a, e] = span_of(k);
      if (e <= a) continue;
      double counted = 0.0;
      for (std::size_t y = 0; y < years.size(); ++y) {
        double until = before[e] - before[a];
        if (y + 1 < years.size()) {
          const std::size_t b = a + static_cast<std::size_t>(boundary_step_[y + 1]);
          if (b < e) until = before[b] - before[a] + boundary_share_[y + 1] * per_family[b];
        }
        (kind == 0 ? years[y].basic_fte_years : years[y].specialist_fte_years) += until - counted;
        counted = until;
      }
    }
  }
}

}  // namespace jimsim
