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
#include "io/atomic_file.hpp"
#include "io/results_file.hpp"

namespace jimsim {
namespace fs = std::filesystem;

namespace {

// Writes `text` to `path` through a temporary file, refusing to replace an existing file unless
// `force`.
void write_text_file(const fs::path& path, const std::string& text, bool force) {
  AtomicFile out(path, force);
  std::ofstream stream(out.temporary(), std::ios::binary);
  stream << text;
  stream.close();
  if (!stream) throw OutputError(fmt::format("{}: cannot write: {}", path.string(), std::strerror(errno)));
  out.commit();
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
