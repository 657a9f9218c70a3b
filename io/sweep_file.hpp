// Sweep files: TOML, a base scenario, the parameters to vary and a design that generates the points.
//
//   [sweep]
//   base = "../scenarios/jim.toml"   # relative to this file; default: the declared defaults
//   design = "sobol"                 # grid, latin_hypercube, sobol (Saltelli), morris
//   samples = 256                    # latin_hypercube: points; sobol: base samples N; morris: trajectories
//   replicates = 20
//   seed = 1
//   outputs = ["placed", "residential_days", "cost_total"]   # outcome fields kept (default: all)
//   subgroups = ["all"]              # default ["all"]
//   series = false                   # keep the weekly series (default false)
//
//   [vary]
//   professionals.caseload_cap = { min = 6, max = 20 }
//   crisis.base_hazard = { min = 0.03, max = 0.08 }
//   placement.safety_plan = { levels = [false, true] }      # a policy switch as a factor
//
// Every range and level is checked against the parameter's declaration, and every generated point
// against the ranges and consistency rules, before any work starts.
#pragma once

#include <filesystem>
#include <span>
#include <string>

#include "io/scenario.hpp"
#include "plan/run_plan.hpp"

namespace jimsim {

struct SweepFile {
  std::string name;
  std::string description;
  std::filesystem::path file;
  Scenario base;  // resolved; the declared defaults when the file names no base
  Design design;
  int replicates = 20;
  std::uint64_t seed = 1;
  OutputSelection outputs;
};

// Reads and checks a sweep file. Throws InputError naming the file, line and key.
SweepFile load_sweep(const std::filesystem::path& file);

// The sweep's plan: every point generated, the overrides applied to the base, every point checked.
// Throws InputError naming the file and the point (with its factor values) for a point that breaks
// a parameter's range or a consistency rule, and for an override of a parameter the sweep varies.
RunPlan sweep_plan(const SweepFile& sweep, std::span<const ParameterOverride> overrides);

}  // namespace jimsim
