#include "app/cohort_command.hpp"

#include <cstdio>
#include <fmt/format.h>

#include "io/cohort_csv.hpp"
#include "io/scenario.hpp"
#include "sim/errors.hpp"

namespace jimsim {

int cohort_command(const CohortCommand& command) {
  SyntheticCohortSpec spec = command.spec;
  char end = 0;
  if (std::sscanf(command.follow_up.c_str(), "%lf:%lf%c", &spec.follow_up_min_weeks, &spec.follow_up_max_weeks, &end) != 2) {
    throw InputError(fmt::format("--follow-up {}: expected MIN:MAX weeks, e.g. 26:104", command.follow_up));
  }
  const Scenario scenario = load_scenario(command.scenario_file);
  const ObservedCohort cohort = synthesize_cohort(scenario.parameters, spec, command.seed);
  write_cohort_csv(cohort, command.output, command.force);
  std::size_t mentors = 0, placed = 0;
  for (std::size_t k = 0; k < cohort.size(); ++k) {
    mentors += cohort.mentor_found[k] == 1.0 ? 1 : 0;
    placed += cohort.placed[k] == 1.0 ? 1 : 0;
  }
  std::printf("%zu synthetic youths of scenario %s (seed %llu): %zu named a mentor, %zu were placed; written to %s\n",
              cohort.size(), scenario.name.c_str(), static_cast<unsigned long long>(command.seed), mentors, placed,
              command.output.c_str());
  return 0;
}

}  // namespace jimsim
