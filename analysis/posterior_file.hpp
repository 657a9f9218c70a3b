// The posterior file a calibration ends with (format "jimsim posterior", docs/posterior-format.md):
// every generation's particles, the posterior summary, the correlation between free parameters, the
// statistics matched and the posterior predictive check, with the resolved inputs. Tables are groups
// of columns, so h5py, pandas, xarray and R read it without jimsim. It holds aggregates only: nothing
// of an individual youth (no ids, no records) is ever written.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace jimsim {

struct CalibrationPlan;
struct CalibrationOutcome;

// Layout version of posterior files; read_posterior() reads only this one.
inline constexpr std::int32_t posterior_format_version = 1;

// What the file records about the run besides the plan and the outcome.
struct PosteriorFileInfo {
  std::string program_version;
  std::string fingerprint;     // calibration_fingerprint(plan, program_version)
  std::string command_line;
  std::string evidence_kind;   // "cohort" or "targets"
  std::string evidence_name;   // the cohort or targets file's name, without its directory
  std::size_t youths = 0;      // the cohort's size, or the largest count of youths of a target
};

// Writes the posterior file under a temporary name and renames it into place (io/atomic_file.hpp).
// An existing file is refused unless `overwrite`. Throws OutputError naming the file when it cannot
// be written (full disk, file-size limit); no half-written file remains.
void write_posterior_file(const std::filesystem::path& file, const CalibrationPlan& plan,
                          const CalibrationOutcome& outcome, const PosteriorFileInfo& info, bool overwrite);

// What `run --posterior` needs from a posterior file: the final generation's particles.
struct Posterior {
  std::vector<std::string> keys;               // free parameters, in plan order
  std::vector<std::vector<double>> particles;  // per particle, one value per key
  std::vector<double> weights;                 // per particle, normalised
  std::string fingerprint;
  std::string calibration_name;
};

// Reads the final generation of a posterior file. Throws InputError naming the file for a file that
// is missing, not HDF5, not a jimsim posterior file, of another format version, or damaged.
Posterior read_posterior(const std::filesystem::path& file);

}  // namespace jimsim
