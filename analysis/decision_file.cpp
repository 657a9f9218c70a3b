#include "analysis/decision_file.hpp"

#include <cstdint>
#include <fmt/format.h>

#include "analysis/estimate_columns.hpp"
#include "io/column_table.hpp"
#include "io/results_hdf5.hpp"

namespace jimsim {

using namespace results_hdf5;

namespace {

template <class Row, class T>
std::vector<T> column_of(const std::vector<Row>& rows, T Row::*field) {
  std::vector<T> v;
  for (const auto& r : rows) v.push_back(r.*field);
  return v;
}

void write_frontier(hid_t group, const DecisionAnalysis& d) {
  const auto& rows = d.frontier;
  const std::string unit = fmt::format("euro/{}", d.effect_unit_label);
  std::vector<std::string> subgroup, status;
  std::vector<std::int32_t> subgroup_index;
  for (const auto& r : rows) {
    subgroup.emplace_back(subgroup_names[static_cast<std::size_t>(r.subgroup)]);
    subgroup_index.push_back(r.subgroup);
    status.emplace_back(frontier_status_name(r.status));
  }
  std::vector<Column> columns = {
      {"scenario", column_of(rows, &FrontierRow::scenario), "name", "scenario"},
      {"subgroup", subgroup, "name", "subgroup of families"},
      {"subgroup_index", subgroup_index, "index", "index of the subgroup, in the order of /outcomes/subgroup"},
      {"status", status, "text",
       "reference (cheapest on the frontier), frontier, dominant (the only policy on the frontier), dominated, "
       "extendedly dominated, or duplicate"},
      {"rank", column_of(rows, &FrontierRow::rank), "rank", "position by mean cost per family, 1 = cheapest"},
      {"comparator", column_of(rows, &FrontierRow::comparator), "name",
       "frontier: the previous frontier policy; dominated: the cheapest policy dominating it; extendedly "
       "dominated: the frontier policy below it; duplicate: the earlier identical policy"},
      {"next", column_of(rows, &FrontierRow::next), "name", "extendedly dominated: the frontier policy above it"},
  };
  add_estimate_columns(columns, "cost_per_family_", column_of(rows, &FrontierRow::cost_per_family), "cost per family",
                       "euro/family");
  add_estimate_columns(columns, "effect_per_family_", column_of(rows, &FrontierRow::effect_per_family),
                       fmt::format("effect per family, in {}s (higher is better)", d.effect_unit_label),
                       fmt::format("{}s/family", d.effect_unit_label));
  add_estimate_columns(columns, "incremental_cost_", column_of(rows, &FrontierRow::incremental_cost),
                       "cost per family minus the comparator's, paired by replicate", "euro/family");
  add_estimate_columns(columns, "incremental_effect_", column_of(rows, &FrontierRow::incremental_effect),
                       "effect per family minus the comparator's, paired by replicate",
                       fmt::format("{}s/family", d.effect_unit_label));
  columns.push_back({"ratio", column_of(rows, &FrontierRow::ratio), unit,
                     "incremental cost per unit of effect against the comparator (frontier steps whose effect is "
                     "distinguishable from 0; NaN otherwise)"});
  columns.push_back({"ratio_lower", column_of(rows, &FrontierRow::ratio_lower), unit,
                     "bootstrap 95% interval of the ratio: lower end (NaN when not defined)"});
  columns.push_back({"ratio_upper", column_of(rows, &FrontierRow::ratio_upper), unit,
                     "bootstrap 95% interval of the ratio: upper end (NaN when not defined)"});
  columns.push_back({"note", column_of(rows, &FrontierRow::note), "text", "the row in plain words"});
  write_table(group, "frontier", columns);
}

void write_acceptability(hid_t group, const DecisionAnalysis& d) {
  const auto& rows = d.acceptability;
  std::vector<std::int32_t> best;
  for (const auto& r : rows) best.push_back(r.best_expected);
  std::vector<Column> columns = {
      {"wtp", column_of(rows, &AcceptabilityRow::wtp), fmt::format("euro/{}", d.effect_unit_label),
       "willingness to pay per unit of effect"},
      {"scenario", column_of(rows, &AcceptabilityRow::scenario), "name", "scenario"},
  };
  add_estimate_columns(columns, "incremental_net_benefit_",
                       column_of(rows, &AcceptabilityRow::incremental_net_benefit),
                       "net monetary benefit per family (wtp x effect - cost) minus the baseline's, paired by replicate",
                       "euro/family");
  columns.push_back({"probability_best", column_of(rows, &AcceptabilityRow::probability_best), "share",
                     "share of replicates in which this policy has the highest net monetary benefit (the "
                     "acceptability curve)"});
  columns.push_back({"best_expected", best, "flag",
                     "1 for the policy with the highest expected net monetary benefit (the acceptability frontier)"});
  write_table(group, "acceptability", columns);
}

void write_value_of_information(hid_t group, const DecisionAnalysis& d) {
  const auto& rows = d.value_of_information;
  write_table(group, "value_of_information",
              {{"wtp", column_of(rows, &ValueOfInformationRow::wtp), fmt::format("euro/{}", d.effect_unit_label),
                "willingness to pay per unit of effect"},
               {"evpi_per_family", column_of(rows, &ValueOfInformationRow::evpi_per_family), "euro/family",
                "expected value of perfect information per family: mean over replicates of the highest net benefit "
                "minus the highest mean net benefit"}});
}

}  // namespace

void write_decision_tables(hid_t comparison_group, const DecisionAnalysis& d) {
  Handle group = create_group(comparison_group, "decision");
  write_attribute(group.get(), "effect", d.effect);
  write_attribute(group.get(), "effect_unit", d.effect_unit_label);
  write_attribute(group.get(), "decision_wtp", d.decision_wtp);
  write_attribute(group.get(), "best_scenario", d.best_scenario);
  write_attribute(group.get(), "best_probability", d.best_probability);
  write_attribute(group.get(), "replicates_used", std::int32_t{d.replicates_used});
  write_frontier(group.get(), d);
  write_acceptability(group.get(), d);
  write_value_of_information(group.get(), d);
}

}  // namespace jimsim
