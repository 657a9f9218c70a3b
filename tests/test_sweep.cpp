// Sweep files and the points their designs make: every error names the file, line and key; points
// map the unit cube onto ranges and levels as documented; a sweep's results do not depend on the
// thread count; the sensitivity analysis reads them back.
#include <catch2/catch.hpp>

#include <cmath>
#include <filesystem>
#include <fmt/format.h>
#include <set>

#include "analysis/sweep_sensitivity.hpp"
#include "io/parameter_override.hpp"
#include "io/results_file.hpp"
#include "io/sweep_file.hpp"
#include "plan/sweep_design.hpp"
#include "sim/errors.hpp"
#include "sim/result_fields.hpp"
#include "tests/cli_testing.hpp"
#include "tests/dimension_scale_checks.hpp"

namespace fs = std::filesystem;
using namespace jimsim;
using namespace jimsim::testing;

namespace {

const std::string base_scenario = "[intake]\ncohort_size = 40\n[simulation]\nhorizon_weeks = 26.0\n";

std::string load_error(const TempDir& dir, const std::string& text) {
  const auto file = dir.write("sweep.toml", text);
  try {
    const SweepFile sweep = load_sweep(file);
    (void)sweep_plan(sweep, {});
  } catch (const InputError& e) {
    return e.what();
  }
  return "no error";
}

}  // namespace

TEST_CASE("a sweep file is read with its base, design, outputs and factors", "[sweep]") {
  TempDir dir;
  dir.write("base.toml", base_scenario);
  const auto file = dir.write("s.toml", R"([sweep]
base = "base.toml"
design = "latin_hypercube"
samples = 7
replicates = 3
seed = 5
outputs = ["placed", "cost_total"]
subgroups = ["all", "age 16-17"]

[vary]
professionals.caseload_cap = { min = 6, max = 20 }
"crisis.base_hazard" = { min = 0.03, max = 0.08 }
placement.safety_plan = { levels = [false, true] }
)");
  const SweepFile sweep = load_sweep(file);
  CHECK(sweep.base.parameters.intake.cohort_size == 40);
  CHECK(sweep.design.kind == "latin_hypercube");
  CHECK(sweep.design.samples == 7);
  CHECK(sweep.replicates == 3);
  CHECK(sweep.seed == 5);
  CHECK(sweep.outputs.fields.size() == 2);
  CHECK(sweep.outputs.subgroups == std::vector<int>{0, 2});
  CHECK_FALSE(sweep.outputs.series);
  REQUIRE(sweep.design.factors.size() == 3);
  CHECK(sweep.design.factors[0].key == "professionals.caseload_cap");
  CHECK(sweep.design.factors[1].key == "crisis.base_hazard");
  CHECK(sweep.design.factors[2].levels == std::vector<double>{0.0, 1.0});

  const RunPlan plan = sweep_plan(sweep, {});
  REQUIRE(plan.points.size() == 7);
  std::set<int> strata;
  for (const auto& point : plan.points) {
    CHECK(point.parameters.intake.cohort_size == 40);
    CHECK(point.parameters.professionals.caseload_cap >= 6);
    CHECK(point.parameters.professionals.caseload_cap <= 20);
    CHECK(point.parameters.crisis.base_hazard >= 0.03);
    CHECK(point.parameters.crisis.base_hazard <= 0.08);
    strata.insert(static_cast<int>(point.unit_coordinates[0] * 7));
    CHECK_THAT(point.description, Catch::Contains("professionals.caseload_cap = "));
  }
  CHECK(strata.size() == 7);  // a Latin hypercube puts each point in its own stratum
  CHECK(plan.points[0].name == "point-0");
}

TEST_CASE("a grid takes every combination, the last factor fastest", "[sweep]") {
  Design design;
  design.kind = "grid";
  design.factors = {{"professionals.caseload_cap", {}, 6, 10, 3}, {"placement.safety_plan", {0, 1}, 0, 0, 0}};
  const auto points = sweep_points(design, Parameters{}, 1);
  REQUIRE(points.size() == 6);
  const std::vector<std::pair<int, bool>> expected = {{6, false}, {6, true}, {8, false}, {8, true}, {10, false}, {10, true}};
  for (std::size_t i = 0; i < 6; ++i) {
    CHECK(points[i].parameters.professionals.caseload_cap == expected[i].first);
    CHECK(points[i].parameters.placement.safety_plan == expected[i].second);
  }
}

