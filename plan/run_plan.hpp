// One run plan for scenario runs and sweeps alike: a list of parameter points (named scenarios, or
// points a design generated), replicates per point, a seed, an optional cohort and whether to keep
// per-family records. The command line builds it, the executors run it and the results file
// records it, so no field is copied from one settings struct to the next.
//
// A work unit is (point, replicate), a pure function of the point's parameters, the seed and the
// replicate number: any process that runs unit u gets the same result, which is what lets units be
// spread over threads, MPI ranks or Slurm array tasks.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "sim/cohort.hpp"
#include "sim/parameters.hpp"

namespace jimsim {

// A parameter set from the command line (`--set group.key=value`), applied to every point.
struct ParameterOverride {
  std::string key;   // "group.name"
  double value = 0.0;
  std::string text;  // as given, for the record: "group.name=value"
};

struct PlanPoint {
  std::string name;
  std::string description;
  std::string origin;       // where the point came from, for messages: a scenario file
  std::string source_text;  // the files it was read from, verbatim, then the --set lines
  Parameters parameters;    // fully resolved, overrides applied
  // Sweeps: the point in the design's unit cube, one coordinate per factor (empty for scenarios).
  std::vector<double> unit_coordinates;
};

// What a sweep varies: one factor per parameter, in the sweep file's order.
struct DesignFactor {
  std::string key;                // "group.name"
  std::vector<double> levels;     // the values a factor of levels takes; empty for a range
  double minimum = 0.0, maximum = 0.0;  // a range's bounds
  int steps = 0;                  // a range in a grid: this many evenly spaced values
};

struct Design {
  std::string kind = "scenarios";  // scenarios, grid, latin_hypercube, sobol, morris
  std::vector<DesignFactor> factors;
  // latin_hypercube: points; sobol: base samples N (the plan has N (k + 2) points, Saltelli's
  // scheme); morris: trajectories r (r (k + 1) points); grid: unused (the product of the levels).
  std::size_t samples = 0;
  int morris_levels = 4;
  std::string source_text;         // the sweep file, verbatim
};

// The parts of each unit's result a plan keeps. Scenario runs keep everything; a sweep of many
// points keeps what its file names, so its file stays small.
struct OutputSelection {
  std::vector<int> fields;     // indices into the outcome fields (JIMSIM_OUTCOME_FIELDS order)
  std::vector<int> subgroups;  // Subgroup values
  bool series = true;          // the weekly series and the placement-free curve

  static OutputSelection everything();
};

// Parameter uncertainty from a calibration (`run --posterior`): replicate r of every point runs with
// the free parameters of one posterior particle, the same particle for every point, so scenarios
// stay paired and the spread over replicates includes what the evidence leaves uncertain.
struct PosteriorDraws {
  std::string source;       // the posterior file, as given
  std::string fingerprint;  // of the calibration that wrote it
  std::vector<std::string> keys;             // the free parameters, "group.name"
  std::vector<std::int32_t> particle;        // per replicate: its particle in the final generation
  std::vector<std::vector<double>> values;   // per replicate: the particle's values of `keys`
};

// Draws one particle per replicate by weight, from a stream keyed by the seed and the replicate
// only: the same draws for every point, whatever the number of points or threads.
PosteriorDraws draw_posterior(std::vector<std::string> keys, const std::vector<std::vector<double>>& particles,
                              const std::vector<double>& weights, int replicates, std::uint64_t seed);

struct RunPlan {
  std::vector<PlanPoint> points;
  int replicates = 100;
  std::uint64_t seed = 1;
  bool family_records = false;
  std::vector<ParameterOverride> overrides;
  // When set, every replicate simulates this cohort (e.g. a researcher's observed one) instead of
  // drawing one from the intake distributions.
  std::shared_ptr<const Cohort> cohort;
  OutputSelection outputs = OutputSelection::everything();
  Design design;
  std::shared_ptr<const PosteriorDraws> posterior;  // null: every replicate runs the points as given

  std::size_t unit_count() const { return points.size() * static_cast<std::size_t>(replicates > 0 ? replicates : 0); }
};

struct WorkUnit {
  int point;
  int replicate;
};

// Unit u of a plan with `points` points: replicate-major, so all points advance together and a
// partial run has comparable replicates of each.
inline WorkUnit work_unit(std::size_t u, std::size_t points) {
  return {static_cast<int>(u % points), static_cast<int>(u / points)};
}

// The parameters unit (point, replicate) runs with: the point's, with the replicate's posterior
// draw when the plan has one.
Parameters unit_parameters(const RunPlan& plan, const WorkUnit& unit);

// A hash of everything that decides the plan's results (program version, seed, replicates, each
// point's resolved parameters, the cohort, the outputs kept), as 16 hex digits: a resumed run or
// a shard refuses to mix with results of another plan. Threads, ranks and file names are not in it.
std::string plan_fingerprint(const RunPlan& plan, std::string_view program_version);

// The units a shard takes: unit u belongs to shard u % count.
struct Shard {
  std::size_t index = 0, count = 1;
  bool takes(std::size_t unit) const { return unit % count == index; }
};

// A plan of the given parameter sets, named "point-0", "point-1", ...: for runs built in memory
// (benchmarks, tests, calibration).
RunPlan plan_of(std::vector<Parameters> parameters, int replicates, std::uint64_t seed);

}  // namespace jimsim
