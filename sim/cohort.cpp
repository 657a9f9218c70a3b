#include "sim/cohort.hpp"

#include <cmath>
#include <fmt/format.h>

#include "sim/errors.hpp"

namespace jimsim {

void Cohort::resize(std::size_t n) {
  arrival_week.resize(n);
  age_years.resize(n);
  severity.resize(n);
  parental_capacity.resize(n);
  network_size.resize(n);
  joins_parent_group.resize(n);
  placement_indicated.resize(n);
  max_follow_up_weeks.resize(n);
}

void check_cohort(const Cohort& c, const Parameters& p) {
  const std::size_t n = c.size();
  const auto check_length = [&](std::size_t length, const char* column) {
    if (length != n) {
      throw InputError(fmt::format("cohort column {} has {} values, arrival_week has {}", column, length, n));
    }
  };
  check_length(c.age_years.size(), "age_years");
  check_length(c.severity.size(), "severity");
  check_length(c.parental_capacity.size(), "parental_capacity");
  check_length(c.network_size.size(), "network_size");
  check_length(c.joins_parent_group.size(), "joins_parent_group");
  check_length(c.placement_indicated.size(), "placement_indicated");
  check_length(c.max_follow_up_weeks.size(), "max_follow_up_weeks");
  const auto check_range = [](double value, double lo, double hi, const char* column, std::size_t k) {
    if (!(value >= lo && value <= hi)) {
      throw InputError(fmt::format("cohort family {}: {} = {} is outside [{}, {}]", k, column, value, lo, hi));
    }
  };
  for (std::size_t k = 0; k < n; ++k) {
    check_range(c.arrival_week[k], 0.0, p.simulation.horizon_weeks, "arrival_week", k);
    check_range(c.age_years[k], 12.0, 23.0, "age_years", k);
    check_range(c.severity[k], 0.0, 100.0, "severity", k);
    check_range(c.parental_capacity[k], 0.0, 1.0, "parental_capacity", k);
    check_range(c.network_size[k], 0.0, 10000.0, "network_size", k);
    if (!(c.max_follow_up_weeks[k] >= 0.0)) {  // infinity allowed: followed to the horizon
      throw InputError(fmt::format("cohort family {}: max_follow_up_weeks = {} must be 0 or more", k,
                                   c.max_follow_up_weeks[k]));
    }
  }
}

}  // namespace jimsim
