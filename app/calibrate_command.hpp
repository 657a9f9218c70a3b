// `jimsim calibrate`: fit the free parameters of a calibration file to an observed cohort or to
// published figures, and write the posterior file.
#pragma once

#include <atomic>
#include <string>

#include "exec/mpi_executor.hpp"

namespace jimsim {

struct CalibrateCommand {
  std::string calibration_file;
  std::string cohort_file;   // --cohort
  std::string targets_file;  // --targets
  std::string output = "posterior.h5";
  int threads = 0;
  bool force = false;
  bool resume = false;
  bool quiet = false;
  std::string command_line;
  const std::atomic<bool>* cancel = nullptr;
  const MpiSession* mpi = nullptr;  // set when started by mpirun or srun: rank 0 runs the algorithm
};

// Returns the exit code; throws InputError / OutputError / RunCancelled.
int calibrate_command(const CalibrateCommand& command);

}  // namespace jimsim
