#include "analysis/survival_estimators.hpp"

#include <algorithm>
#include <utility>
#include <vector>

namespace jimsim {
namespace {

// Walks the distinct event times up to `week` in order, calling `at_time(events of cause 1, of
// cause 2, youths at risk)`.
template <class AtTime>
void walk_event_times(const SortedFollowUps& youths, double week, AtTime at_time) {
  const std::vector<FollowUp>& sorted = youths.youths;
  std::size_t at_risk = sorted.size();
  std::size_t i = 0;
  while (i < sorted.size() && sorted[i].time <= week) {
    const double t = sorted[i].time;
    std::size_t events[3] = {0, 0, 0};
    std::size_t leaving = 0;
    for (; i < sorted.size() && sorted[i].time == t; ++i) {
      ++events[sorted[i].cause == 1 ? 1 : sorted[i].cause == 2 ? 2 : 0];
      ++leaving;
    }
    if (events[1] + events[2] > 0) at_time(events[1], events[2], at_risk);
    at_risk -= leaving;
  }
}

}  // namespace

SortedFollowUps sort_follow_ups(std::vector<FollowUp> youths) {
  // At one time, events sort before censorings, so a youth censored at t still counts at risk at t.
  // The order among youths alike in both does not matter: the walk only counts them.
  std::sort(youths.begin(), youths.end(), [](const FollowUp& a, const FollowUp& b) {
    if (a.time != b.time) return a.time < b.time;
    return (a.cause != 0) > (b.cause != 0);
  });
  return {std::move(youths)};
}

double kaplan_meier_survival(std::span<const FollowUp> youths, double week) {
  return kaplan_meier_survival(sort_follow_ups(std::vector<FollowUp>(youths.begin(), youths.end())), week);
}

double cumulative_incidence(std::span<const FollowUp> youths, int cause, double week) {
  return cumulative_incidence(sort_follow_ups(std::vector<FollowUp>(youths.begin(), youths.end())), cause, week);
}

double kaplan_meier_survival(const SortedFollowUps& youths, double week) {
  double survival = 1.0;
  walk_event_times(youths, week, [&](std::size_t d1, std::size_t d2, std::size_t at_risk) {
    survival *= 1.0 - static_cast<double>(d1 + d2) / static_cast<double>(at_risk);
  });
  return survival;
}

double cumulative_incidence(const SortedFollowUps& youths, int cause, double week) {
  double survival = 1.0, incidence = 0.0;
  walk_event_times(youths, week, [&](std::size_t d1, std::size_t d2, std::size_t at_risk) {
    const double n = static_cast<double>(at_risk);
    incidence += survival * static_cast<double>(cause == 1 ? d1 : d2) / n;
    survival *= 1.0 - static_cast<double>(d1 + d2) / n;
  });
  return incidence;
}

}  // namespace jimsim
