#include "analysis/survival_estimators.hpp"

#include <algorithm>
#include <vector>

namespace jimsim {
namespace {

// Walks the distinct event times up to `week` in order, calling `at_time(events of cause 1, of
// cause 2, youths at risk)`; the youths are sorted once.
template <class AtTime>
void walk_event_times(std::span<const FollowUp> youths, double week, AtTime at_time) {
  std::vector<FollowUp> sorted(youths.begin(), youths.end());
  // At one time, events sort before censorings, so a youth censored at t still counts at risk at t.
  std::sort(sorted.begin(), sorted.end(), [](const FollowUp& a, const FollowUp& b) {
    if (a.time != b.time) return a.time < b.time;
    return (a.cause != 0) > (b.cause != 0);
  });
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

double kaplan_meier_survival(std::span<const FollowUp> youths, double week) {
  double survival = 1.0;
  walk_event_times(youths, week, [&](std::size_t d1, std::size_t d2, std::size_t at_risk) {
    survival *= 1.0 - static_cast<double>(d1 + d2) / static_cast<double>(at_risk);
  });
  return survival;
}

double cumulative_incidence(std::span<const FollowUp> youths, int cause, double week) {
  double survival = 1.0, incidence = 0.0;
  walk_event_times(youths, week, [&](std::size_t d1, std::size_t d2, std::size_t at_risk) {
    const double n = static_cast<double>(at_risk);
    incidence += survival * static_cast<double>(cause == 1 ? d1 : d2) / n;
    survival *= 1.0 - static_cast<double>(d1 + d2) / n;
  });
  return incidence;
}

}  // namespace jimsim
