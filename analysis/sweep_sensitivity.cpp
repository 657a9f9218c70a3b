#include "analysis/sweep_sensitivity.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <limits>
#include <stdexcept>

#include "io/column_table.hpp"
#include "io/results_file.hpp"
#include "io/results_hdf5.hpp"
#include "io/results_update.hpp"
#include "sim/errors.hpp"
#include "sim/result_fields.hpp"

namespace jimsim {

using namespace results_hdf5;
namespace fs = std::filesystem;

namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();
constexpr int sensitivity_format_version = 1;

struct SweepValues {
  std::string design;
  std::vector<std::string> factors;
  std::vector<double> unit_coordinates;  // [point][factor]
  std::size_t points = 0, replicates = 0;
  std::vector<int> fields;                // outcome fields kept, in declaration order
  std::vector<std::vector<double>> values;  // per kept field: [point][replicate] of the subgroup
};

SweepValues read_sweep(const fs::path& file, const std::string& subgroup) {
  const RunInfo info = read_run_info(file);  // checks the format and version
  const std::string name = file.string();
  if (info.design == "scenarios") {
    throw InputError(fmt::format("{} holds scenarios, not a sweep: `jimsim sensitivity` analyses the results of `jimsim "
                                 "sweep` (use `jimsim compare` for scenarios)",
                                 name));
  }
  if (info.units_done != info.units) {
    throw InputError(fmt::format("{} holds {} of the sweep's {} units (a shard? join the shards with `jimsim merge`)",
                                 name, info.units_done, info.units));
  }
  if (info.units_failed > 0) {
    throw InputError(fmt::format("{}: {} units failed (see /failures): the estimators need every point", name,
                                 info.units_failed));
  }
  H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
  try {
    Handle handle = checked(H5Fopen(file.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), "could not open the file");
    const hid_t root = handle.get();
    SweepValues sweep;
    sweep.design = info.design;
    sweep.replicates = static_cast<std::size_t>(info.replicates);
    Handle design = open_table(root, "design");
    sweep.factors = read_string_values(design.get(), "factor", "/design");
    sweep.unit_coordinates = read_double_values(design.get(), "unit_coordinate", "/design");
    sweep.points = read_string_values(design.get(), "point", "/design").size();
    if (sweep.unit_coordinates.size() != sweep.points * sweep.factors.size()) bad_layout("/design/unit_coordinate has the wrong shape");
    Handle outcomes = open_table(root, "outcomes");
    const auto subgroups = read_string_values(outcomes.get(), "subgroup", "/outcomes");
    const auto at = std::find(subgroups.begin(), subgroups.end(), subgroup);
    if (at == subgroups.end()) {
      throw InputError(fmt::format("{} has no subgroup \"{}\" (the sweep kept: \"{}\")", name, subgroup,
                                   fmt::join(subgroups, "\", \"")));
    }
    const auto g = static_cast<std::size_t>(at - subgroups.begin());
    const std::size_t G = subgroups.size(), PR = sweep.points * sweep.replicates;
    for (std::size_t f = 0; f < outcome_fields.size(); ++f) {
      const std::string field(outcome_fields[f].name);
      if (!has_link(outcomes.get(), field.c_str())) continue;
      const auto all = read_double_values(outcomes.get(), field, "/outcomes");
      if (all.size() != PR * G) bad_layout(fmt::format("/outcomes/{} has the wrong shape", field));
      std::vector<double> one(PR);
      for (std::size_t u = 0; u < PR; ++u) one[u] = all[u * G + g];
      sweep.fields.push_back(static_cast<int>(f));
      sweep.values.push_back(std::move(one));
    }
    if (handle.close() < 0) fail("could not close the file");
    return sweep;
  } catch (const Hdf5Failure& e) {
    throw InputError(fmt::format("{}: {}", name, e.what()));
  }
}

}  // namespace

