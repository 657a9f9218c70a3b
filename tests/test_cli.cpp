// The jimsim executable end to end: exit codes, messages, and that bad input never leaves a results
// file behind or touches an existing one.
#include <catch2/catch.hpp>

#include <sys/wait.h>

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>
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
  // Interrupted once its journal exists (a fixed delay can end before start-up on a loaded machine).
  const auto r = jimsim_cli("run " + good.string() + " -o " + out.string() + " -r 10000000 -q & pid=$!; for i in "
                            "$(seq 2000); do [ -s " + out.string() + ".journal ] && break; sleep 0.01; done; sleep 0.2; "
                            "kill -INT $pid; wait $pid");
  CHECK(r.exit_code == 130);
  CHECK_THAT(r.output, Catch::Contains("interrupted") && Catch::Contains("--resume"));
  CHECK_FALSE(fs::exists(out));
  CHECK(dir.entries() == 2);  // the scenario file and the journal
  CHECK(fs::exists(dir.path / "results.h5.journal"));
}

TEST_CASE("a mistyped command or option is named with the nearest one", "[cli]") {
  const auto command = jimsim_cli("rnu x.toml");
  CHECK(command.exit_code == 2);
  CHECK_THAT(command.output, Catch::Contains("unknown command 'rnu'; did you mean 'run'?"));
  const auto option = jimsim_cli("run --replicate 5 x.toml");
  CHECK(option.exit_code == 2);
  CHECK_THAT(option.output, Catch::Contains("jimsim run: unknown option '--replicate'; did you mean '--replicates'?"));
  const auto attached = jimsim_cli("compare results.h5 --no-stor");
  CHECK(attached.exit_code == 2);
  CHECK_THAT(attached.output, Catch::Contains("did you mean '--no-store'?"));
  const auto far = jimsim_cli("frobnicate");
  CHECK(far.exit_code == 2);
  CHECK_THAT(far.output, Catch::Contains("unknown command 'frobnicate'; the commands are run, "));
  // Nothing close: CLI11's own message.
  const auto stray = jimsim_cli("run x.toml --colour");
  CHECK(stray.exit_code == 2);
  CHECK_THAT(stray.output, Catch::Contains("--colour") && !Catch::Contains("did you mean"));
}

TEST_CASE("a seed must be a whole number from 0 to 2^64-1", "[cli][errors]") {
  TempDir dir;
  const auto good = dir.write("good.toml", small);
  const auto out = (dir.path / "results.h5").string();
  for (const std::string seed : {"-5", "--seed=-1", "18446744073709551616", "99999999999999999999999", "abc", "1.5",
                                 "+3", "0x10", "''", "' 7'"}) {
    INFO(seed);
    const std::string option = seed.starts_with("--") ? seed : "-s " + seed;
    for (const std::string& command : {"run " + good.string() + " -o " + out + " -r 2 -q",
                                      "cohort " + good.string() + " -o " + (dir.path / "c.csv").string() + " -n 5"}) {
      const auto r = jimsim_cli(command + " " + option);
      CHECK(r.exit_code == 2);
      CHECK_THAT(r.output, Catch::Contains("--seed") && Catch::Contains("from 0 to 18446744073709551615"));
    }
    CHECK(dir.entries() == 1);  // nothing written
  }
  REQUIRE(jimsim_cli("run " + good.string() + " -o " + out + " -r 2 -q -s 18446744073709551615").exit_code == 0);
  CHECK(read_results(out).run.seed == 18446744073709551615ULL);
  CHECK(jimsim_cli("cohort " + good.string() + " -o " + (dir.path / "c.csv").string() + " -n 5 -s 0").exit_code == 0);
}

TEST_CASE("jimsim --version names the commit or says that none was known", "[cli]") {
  const auto r = jimsim_cli("--version");
  CHECK(r.exit_code == 0);
  // "jimsim 0.1.0 (commit 1234abcd5678)", with ", uncommitted changes hash ..." or "commit unknown: ..."
  CHECK_THAT(r.output, Catch::StartsWith("jimsim ") && Catch::Contains(" (commit "));
}

TEST_CASE("compare says when it cannot store the comparison, after printing it", "[cli][errors]") {
  TempDir dir;
  const auto jim = dir.write("jim.toml", small);
  const auto cau = dir.write("cau.toml", "[scenario]\nbase = \"jim.toml\"\n[mentor_search]\nenabled = false\n");
  const auto sub = dir.path / "sub";
  fs::create_directories(sub);
  const auto results = sub / "results.h5";
  REQUIRE(jimsim_cli("run " + jim.string() + " " + cau.string() + " -r 3 -q -o " + results.string()).exit_code == 0);
  const std::string before = read_bytes(results);
  const auto not_stored = [&](const jimsim::testing::Outcome& r, const std::string& why) {
    CHECK(r.exit_code == 4);
    CHECK_THAT(r.output, Catch::Contains("mean paired difference"));  // the comparison was printed
    CHECK_THAT(r.output, Catch::Contains("results.h5: " + why) && Catch::Contains("printed above but not stored") &&
                             Catch::Contains("--no-store"));
    CHECK_THAT(r.output, !Catch::Contains("HDF5") && !Catch::Contains("Comparison stored"));
    CHECK(read_bytes(results) == before);
    CHECK(std::distance(fs::directory_iterator(sub), {}) == 1);  // no copy left beside it
  };

  SECTION("a failed update: the file-size limit stops the copy (as for root too)") {
    not_stored(jimsim_cli("compare " + results.string(), "ulimit -f 1; "), "cannot update the results file");
  }
  SECTION("a read-only file, or a file in a read-only directory") {
    // Permissions do not stop root: as root, compare runs as the unprivileged user nobody.
    std::string as_user;
    if (geteuid() == 0) {
      as_user = "setpriv --reuid=65534 --regid=65534 --clear-groups ";
      if (jimsim_cli("--version", as_user).exit_code != 0) {
        WARN("cannot run jimsim as user nobody (setpriv missing, or the build directory closed to others): skipped");
        return;
      }
    }
    fs::permissions(results, fs::perms::owner_read | fs::perms::group_read | fs::perms::others_read);
    not_stored(jimsim_cli("compare " + results.string(), as_user), "cannot be written (the file: ");
    CHECK(jimsim_cli("compare " + results.string() + " --no-store", as_user).exit_code == 0);

    fs::permissions(results, fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read |
                                 fs::perms::others_read);
    if (geteuid() == 0) {
      REQUIRE(::chown(results.c_str(), 65534, 65534) == 0);  // nobody's file in root's directory
    } else {
      fs::permissions(sub, fs::perms::owner_write | fs::perms::group_write | fs::perms::others_write,
                      fs::perm_options::remove);
    }
    not_stored(jimsim_cli("compare " + results.string(), as_user), "cannot be written (its directory: ");
    fs::permissions(sub, fs::perms::owner_write, fs::perm_options::add);
  }
}

