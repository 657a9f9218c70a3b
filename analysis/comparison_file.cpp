#include "analysis/comparison_file.hpp"

#include <unistd.h>

#include <cstring>
#include <map>
#include <tuple>
#include <fmt/format.h>
#include <variant>

#include "sim/errors.hpp"
#include "analysis/decision_file.hpp"
#include "analysis/estimate_columns.hpp"
#include "io/results_update.hpp"
#include "io/column_table.hpp"
#include "io/results_hdf5.hpp"


namespace jimsim {

using namespace results_hdf5;
namespace fs = std::filesystem;

namespace {

std::vector<std::int32_t> read_int_column(hid_t group, const char* name, std::string_view what) {
  return read_int32_column(group, name, what);
}

std::vector<double> read_double_column(hid_t group, const char* name, std::string_view what) {
  return read_double_values(group, name, what);
}

std::vector<std::string> read_string_column(hid_t group, const char* name, std::string_view what) {
  return read_string_values(group, name, what);
}

std::vector<Estimate> read_estimates(hid_t dataset, const std::string& prefix, std::string_view what) {
  const auto mean = read_double_column(dataset, (prefix + "mean").c_str(), what);
  const auto rl = read_double_column(dataset, (prefix + "range_lower").c_str(), what);
  const auto ru = read_double_column(dataset, (prefix + "range_upper").c_str(), what);
  const auto ml = read_double_column(dataset, (prefix + "mean_lower").c_str(), what);
  const auto mu = read_double_column(dataset, (prefix + "mean_upper").c_str(), what);
  const auto n = read_int_column(dataset, (prefix + "replicates").c_str(), what);
  std::vector<Estimate> out;
  for (std::size_t i = 0; i < mean.size(); ++i) out.push_back({mean[i], rl[i], ru[i], ml[i], mu[i], n[i]});
  return out;
}

// Scenario, subgroup (name and index), measure and unit: the key columns every table starts with.
template <class Row>
std::vector<Column> key_columns(const std::vector<Row>& rows, bool with_measure) {
  std::vector<std::string> scenario, subgroup, measure, unit, label;
  std::vector<std::int32_t> index;
  for (const auto& r : rows) {
    scenario.push_back(r.scenario);
    subgroup.emplace_back(subgroup_names[static_cast<std::size_t>(r.subgroup)]);
    index.push_back(r.subgroup);
    if constexpr (requires { r.measure; }) {
      measure.push_back(r.measure);
      for (const auto& m : comparison_measures()) {
        if (m.id == r.measure) {
          unit.emplace_back(m.unit);
          label.emplace_back(m.label);
        }
      }
    }
  }
  std::vector<Column> columns = {{"scenario", scenario}, {"subgroup", subgroup}, {"subgroup_index", index}};
  if (with_measure) {
    columns.push_back({"measure", measure});
    columns.push_back({"label", label});
    columns.push_back({"unit", unit});
  }
  return columns;
}

// Units and meanings of the comparison's columns (docs/results-format.md, "The comparison group").
void describe(std::vector<Column>& columns) {
  for (auto& c : columns) {
    const std::string& n = c.name;
    std::string_view suffix = n;
    std::string what = "the measure in the row's unit";
    for (const auto& [prefix, label, unit] : {std::tuple{"placements_averted_per_100_", "placements averted per 100 families", "placements/100 families"},
                                              std::tuple{"cost_difference_per_family_", "cost difference per family", "euro/family"}}) {
      if (n.starts_with(prefix)) {
        suffix = std::string_view(n).substr(std::string_view(prefix).size());
        what = label;
        c.unit = suffix == "replicates" ? "replicates" : unit;
      }
    }
    if (const auto e = estimate_column_meaning(suffix); !e.empty()) {
      c.meaning = fmt::format("{}: {}", what, e);
      if (c.unit.empty()) c.unit = suffix == "replicates" ? "replicates" : "see the unit column";
      continue;
    }
    static const std::map<std::string, std::pair<std::string, std::string>> known = {
        {"scenario", {"name", "scenario"}},
        {"subgroup", {"name", "subgroup of families"}},
        {"subgroup_index", {"index", "index of the subgroup, in the order of /outcomes/subgroup"}},
        {"measure", {"name", "measure id"}},
        {"label", {"text", "the measure in plain words"}},
        {"unit", {"text", "unit of the measure and of its estimates"}},
        {"share_better", {"share", "share of replicates in which the scenario did better than the baseline"}},
        {"distinguishable", {"flag", "1 when the interval of the mean difference excludes 0"}},
        {"cost_per_placement_averted", {"euro/placement", "incremental cost per placement averted"}},
        {"cost_per_placement_averted_lower", {"euro/placement", "bootstrap 95% interval of the ratio: lower end"}},
        {"cost_per_placement_averted_upper", {"euro/placement", "bootstrap 95% interval of the ratio: upper end"}},
        {"interval_defined", {"flag", "1 when at least 97.5% of the bootstrap resamples avert placements"}},
        {"share_dominant", {"share", "bootstrap resamples that avert placements and do not cost more"}},
        {"share_averts_costs_more", {"share", "bootstrap resamples that avert placements at extra cost"}},
        {"share_saves_averts_none", {"share", "bootstrap resamples that avert none and do not cost more"}},
        {"share_dominated", {"share", "bootstrap resamples that avert none at extra cost"}},
        {"verdict", {"text", "plain-language verdict from the intervals of the mean"}},
    };
    if (const auto at = known.find(n); at != known.end()) {
      c.unit = at->second.first;
      c.meaning = at->second.second;
    }
  }
}

void write_group(hid_t file, const Comparison& c, const DecisionTables* decision) {
  if (has_link(file, "comparison")) check(H5Ldelete(file, "comparison", H5P_DEFAULT), "could not remove the old comparison");
  Handle group = create_group(file, "comparison");
  write_attribute(group.get(), "format_version", std::int32_t{comparison_format_version});
  write_attribute(group.get(), "baseline", c.baseline);
  write_attribute(group.get(), "replicates", std::int32_t{c.replicates});
  write_attribute(group.get(), "interval_level", interval_level);
  write_attribute(group.get(), "bootstrap_resamples", std::int32_t{bootstrap_resamples});
  write_attribute(group.get(), "bootstrap_seed", std::uint64_t{bootstrap_seed});
  write_string_array_attribute(group.get(), "scenarios", c.scenarios);
  // One text, not a list: R's hdf5r cannot read an empty list of strings.
  std::string changes;
  for (const auto& p : c.price_changes) changes += (changes.empty() ? "" : " ") + p;
  write_attribute(group.get(), "price_changes", changes);

  {
    auto columns = key_columns(c.outcomes, true);
    std::vector<Estimate> values;
    for (const auto& r : c.outcomes) values.push_back(r.value);
    add_estimate_columns(columns, "", values);
    describe(columns);
    write_table(group.get(), "outcomes", columns);
  }
  {
    auto columns = key_columns(c.differences, true);
    std::vector<Estimate> values;
    std::vector<double> better;
    std::vector<std::int32_t> distinguishable;
    for (const auto& r : c.differences) {
      values.push_back(r.difference);
      better.push_back(r.share_better);
      distinguishable.push_back(r.distinguishable);
    }
    add_estimate_columns(columns, "", values);
    columns.push_back({"share_better", better});
    columns.push_back({"distinguishable", distinguishable});
    describe(columns);
    write_table(group.get(), "differences", columns);
  }
  {
    const auto& rows = c.cost_effectiveness;
    auto columns = key_columns(rows, false);
    std::vector<Estimate> averted, cost;
    for (const auto& r : rows) {
      averted.push_back(r.placements_averted_per_100);
      cost.push_back(r.cost_difference_per_family);
    }
    add_estimate_columns(columns, "placements_averted_per_100_", averted);
    add_estimate_columns(columns, "cost_difference_per_family_", cost);
    const auto real = [&](const char* name, double CostEffectivenessRow::*field) {
      std::vector<double> v;
      for (const auto& r : rows) v.push_back(r.*field);
      columns.push_back({name, v});
    };
    real("cost_per_placement_averted", &CostEffectivenessRow::cost_per_placement_averted);
    real("cost_per_placement_averted_lower", &CostEffectivenessRow::icer_lower);
    real("cost_per_placement_averted_upper", &CostEffectivenessRow::icer_upper);
    std::vector<std::int32_t> defined;
    std::vector<std::string> verdicts;
    for (const auto& r : rows) {
      defined.push_back(r.icer_interval_defined);
      verdicts.push_back(r.verdict);
    }
    columns.push_back({"interval_defined", defined});
    real("share_dominant", &CostEffectivenessRow::share_dominant);
    real("share_averts_costs_more", &CostEffectivenessRow::share_averts_costs_more);
    real("share_saves_averts_none", &CostEffectivenessRow::share_saves_averts_none);
    real("share_dominated", &CostEffectivenessRow::share_dominated);
    columns.push_back({"verdict", verdicts});
    describe(columns);
    write_table(group.get(), "cost_effectiveness", columns);
  }
  if (decision != nullptr) write_decision_tables(group.get(), *decision);
}

}  // namespace

void write_comparison(const fs::path& results_file, const Comparison& c, const DecisionTables* decision) {
  update_results_file(results_file, [&](hid_t root) { write_group(root, c, decision); });
}

Comparison read_comparison(const fs::path& results_file) {
  H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
  const std::string name = results_file.string();
  if (H5Fis_hdf5(name.c_str()) <= 0) throw InputError(fmt::format("{} is not an HDF5 file", name));
  try {
    Handle file = checked(H5Fopen(name.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), "could not open the file");
    if (!has_link(file.get(), "comparison")) {
      throw InputError(fmt::format("{} has no comparison: run `jimsim compare {} --baseline NAME` first", name, name));
    }
    Handle group = checked(H5Gopen2(file.get(), "comparison", H5P_DEFAULT), "could not open /comparison");
    if (const auto v = read_int_attribute(group.get(), "format_version"); v != comparison_format_version) {
      throw InputError(fmt::format("{}: /comparison has format version {}; this jimsim reads version {}", name, v,
                                   comparison_format_version));
    }
    Comparison c;
    c.baseline = read_string_attribute(group.get(), "baseline");
    c.replicates = static_cast<int>(read_int_attribute(group.get(), "replicates"));
    c.scenarios = read_string_attribute_array(group.get(), "scenarios");
    {
      Handle d = open_table(group.get(), "outcomes");
      const auto s = read_string_column(d.get(), "scenario", "outcomes");
      const auto g = read_int_column(d.get(), "subgroup_index", "outcomes");
      const auto m = read_string_column(d.get(), "measure", "outcomes");
      const auto e = read_estimates(d.get(), "", "outcomes");
      for (std::size_t i = 0; i < s.size(); ++i) c.outcomes.push_back({s[i], g[i], m[i], e[i]});
    }
    {
      Handle d = open_table(group.get(), "differences");
      const auto s = read_string_column(d.get(), "scenario", "differences");
      const auto g = read_int_column(d.get(), "subgroup_index", "differences");
      const auto m = read_string_column(d.get(), "measure", "differences");
      const auto e = read_estimates(d.get(), "", "differences");
      const auto better = read_double_column(d.get(), "share_better", "differences");
      const auto distinguishable = read_int_column(d.get(), "distinguishable", "differences");
      for (std::size_t i = 0; i < s.size(); ++i) {
        c.differences.push_back({s[i], g[i], m[i], e[i], better[i], distinguishable[i] != 0});
      }
    }
    {
      const char* what = "cost_effectiveness";
      Handle d = open_table(group.get(), what);
      const auto s = read_string_column(d.get(), "scenario", what);
      const auto g = read_int_column(d.get(), "subgroup_index", what);
      const auto averted = read_estimates(d.get(), "placements_averted_per_100_", what);
      const auto cost = read_estimates(d.get(), "cost_difference_per_family_", what);
      const auto icer = read_double_column(d.get(), "cost_per_placement_averted", what);
      const auto lower = read_double_column(d.get(), "cost_per_placement_averted_lower", what);
      const auto upper = read_double_column(d.get(), "cost_per_placement_averted_upper", what);
      const auto defined = read_int_column(d.get(), "interval_defined", what);
      const auto dominant = read_double_column(d.get(), "share_dominant", what);
      const auto costs_more = read_double_column(d.get(), "share_averts_costs_more", what);
      const auto saves = read_double_column(d.get(), "share_saves_averts_none", what);
      const auto dominated = read_double_column(d.get(), "share_dominated", what);
      const auto verdict = read_string_column(d.get(), "verdict", what);
      for (std::size_t i = 0; i < s.size(); ++i) {
        CostEffectivenessRow r;
        r.scenario = s[i];
        r.subgroup = g[i];
        r.placements_averted_per_100 = averted[i];
        r.cost_difference_per_family = cost[i];
        r.cost_per_placement_averted = icer[i];
        r.icer_lower = lower[i];
        r.icer_upper = upper[i];
        r.icer_interval_defined = defined[i] != 0;
        r.share_dominant = dominant[i];
        r.share_averts_costs_more = costs_more[i];
        r.share_saves_averts_none = saves[i];
        r.share_dominated = dominated[i];
        r.verdict = verdict[i];
        c.cost_effectiveness.push_back(r);
      }
    }
    return c;
  } catch (const Hdf5Failure& e) {
    throw InputError(fmt::format("{}: {}", name, e.what()));
  }
}

}  // namespace jimsim
