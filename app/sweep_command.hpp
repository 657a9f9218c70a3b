// `jimsim sweep`: run the points of a sweep file's design and write one results file.
#pragma once

#include <string>
#include <vector>

#include "app/execute_plan.hpp"

namespace jimsim {

struct SweepCommand {
  std::string sweep_file;
  std::vector<std::string> overrides;  // --set group.key=value, applied to the base scenario
  bool check_only = false;             // --check: validate and describe the plan, run nothing
  ExecutionOptions execution;
};

// Returns the process exit code; throws InputError / OutputError for bad input or output.
int sweep_command(const SweepCommand& command);

}  // namespace jimsim
