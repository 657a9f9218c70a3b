// From the state of a running replicate to its results: the weekly time series, the placement-free
// survival curve and the outcome totals per subgroup.
#pragma once

#include <array>
#include <vector>

#include "sim/outcomes.hpp"
#include "sim/pricing.hpp"
#include "sim/state.hpp"

namespace jimsim {

class WeeklyRecorder {
 public:
  explicit WeeklyRecorder(int steps);
  // Records the state at the end of step `t`.
  void record(const ReplicateState& s, int t);
  // The series, with the Kaplan-Meier placement-free curve computed from the finished records.
  TimeSeries finish(const std::vector<FamilyRecord>& families, double dt);

 private:
  TimeSeries series_;
};

// Kaplan-Meier estimate of the share never placed, by steps since intake: entry i is the share
// still never placed at the end of step i after intake; NaN once nobody is followed that long.
std::vector<double> placement_free_survival(const std::vector<FamilyRecord>& families, double dt, int steps);

// Which subgroups a family belongs to besides `all`: its age band, its severity tertile and its
// intake status (at risk, or placement indicated).
std::vector<std::array<Subgroup, 4>> subgroup_membership(const std::vector<FamilyRecord>& families);

// Outcome totals per subgroup from the family records of one replicate, costs priced from the
// totalled counts. Families whose intake fell after the horizon (follow_up_weeks NaN) are left out.
std::array<Outcomes, subgroup_count> summarise_families(const std::vector<FamilyRecord>& families,
                                                        const Prices& prices);

}  // namespace jimsim
