#include "app/sweep_command.hpp"

#include <cstdio>

#include "io/parameter_override.hpp"
#include "io/sweep_file.hpp"

namespace jimsim {

int sweep_command(const SweepCommand& command) {
  const SweepFile sweep = load_sweep(command.sweep_file);
  std::vector<ParameterOverride> overrides;
  for (const auto& assignment : command.overrides) overrides.push_back(parse_override(assignment));
  const RunPlan plan = sweep_plan(sweep, overrides);
  const bool worker_rank = command.execution.mpi != nullptr && command.execution.mpi->rank() > 0;
  if (command.check_only || (!command.execution.quiet && !worker_rank)) {
    std::printf("%s: %s design, %zu factors, %zu points x %d replicates = %zu units\n", command.sweep_file.c_str(),
                plan.design.kind.c_str(), plan.design.factors.size(), plan.points.size(), plan.replicates,
                plan.unit_count());
  }
  if (command.check_only) return 0;
  const auto summary = execute_plan(plan, command.execution);
  if (command.execution.mpi != nullptr && command.execution.mpi->rank() > 0) return 0;
  if (!command.execution.quiet) {
    if (summary.failed > 0) std::printf("%zu units failed: see /failures in the results file.\n", summary.failed);
    std::printf("Results written to %s; `jimsim sensitivity %s` shows which parameters matter.\n",
                command.execution.output.c_str(), command.execution.output.c_str());
  }
  return 0;
}

}  // namespace jimsim
