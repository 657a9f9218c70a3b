// The client systems of one replicate as they are at intake: drawn by the intake process, or given
// explicitly (a researcher's observed cohort, for calibration).
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <vector>

#include "sim/parameters.hpp"

namespace jimsim {

struct Cohort {
  std::vector<double> arrival_week;       // weeks from the start of the run
  std::vector<double> age_years;          // at intake
  std::vector<double> severity;           // problem severity at intake
  std::vector<double> parental_capacity;  // 0..1
  std::vector<double> network_size;       // persons
  std::vector<std::uint8_t> joins_parent_group;
  std::vector<std::uint8_t> placement_indicated;  // referred with a residential placement indicated
  // Most weeks the family can be followed after intake (an observed cohort's follow-up); infinity
  // means until the horizon or the exit age.
  std::vector<double> max_follow_up_weeks;

  std::size_t size() const { return arrival_week.size(); }
  void resize(std::size_t n);
};

// Throws InputError when the columns differ in length or hold values outside their ranges.
void check_cohort(const Cohort& cohort, const Parameters& p);

}  // namespace jimsim
