// The MPI executor: the same results file from 1 and 3 ranks as from threads, for sweeps and
// scenario runs, and errors reported once with the right exit code. Built only when OpenMPI is
// found; more ranks than cores need --oversubscribe, and root needs OpenMPI's permission variables.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fmt/format.h>

#include "io/results_file.hpp"
#include "tests/cli_testing.hpp"
#include "tests/results_testing.hpp"

namespace fs = std::filesystem;
using namespace jimsim;
using namespace jimsim::testing;

namespace {

// OpenMPI's own allocations are not freed at exit: the leak checker of a sanitizer build would fail
// every rank for them.
// Lines jimsim printed (mpirun adds its own report of a non-zero exit).
std::size_t jimsim_lines(const std::string& output) {
  std::size_t n = 0;
  for (std::size_t at = output.find("jimsim:"); at != std::string::npos; at = output.find("jimsim:", at + 1)) ++n;
  return n;
}

const std::string mpi_environment =
    "export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMPI_MCA_btl=self,vader "
    "OMPI_MCA_rmaps_base_oversubscribe=1 ASAN_OPTIONS=detect_leaks=0; ";

Outcome mpirun(int ranks, const std::string& arguments) {
  return jimsim_cli(arguments, fmt::format("{}{} -n {} ", mpi_environment, JIMSIM_MPIRUN, ranks));
}

}  // namespace

TEST_CASE("1 and 3 MPI ranks write the file 1 and 2 threads write", "[mpi][cli]") {
  TempDir dir;
  dir.write("base.toml", "[intake]\ncohort_size = 40\n[simulation]\nhorizon_weeks = 26.0\n");
  const auto sweep = dir.write("s.toml", "[sweep]\nbase = \"base.toml\"\ndesign = \"latin_hypercube\"\nsamples = 12\n"
                                         "replicates = 4\nseries = true\n[vary]\ncrisis.base_hazard = { min = 0.02, max = 0.1 }\n");
  const auto threads = dir.path / "threads.h5";
  REQUIRE(jimsim_cli(fmt::format("sweep -q -t 2 {} -o {}", sweep.string(), threads.string())).exit_code == 0);
  const auto expected = read_results(threads);
  for (const int ranks : {1, 3}) {
    INFO(ranks << " ranks");
    const auto out = dir.path / fmt::format("ranks-{}.h5", ranks);
    const auto r = mpirun(ranks, fmt::format("sweep -q {} -o {}", sweep.string(), out.string()));
    INFO(r.output);
    REQUIRE(r.exit_code == 0);
    check_same_contents(read_results(out), expected);
  }

  // Scenario runs too, with --set.
  const auto a = dir.write("a.toml", "[intake]\ncohort_size = 30\n[simulation]\nhorizon_weeks = 20.0\n");
  const auto b = dir.write("b.toml", "[scenario]\nbase = \"a.toml\"\n[mentor_search]\nenabled = false\n");
  const std::string run = fmt::format("run -q -r 7 --set crisis.base_hazard=0.07 {} {}", a.string(), b.string());
  REQUIRE(jimsim_cli(fmt::format("{} -t 1 -o {}", run, (dir.path / "run-threads.h5").string())).exit_code == 0);
  const auto r = mpirun(3, fmt::format("{} -o {}", run, (dir.path / "run-ranks.h5").string()));
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  check_same_contents(read_results(dir.path / "run-ranks.h5"), read_results(dir.path / "run-threads.h5"));
}

TEST_CASE("under MPI, bad input and an existing output are reported once, with their exit codes", "[mpi][cli][errors]") {
  TempDir dir;
  const auto bad = dir.write("bad.toml", "[intake]\ncohort_sise = 10\n");
  const auto r = mpirun(3, fmt::format("run -q -r 2 {} -o {}", bad.string(), (dir.path / "o.h5").string()));
  CHECK(r.exit_code == 3);
  CHECK(jimsim_lines(r.output) == 1);
  CHECK_THAT(r.output, Catch::Contains("unknown key 'intake.cohort_sise'"));

  const auto good = dir.write("good.toml", "[intake]\ncohort_size = 10\n[simulation]\nhorizon_weeks = 10.0\n");
  dir.write("exists.h5", "precious");
  const auto e = mpirun(3, fmt::format("run -q -r 2 {} -o {}", good.string(), (dir.path / "exists.h5").string()));
  CHECK(e.exit_code == 4);
  CHECK_THAT(e.output, Catch::Contains("exists; use --force"));
  CHECK(jimsim_lines(e.output) == 1);
}

