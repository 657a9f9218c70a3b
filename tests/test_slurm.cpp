// A sweep split over a real Slurm job array (a one-machine cluster started by
// tests/slurm/with-slurm-cluster.sh) with the shipped batch script, merged: the single-process file.
// Skipped when Slurm and munge are not installed.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fmt/format.h>

#include "io/results_file.hpp"
#include "tests/cli_testing.hpp"
#include "tests/results_testing.hpp"

namespace fs = std::filesystem;
using namespace jimsim;
using namespace jimsim::testing;

TEST_CASE("a sweep run as a Slurm job array and merged equals a single-process run", "[slurm][cli]") {
  TempDir dir;
  dir.write("base.toml", "[intake]\ncohort_size = 40\n[simulation]\nhorizon_weeks = 26.0\n");
  const auto sweep = dir.write("s.toml", "[sweep]\nbase = \"base.toml\"\ndesign = \"latin_hypercube\"\nsamples = 9\n"
                                         "replicates = 3\n[vary]\ncrisis.base_hazard = { min = 0.02, max = 0.1 }\n");
  const fs::path source = JIMSIM_SOURCE_DIR;
  const std::string command = fmt::format(
      "cd {} && JIMSIM={} {} sbatch --wait --array=0-2 --export=ALL {} s.toml", dir.path.string(), JIMSIM_BINARY,
      (source / "tests" / "slurm" / "with-slurm-cluster.sh").string(), (source / "scripts" / "slurm" / "sweep-array.sh").string());
  const int status = std::system(fmt::format("({}) > {} 2>&1", command, (dir.path / "slurm.log").string()).c_str());
  if (WIFEXITED(status) && WEXITSTATUS(status) == 77) {
    WARN("skipped: Slurm cannot run here (not installed: apt-get install slurm-wlm munge; or no cgroup "
         "filesystem for slurmd): see slurm.log");
    return;
  }
  INFO(command);
  REQUIRE(status == 0);
  for (int i = 0; i < 3; ++i) CHECK(fs::exists(dir.path / "shards" / fmt::format("part-{}.h5", i)));
  const auto merged = dir.path / "merged.h5";
  REQUIRE(jimsim_cli(fmt::format("merge {0}/shards/part-0.h5 {0}/shards/part-1.h5 {0}/shards/part-2.h5 -o {1}",
                                 dir.path.string(), merged.string()))
              .exit_code == 0);
  const auto single = dir.path / "single.h5";
  REQUIRE(jimsim_cli(fmt::format("sweep -q {} -o {}", sweep.string(), single.string())).exit_code == 0);
  check_same_contents(read_results(merged), read_results(single));
}
