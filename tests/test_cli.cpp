// The jimsim executable end to end: exit codes, messages, and that bad input never leaves a results
// file behind or touches an existing one.
#include <catch2/catch.hpp>

#include <sys/wait.h>

#include <algorithm>
#include <fmt/format.h>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <unistd.h>

#include "sim/parameters.hpp"
#include "sim/replicate.hpp"
#include "io/results_file.hpp"
#include "io/scenario.hpp"
#include "tests/cli_testing.hpp"

namespace fs = std::filesystem;
using namespace jimsim;
using namespace jimsim::testing;

namespace {

const std::string small = "[intake]\ncohort_size = 40\n[simulation]\nhorizon_weeks = 30.0\n";

std::string read_bytes(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

TEST_CASE("jimsim params lists every parameter", "[cli]") {
  const auto r = jimsim_cli("params");
  CHECK(r.exit_code == 0);
  for (const auto& spec : parameter_specs()) CHECK_THAT(r.output, Catch::Contains(spec.key()));
  CHECK_THAT(jimsim_cli("params --format markdown").output, Catch::StartsWith("# jimsim parameters"));
  CHECK(jimsim_cli("params --format yaml").exit_code == 2);
}

TEST_CASE("jimsim --help and run --help explain themselves", "[cli]") {
  const auto top = jimsim_cli("--help");
  CHECK(top.exit_code == 0);
  CHECK_THAT(top.output, Catch::Contains("run") && Catch::Contains("params") && Catch::Contains("validate"));
  const auto run = jimsim_cli("run --help");
  CHECK(run.exit_code == 0);
  CHECK_THAT(run.output, Catch::Contains("--replicates") && Catch::Contains("--seed") && Catch::Contains("--threads") &&
                             Catch::Contains("--force"));
  CHECK(jimsim_cli("").exit_code == 2);
  CHECK(jimsim_cli("run").exit_code == 2);
  CHECK(jimsim_cli("frobnicate").exit_code == 2);
}

TEST_CASE("jimsim validate reports each bad file with its line and key", "[cli]") {
  TempDir dir;
  const auto good = dir.write("good.toml", small);
  const auto bad = dir.write("bad.toml", "[crisis]\nbase_hazrd = 0.1\n");
  CHECK(jimsim_cli("validate " + good.string()).exit_code == 0);
  const auto r = jimsim_cli("validate " + good.string() + " " + bad.string());
  CHECK(r.exit_code == 3);
  CHECK_THAT(r.output, Catch::Contains("bad.toml:2") && Catch::Contains("base_hazrd") && Catch::Contains("base_hazard"));
}

TEST_CASE("a file-size limit ends the run with a message and leaves no file", "[cli][errors]") {
  // Without SIGXFSZ ignored the process would be killed mid-write and leave its temporary file.
  TempDir dir;
  const auto scenario = dir.write("s.toml", "[intake]\ncohort_size = 400\n");
  const auto out = (dir.path / "results.h5").string();
  const auto r = jimsim_cli("run " + scenario.string() + " -o " + out + " -r 40 -q --families", "ulimit -f 64; ");
  CHECK(r.exit_code == 4);
  CHECK_THAT(r.output, Catch::Contains("results.h5") && Catch::Contains("File too large") &&
                           Catch::Contains("--resume"));
  CHECK_FALSE(fs::exists(out));
  // The scenario file and the journal of the units written before the limit; no temporary file.
  CHECK(dir.entries() == 2);
  CHECK(fs::exists(out + ".journal"));
}

TEST_CASE("bad input leaves no results file", "[cli][errors]") {
  TempDir dir;
  const auto good = dir.write("good.toml", small);
  const auto out = (dir.path / "results.h5").string();
  const std::vector<std::pair<std::string, std::string>> bad_files = {
      {"unknown key", "[intake]\ncohort_sise = 10\n"},
      {"wrong type", "[intake]\ncohort_size = \"many\"\n"},
      {"out of range", "[crisis]\nbase_hazard = -1.0\n"},
      {"missing base", "[scenario]\nbase = \"nowhere.toml\"\n"},
      {"syntax", "[intake\ncohort_size = 3\n"},
  };
  for (const auto& [what, text] : bad_files) {
    INFO(what);
    const auto file = dir.write("bad.toml", text);
    const auto r = jimsim_cli("run " + good.string() + " " + file.string() + " -o " + out + " -r 2 -q");
    CHECK(r.exit_code == 3);
    CHECK_THAT(r.output, Catch::Contains("bad.toml"));
    CHECK(std::count(r.output.begin(), r.output.end(), '\n') == 1);  // one line
    CHECK_FALSE(fs::exists(out));
    CHECK(dir.entries() == 2);  // the two scenario files, no temporary results
  }
  // Two scenarios of the same name cannot be told apart in the results.
  const auto twin = dir.path / "twin";
  fs::create_directories(twin);
  fs::copy_file(good, twin / "good.toml");
  const auto r = jimsim_cli("run " + good.string() + " " + (twin / "good.toml").string() + " -o " + out + " -q");
  CHECK(r.exit_code == 3);
  CHECK_THAT(r.output, Catch::Contains("used twice"));
  CHECK_FALSE(fs::exists(out));
  const auto absent = jimsim_cli("run " + (dir.path / "absent.toml").string() + " -o " + out);
  CHECK(absent.exit_code == 3);
  CHECK_THAT(absent.output, Catch::Contains("absent.toml"));
  CHECK_FALSE(fs::exists(out));
}

TEST_CASE("an existing results file is not overwritten without --force", "[cli][errors]") {
  TempDir dir;
  const auto good = dir.write("good.toml", small);
  const auto out = dir.write("results.h5", "precious");
  const auto r = jimsim_cli("run " + good.string() + " -o " + out.string() + " -r 2 -q");
  CHECK(r.exit_code == 4);
  CHECK_THAT(r.output, Catch::Contains("--force"));
  CHECK(read_bytes(out) == "precious");
  CHECK(jimsim_cli("run " + good.string() + " -o " + out.string() + " -r 2 -q --force").exit_code == 0);
  CHECK(read_bytes(out) != "precious");
  const auto unwritable = jimsim_cli("run " + good.string() + " -o " + (dir.path / "no/such/dir/r.h5").string() + " -q");
  CHECK(unwritable.exit_code == 4);
  CHECK_THAT(unwritable.output, Catch::Contains("no/such/dir"));
}

TEST_CASE("a run writes what the library computes, identically for any thread count", "[cli][reproducibility]") {
  TempDir dir;
  const auto jim = dir.write("jim.toml", small);
  const auto cau = dir.write("cau.toml", "[scenario]\nbase = \"jim.toml\"\n[mentor_search]\nenabled = false\n");
  const auto args = jim.string() + " " + cau.string() + " -r 5 -s 77 -q --families";
  REQUIRE(jimsim_cli("run " + args + " -t 1 -o " + (dir.path / "one.h5").string()).exit_code == 0);
  REQUIRE(jimsim_cli("run " + args + " -t 2 -o " + (dir.path / "two.h5").string()).exit_code == 0);
  // Same inputs and seed: the same results, whatever the thread count (the files differ only in
  // the recorded command line).
  const ResultsFile one = read_results(dir.path / "one.h5");
  const ResultsFile two = read_results(dir.path / "two.h5");
  REQUIRE(one.scenarios.size() == two.scenarios.size());
  for (std::size_t s = 0; s < one.scenarios.size(); ++s) {
    CHECK(one.scenarios[s].outcomes == two.scenarios[s].outcomes);
    for (std::size_t r = 0; r < one.scenarios[s].series.size(); ++r) {
      CHECK(one.scenarios[s].series[r].cumulative_cost == two.scenarios[s].series[r].cumulative_cost);
      CHECK(one.scenarios[s].series[r].in_residential == two.scenarios[s].series[r].in_residential);
    }
    CHECK(one.scenarios[s].families.size() == two.scenarios[s].families.size());
  }
  CHECK_THAT(one.run.command_line, Catch::Contains("-t 1"));

  const ResultsFile file = read_results(dir.path / "one.h5");
  CHECK(file.run.seed == 77);
  CHECK(file.run.replicates == 5);
  REQUIRE(file.scenarios.size() == 2);
  CHECK(file.scenarios[0].name == "jim");
  CHECK(file.scenarios[1].name == "cau");
  const Scenario loaded = load_scenario(cau);
  CHECK(file.scenarios[1].parameters == loaded.parameters);
  for (std::size_t s = 0; s < 2; ++s) {
    for (std::uint32_t r = 0; r < 5; ++r) {
      const auto expected = simulate_replicate(file.scenarios[s].parameters, 77, r, true);
      CHECK(file.scenarios[s].outcomes[r] == expected.outcomes);
      CHECK(file.scenarios[s].families[r].size() == expected.families.size());
    }
  }
}

TEST_CASE("an interrupted run leaves no results file, only the journal to resume from", "[cli][errors]") {
  TempDir dir;
  const auto good = dir.write("good.toml", small);
  const auto out = dir.path / "results.h5";
  const auto r = jimsim_cli("run " + good.string() + " -o " + out.string() + " -r 10000000 -q & pid=$!; sleep 0.5; "
                            "kill -INT $pid; wait $pid");
  CHECK(r.exit_code == 130);
  CHECK_THAT(r.output, Catch::Contains("interrupted") && Catch::Contains("--resume"));
  CHECK_FALSE(fs::exists(out));
  CHECK(dir.entries() == 2);  // the scenario file and the journal
  CHECK(fs::exists(dir.path / "results.h5.journal"));
}