TEST_CASE("ranks that could not read the input, or built different plans, stop the job instead of hanging it",
          "[mpi][cli][errors]") {
  TempDir dir;
  const auto good = dir.write("good.toml", "[intake]\ncohort_size = 20\n[simulation]\nhorizon_weeks = 10.0\n");
  const auto out = dir.path / "o.h5";
  // Two programs in one job (MPMD): the second rank names a file that is not there.
  const std::string first_rank = fmt::format("{}timeout 60 {} -n 1 ", mpi_environment, JIMSIM_MPIRUN);
  const auto missing = jimsim_cli(fmt::format("run -q -r 4 {} -o {} : -n 1 {} run -q -r 4 {} -o {}", good.string(),
                                              out.string(), JIMSIM_BINARY, (dir.path / "missing.toml").string(),
                                              out.string()),
                                  first_rank);
  CHECK(missing.exit_code == 3);
  CHECK_THAT(missing.output, Catch::Contains("another rank of this MPI job could not read the input") &&
                                 Catch::Contains("missing.toml"));
  const auto seeds = jimsim_cli(fmt::format("run -q -r 4 -s 1 {} -o {} : -n 1 {} run -q -r 4 -s 2 {} -o {}", good.string(),
                                            out.string(), JIMSIM_BINARY, good.string(), out.string()),
                                first_rank);
  CHECK(seeds.exit_code == 3);
  CHECK_THAT(seeds.output, Catch::Contains("built different plans"));
  CHECK_FALSE(fs::exists(out));
}

TEST_CASE("a calibration on 1 and 3 MPI ranks writes the posterior file one thread writes", "[mpi][cli][calibration]") {
  TempDir dir;
  const auto cohort = dir.path / "cohort.csv";
  const std::string scenario = std::string(JIMSIM_SOURCE_DIR) + "/scenarios/jim.toml";
  REQUIRE(jimsim_cli(fmt::format("cohort {} -n 80 -s 3 --follow-up 26:52 -o {}", scenario, cohort.string())).exit_code == 0);
  const auto calibration = dir.write("calibration.toml", fmt::format(R"([calibration]
scenario = "{}"
particles = 40
max_generations = 3
predictive_draws = 10
statistics = ["mentor_found_share", "weeks_to_mentor_mean", "placement_free_survival"]
weeks = [26]
[free]
mentor_search.weekly_hazard = {{ prior = "uniform", min = 0.05, max = 1.0 }}
crisis.base_hazard = {{ prior = "log_normal", median = 0.05, sigma = 0.5 }}
)", scenario));
  const std::string calibrate = fmt::format("calibrate -q {} --cohort {}", calibration.string(), cohort.string());
  const auto threads = dir.path / "threads.h5";
  REQUIRE(jimsim_cli(fmt::format("{} -t 1 -o {}", calibrate, threads.string())).exit_code == 0);
  for (const int ranks : {1, 3}) {
    INFO(ranks << " ranks");
    const auto out = dir.path / fmt::format("ranks-{}.h5", ranks);
    const auto r = mpirun(ranks, fmt::format("{} -o {}", calibrate, out.string()));
    REQUIRE(r.exit_code == 0);
    const std::string same = fmt::format("/usr/bin/python3 {}/tests/same_hdf5_contents.py {} {} --ignore command_line",
                                         JIMSIM_SOURCE_DIR, threads.string(), out.string());
    CHECK(std::system(same.c_str()) == 0);
  }
  // An output that exists stops every rank, reported once.
  dir.write("exists.h5", "precious");
  const auto e = mpirun(3, fmt::format("{} -o {}", calibrate, (dir.path / "exists.h5").string()));
  CHECK(e.exit_code == 4);
  CHECK(jimsim_lines(e.output) == 1);
}
