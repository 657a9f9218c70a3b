// The errors jimsim reports to users. Library code throws; only the command-line front end turns an
// error into a message and an exit code.
#pragma once

#include <stdexcept>
#include <string>

namespace jimsim {

// Bad input: a scenario file, cohort file or results file that cannot be used as given. The message
// names the file, and the line and key where there is one.
class InputError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// An output that cannot or must not be written (exists without --force, unwritable directory).
class OutputError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace jimsim
