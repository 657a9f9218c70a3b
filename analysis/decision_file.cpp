#include "analysis/decision_file.hpp"

#include <cstdint>
#include <fmt/format.h>

#include "analysis/estimate_columns.hpp"
#include "io/column_table.hpp"
#include "io/results_hdf5.hpp"
#include "sim/pricing.hpp"

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
                       fmt::format("effect per family (higher is better; one unit is a {})", d.effect_unit_label),
                       d.effect_unit);
  add_estimate_columns(columns, "incremental_cost_", column_of(rows, &FrontierRow::incremental_cost),
                       "cost per family minus the comparator's, paired by replicate", "euro/family");
  add_estimate_columns(columns, "incremental_effect_", column_of(rows, &FrontierRow::incremental_effect),
                       "effect per family minus the comparator's, paired by replicate",
                       d.effect_unit);
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

void write_budget_impact(hid_t group, const BudgetImpact& b) {
  const auto& rows = b.rows;
  std::vector<Column> columns = {
      {"scenario", column_of(rows, &BudgetImpactRow::scenario), "name", "scenario"},
      {"year", column_of(rows, &BudgetImpactRow::year), "year",
       "calendar year from the start of the policy, 1 = the first; 0 = the total over all years"},
      {"item", column_of(rows, &BudgetImpactRow::item), "name",
       "placements (started), residential_days, or a cost item (cost_professional, ..., cost_total)"},
      {"unit", column_of(rows, &BudgetImpactRow::unit), "text", "unit of the item and of its estimates"},
  };
  add_estimate_columns(columns, "value_", column_of(rows, &BudgetImpactRow::value),
                       "the item for the whole population in that year", "see the unit column");
  add_estimate_columns(columns, "difference_", column_of(rows, &BudgetImpactRow::difference),
                       "the item minus the baseline's, paired by replicate", "see the unit column");
  write_table(group, "budget_impact", columns);
}

void write_tornado(hid_t group, const Tornado& t) {
  const auto& rows = t.rows;
  std::vector<std::int32_t> changes;
  for (const auto& r : rows) changes.push_back(r.decision_changes);
  const std::string measure = "euro/family";
  write_table(group, "tornado",
              {{"price", column_of(rows, &TornadoRow::price), "name", "the price, as a scenario key"},
               {"unit", column_of(rows, &TornadoRow::unit), "text", "unit of the price"},
               {"default_value", column_of(rows, &TornadoRow::default_value), "see the unit column",
                "the price in this analysis (the baseline scenario's)"},
               {"low", column_of(rows, &TornadoRow::low), "see the unit column", "low end of the plausible range"},
               {"high", column_of(rows, &TornadoRow::high), "see the unit column", "high end of the plausible range"},
               {"source", column_of(rows, &TornadoRow::source), "text", "where the range comes from"},
               {"value_default", column_of(rows, &TornadoRow::value_default), measure,
                "incremental net monetary benefit per family of the policy examined against the baseline"},
               {"value_low", column_of(rows, &TornadoRow::value_low), measure, "the same with the price at low"},
               {"value_high", column_of(rows, &TornadoRow::value_high), measure, "the same with the price at high"},
               {"best_low", column_of(rows, &TornadoRow::best_low), "name", "the best policy with the price at low"},
               {"best_high", column_of(rows, &TornadoRow::best_high), "name", "the best policy with the price at high"},
               {"decision_changes", changes, "flag", "1 when the best policy differs at either end of the range"}});
}

// The price declarations (sim/pricing.hpp), so a reader can price the stored counts again without
// copying them: which count each price multiplies, which cost it makes, when it applies.
void write_price_table(hid_t group) {
  std::vector<std::string> key, count, cost, basis, source;
  std::vector<double> low, high;
  for (const PriceSpec& p : price_specs) {
    key.emplace_back(p.key);
    count.emplace_back(p.count_field);
    cost.emplace_back(p.cost_field);
    basis.emplace_back(p.basis == PriceBasis::always           ? "always"
                       : p.basis == PriceBasis::staff_by_hours ? "when costs.staff_employed is false"
                                                               : "when costs.staff_employed is true");
    low.push_back(p.low);
    high.push_back(p.high);
    source.emplace_back(p.range_source);
  }
  write_table(group, "prices",
              {{"price", key, "name", "the price, as a scenario key (its value per scenario is in /points)"},
               {"count", count, "name", "the count it multiplies: a field of /outcomes and /resource_use_by_year"},
               {"cost", cost, "name", "the cost field the product adds to (cost_total adds them all)"},
               {"applies", basis, "text", "when the price counts"},
               {"low", low, "see the price's unit", "low end of the plausible range (the tornado)"},
               {"high", high, "see the price's unit", "high end of the plausible range (the tornado)"},
               {"source", source, "text", "where the range comes from"}});
}

}  // namespace

void write_decision_tables(hid_t comparison_group, const DecisionTables& tables) {
  const DecisionAnalysis& d = tables.decision;
  Handle group = create_group(comparison_group, "decision");
  write_attribute(group.get(), "effect", d.effect);
  write_attribute(group.get(), "effect_unit", d.effect_unit_label);
  write_attribute(group.get(), "effect_per_family_unit", d.effect_unit);
  write_attribute(group.get(), "decision_wtp", d.decision_wtp);
  write_attribute(group.get(), "best_scenario", d.best_scenario);
  write_attribute(group.get(), "best_probability", d.best_probability);
  write_attribute(group.get(), "replicates_used", std::int32_t{d.replicates_used});
  write_frontier(group.get(), d);
  write_acceptability(group.get(), d);
  write_value_of_information(group.get(), d);
  write_price_table(group.get());
  // Absent when the results hold no resource use by year (a sweep that kept no series).
  if (!tables.budget.rows.empty()) {
    write_budget_impact(group.get(), tables.budget);
    Handle budget = open_table(group.get(), "budget_impact");
    write_attribute(budget.get(), "population", tables.budget.referrals_per_year);
    write_attribute(budget.get(), "years", std::int32_t{tables.budget.years});
    write_attribute(budget.get(), "horizon_years", std::int32_t{tables.budget.horizon_years});
    write_attribute(budget.get(), "horizon_weeks", tables.budget.horizon_weeks);
  }
  if (tables.tornado.rows.empty()) return;  // one scenario: no policy to examine
  write_tornado(group.get(), tables.tornado);
  Handle tornado = open_table(group.get(), "tornado");
  write_attribute(tornado.get(), "scenario", tables.tornado.scenario);
  write_attribute(tornado.get(), "baseline", tables.tornado.baseline);
  write_attribute(tornado.get(), "best", tables.tornado.best);
  write_attribute(tornado.get(), "wtp", tables.tornado.wtp);
  write_attribute(tornado.get(), "measure",
                  std::string_view("incremental net monetary benefit per family against the baseline"));
}

}  // namespace jimsim