TEST_CASE("the run summary's interval is the Student t interval of the mean, as in compare", "[cli]") {
  TempDir dir;
  const auto good = dir.write("good.toml", small);
  const auto out = dir.path / "results.h5";
  const auto r = jimsim_cli("run " + good.string() + " -r 3 -s 5 -o " + out.string());
  REQUIRE(r.exit_code == 0);
  CHECK_THAT(r.output, Catch::Contains("95% interval of the mean, Student t over 3 replicates"));
  // The last column: cost per family, "MEAN ±HALF-WIDTH" in whole euro.
  std::istringstream lines(r.output);
  std::string line;
  while (std::getline(lines, line) && !line.starts_with("good ")) {
  }
  REQUIRE(line.starts_with("good "));
  const auto sign = line.rfind("±");
  REQUIRE(sign != std::string::npos);
  const double printed = std::stod(line.substr(sign + std::string("±").size()));

  const ResultsFile file = read_results(out);
  std::vector<double> cost;
  for (const auto& replicate : file.scenarios.at(0).outcomes) {
    const Outcomes& all = replicate[static_cast<std::size_t>(Subgroup::all)];
    cost.push_back(all.cost_total / std::max(all.families, 1.0));
  }
  REQUIRE(cost.size() == 3);
  const double mean = (cost[0] + cost[1] + cost[2]) / 3;
  double squares = 0;
  for (const double c : cost) squares += (c - mean) * (c - mean);
  const double t_975_2 = 4.302652729749464;  // the 0.975 quantile of Student's t with 2 degrees of freedom
  const double expected = t_975_2 * std::sqrt(squares / 2) / std::sqrt(3.0);
  REQUIRE(expected > 5);  // wide enough that 1.96 instead of t would show in whole euro
  CHECK(std::abs(printed - expected) <= 0.5 + 1e-9);
}

TEST_CASE("the run summary shows the means of the file's outcomes in every column", "[cli]") {
  // The summary reads only its own fields back from the file (read_results_outcomes): each column
  // checked against the whole file as read_results reads it.
  TempDir dir;
  const auto scenario = dir.write("good.toml", "[intake]\ncohort_size = 200\n[simulation]\nhorizon_weeks = 60.0\n");
  const auto out = dir.path / "results.h5";
  const auto r = jimsim_cli("run " + scenario.string() + " -r 4 -s 9 -o " + out.string());
  REQUIRE(r.exit_code == 0);
  std::istringstream lines(r.output);
  std::string line;
  while (std::getline(lines, line) && !line.starts_with("good ")) {
  }
  REQUIRE(line.starts_with("good "));
  // "good  MEAN ±HW  MEAN ±HW ...": the means are the tokens without the sign.
  std::istringstream tokens(line.substr(4));
  std::vector<double> printed;
  for (std::string token; tokens >> token;) {
    if (!token.starts_with("±")) printed.push_back(std::stod(token));
  }
  REQUIRE(printed.size() == 5);

  const ResultsFile file = read_results(out);
  std::vector<double> sums(5, 0.0);
  for (const auto& replicate : file.scenarios.at(0).outcomes) {
    const Outcomes& all = replicate[static_cast<std::size_t>(Subgroup::all)];
    const double families = std::max(all.families, 1.0);
    sums[0] += 100.0 * all.placed / families;
    sums[1] += all.residential_days / families;
    sums[2] += 100.0 * all.respite_stays / families;
    sums[3] += 100.0 * all.mentors_found / families;
    sums[4] += all.cost_total / families;
  }
  const double half_unit[] = {0.05, 0.05, 0.05, 0.5, 0.5};  // the columns' rounding: {:.1f} three times, then {:.0f}
  std::size_t nonzero = 0;
  for (std::size_t c = 0; c < 5; ++c) {
    INFO("column " << c);
    const double mean = sums[c] / 4;
    CHECK(std::abs(printed[c] - mean) <= half_unit[c] + 1e-9);
    nonzero += mean > 2 * half_unit[c];
  }
  CHECK(nonzero >= 4);  // placed, residential days, mentors and cost are well above their rounding
}