TEST_CASE("unit coordinates map onto ranges and levels as documented", "[sweep]") {
  const DesignFactor range{"crisis.base_hazard", {}, 0.02, 0.06, 0};
  CHECK(factor_value(range, ParameterKind::real, 0.0, false) == 0.02);
  CHECK(factor_value(range, ParameterKind::real, 0.5, false) == Approx(0.04));
  CHECK(factor_value(range, ParameterKind::real, 1.0, false) == 0.06);
  // An integer range from 6 to 9: four whole numbers, a quarter of the cube each.
  const DesignFactor whole{"professionals.caseload_cap", {}, 6, 9, 0};
  CHECK(factor_value(whole, ParameterKind::integer, 0.0, false) == 6);
  CHECK(factor_value(whole, ParameterKind::integer, 0.249, false) == 6);
  CHECK(factor_value(whole, ParameterKind::integer, 0.25, false) == 7);
  CHECK(factor_value(whole, ParameterKind::integer, 0.999, false) == 9);
  CHECK(factor_value(whole, ParameterKind::integer, 1.0, false) == 9);
  // Morris moves along a grid: the nearest whole number.
  CHECK(factor_value(whole, ParameterKind::integer, 1.0 / 3.0, true) == 7);
  const DesignFactor levels{"professionals.mentor_support_share", {0.1, 0.2, 0.3}, 0, 0, 0};
  CHECK(factor_value(levels, ParameterKind::real, 0.0, false) == 0.1);
  CHECK(factor_value(levels, ParameterKind::real, 0.34, false) == 0.2);
  CHECK(factor_value(levels, ParameterKind::real, 1.0, false) == 0.3);
  CHECK(factor_value(levels, ParameterKind::real, 0.5, true) == 0.2);
}

TEST_CASE("Sobol and Morris sweeps have the documented number of points", "[sweep]") {
  Design design;
  design.factors = {{"crisis.base_hazard", {}, 0.02, 0.06, 0}, {"professionals.caseload_cap", {}, 6, 12, 0}};
  design.samples = 8;
  design.kind = "sobol";
  CHECK(sweep_points(design, Parameters{}, 1).size() == 8 * 4);
  design.kind = "morris";
  const auto morris = sweep_points(design, Parameters{}, 1);
  CHECK(morris.size() == 8 * 3);
  CHECK(morris[1].unit_coordinates.size() == 2);
}

TEST_CASE("bad sweep files are refused, naming the file, line and key", "[sweep][errors]") {
  TempDir dir;
  dir.write("base.toml", base_scenario);
  const std::string head = "[sweep]\nbase = \"base.toml\"\ndesign = \"latin_hypercube\"\nsamples = 4\n";
  const std::vector<std::pair<std::string, std::string>> cases = {
      {head + "[vary]\nprofessionals.caseload_capp = { min = 1, max = 5 }\n",
       "sweep.toml:6: unknown parameter 'professionals.caseload_capp' in [vary] (did you mean 'professionals.caseload_cap'?)"},
      {head + "[vary]\ncrisis.base_hazard = { min = -1.0, max = 0.5 }\n",
       "sweep.toml:6: vary.crisis.base_hazard: min: -1.0 is outside the valid range"},
      {head + "[vary]\ncrisis.base_hazard = { min = 0.5, max = 0.1 }\n", "min (0.5) must be below max (0.1)"},
      {head + "[vary]\nprofessionals.caseload_cap = { min = 1.5, max = 5 }\n", "min: must be a whole number"},
      {head + "[vary]\nplacement.safety_plan = { min = 0, max = 1 }\n", "is a flag: vary it with levels = [false, true]"},
      {head + "[vary]\nplacement.safety_plan = { levels = [0, 1] }\n", "a level must be true or false"},
      {head + "[vary]\ncrisis.base_hazard = { levels = [] }\n", "levels must be a non-empty list"},
      {head + "[vary]\ncrisis.base_hazard = { min = 0.1, max = 0.2, stepz = 3 }\n", "unknown key 'stepz' (did you mean 'steps'?)"},
      {head + "[vary]\ncrisis.base_hazard = { min = 0.1, max = 0.2, steps = 3 }\n", "steps is for grid designs"},
      {head + "[vary]\ncrisis.base_hazard = 0.1\n", "must be { min = ..., max = ... } or { levels = [...] }"},
      {head + "[vary]\n", "[vary] names no parameter"},
      {head, "no [vary] table"},
      {"[sweep]\ndesign = \"latin_hypercub\"\nsamples = 3\n[vary]\ncrisis.base_hazard = { min = 0.1, max = 0.2 }\n",
       "unknown design 'latin_hypercub' (did you mean 'latin_hypercube'?)"},
      {"[sweep]\ndesign = \"sobol\"\n[vary]\ncrisis.base_hazard = { min = 0.1, max = 0.2 }\n", "needs samples for a sobol design"},
      {"[sweep]\ndesign = \"grid\"\n[vary]\ncrisis.base_hazard = { min = 0.1, max = 0.2 }\n", "a range in a grid needs steps"},
      {"[sweep]\ndesign = \"morris\"\nsamples = 2\nmorris_levels = 5\n[vary]\ncrisis.base_hazard = { min = 0.1, max = 0.2 }\n",
       "sweep.morris_levels must be even"},
      {"[sweep]\ndesign = \"sobol\"\nsamples = 1\n[vary]\ncrisis.base_hazard = { min = 0.1, max = 0.2 }\n",
       "samples must be at least 2 for a sobol design"},
      {head + "replicatez = 3\n[vary]\ncrisis.base_hazard = { min = 0.1, max = 0.2 }\n",
       "unknown key 'sweep.replicatez' (did you mean 'sweep.replicates'?)"},
      {head + "outputs = [\"placd\"]\n[vary]\ncrisis.base_hazard = { min = 0.1, max = 0.2 }\n",
       "unknown outcome 'placd' in sweep.outputs (did you mean 'placed'?)"},
      {head + "subgroups = [\"everyone\"]\n[vary]\ncrisis.base_hazard = { min = 0.1, max = 0.2 }\n",
       "unknown subgroup 'everyone'"},
      {"[sweep]\nbase = \"missing.toml\"\ndesign = \"grid\"\n[vary]\nplacement.safety_plan = { levels = [true] }\n",
       "sweep.toml:2: the base scenario: "},
      {"[sweep]\ndesign = \"grid\"\n[vary]\ncrisis.base_hazard = { min = 0.1, max = 0.2, steps = 3 }\n[other]\n",
       "unknown table [other]"},
      {"[sweep\n", "sweep.toml:1:"},
      // A point that breaks a consistency rule: the minimum age above the maximum.
      {"[sweep]\ndesign = \"grid\"\n[vary]\nintake.age_min_years = { levels = [12.0, 21.0] }\n",
       "point-1 (intake.age_min_years = 21.0): intake.age_min_years: 21 is above intake.age_max_years"},
  };
  for (const auto& [text, expected] : cases) {
    INFO(text);
    CHECK_THAT(load_error(dir, text), Catch::Contains(expected));
  }
}