SensitivityReport analyse_sweep(const fs::path& results_file, const SensitivityOptions& options) {
  const SweepValues sweep = read_sweep(results_file, options.subgroup);
  SensitivityReport report;
  report.design = sweep.design;
  report.factors = sweep.factors;
  report.subgroup = options.subgroup;
  report.points = sweep.points;
  report.replicates = sweep.replicates;
  report.options = options;
  const auto families_at = std::find(sweep.fields.begin(), sweep.fields.end(), outcome_field_index("families"));
  const std::vector<double>* families =
      families_at == sweep.fields.end() ? nullptr : &sweep.values[static_cast<std::size_t>(families_at - sweep.fields.begin())];
  const std::size_t k = sweep.factors.size();
  for (std::size_t i = 0; i < sweep.fields.size(); ++i) {
    const auto& field = outcome_fields[static_cast<std::size_t>(sweep.fields[i])];
    if (field.name == "families") continue;
    OutcomeSensitivity out;
    out.outcome = std::string(field.name);
    std::vector<double> y = sweep.values[i];
    if (families != nullptr) {
      // Per family, so points with more or fewer families compare (an empty subgroup gives 0).
      for (std::size_t u = 0; u < y.size(); ++u) y[u] = (*families)[u] > 0 ? y[u] / (*families)[u] : 0.0;
      out.label = fmt::format("{} per family", field.name);
      out.unit = fmt::format("{}/family", field.unit);
    } else {
      out.label = std::string(field.name);
      out.unit = std::string(field.unit);
    }
    const auto [lowest, highest] = std::minmax_element(y.begin(), y.end());
    if (*lowest == *highest) {
      // A constant outcome (say mentors found when no point searches): nothing to split or rank.
      out.split = {nan, nan, 0.0, 0.0};
      out.note = "the same at every point and replicate: nothing to explain";
      report.outcomes.push_back(std::move(out));
      continue;
    }
    if (sweep.points < 2) {
      out.split = {nan, nan, nan, nan};
      out.note = "one point: the sweep varies nothing";
      report.outcomes.push_back(std::move(out));
      continue;
    }
    if (sweep.replicates < 2) {
      out.split = {nan, nan, nan, nan};
      out.note = "one replicate per point: chance cannot be told from the parameters (sweep with replicates >= 2)";
    } else {
      out.split = split_variance(y, sweep.points, sweep.replicates);
    }
    const std::vector<double> means = point_means(y, sweep.points, sweep.replicates);
    try {
      if (sweep.design == "sobol") out.sobol = sobol_indices(means, k, options.bootstrap);
      if (sweep.design == "morris") out.morris = morris_indices(sweep.unit_coordinates, k, means, options.bootstrap);
    } catch (const std::invalid_argument& e) {
      // Point means that do not vary although replicates do: the parameters explain nothing.
      if (std::string(e.what()).find("variance") == std::string::npos) {
        throw InputError(fmt::format("{}: {}: {}", results_file.string(), out.outcome, e.what()));
      }
    }
    report.outcomes.push_back(std::move(out));
  }
  return report;
}

