#include "analysis/calibration_statistics.hpp"

#include <algorithm>
#include <cmath>
#include <optional>
#include <utility>
#include <vector>

#include "analysis/survival_estimators.hpp"
#include "sim/result_fields.hpp"

namespace jimsim {
namespace {

bool known(double v) { return !std::isnan(v); }

// A youth's time to `first` (1) or to a competing `second` event (2), censored at the end of
// follow-up; false when an outcome this needs is unknown.
bool follow_up_of(const ObservedCohort& c, std::size_t k, bool mentor_first, FollowUp& out) {
  const double end = c.follow_up_weeks[k];
  const double mentor = c.mentor_found[k] == 1.0 ? c.mentor_week[k] : INFINITY;
  const double placement = c.placed[k] == 1.0 ? c.placement_week[k] : INFINITY;
  if (mentor_first) {
    if (!known(c.mentor_found[k]) || !known(c.placed[k])) return false;
    // A mentor named the week of the placement counts as a mentor: the safety net was there.
    if (mentor <= placement && mentor <= end) {
      out = {mentor, 1};
    } else if (placement < mentor && placement <= end) {
      out = {placement, 2};
    } else {
      out = {end, 0};
    }
  } else {
    if (!known(c.placed[k])) return false;
    out = placement <= end ? FollowUp{placement, 1} : FollowUp{end, 0};
  }
  return true;
}

// The youths a statistic takes: the first `spec.youths`, or all.
std::size_t youths_counted(const StatisticSpec& spec, const ObservedCohort& c) {
  return spec.youths > 0 ? std::min(spec.youths, c.size()) : c.size();
}

// The youths' follow-ups for the time to a mentor (competing with a placement) or to a placement,
// sorted once for every statistic of that kind.
class FollowUpsByKind {
 public:
  FollowUpsByKind(const ObservedCohort& c, std::size_t n) : cohort_(c), n_(n) {}
  const SortedFollowUps& of(bool mentor) {
    std::optional<SortedFollowUps>& kept = sorted_[mentor ? 1 : 0];
    if (!kept) {
      std::vector<FollowUp> youths;
      youths.reserve(n_);
      for (std::size_t k = 0; k < n_; ++k) {
        FollowUp f;
        if (follow_up_of(cohort_, k, mentor, f)) youths.push_back(f);
      }
      kept = sort_follow_ups(std::move(youths));
    }
    return *kept;
  }

 private:
  const ObservedCohort& cohort_;
  std::size_t n_;
  std::optional<SortedFollowUps> sorted_[2];
};

double statistic_of(const StatisticSpec& spec, const ObservedCohort& c, std::span<const FamilyRecord> families,
                    FollowUpsByKind& follow_ups) {
  const std::size_t n = youths_counted(spec, c);
  double sum = 0.0;
  std::size_t count = 0;
  const auto share_of = [&](auto counts, auto is_one) {
    for (std::size_t k = 0; k < n; ++k) {
      if (!counts(k)) continue;
      ++count;
      sum += is_one(k) ? 1.0 : 0.0;
    }
    return count > 0 ? sum / static_cast<double>(count) : std::numeric_limits<double>::quiet_NaN();
  };
  switch (spec.kind) {
    case StatisticKind::mentor_found_share:
      return share_of([&](std::size_t k) { return known(c.mentor_found[k]); },
                      [&](std::size_t k) { return c.mentor_found[k] == 1.0; });
    case StatisticKind::placed_share:
      return share_of([&](std::size_t k) { return known(c.placed[k]); }, [&](std::size_t k) { return c.placed[k] == 1.0; });
    case StatisticKind::mentor_involved_share:
      return share_of([&](std::size_t k) { return c.mentor_found[k] == 1.0 && known(c.mentor_involved_at_end[k]); },
                      [&](std::size_t k) { return c.mentor_involved_at_end[k] == 1.0; });
    case StatisticKind::weeks_to_mentor_mean:
      for (std::size_t k = 0; k < n; ++k) {
        if (c.mentor_found[k] == 1.0 && known(c.mentor_week[k])) {
          sum += c.mentor_week[k];
          ++count;
        }
      }
      return count > 0 ? sum / static_cast<double>(count) : std::numeric_limits<double>::quiet_NaN();
    case StatisticKind::mentor_found_by_week:
    case StatisticKind::placement_free_survival: {
      const bool mentor = spec.kind == StatisticKind::mentor_found_by_week;
      const SortedFollowUps& youths = follow_ups.of(mentor);
      if (youths.youths.empty()) return std::numeric_limits<double>::quiet_NaN();
      return mentor ? cumulative_incidence(youths, 1, spec.week) : kaplan_meier_survival(youths, spec.week);
    }
    case StatisticKind::mean_per_youth: {
      if (families.size() < n) return std::numeric_limits<double>::quiet_NaN();
      const DoubleField& field = family_fields[static_cast<std::size_t>(spec.family_field)];
      for (std::size_t k = 0; k < n; ++k) {
        const double v = *reinterpret_cast<const double*>(reinterpret_cast<const char*>(&families[k]) + field.offset);
        if (!known(v)) continue;
        sum += v;
        ++count;
      }
      return count > 0 ? sum / static_cast<double>(count) : std::numeric_limits<double>::quiet_NaN();
    }
  }
  return std::numeric_limits<double>::quiet_NaN();
}

}  // namespace

double compute_statistic(const StatisticSpec& spec, const ObservedCohort& youths, std::span<const FamilyRecord> families) {
  return compute_statistics(std::span(&spec, 1), youths, families).front();
}

std::vector<double> compute_statistics(std::span<const StatisticSpec> specs, const ObservedCohort& youths,
                                       std::span<const FamilyRecord> families) {
  std::vector<double> values;
  values.reserve(specs.size());
  // The follow-ups depend only on how many youths a statistic takes: those of equal counts are shared.
  std::vector<std::pair<std::size_t, FollowUpsByKind>> follow_ups;
  follow_ups.reserve(specs.size());
  for (const StatisticSpec& spec : specs) {
    const std::size_t n = youths_counted(spec, youths);
    auto at = std::find_if(follow_ups.begin(), follow_ups.end(), [&](const auto& entry) { return entry.first == n; });
    if (at == follow_ups.end()) {
      follow_ups.emplace_back(n, FollowUpsByKind(youths, n));
      at = follow_ups.end() - 1;
    }
    values.push_back(statistic_of(spec, youths, families, at->second));
  }
  return values;
}

void mirror_unknowns(ObservedCohort& simulated, const ObservedCohort& observed) {
  const std::size_t n = std::min(simulated.size(), observed.size());
  const double nan = std::numeric_limits<double>::quiet_NaN();
  for (std::size_t k = 0; k < n; ++k) {
    if (!known(observed.mentor_found[k])) simulated.mentor_found[k] = simulated.mentor_week[k] = nan;
    // For a youth without a mentor the involvement is not unknown but does not apply.
    if (observed.mentor_found[k] == 1.0 && !known(observed.mentor_involved_at_end[k])) {
      simulated.mentor_involved_at_end[k] = nan;
    }
    if (!known(observed.placed[k])) simulated.placed[k] = simulated.placement_week[k] = nan;
  }
}

}  // namespace jimsim