TEST_CASE("a sweep's --set changes the base and may not touch a factor", "[sweep][set]") {
  TempDir dir;
  const auto file = dir.write("s.toml", "[sweep]\ndesign = \"grid\"\n[vary]\ncrisis.base_hazard = { levels = [0.03, 0.05] }\n");
  const SweepFile sweep = load_sweep(file);
  const auto cap = parse_override("professionals.caseload_cap=7");
  const RunPlan plan = sweep_plan(sweep, std::span(&cap, 1));
  for (const auto& p : plan.points) CHECK(p.parameters.professionals.caseload_cap == 7);
  const auto clash = parse_override("crisis.base_hazard=0.04");
  CHECK_THROWS_WITH(sweep_plan(sweep, std::span(&clash, 1)), Catch::Contains("varies crisis.base_hazard"));
}

TEST_CASE("a sweep gives the same file on 1 and 2 threads, and its sensitivity reads back", "[sweep][cli]") {
  TempDir dir;
  dir.write("base.toml", base_scenario);
  const auto file = dir.write("s.toml", R"([sweep]
base = "base.toml"
design = "sobol"
samples = 8
replicates = 3
outputs = ["families", "placed", "cost_total"]
[vary]
crisis.base_hazard = { min = 0.02, max = 0.1 }
placement.safety_plan_credit = { min = 0.0, max = 0.5 }
)");
  const auto one = dir.path / "one.h5", two = dir.path / "two.h5";
  REQUIRE(jimsim_cli(fmt::format("sweep -q -t 1 {} -o {}", file.string(), one.string())).exit_code == 0);
  REQUIRE(jimsim_cli(fmt::format("sweep -q -t 2 {} -o {}", file.string(), two.string())).exit_code == 0);
  const auto a = read_results(one), b = read_results(two);
  CHECK(scale_checks::check_every_attachment(one) > 100);  // the design's point and factor scales too
  CHECK(a.run.design == "sobol");
  CHECK(a.run.units == 8 * 4 * 3);
  CHECK(a.run.plan_fingerprint == b.run.plan_fingerprint);
  REQUIRE(a.scenarios.size() == b.scenarios.size());
  for (std::size_t p = 0; p < a.scenarios.size(); ++p) CHECK(a.scenarios[p].outcomes == b.scenarios[p].outcomes);
  CHECK(a.outputs.fields.size() == 3);
  CHECK(a.outputs.subgroups == std::vector<int>{0});
  CHECK_FALSE(a.outputs.series);

  const auto r = jimsim_cli(fmt::format("sensitivity {} --resamples 50 --plot {}", one.string(), (dir.path / "s.svg").string()));
  CHECK(r.exit_code == 0);
  CHECK_THAT(r.output, Catch::Contains("placed per family") && Catch::Contains("total index") &&
                           Catch::Contains("placement.safety_plan_credit"));
  CHECK(fs::exists(dir.path / "s.svg"));
  SensitivityOptions options;
  options.bootstrap.resamples = 50;
  const auto report = analyse_sweep(one, options);
  REQUIRE(report.outcomes.size() == 2);  // placed and cost_total, per family
  CHECK(report.outcomes[0].sobol.size() == 2);

  // Scenario results and a shard are refused with a reason.
  const auto scenario = dir.write("one.toml", base_scenario);
  const auto run = dir.path / "run.h5";
  REQUIRE(jimsim_cli(fmt::format("run -q -r 2 {} -o {}", scenario.string(), run.string())).exit_code == 0);
  const auto refused = jimsim_cli(fmt::format("sensitivity {}", run.string()));
  CHECK(refused.exit_code == 3);
  CHECK_THAT(refused.output, Catch::Contains("holds scenarios, not a sweep"));
  const auto shard = dir.path / "shard.h5";
  REQUIRE(jimsim_cli(fmt::format("sweep -q {} --shard 1/3 -o {}", file.string(), shard.string())).exit_code == 0);
  CHECK_THAT(jimsim_cli(fmt::format("sensitivity {}", shard.string())).output, Catch::Contains("jimsim merge"));
}

