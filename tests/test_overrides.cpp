// `--set group.key=value`: a parameter changed from the command line acts exactly like the same value
// in a scenario file, is recorded in the results file, and bad assignments are refused before any
// file is written.
#include <catch2/catch.hpp>

#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <string>

#include "io/parameter_override.hpp"
#include "io/results_file.hpp"
#include "sim/errors.hpp"
#include "tests/cli_testing.hpp"

namespace fs = std::filesystem;
using namespace jimsim;
using namespace jimsim::testing;

namespace {

const std::string small = "[intake]\ncohort_size = 60\n[simulation]\nhorizon_weeks = 40.0\n";

std::string message_of(const std::string& assignment) {
  try {
    (void)parse_override(assignment);
  } catch (const InputError& e) {
    return e.what();
  }
  return "no error";
}

}  // namespace

TEST_CASE("the option --set reads each kind of parameter", "[set]") {
  const auto cap = parse_override("professionals.caseload_cap=6");
  CHECK(cap.key == "professionals.caseload_cap");
  CHECK(cap.value == 6.0);
  CHECK(cap.text == "professionals.caseload_cap=6");
  CHECK(parse_override("crisis.base_hazard=0.07").value == 0.07);
  CHECK(parse_override("crisis.base_hazard=7e-2").value == 0.07);
  CHECK(parse_override("placement.safety_plan=false").value == 0.0);
  CHECK(parse_override("placement.safety_plan=true").value == 1.0);
}

TEST_CASE("the option --set refuses bad assignments, naming the key and the reason", "[set]") {
  CHECK_THAT(message_of("professionals.caseload_cap"), Catch::Contains("expected group.key=value"));
  CHECK_THAT(message_of("professionals.caseload_capp=6"),
             Catch::Contains("unknown parameter professionals.caseload_capp") &&
                 Catch::Contains("did you mean professionals.caseload_cap?"));
  CHECK_THAT(message_of("nothing.like_this=1"), Catch::Contains("unknown parameter nothing.like_this"));
  CHECK_THAT(message_of("professionals.caseload_cap=six"),
             Catch::Contains("professionals.caseload_cap: must be a whole number"));
  CHECK_THAT(message_of("professionals.caseload_cap=6.5"),
             Catch::Contains("professionals.caseload_cap: must be a whole number"));
  CHECK_THAT(message_of("crisis.base_hazard="), Catch::Contains("crisis.base_hazard: must be a number"));
  CHECK_THAT(message_of("crisis.base_hazard=0.1x"), Catch::Contains("must be a number"));
  CHECK_THAT(message_of("crisis.base_hazard=nan"), Catch::Contains("must be a finite number"));
  CHECK_THAT(message_of("crisis.base_hazard=-1"), Catch::Contains("outside the valid range"));
  CHECK_THAT(message_of("placement.safety_plan=1"), Catch::Contains("must be true or false"));
}

TEST_CASE("the option --set checks the resulting scenario for consistency", "[set]") {
  RunPlan plan = plan_of({Parameters{}}, 1, 1);
  plan.points[0].name = "base";
  plan.points[0].origin = "base.toml";
  const ParameterOverride o = parse_override("intake.age_min_years=21");
  try {
    apply_overrides(plan, std::span(&o, 1));
    FAIL("no error");
  } catch (const InputError& e) {
    CHECK_THAT(e.what(), Catch::Contains("--set: scenario base (base.toml)") &&
                             Catch::Contains("intake.age_min_years: 21 is above intake.age_max_years"));
  }
}

TEST_CASE("a run with --set equals a run of a file with the same value, and records it", "[set][cli]") {
  TempDir dir;
  const auto base = dir.write("base.toml", small);
  const auto edited = dir.write("edited.toml", small + "[professionals]\ncaseload_cap = 6\n[crisis]\nbase_hazard = 0.08\n");
  const auto with_set = dir.path / "set.h5";
  const auto with_file = dir.path / "file.h5";
  REQUIRE(jimsim_cli(fmt::format("run -q -r 3 {} --set professionals.caseload_cap=6 --set crisis.base_hazard=0.08 "
                                 "-o {}",
                                 base.string(), with_set.string()))
              .exit_code == 0);
  REQUIRE(jimsim_cli(fmt::format("run -q -r 3 {} -o {}", edited.string(), with_file.string())).exit_code == 0);

  const auto a = read_results(with_set);
  const auto b = read_results(with_file);
  CHECK(a.run.overrides == std::vector<std::string>{"professionals.caseload_cap=6", "crisis.base_hazard=0.08"});
  CHECK(b.run.overrides.empty());
  REQUIRE(a.scenarios.size() == 1);
  CHECK(a.scenarios[0].parameters == b.scenarios[0].parameters);
  CHECK(a.scenarios[0].parameters.professionals.caseload_cap == 6);
  CHECK(a.scenarios[0].resolved_parameters == b.scenarios[0].resolved_parameters);
  CHECK_THAT(a.scenarios[0].source_text, Catch::EndsWith("# --set professionals.caseload_cap=6\n"
                                                         "# --set crisis.base_hazard=0.08\n"));
  REQUIRE(a.scenarios[0].outcomes.size() == 3);
  for (std::size_t r = 0; r < 3; ++r) CHECK(a.scenarios[0].outcomes[r] == b.scenarios[0].outcomes[r]);
}

TEST_CASE("a bad --set exits with code 3 and writes nothing", "[set][cli]") {
  TempDir dir;
  const auto base = dir.write("base.toml", small);
  const auto out = dir.path / "out.h5";
  for (const std::string assignment : {"professionals.caseload_capp=6", "professionals.caseload_cap=-1",
                                       "intake.age_min_years=21", "crisis.base_hazard"}) {
    const auto r = jimsim_cli(fmt::format("run -q -r 1 {} --set {} -o {}", base.string(), assignment, out.string()));
    CHECK(r.exit_code == 3);
    CHECK_THAT(r.output, Catch::Contains("--set"));
    CHECK(!fs::exists(out));
  }
  CHECK(dir.entries() == 1);
}
