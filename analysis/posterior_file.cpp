// Writing and reading posterior files (docs/posterior-format.md). The layout follows the results
// file's conventions (io/results_hdf5.hpp, io/column_table.hpp): tables are groups of columns along a
// `row` dimension scale, every data variable has `units` and `long_name`, no timestamps.
#include "analysis/posterior_file.hpp"

#include <hdf5_hl.h>

#include <cerrno>
#include <cstring>
#include <fmt/format.h>
#include <fstream>
#include <limits>
#include <stdexcept>

#include "analysis/calibration_run.hpp"
#include "io/atomic_file.hpp"
#include "io/column_table.hpp"
#include "io/results_hdf5.hpp"
#include "sim/errors.hpp"

namespace jimsim {

using namespace results_hdf5;
namespace fs = std::filesystem;

namespace {

constexpr std::string_view format_name = "jimsim posterior";
constexpr double nan = std::numeric_limits<double>::quiet_NaN();

// Counts are int32 columns, as in results files, so pandas and R read them as integers. No
// calibration comes near 2^31 proposals, but a count that wrapped would falsify the record.
std::int32_t count32(std::uint64_t n, std::string_view what) {
  if (n > static_cast<std::uint64_t>(std::numeric_limits<std::int32_t>::max())) {
    throw Hdf5Failure(fmt::format("{} ({}) does not fit the file's int32 column", what, n));
  }
  return static_cast<std::int32_t>(n);
}

std::string_view parameter_unit(const std::string& key) {
  const ParameterSpec* spec = find_parameter(key);
  if (spec == nullptr) throw std::invalid_argument(fmt::format("write_posterior_file: {} is not a declared parameter", key));
  return spec->unit;
}

// A plan and outcome that disagree are a programming error, caught before any file is created.
void check_consistent(const CalibrationPlan& plan, const CalibrationOutcome& outcome) {
  const std::size_t K = plan.free.size(), S = plan.statistics.size();
  const auto require = [](bool ok, std::string_view what) {
    if (!ok) throw std::invalid_argument(fmt::format("write_posterior_file: {}", what));
  };
  require(outcome.parameter_keys.size() == K, "the outcome's parameters differ from the plan's");
  for (std::size_t i = 0; i < K; ++i) {
    require(outcome.parameter_keys[i] == plan.free[i].key, "the outcome's parameters differ from the plan's");
    (void)parameter_unit(plan.free[i].key);
  }
  require(plan.observed.size() == S && outcome.statistic_names.size() == S, "statistics and observed values differ");
  require(outcome.posterior.empty() || outcome.posterior.size() == K, "the posterior summary has the wrong size");
  require(outcome.correlation.empty() || outcome.correlation.size() == K, "the correlation has the wrong size");
  for (const auto& row : outcome.correlation) require(row.size() == K, "the correlation has the wrong size");
  for (const auto& g : outcome.generations) {
    require(g.scales.size() == S, "a generation's scales differ from the statistics");
    for (const auto& p : g.particles) require(p.parameters.size() == K, "a particle has the wrong number of parameters");
  }
}

void describe_variable(hid_t object, std::string_view unit, std::string_view meaning) {
  write_attribute(object, "units", unit);
  write_attribute(object, "long_name", meaning);
}

void write_header(hid_t root, const CalibrationPlan& plan, const CalibrationOutcome& outcome,
                  const PosteriorFileInfo& info) {
  write_attribute(root, "format", format_name);
  write_attribute(root, "format_version", posterior_format_version);
  write_attribute(root, "program_version", std::string_view(info.program_version));
  write_attribute(root, "fingerprint", std::string_view(info.fingerprint));
  write_attribute(root, "calibration", std::string_view(plan.name));
  write_attribute(root, "description", std::string_view(plan.description));
  write_attribute(root, "command_line", std::string_view(info.command_line));
  write_attribute(root, "evidence", std::string_view(info.evidence_kind));
  write_attribute(root, "evidence_file", std::string_view(info.evidence_name));
  write_attribute(root, "youths", static_cast<std::uint64_t>(info.youths));
  write_attribute(root, "seed", std::uint64_t{plan.abc.seed});
  write_attribute(root, "stop_reason", std::string_view(outcome.stop_reason));
  write_attribute(root, "simulations", std::uint64_t{outcome.simulations});
  write_attribute(root, "generations", count32(outcome.generations.size(), "generations"));
}

// The inputs as read, so the file alone says what was fitted to what. For a cohort the evidence
// text is a digest line: its rows stay in the cohort file.
void write_inputs(hid_t root, const CalibrationPlan& plan) {
  Handle group = create_group(root, "inputs");
  const auto text = [&](const char* name, const std::string& value, std::string_view meaning) {
    write_string_dataset(group.get(), name, value);
    Handle dataset = checked(H5Dopen2(group.get(), name, H5P_DEFAULT), fmt::format("could not open '{}'", name));
    describe_variable(dataset.get(), "text", meaning);
  };
  text("calibration", plan.source_text, "the calibration file and its scenario files, verbatim");
  text("targets", plan.evidence_text, "the targets file verbatim; for a cohort, a digest line only (never its rows)");
}

void write_generations(hid_t root, const CalibrationOutcome& outcome) {
  std::vector<std::int32_t> index, proposals, simulations, particles;
  std::vector<double> tolerance, acceptance, ess;
  for (const auto& g : outcome.generations) {
    index.push_back(g.index);
    tolerance.push_back(g.tolerance);
    acceptance.push_back(g.acceptance_rate);
    ess.push_back(g.effective_sample_size);
    proposals.push_back(count32(g.proposals, "proposals"));
    simulations.push_back(count32(g.simulations, "simulations"));
    particles.push_back(count32(g.particles.size(), "particles"));
  }
  write_table(root, "generations",
              {{"generation", index, "index", "generation, from 0 (the prior)"},
               {"tolerance", tolerance, "1", "largest distance accepted (scaled statistics); Inf for generation 0"},
               {"acceptance_rate", acceptance, "share", "particles kept per proposal made"},
               {"effective_sample_size", ess, "particles", "effective sample size of the weights, 1 / sum of squared weights"},
               {"proposals", proposals, "proposals", "proposals up to and including the last one kept"},
               {"simulations", simulations, "simulations", "simulations of the generation: proposals x replicates"},
               {"particles", particles, "particles", "particles kept"}});
}

void write_particles(hid_t root, const CalibrationPlan& plan, const CalibrationOutcome& outcome) {
  std::vector<std::int32_t> generation, particle, proposal;
  std::vector<double> weight, distance, share;
  std::vector<std::vector<double>> values(plan.free.size());
  for (const auto& g : outcome.generations) {
    for (std::size_t i = 0; i < g.particles.size(); ++i) {
      const AbcParticle& p = g.particles[i];
      generation.push_back(g.index);
      particle.push_back(count32(i, "particle"));
      proposal.push_back(count32(p.proposal, "proposal"));
      weight.push_back(p.weight);
      distance.push_back(p.distance);
      share.push_back(p.accepted_share);
      for (std::size_t k = 0; k < values.size(); ++k) values[k].push_back(p.parameters[k]);
    }
  }
  std::vector<Column> columns = {
      {"generation", generation, "index", "generation of the particle (/generations)"},
      {"particle", particle, "index", "particle within its generation, from 0"},
      {"proposal", proposal, "index", "proposal number within the generation: with the seed and the previous generation it reproduces the draw"},
      {"weight", weight, "1", "importance weight, normalised to sum to 1 within the generation"},
      {"distance", distance, "1", "median distance of its replicates from the observed statistics, with the generation's scales"},
      {"accepted_share", share, "share", "share of its replicates within the generation's tolerance"}};
  for (std::size_t k = 0; k < values.size(); ++k) {
    const ParameterSpec& spec = *find_parameter(plan.free[k].key);
    columns.push_back({plan.free[k].key, values[k], std::string(spec.unit), std::string(spec.meaning)});
  }
  write_table(root, "particles", columns);
}

void write_posterior(hid_t root, const CalibrationPlan& plan, const CalibrationOutcome& outcome) {
  std::vector<std::string> key, prior, unit;
  std::vector<double> mean, median, lower, upper, prior_mean, prior_lower, prior_upper;
  for (std::size_t k = 0; k < plan.free.size(); ++k) {
    key.push_back(plan.free[k].key);
    unit.emplace_back(parameter_unit(plan.free[k].key));
    // A calibration stopped before its first generation has no summary: the rows say so with NaN.
    PosteriorParameter s{.key = plan.free[k].key, .prior = plan.free[k].prior.describe(), .mean = nan,
                         .median = nan, .lower_90 = nan, .upper_90 = nan, .prior_mean = nan,
                         .prior_lower_90 = nan, .prior_upper_90 = nan};
    if (!outcome.posterior.empty()) s = outcome.posterior[k];
    prior.push_back(s.prior);
    mean.push_back(s.mean);
    median.push_back(s.median);
    lower.push_back(s.lower_90);
    upper.push_back(s.upper_90);
    prior_mean.push_back(s.prior_mean);
    prior_lower.push_back(s.prior_lower_90);
    prior_upper.push_back(s.prior_upper_90);
  }
  const std::string own = "the parameter's unit (the unit column)";
  write_table(root, "posterior",
              {{"parameter", key, "name", "free parameter (group.name), in the calibration file's order"},
               {"prior", prior, "text", "its prior, truncated to the parameter's declared range"},
               {"unit", unit, "text", "unit of the parameter and of the columns that follow"},
               {"mean", mean, own, "posterior mean: weighted mean of the final generation"},
               {"median", median, own, "posterior median: weighted 50% quantile of the final generation"},
               {"lower_90", lower, own, "lower end of the 90% credible interval (weighted 5% quantile)"},
               {"upper_90", upper, own, "upper end of the 90% credible interval (weighted 95% quantile)"},
               {"prior_mean", prior_mean, own, "prior mean, from generation 0"},
               {"prior_lower_90", prior_lower, own, "5% quantile of the prior, from generation 0"},
               {"prior_upper_90", prior_upper, own, "95% quantile of the prior, from generation 0"}});
}

// A K x K array along two dimension scales that list the same parameters: xarray then labels both
// axes by name, and netCDF readers need a distinct dimension name per axis.
void write_correlation(hid_t root, const CalibrationPlan& plan, const CalibrationOutcome& outcome) {
  const std::size_t K = plan.free.size();
  std::vector<std::string> keys;
  for (const auto& f : plan.free) keys.push_back(f.key);
  Handle group = create_group(root, "correlation");
  const auto scale = [&](const char* name, std::string_view meaning) {
    Handle s = write_string_column(group.get(), name, keys);
    check(H5DSset_scale(s.get(), name), fmt::format("could not make '{}' a dimension scale", name));
    describe_variable(s.get(), "name", meaning);
    return s;
  };
  Handle rows = scale("parameter", "free parameter");
  Handle columns = scale("other_parameter", "free parameter (the same list)");
  std::vector<double> values(K * K, nan);
  for (std::size_t i = 0; i < outcome.correlation.size(); ++i) {
    for (std::size_t j = 0; j < K; ++j) values[i * K + j] = outcome.correlation[i][j];
  }
  const hsize_t dims[2] = {K, K};
  Handle space = checked(H5Screate_simple(2, dims, nullptr), "could not create a dataspace");
  const Handle plist = plain_dataset_plist();
  Handle matrix = checked(H5Dcreate2(group.get(), "correlation", H5T_IEEE_F64LE, space.get(), H5P_DEFAULT,
                                     plist.get(), H5P_DEFAULT),
                          "could not create dataset 'correlation'");
  if (!values.empty()) {
    check(H5Dwrite(matrix.get(), H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()),
          "could not write /correlation/correlation");
  }
  check(H5DSattach_scale(matrix.get(), rows.get(), 0), "could not attach a dimension scale");
  check(H5DSattach_scale(matrix.get(), columns.get(), 1), "could not attach a dimension scale");
  describe_variable(matrix.get(), "1", "weighted Pearson correlation of the final generation's particles");
}

void write_statistics(hid_t root, const CalibrationPlan& plan, const CalibrationOutcome& outcome) {
  std::vector<std::string> name, unit, meaning;
  std::vector<double> scale(plan.statistics.size(), nan);
  for (std::size_t s = 0; s < plan.statistics.size(); ++s) {
    name.push_back(outcome.statistic_names[s]);
    unit.push_back(plan.statistics[s].unit());
    meaning.push_back(plan.statistics[s].meaning());
    if (!outcome.generations.empty()) scale[s] = outcome.generations.back().scales[s];
  }
  write_table(root, "statistics",
              {{"statistic", name, "name", "statistic matched, as named in calibration and targets files"},
               {"unit", unit, "text", "unit of the statistic"},
               {"meaning", meaning, "text", "what the statistic measures"},
               {"observed", plan.observed, "the statistic's unit (the unit column)",
                "observed value: an aggregate of the cohort or the figure of the targets file"},
               {"scale", scale, "the statistic's unit (the unit column)",
                "scale the final generation divided differences by in its distance"}});
}

void write_predictive(hid_t root, const CalibrationOutcome& outcome) {
  std::vector<std::string> name, unit;
  std::vector<double> observed, mean, lower, upper, tail;
  std::vector<std::int32_t> reproduced, draws;
  for (const auto& p : outcome.predictive) {
    name.push_back(p.statistic);
    unit.push_back(p.unit);
    observed.push_back(p.observed);
    mean.push_back(p.mean);
    lower.push_back(p.lower_90);
    upper.push_back(p.upper_90);
    tail.push_back(p.tail_probability);
    reproduced.push_back(p.reproduced ? 1 : 0);
    draws.push_back(count32(p.draws, "draws"));
  }
  const std::string own = "the statistic's unit (the unit column)";
  write_table(root, "predictive_check",
              {{"statistic", name, "name", "statistic matched"},
               {"unit", unit, "text", "unit of the statistic"},
               {"observed", observed, own, "observed value"},
               {"mean", mean, own, "mean of the statistic simulated with posterior draws"},
               {"lower_90", lower, own, "5% quantile of the simulated statistic"},
               {"upper_90", upper, own, "95% quantile of the simulated statistic"},
               {"tail_probability", tail, "1", "two-sided: 2 min(P(sim <= observed), P(sim >= observed)), at most 1"},
               {"reproduced", reproduced, "flag", "1 when the tail probability is at least 0.1 (observed inside the 90% interval)"},
               {"draws", draws, "draws", "posterior draws with a value for the statistic"}});
}

Handle create_file(const fs::path& path) {
  Handle plist = checked(H5Pcreate(H5P_FILE_CREATE), "could not create a property list");
  check(H5Pset_obj_track_times(plist.get(), 0), "could not turn off time tracking");
  // Readers list the tables in the order written, as in results files.
  check(H5Pset_link_creation_order(plist.get(), H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED),
        "could not track creation order");
  return checked(H5Fcreate(path.c_str(), H5F_ACC_TRUNC, plist.get(), H5P_DEFAULT), "could not create the file");
}

}  // namespace

void write_posterior_file(const fs::path& file, const CalibrationPlan& plan, const CalibrationOutcome& outcome,
                          const PosteriorFileInfo& info, bool overwrite) {
  check_consistent(plan, outcome);
  H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
  AtomicFile output(file, overwrite);  // removes the temporary file unless committed
  try {
    Handle handle = create_file(output.temporary());
    const hid_t root = handle.get();
    write_header(root, plan, outcome, info);
    write_inputs(root, plan);
    write_generations(root, outcome);
    write_particles(root, plan, outcome);
    write_posterior(root, plan, outcome);
    write_correlation(root, plan, outcome);
    write_statistics(root, plan, outcome);
    write_predictive(root, outcome);
    // Closing flushes the metadata: a full disk or a file-size limit often shows up only here.
    if (handle.close() < 0) fail("could not close the file");
  } catch (const Hdf5Failure& failure) {
    throw OutputError(fmt::format("could not write {}: {}", file.string(), failure.what()));
  }
  output.commit();
}

namespace {

void check_format(hid_t root, const std::string& name) {
  const auto not_posterior = [&](const std::string& why) {
    return InputError(fmt::format("{} is not a jimsim posterior file ({}); `jimsim calibrate` writes one", name, why));
  };
  if (!has_attribute(root, "format")) throw not_posterior("it has no 'format' attribute");
  if (const auto format = read_string_attribute(root, "format"); format != format_name) {
    throw not_posterior(fmt::format("its format is '{}'", format));
  }
  if (!has_attribute(root, "format_version")) throw not_posterior("it has no 'format_version' attribute");
  if (const auto version = read_int_attribute(root, "format_version"); version != posterior_format_version) {
    throw InputError(fmt::format("{} has posterior format version {}; this jimsim reads version {} (the file was "
                                 "written by {} jimsim: read it with the jimsim named in its program_version "
                                 "attribute, or calibrate again)",
                                 name, version, posterior_format_version,
                                 version < posterior_format_version ? "an older" : "a newer"));
  }
}

Posterior read_final_generation(hid_t root, const std::string& name) {
  Posterior posterior;
  posterior.fingerprint = read_string_attribute(root, "fingerprint");
  posterior.calibration_name = read_string_attribute(root, "calibration");
  const auto generations = read_int_attribute(root, "generations");
  if (generations < 1) {
    throw InputError(fmt::format("{} holds no posterior: the calibration stopped before its first generation ({})",
                                 name, read_string_attribute(root, "stop_reason")));
  }
  Handle summary = open_table(root, "posterior");
  posterior.keys = read_string_values(summary.get(), "parameter", "/posterior");
  Handle table = open_table(root, "particles");
  const auto generation = read_int32_column(table.get(), "generation", "/particles");
  const auto weight = read_double_values(table.get(), "weight", "/particles");
  std::vector<std::vector<double>> columns;
  for (const auto& key : posterior.keys) columns.push_back(read_double_values(table.get(), key, "/particles"));
  for (const auto& c : columns) {
    if (c.size() != generation.size()) bad_layout("/particles has columns of different lengths");
  }
  if (weight.size() != generation.size()) bad_layout("/particles has columns of different lengths");
  const auto last = static_cast<std::int32_t>(generations - 1);
  for (std::size_t row = 0; row < generation.size(); ++row) {
    if (generation[row] != last) continue;
    std::vector<double> values;
    for (const auto& c : columns) values.push_back(c[row]);
    posterior.particles.push_back(std::move(values));
    posterior.weights.push_back(weight[row]);
  }
  if (posterior.particles.empty()) bad_layout(fmt::format("/particles has no particle of generation {}", last));
  return posterior;
}

}  // namespace

Posterior read_posterior(const fs::path& file) {
  H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
  const std::string name = file.string();
  std::error_code error;
  const auto status = fs::status(file, error);
  if (!fs::exists(status)) throw InputError(fmt::format("{}: no such file", name));
  if (fs::is_directory(status)) throw InputError(fmt::format("{} is a directory, not a posterior file", name));
  if (std::ifstream probe(file, std::ios::binary); !probe) {
    throw InputError(fmt::format("cannot read {}: {}", name, std::strerror(errno)));
  }
  if (H5Fis_hdf5(file.c_str()) <= 0) {
    throw InputError(fmt::format("{} is not an HDF5 file, so not a jimsim posterior file", name));
  }
  Handle handle(H5Fopen(file.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT));
  if (!handle.valid()) {
    const std::string detail = error_detail();
    throw InputError(fmt::format("{} is not an HDF5 file, or it is damaged{}", name,
                                 detail.empty() ? "" : " (HDF5: " + detail + ")"));
  }
  try {
    check_format(handle.get(), name);
    Posterior posterior = read_final_generation(handle.get(), name);
    if (handle.close() < 0) fail("could not close the file");
    return posterior;
  } catch (const Hdf5Failure& failure) {
    throw InputError(fmt::format("{}: {}", name, failure.what()));
  }
}

}  // namespace jimsim