TEST_CASE("every bundled sweep file loads and all its points are valid", "[sweep]") {
  const fs::path dir = fs::path(JIMSIM_SOURCE_DIR) / "scenarios" / "sweeps";
  std::size_t count = 0;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.path().extension() != ".toml") continue;
    INFO(entry.path().string());
    ++count;
    const SweepFile sweep = load_sweep(entry.path());
    CHECK_FALSE(sweep.description.empty());
    const RunPlan plan = sweep_plan(sweep, {});
    CHECK(plan.points.size() == sweep_point_count(sweep.design));
  }
  CHECK(count >= 2);
}

TEST_CASE("outputs listed in any order make one plan, which a file gives back with its fingerprint", "[sweep]") {
  TempDir dir;
  dir.write("base.toml", base_scenario);
  const auto file = dir.write("s.toml", "[sweep]\nbase = \"base.toml\"\ndesign = \"grid\"\nreplicates = 2\n"
                                        "outputs = [\"placed\", \"families\", \"placed\"]\nsubgroups = [\"all\", \"all\"]\n"
                                        "[vary]\ncrisis.base_hazard = { levels = [0.03, 0.05] }\n");
  const SweepFile sweep = load_sweep(file);
  CHECK(sweep.outputs.fields == std::vector<int>{outcome_field_index("families"), outcome_field_index("placed")});
  CHECK(sweep.outputs.subgroups == std::vector<int>{0});
  const auto out = dir.path / "s.h5";
  REQUIRE(jimsim_cli(fmt::format("sweep -q {} -o {}", file.string(), out.string())).exit_code == 0);
  const auto back = read_results_plan(out);
  CHECK(plan_fingerprint(back.plan, back.run.program_version) == back.run.plan_fingerprint);
}

TEST_CASE("sensitivity of a sweep with one replicate gives the indices and says why there is no split", "[sweep]") {
  TempDir dir;
  dir.write("base.toml", base_scenario);
  const auto file = dir.write("s.toml", "[sweep]\nbase = \"base.toml\"\ndesign = \"sobol\"\nsamples = 4\nreplicates = 1\n"
                                        "outputs = [\"families\", \"cost_total\"]\n"
                                        "[vary]\ncrisis.base_hazard = { min = 0.02, max = 0.1 }\n");
  const auto out = dir.path / "s.h5";
  REQUIRE(jimsim_cli(fmt::format("sweep -q {} -o {}", file.string(), out.string())).exit_code == 0);
  SensitivityOptions options;
  options.bootstrap.resamples = 20;
  const auto report = analyse_sweep(out, options);
  REQUIRE(report.outcomes.size() == 1);
  CHECK_THAT(report.outcomes[0].note, Catch::Contains("one replicate per point"));
  CHECK(report.outcomes[0].sobol.size() == 1);
}
