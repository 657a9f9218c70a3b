// `jimsim run`: simulate scenarios and write a results file.
#pragma once

#include <atomic>
#include <cstdint>
#include <string>
#include <vector>

namespace jimsim {

struct RunCommand {
  std::vector<std::string> scenario_files;
  std::vector<std::string> overrides;  // --set group.key=value
  std::string output = "results.h5";
  int replicates = 100;
  std::uint64_t seed = 1;
  int threads = 0;
  bool family_records = false;
  bool force = false;
  bool quiet = false;
  std::string command_line;
  const std::atomic<bool>* cancel = nullptr;  // set by the Ctrl-C handler
};

// Returns the process exit code; throws InputError / OutputError for bad input or output.
int run_command(const RunCommand& command);

}  // namespace jimsim
