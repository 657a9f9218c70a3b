// Censoring-aware estimators for follow-up records: Kaplan-Meier for the time to one event, and the
// Aalen-Johansen cumulative incidence when two events compete (a mentor named before a placement,
// or a placement before a mentor). A calibration computes them the same way on an observed cohort
// and on each simulated copy of it, so a youth followed for 30 weeks counts for 30 weeks in both.
#pragma once

#include <span>
#include <vector>

namespace jimsim {

// One youth's follow-up: `time` weeks after intake the youth had event `cause` (1 or 2), or was
// censored (cause 0) when follow-up ended.
struct FollowUp {
  double time = 0.0;
  int cause = 0;
};

// The youths in the order the estimators walk them: by time, events before censorings at the same
// time. Sorting once serves any number of estimates (a calibration takes each at several weeks).
struct SortedFollowUps {
  std::vector<FollowUp> youths;
};
SortedFollowUps sort_follow_ups(std::vector<FollowUp> youths);

// Kaplan-Meier share without an event (any cause) by `week`: the product over event times t <= week
// of (1 - events at t / youths still followed at t). Events at a time come before censorings at the
// same time, the usual convention. 1 for an empty sample.
double kaplan_meier_survival(std::span<const FollowUp> youths, double week);
double kaplan_meier_survival(const SortedFollowUps& youths, double week);

// Aalen-Johansen cumulative incidence of `cause` by `week`, the other cause competing: the sum over
// event times t <= week of S(t-) x (events of `cause` at t / youths still followed at t), S the
// Kaplan-Meier survival from both causes. 0 for an empty sample.
double cumulative_incidence(std::span<const FollowUp> youths, int cause, double week);
double cumulative_incidence(const SortedFollowUps& youths, int cause, double week);

}  // namespace jimsim
