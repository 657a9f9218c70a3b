// `jimsim run`: simulate scenarios and write a results file.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "app/execute_plan.hpp"
#include "plan/run_plan.hpp"

namespace jimsim {

struct RunCommand {
  std::vector<std::string> scenario_files;
  std::vector<std::string> overrides;  // --set group.key=value
  int replicates = 100;
  std::uint64_t seed = 1;
  bool family_records = false;
  std::string posterior;  // --posterior: a calibration's posterior file; one draw per replicate
  ExecutionOptions execution;
};

// The plan of a run of scenario files: one point per file, --set applied. Throws InputError.
RunPlan scenario_plan(const RunCommand& command);

// Returns the process exit code; throws InputError / OutputError for bad input or output.
int run_command(const RunCommand& command);

}  // namespace jimsim
