// Runs one small replicate through the installed model library and prints what it counted.
#include <cstddef>
#include <cstdio>

#include "sim/outcomes.hpp"
#include "sim/parameters.hpp"
#include "sim/replicate.hpp"
#include "sim/version.hpp"

int main() {
  jimsim::Parameters p;  // declared defaults
  p.intake.cohort_size = 120;
  const jimsim::ReplicateResult r = jimsim::simulate_replicate(p, /*seed*/ 7, /*replicate*/ 0, /*family records*/ false);
  const jimsim::Outcomes& all = r.outcomes[static_cast<std::size_t>(jimsim::Subgroup::all)];
  std::printf("jimsim %s\n", jimsim::program_version);
  std::printf("families %.0f\n", all.families);
  std::printf("placements %.0f\n", all.placements);
  return all.families == p.intake.cohort_size ? 0 : 1;
}
