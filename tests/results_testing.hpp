// Results made by hand for the comparison tests, and comparing two results files by content: what
// resumed, merged, MPI and threaded runs of one plan must agree on (the command line may differ).
#pragma once

#include <catch2/catch.hpp>

#include "io/results_file.hpp"

namespace jimsim::testing {

// A scenario whose replicate r has 100 families, `placed[r]` of them placed (all followed a year)
// and total cost `cost[r]`, in every subgroup alike.
inline ScenarioResults scenario(const std::string& name, const std::vector<double>& placed, const std::vector<double>& cost) {
  ScenarioResults s;
  s.name = name;
  for (std::size_t r = 0; r < placed.size(); ++r) {
    Outcomes o;
    o.families = 100;
    o.placed = placed[r];
    o.cost_total = cost[r];
    o.followed_52_weeks = 100;
    o.placed_within_52_weeks = placed[r];
    std::array<Outcomes, subgroup_count> groups;
    groups.fill(o);
    s.outcomes.push_back(groups);
  }
  return s;
}

inline void check_same_contents(const ResultsFile& a, const ResultsFile& b) {
  CHECK(a.run.plan_fingerprint == b.run.plan_fingerprint);
  CHECK(a.run.units_done == b.run.units_done);
  REQUIRE(a.scenarios.size() == b.scenarios.size());
  for (std::size_t p = 0; p < a.scenarios.size(); ++p) {
    INFO("point " << p);
    CHECK(a.scenarios[p].name == b.scenarios[p].name);
    CHECK(a.scenarios[p].parameters == b.scenarios[p].parameters);
    CHECK(a.scenarios[p].unit_status == b.scenarios[p].unit_status);
    CHECK(a.scenarios[p].outcomes == b.scenarios[p].outcomes);
    CHECK(a.scenarios[p].by_year == b.scenarios[p].by_year);
    REQUIRE(a.scenarios[p].series.size() == b.scenarios[p].series.size());
    for (std::size_t r = 0; r < a.scenarios[p].series.size(); ++r) {
#define JIMSIM_TEST_SAME_SERIES(name, unit, meaning) CHECK(a.scenarios[p].series[r].name == b.scenarios[p].series[r].name);
      JIMSIM_SERIES_FIELDS(JIMSIM_TEST_SAME_SERIES)
#undef JIMSIM_TEST_SAME_SERIES
    }
    REQUIRE(a.scenarios[p].families.size() == b.scenarios[p].families.size());
    for (std::size_t r = 0; r < a.scenarios[p].families.size(); ++r) {
      REQUIRE(a.scenarios[p].families[r].size() == b.scenarios[p].families[r].size());
      for (std::size_t k = 0; k < a.scenarios[p].families[r].size(); ++k) {
        CHECK(a.scenarios[p].families[r][k].residential_days == b.scenarios[p].families[r][k].residential_days);
        CHECK(a.scenarios[p].families[r][k].crises == b.scenarios[p].families[r][k].crises);
      }
    }
  }
}

}  // namespace jimsim::testing