void write_sensitivity(const fs::path& results_file, const SensitivityReport& report) {
  update_results_file(results_file, [&](hid_t root) {
    if (has_link(root, "sensitivity")) check(H5Ldelete(root, "sensitivity", H5P_DEFAULT), "could not remove the old analysis");
    Handle group = create_group(root, "sensitivity");
    write_attribute(group.get(), "format_version", std::int32_t{sensitivity_format_version});
    write_attribute(group.get(), "design", std::string_view(report.design));
    write_attribute(group.get(), "subgroup", std::string_view(report.subgroup));
    write_attribute(group.get(), "confidence", report.options.bootstrap.confidence);
    write_attribute(group.get(), "bootstrap_resamples", static_cast<std::uint64_t>(report.options.bootstrap.resamples));
    write_attribute(group.get(), "bootstrap_seed", report.options.bootstrap.seed);

    std::vector<std::string> outcome, label, unit;
    std::vector<double> parameter_share, chance_share, parameter_variance, chance_variance;
    for (const auto& o : report.outcomes) {
      outcome.push_back(o.outcome);
      label.push_back(o.label);
      unit.push_back(o.unit);
      parameter_share.push_back(o.split.parameter_share);
      chance_share.push_back(o.split.chance_share);
      parameter_variance.push_back(o.split.parameter_variance);
      chance_variance.push_back(o.split.chance_variance);
    }
    write_table(group.get(), "variance",
                {{"outcome", outcome, "name", "outcome field"},
                 {"label", label, "text", "what is analysed: the outcome per family when families were kept"},
                 {"unit", unit, "text", "unit of what is analysed"},
                 {"parameter_share", parameter_share, "share", "share of the variance the parameters explain"},
                 {"chance_share", chance_share, "share", "share of the variance chance explains (one cohort's luck)"},
                 {"parameter_variance", parameter_variance, "unit squared", "variance of the point means less their noise"},
                 {"chance_variance", chance_variance, "unit squared", "mean variance over replicates at one point"}});
    if (report.design == "sobol") {
      std::vector<std::string> o, p;
      std::vector<double> first, first_lower, first_upper, total, total_lower, total_upper;
      for (const auto& out : report.outcomes) {
        for (std::size_t f = 0; f < out.sobol.size(); ++f) {
          o.push_back(out.outcome);
          p.push_back(report.factors[f]);
          first.push_back(out.sobol[f].first);
          first_lower.push_back(out.sobol[f].first_low);
          first_upper.push_back(out.sobol[f].first_high);
          total.push_back(out.sobol[f].total);
          total_lower.push_back(out.sobol[f].total_low);
          total_upper.push_back(out.sobol[f].total_high);
        }
      }
      write_table(group.get(), "sobol",
                  {{"outcome", o, "name", "outcome field"},
                   {"parameter", p, "name", "parameter the sweep varied"},
                   {"first", first, "share", "first-order Sobol index (Saltelli 2010): variance explained alone"},
                   {"first_lower", first_lower, "share", "bootstrap interval of the first-order index: lower end"},
                   {"first_upper", first_upper, "share", "bootstrap interval of the first-order index: upper end"},
                   {"total", total, "share", "total Sobol index (Jansen): variance explained with interactions"},
                   {"total_lower", total_lower, "share", "bootstrap interval of the total index: lower end"},
                   {"total_upper", total_upper, "share", "bootstrap interval of the total index: upper end"}});
    }
    if (report.design == "morris") {
      std::vector<std::string> o, p;
      std::vector<double> mu, mu_star, lower, upper, sigma;
      for (const auto& out : report.outcomes) {
        for (std::size_t f = 0; f < out.morris.size(); ++f) {
          o.push_back(out.outcome);
          p.push_back(report.factors[f]);
          mu.push_back(out.morris[f].mu);
          mu_star.push_back(out.morris[f].mu_star);
          lower.push_back(out.morris[f].mu_star_low);
          upper.push_back(out.morris[f].mu_star_high);
          sigma.push_back(out.morris[f].sigma);
        }
      }
      write_table(group.get(), "morris",
                  {{"outcome", o, "name", "outcome field"},
                   {"parameter", p, "name", "parameter the sweep varied"},
                   {"mu", mu, "outcome unit per range", "mean elementary effect, per unit of the parameter's range"},
                   {"mu_star", mu_star, "outcome unit per range", "mean absolute elementary effect"},
                   {"mu_star_lower", lower, "outcome unit per range", "bootstrap interval of mu*: lower end"},
                   {"mu_star_upper", upper, "outcome unit per range", "bootstrap interval of mu*: upper end"},
                   {"sigma", sigma, "outcome unit per range", "standard deviation of the elementary effects"}});
    }
  });
}

}  // namespace jimsim
