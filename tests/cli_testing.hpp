// Running the jimsim executable from tests: its exit code and output, in a fresh directory.
#pragma once

#include <catch2/catch.hpp>

#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <string>

namespace jimsim::testing {

struct Outcome {
  int exit_code;
  std::string output;  // stdout and stderr together
};

// Runs `jimsim ARGUMENTS` through the shell (so ARGUMENTS may continue with more shell), after the
// shell commands `before` (e.g. a ulimit) in the same subshell.
inline Outcome jimsim_cli(const std::string& arguments, const std::string& before = "") {
  const std::string command = fmt::format("({}{} {}) 2>&1", before, JIMSIM_BINARY, arguments);
  FILE* pipe = popen(command.c_str(), "r");
  REQUIRE(pipe != nullptr);
  std::string output;
  char buffer[4096];
  while (const std::size_t n = std::fread(buffer, 1, sizeof buffer, pipe)) output.append(buffer, n);
  const int status = pclose(pipe);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, output};
}

// A fresh directory per test, removed afterwards.
struct TempDir {
  std::filesystem::path path;
  TempDir() {
    path = std::filesystem::temp_directory_path() / fmt::format("jimsim_cli_{}_{}", getpid(), counter()++);
    std::filesystem::create_directories(path);
  }
  ~TempDir() { std::filesystem::remove_all(path); }
  static int& counter() {
    static int n = 0;
    return n;
  }
  std::filesystem::path write(const std::string& name, const std::string& text) const {
    std::ofstream(path / name) << text;
    return path / name;
  }
  std::size_t entries() const {
    return static_cast<std::size_t>(std::distance(std::filesystem::directory_iterator(path), {}));
  }
};

}  // namespace jimsim::testing
