// Scenario files: TOML, one table per parameter group, and an optional base scenario that a policy
// variant extends so it is a short diff.
//
//   [scenario]
//   name = "jim-more-mentor-support"          # optional; defaults to the file name without .toml
//   description = "JIM with twice the professional support to mentors"
//   base = "jim.toml"                         # optional; relative to this file
//
//   [professionals]
//   mentor_support_share = 0.3
//
// Values not set in the file or its bases keep their declared defaults (sim/parameters.hpp).
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "sim/parameters.hpp"

namespace jimsim {

struct Scenario {
  std::string name;
  std::string description;
  std::filesystem::path file;                       // as given by the user
  std::vector<std::filesystem::path> inheritance;   // the file and its bases, base-most first
  std::string source_text;     // every file in `inheritance`, verbatim, each after a "# file:" line
  Parameters parameters;       // fully resolved
};

// Reads, resolves and validates a scenario file. Throws InputError naming the file, line and key for
// an unreadable file, a TOML syntax error, an unknown group or key (with the nearest valid name), a
// value of the wrong type or out of range, an inconsistent set of values, or a missing or cyclic
// base scenario.
Scenario load_scenario(const std::filesystem::path& file);


}  // namespace jimsim
