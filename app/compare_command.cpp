#include "app/compare_command.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fmt/format.h>
#include <fstream>

#include "analysis/comparison.hpp"
#include "analysis/comparison_file.hpp"
#include "sim/errors.hpp"
#include "io/results_file.hpp"

namespace jimsim {
namespace fs = std::filesystem;

namespace {

// Writes `text` to `path` through a temporary file, refusing to replace an existing file unless
// `force`.
void write_text_file(const fs::path& path, const std::string& text, bool force) {
  if (fs::exists(path) && !force) {
    throw OutputError(fmt::format("{} exists; use --force to overwrite it", path.string()));
  }
  const fs::path temporary = path.parent_path() / fmt::format(".{}.partial-{}", path.filename().string(), getpid());
  {
    std::ofstream out(temporary, std::ios::binary);
    out << text;
    out.close();
    if (!out) {
      std::error_code ignored;
      fs::remove(temporary, ignored);
      throw OutputError(fmt::format("{}: cannot write: {}", path.string(), std::strerror(errno)));
    }
  }
  std::error_code error;
  fs::rename(temporary, path, error);
  if (error) {
    fs::remove(temporary, error);
    throw OutputError(fmt::format("{}: cannot write: {}", path.string(), error.message()));
  }
}

}  // namespace

int compare_command(const CompareCommand& command) {
  const ResultsFile results = read_results(command.results_file);
  if (results.scenarios.empty()) throw InputError(fmt::format("{} holds no scenarios", command.results_file));
  const std::string baseline = command.baseline.empty() ? results.scenarios.front().name : command.baseline;
  const Comparison comparison = compare_scenarios(results, baseline);
  std::fputs(comparison_table_text(comparison, command.subgroups).c_str(), stdout);
  if (!command.csv.empty()) {
    write_text_file(command.csv, comparison_csv(comparison), command.force);
    std::printf("Comparison written to %s\n", command.csv.c_str());
  }
  if (command.write_into_results) {
    write_comparison(command.results_file, comparison);
    std::printf("Comparison stored in %s (group /comparison, baseline %s)\n", command.results_file.c_str(),
                baseline.c_str());
  }
  return 0;
}

}  // namespace jimsim
