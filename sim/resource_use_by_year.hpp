// Resource use of the cohort by year since intake (ResourceUseYear, sim/outcomes.hpp), gathered while
// a replicate runs. A family's year y ends y + 1 years after its own intake, usually inside a time
// step; that step's increment of each count is split in proportion to the time on either side, so
// the split does not depend on the time step.
//
// Keeping counts per family and year would add to every family's work in every step. Instead the
// families are bucketed by intake step: in each step only those whose boundary falls in it are
// looked at, their running counts read before and after the step and interpolated to the boundary.
// The cohort's counts at each boundary, differenced, are the years.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "sim/outcomes.hpp"
#include "sim/parameters.hpp"
#include "sim/state.hpp"

namespace jimsim {

class YearlyResourceUse {
 public:
  // The counts that grow while a family is followed, in the order resource_use_by_year.cpp lists
  // them: only these, not a whole ResourceUseYear, since a region's whole cohort can cross at once.
  using RunningCounts = std::array<double, 10>;

  // For a run of `steps` steps; the replicate's families come by intake step from its `arrivals`.
  YearlyResourceUse(const Parameters& p, int steps) { start(p, steps); }
  YearlyResourceUse() = default;

  // Starts again for another run, as if new, keeping the memory of the step's crossings (a
  // region's whole cohort crosses a year boundary in the same step: megabytes, which a thread
  // running replicate after replicate maps and zeroes once).
  void start(const Parameters& p, int steps);

  // Around step t: the running counts of the families whose year boundary falls in it.
  void before_step(const ReplicateState& s, int t);
  void after_step(const ReplicateState& s, int t);

  // After the run, once follow-up has ended for everyone and the shared items are shared
  // (share_fixed_costs): year_count(p) years, priced with p.costs.
  std::vector<ResourceUseYear> finish(const ReplicateState& s, const Parameters& p) const;

 private:
  struct Crossing {
    std::uint32_t family;
    int year;               // the boundary: the end of year `year` - 1
    RunningCounts before;   // at the start of the step
  };

  // Idle staff time, shared in each step over the families followed in it, by year since intake.
  void add_idle_staff(std::vector<ResourceUseYear>& years, const ReplicateState& s) const;

  double dt_ = 1.0;
  int steps_ = 0;
  int years_ = 1;
  std::vector<int> boundary_step_;      // [year]: steps since intake of the step holding its start
  std::vector<double> boundary_share_;  // [year]: share of that step before the boundary
  std::vector<Crossing> crossing_;                // this step's
  std::vector<ResourceUseYear> at_boundary_;      // [year]: the cohort's counts at its start
};

}  // namespace jimsim
