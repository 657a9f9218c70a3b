#include "analysis/decision_text.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <set>

#include "analysis/text_table.hpp"

namespace jimsim {
namespace {

std::string number(double v, int decimals) {
  if (!std::isfinite(v)) return "-";
  return fmt::format("{:.{}f}", v, decimals);
}

// The effect as a reader counts it: placements and days per 100 families, weeks per family.
struct EffectScale {
  double factor;
  std::string label;
};

EffectScale effect_scale(const DecisionAnalysis& d) {
  if (d.effect == "placements") return {100.0, "placements averted/100"};
  if (d.effect == "residential_days") return {1.0, "resid. days avoided/family"};
  return {1.0, "placement-free weeks gained/family"};
}

std::string frontier_table(const DecisionAnalysis& d, int g) {
  const EffectScale scale = effect_scale(d);
  std::vector<std::vector<std::string>> rows = {{"policy (cheapest first)", "cost/family (EUR)", scale.label + ", against comparator",
                                                 fmt::format("EUR per {} (95% interval)", d.effect_unit_label), "status"}};
  std::vector<const FrontierRow*> ordered;
  for (const auto& r : d.frontier) {
    if (r.subgroup == g) ordered.push_back(&r);
  }
  std::sort(ordered.begin(), ordered.end(), [](const FrontierRow* a, const FrontierRow* b) { return a->rank < b->rank; });
  for (const FrontierRow* r : ordered) {
    const std::string effect =
        r->comparator.empty() ? "-"
                              : fmt::format("{} ({} to {})", number(scale.factor * r->incremental_effect.mean, 1),
                                            number(scale.factor * r->incremental_effect.mean_lower, 1),
                                            number(scale.factor * r->incremental_effect.mean_upper, 1));
    const std::string ratio = !std::isfinite(r->ratio) ? "-"
                              : std::isfinite(r->ratio_lower)
                                  ? fmt::format("{} ({} to {})", number(r->ratio, 0), number(r->ratio_lower, 0),
                                                number(r->ratio_upper, 0))
                                  : number(r->ratio, 0) + " (no interval)";
    rows.push_back({r->scenario, number(r->cost_per_family.mean, 0), effect, ratio, r->note});
  }
  return aligned_table(rows, true);
}

// Up to seven points of the grid, evenly spread, always with both ends.
std::vector<double> shown_wtps(const DecisionAnalysis& d) {
  std::vector<double> grid;
  for (const auto& v : d.value_of_information) grid.push_back(v.wtp);
  if (grid.size() <= 7) return grid;
  std::vector<double> shown;
  const double last = static_cast<double>(grid.size() - 1);
  for (int i = 0; i < 7; ++i) shown.push_back(grid[static_cast<std::size_t>(std::lround(i * last / 6.0))]);
  return shown;
}

std::string acceptability_table(const DecisionAnalysis& d) {
  std::vector<std::string> scenarios;
  for (const auto& r : d.acceptability) {
    if (std::find(scenarios.begin(), scenarios.end(), r.scenario) == scenarios.end()) scenarios.push_back(r.scenario);
  }
  const std::vector<double> wtps = shown_wtps(d);
  std::vector<std::string> header = {fmt::format("best (%) at EUR per {}:", d.effect_unit_label)};
  for (const double wtp : wtps) header.push_back(number(wtp, 0));
  std::vector<std::vector<std::string>> rows = {header};
  for (const auto& s : scenarios) {
    std::vector<std::string> row = {s};
    for (const double wtp : wtps) {
      for (const auto& r : d.acceptability) {
        if (r.wtp == wtp && r.scenario == s) row.push_back(number(100 * r.probability_best, 0) + (r.best_expected ? "*" : " "));
      }
    }
    rows.push_back(row);
  }
  std::vector<std::string> evpi = {"EVPI per family (EUR)"};
  for (const double wtp : wtps) {
    for (const auto& v : d.value_of_information) {
      if (v.wtp == wtp) evpi.push_back(number(v.evpi_per_family, 0) + " ");
    }
  }
  rows.push_back(evpi);
  return aligned_table(rows, false);
}

}  // namespace

std::string decision_table_text(const DecisionAnalysis& d, bool subgroups) {
  std::string out;
  std::set<int> groups;
  for (const auto& r : d.frontier) groups.insert(r.subgroup);
  for (const int g : groups) {
    if (g > 0 && !subgroups) break;
    out += fmt::format("\nIncremental analysis of all policies, {}: mean cost per family and the step from the previous "
                       "policy on the efficiency frontier (95% interval of the mean, paired by replicate)\n",
                       g == 0 ? "whole cohort" : subgroup_names[static_cast<std::size_t>(g)]);
    out += frontier_table(d, g);
  }
  out += fmt::format("\nAt {} euro per {}, the policy with the highest expected net monetary benefit is {}: it is the "
                     "best in {:.0f}% of the {} replicates.\n",
                     number(d.decision_wtp, 0), d.effect_unit_label, d.best_scenario, 100 * d.best_probability,
                     d.replicates_used);
  out += fmt::format("\nAcceptability: share of replicates in which each policy has the highest net monetary benefit "
                     "(* the highest expected), and the expected value of perfect information, by willingness to pay\n");
  out += acceptability_table(d);
  out += "Each replicate is one cohort of this run's size with its own chance events (and its own posterior draw when "
         "the run used one): the shares include the chance a cohort of this size brings.\n";
  return out;
}

std::string budget_impact_text(const BudgetImpact& b, const std::string& baseline, const std::string& policy) {
  const auto find = [&](const std::string& scenario, int year, std::string_view item) -> const BudgetImpactRow& {
    for (const auto& r : b.rows) {
      if (r.scenario == scenario && r.year == year && r.item == item) return r;
    }
    throw std::logic_error(fmt::format("no budget row {} {} {}", scenario, year, item));
  };
  const auto with_interval = [](const Estimate& e, int decimals) {
    return fmt::format("{} ({} to {})", number(e.mean, decimals), number(e.mean_lower, decimals),
                       number(e.mean_upper, decimals));
  };
  std::vector<std::string> scenarios;
  for (const auto& r : b.rows) {
    if (std::find(scenarios.begin(), scenarios.end(), r.scenario) == scenarios.end()) scenarios.push_back(r.scenario);
  }
  std::string out = fmt::format(
      "\nBudget impact for {} referrals a year over {} year{} (referrals arrive evenly; each is followed as simulated, "
      "up to {} weeks, and not after; undiscounted; 95% interval of the mean)\n",
      number(b.referrals_per_year, 0), b.years, b.years == 1 ? "" : "s", number(b.horizon_weeks, 0));
  std::vector<std::vector<std::string>> rows = {{"policy", fmt::format("placements in year {}", b.years),
                                                 fmt::format("cost in year {} (EUR)", b.years), "total cost (EUR)",
                                                 fmt::format("total against {} (EUR)", baseline)}};
  for (const auto& s : scenarios) {
    rows.push_back({s, number(find(s, b.years, "placements").value.mean, 1),
                    number(find(s, b.years, "cost_total").value.mean, 0), number(find(s, 0, "cost_total").value.mean, 0),
                    s == baseline ? "-" : with_interval(find(s, 0, "cost_total").difference, 0)});
  }
  out += aligned_table(rows, false);
  if (policy.empty() || policy == baseline) return out;
  out += fmt::format("\n{} against {} by item and year (mean difference)\n", policy, baseline);
  std::vector<std::string> header = {"item"};
  for (int y = 1; y <= b.years; ++y) header.push_back(fmt::format("year {}", y));
  header.push_back("total");
  std::vector<std::vector<std::string>> items = {header};
  for (const auto& item : budget_items()) {
    std::vector<std::string> row = {fmt::format("{} ({})", item.label, item.unit)};
    for (int y = 1; y <= b.years; ++y) row.push_back(number(find(policy, y, item.id).difference.mean, item.unit == "euro" ? 0 : 1));
    row.push_back(number(find(policy, 0, item.id).difference.mean, item.unit == "euro" ? 0 : 1));
    items.push_back(row);
  }
  out += aligned_table(items, false);
  return out;
}

std::string tornado_text(const Tornado& t, std::string_view effect_unit_label) {
  std::string out = fmt::format(
      "\nPrices over their plausible ranges: net monetary benefit per family of {} against {} at {} euro per {} "
      "(EUR; widest swing first)\n",
      t.scenario, t.baseline, number(t.wtp, 0), effect_unit_label);
  std::vector<std::vector<std::string>> rows = {{"price", "range", "at low", "as is", "at high", "best policy at low / high"}};
  for (const auto& r : t.rows) {
    rows.push_back({r.price, fmt::format("{} to {} {}", number(r.low, 0), number(r.high, 0), r.unit),
                    number(r.value_low, 0), number(r.value_default, 0), number(r.value_high, 0),
                    r.decision_changes ? fmt::format("{} / {}: the decision changes", r.best_low, r.best_high)
                                       : "unchanged"});
  }
  return out + aligned_table(rows, true);
}

std::string decision_csv_rows(const DecisionAnalysis& d) {
  const auto csv_number = [](double v) { return std::isfinite(v) ? fmt::format("{}", v) : std::string(); };
  const auto quoted = [](const std::string& text) {
    std::string q = "\"";
    for (const char c : text) q += c == '"' ? std::string("\"\"") : std::string(1, c);
    return q + "\"";
  };
  std::string out;
  const auto line = [&](std::string_view table, const std::string& scenario, int g, std::string_view measure,
                        const std::string& unit, const Estimate& e, double probability_best, const std::string& note, double wtp) {
    out += fmt::format("{},{},{},{},{},{},{},{},{},{},{},,,{},{},{},\n", table, scenario,
                       subgroup_names[static_cast<std::size_t>(g)], measure, unit, csv_number(e.mean),
                       csv_number(e.range_lower), csv_number(e.range_upper), csv_number(e.mean_lower),
                       csv_number(e.mean_upper), e.replicates, quoted(note), csv_number(wtp), csv_number(probability_best));
  };
  const double none = std::nan("");
  const std::string effect_unit = d.effect_unit;
  const std::string ratio_unit = fmt::format("euro/{}", d.effect_unit_label);
  for (const auto& r : d.frontier) {
    // The status, unless the note already starts with it.
    const std::string status = frontier_status_name(r.status);
    const std::string note = r.note.starts_with(status) ? r.note : fmt::format("{}: {}", status, r.note);
    line("frontier", r.scenario, r.subgroup, "cost_per_family", "euro/family", r.cost_per_family, none, note, none);
    line("frontier", r.scenario, r.subgroup, "effect_per_family", effect_unit, r.effect_per_family, none, note, none);
    line("frontier", r.scenario, r.subgroup, "incremental_cost", "euro/family", r.incremental_cost, none, note, none);
    line("frontier", r.scenario, r.subgroup, "incremental_effect", effect_unit, r.incremental_effect, none, note, none);
    Estimate ratio{r.ratio, none, none, r.ratio_lower, r.ratio_upper, r.incremental_cost.replicates};
    line("frontier", r.scenario, r.subgroup, "ratio", ratio_unit, ratio, none, note, none);
  }
  for (const auto& r : d.acceptability) {
    line("acceptability", r.scenario, 0, "incremental_net_benefit", "euro/family", r.incremental_net_benefit,
         r.probability_best, r.best_expected ? "highest expected net benefit" : "", r.wtp);
  }
  for (const auto& v : d.value_of_information) {
    Estimate e{v.evpi_per_family, none, none, none, none, d.replicates_used};
    line("value_of_information", "", 0, "evpi_per_family", "euro/family", e, none, "", v.wtp);
  }
  return out;
}

}  // namespace jimsim

namespace jimsim {

std::string budget_csv_rows(const BudgetImpact& b) {
  const auto csv_number = [](double v) { return std::isfinite(v) ? fmt::format("{}", v) : std::string(); };
  std::string out;
  for (const auto& r : b.rows) {
    for (const auto& [e, note] : {std::pair{&r.value, "the population's amount"},
                                  std::pair{&r.difference, "difference against the baseline, paired"}}) {
      out += fmt::format("budget_impact,{},all,{},{},{},{},{},{},{},{},,,\"{}\",,,{}\n", r.scenario, r.item, r.unit,
                         csv_number(e->mean), csv_number(e->range_lower), csv_number(e->range_upper),
                         csv_number(e->mean_lower), csv_number(e->mean_upper), e->replicates, note, r.year);
    }
  }
  return out;
}

}  // namespace jimsim
