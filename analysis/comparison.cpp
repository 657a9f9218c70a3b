#include "analysis/comparison.hpp"

#include <algorithm>
#include <boost/math/distributions/students_t.hpp>  // libm: interval bounds only (README, "Reproducibility")
#include <cmath>
#include <fmt/format.h>
#include <limits>
#include <numeric>

#include "sim/errors.hpp"
#include "analysis/ratio_bootstrap.hpp"
#include "analysis/text_table.hpp"

namespace jimsim {
namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

double ratio(double numerator, double denominator) { return denominator > 0 ? numerator / denominator : nan; }

const Outcomes& outcomes_of(const ScenarioResults& s, std::size_t replicate, int subgroup) {
  return s.outcomes[replicate][static_cast<std::size_t>(subgroup)];
}

std::vector<double> measure_values(const ScenarioResults& s, const Measure& m, int subgroup) {
  std::vector<double> values;
  for (std::size_t r = 0; r < s.outcomes.size(); ++r) values.push_back(m.value(outcomes_of(s, r, subgroup)));
  return values;
}

std::vector<double> finite_only(const std::vector<double>& values) {
  std::vector<double> out;
  std::copy_if(values.begin(), values.end(), std::back_inserter(out), [](double v) { return std::isfinite(v); });
  return out;
}

double mean_of(const std::vector<double>& v) { return std::accumulate(v.begin(), v.end(), 0.0) / static_cast<double>(v.size()); }

std::string verdict(const CostEffectivenessRow& row) {
  if (row.placements_averted_per_100.replicates == 0) return "no families in this subgroup";
  const Estimate& averted = row.placements_averted_per_100;
  const Estimate& cost = row.cost_difference_per_family;
  const bool fewer = averted.mean_lower > 0, more = averted.mean_upper < 0;
  const bool cheaper = cost.mean_upper < 0, dearer = cost.mean_lower > 0;
  if (!fewer && !more) {
    if (cheaper) return "no distinguishable difference in placements; saves money";
    if (dearer) return "no distinguishable difference in placements; costs more";
    return "not distinguishable from the baseline in placements or cost";
  }
  if (fewer && cheaper) return "averts placements and saves money (dominant)";
  if (fewer && dearer) return fmt::format("averts placements at {:.0f} euro per placement averted", row.cost_per_placement_averted);
  if (fewer) return "averts placements; cost difference not distinguishable from 0";
  if (more && dearer) return "more placements and higher cost (dominated)";
  return "more placements than the baseline";
}

CostEffectivenessRow cost_effectiveness(const ScenarioResults& base, const ScenarioResults& s, int subgroup) {
  std::vector<double> averted, averted_100, cost_diff;
  for (std::size_t r = 0; r < s.outcomes.size(); ++r) {
    const Outcomes& b = outcomes_of(base, r, subgroup);
    const Outcomes& o = outcomes_of(s, r, subgroup);
    if (!(b.families > 0 && o.families > 0)) continue;
    averted.push_back(b.placed / b.families - o.placed / o.families);
    averted_100.push_back(100 * averted.back());
    cost_diff.push_back(o.cost_total / o.families - b.cost_total / b.families);
  }
  CostEffectivenessRow row;
  row.scenario = s.name;
  row.subgroup = subgroup;
  row.placements_averted_per_100 = estimate(averted_100);
  row.cost_difference_per_family = estimate(cost_diff);
  // A ratio is read as a price per placement averted, so it is given only when placements are
  // averted at extra cost: a negative ratio (a saving, or more placements) cannot be ranked, and
  // the verdict and the quadrant shares say what happened instead.
  const double mean_averted = row.placements_averted_per_100.mean / 100;
  const bool priced = mean_averted > 0 && row.cost_difference_per_family.mean > 0;
  row.cost_per_placement_averted = priced ? row.cost_difference_per_family.mean / mean_averted : nan;

  const RatioBootstrap boot = ratio_bootstrap(averted, cost_diff, static_cast<std::uint32_t>(subgroup), 0);
  row.share_dominant = boot.share_more_effective_cheaper;
  row.share_averts_costs_more = boot.share_more_effective_dearer;
  row.share_saves_averts_none = boot.share_not_more_effective_cheaper;
  row.share_dominated = boot.share_not_more_effective_dearer;
  // An interval reaching below 0 would mix savings into the price: it is then not given.
  row.icer_interval_defined = priced && boot.interval_defined && boot.lower > 0;
  row.icer_lower = row.icer_interval_defined ? boot.lower : nan;
  row.icer_upper = row.icer_interval_defined ? boot.upper : nan;
  row.verdict = verdict(row);
  return row;
}

}  // namespace

const std::vector<Measure>& comparison_measures() {
  static const std::vector<Measure> measures = {
      {"placed_6_months", "placed within 6 months", "%", true,
       [](const Outcomes& o) { return 100 * ratio(o.placed_within_26_weeks, o.followed_26_weeks); }},
      {"placed_12_months", "placed within 12 months", "%", true,
       [](const Outcomes& o) { return 100 * ratio(o.placed_within_52_weeks, o.followed_52_weeks); }},
      {"placed_24_months", "placed within 24 months", "%", true,
       [](const Outcomes& o) { return 100 * ratio(o.placed_within_104_weeks, o.followed_104_weeks); }},
      {"placed_ever", "placed during follow-up", "%", true,
       [](const Outcomes& o) { return 100 * ratio(o.placed, o.families); }},
      {"placement_free_weeks", "placement-free weeks per youth", "weeks", false,
       [](const Outcomes& o) { return ratio(o.placement_free_weeks, o.families); }},
      {"residential_days", "residential days per youth", "days", true,
       [](const Outcomes& o) { return ratio(o.residential_days, o.families); }},
      {"crises", "crises per youth", "crises", true, [](const Outcomes& o) { return ratio(o.crises, o.families); }},
      {"respite_stays", "respite stays per 100 youths", "stays", false,
       [](const Outcomes& o) { return 100 * ratio(o.respite_stays, o.families); }},
      {"mentors_found", "youths who found a mentor", "%", false,
       [](const Outcomes& o) { return 100 * ratio(o.mentors_found, o.families); }},
      {"mentors_retained", "mentors still involved at the end (of those found)", "%", false,
       [](const Outcomes& o) { return 100 * ratio(o.mentors_active_at_end, o.mentors_found); }},
      {"indicated_placed", "placed, of youths with an indicated placement", "%", true,
       [](const Outcomes& o) { return 100 * ratio(o.indicated_placed, o.indicated); }},
      {"indications_withdrawn", "indicated placements withdrawn (improved or reconsidered)", "%", false,
       [](const Outcomes& o) {
         return 100 * ratio(o.indications_withdrawn_improved + o.indications_withdrawn_reconsidered, o.indicated);
       }},
      {"indications_to_respite", "indicated placements replaced by respite with the mentor", "%", false,
       [](const Outcomes& o) { return 100 * ratio(o.indications_to_respite, o.indicated); }},
      {"crises_deescalated", "crises de-escalated by the mentor per 100 youths", "crises", false,
       [](const Outcomes& o) { return 100 * ratio(o.crises_deescalated, o.families); }},
      {"decisions_held_by_network", "placement decisions turned by family, network and mentor per 100 youths",
       "decisions", false, [](const Outcomes& o) { return 100 * ratio(o.decisions_held_by_network, o.families); }},
      {"professional_hours", "professional hours per family", "hours", true,
       [](const Outcomes& o) { return ratio(o.professional_hours, o.families); }},
      {"waiting_weeks", "waiting weeks per family", "weeks", true,
       [](const Outcomes& o) { return ratio(o.waiting_weeks, o.families); }},
      {"cost_professional", "professional cost per family", "euro", true,
       [](const Outcomes& o) { return ratio(o.cost_professional, o.families); }},
      {"cost_residential", "residential cost per family", "euro", true,
       [](const Outcomes& o) { return ratio(o.cost_residential, o.families); }},
      {"cost_respite", "respite cost per family", "euro", true,
       [](const Outcomes& o) { return ratio(o.cost_respite, o.families); }},
      {"cost_parent_group", "parent-group cost per family", "euro", true,
       [](const Outcomes& o) { return ratio(o.cost_parent_group, o.families); }},
      {"cost_approach", "the approach's own cost per family (training, role meetings, mentor expenses)", "euro",
       true, [](const Outcomes& o) {
         return ratio(o.cost_training + o.cost_role_meetings + o.cost_mentor_expenses, o.families);
       }},
      {"cost_total", "total cost per family", "euro", true,
       [](const Outcomes& o) { return ratio(o.cost_total, o.families); }},
  };
  return measures;
}

double percentile(std::vector<double> values, double p) {
  if (values.empty()) return nan;
  std::sort(values.begin(), values.end());
  const double position = p * static_cast<double>(values.size() - 1);
  const auto below = static_cast<std::size_t>(std::floor(position));
  const std::size_t above = std::min(below + 1, values.size() - 1);
  return values[below] + (position - static_cast<double>(below)) * (values[above] - values[below]);
}

// The interval bounds of a comparison: Boost computes the quantile with libm, so its last bit may
// differ between machines; the estimates and every model result do not.
double student_t_quantile(double p, int degrees_of_freedom) {
  return boost::math::quantile(boost::math::students_t(degrees_of_freedom), p);
}

Estimate estimate(const std::vector<double>& all_values) {
  const std::vector<double> values = finite_only(all_values);
  Estimate e;
  e.replicates = static_cast<int>(values.size());
  e.mean = values.empty() ? nan : mean_of(values);
  e.range_lower = e.range_upper = e.mean_lower = e.mean_upper = nan;
  if (values.size() < 2) return e;
  const double tail = (1 - interval_level) / 2;
  e.range_lower = percentile(values, tail);
  e.range_upper = percentile(values, 1 - tail);
  double squares = 0;
  for (const double v : values) squares += (v - e.mean) * (v - e.mean);
  const double n = static_cast<double>(values.size());
  const double standard_error = std::sqrt(squares / (n - 1) / n);
  const double t = student_t_quantile(1 - tail, e.replicates - 1);
  e.mean_lower = e.mean - t * standard_error;
  e.mean_upper = e.mean + t * standard_error;
  return e;
}

Comparison compare_scenarios(const ResultsFile& results, const std::string& baseline) {
  const ScenarioResults* base = nullptr;
  std::string names;
  for (const auto& s : results.scenarios) {
    if (s.name == baseline) base = &s;
    names += (names.empty() ? "" : ", ") + s.name;
  }
  if (base == nullptr) {
    throw InputError(fmt::format("baseline '{}' is not a scenario in this file; it has: {}", baseline, names));
  }
  if (results.run.replicates < 2) {
    throw InputError(fmt::format("the file has {} replicate{} per scenario: an interval needs at least 2 (run with "
                                 "--replicates 2 or more)",
                                 results.run.replicates, results.run.replicates == 1 ? "" : "s"));
  }
  Comparison c;
  c.baseline = baseline;
  c.replicates = results.run.replicates;
  c.posterior = results.run.posterior;
  for (const auto& s : results.scenarios) {
    c.scenarios.push_back(s.name);
    for (int g = 0; g < subgroup_count; ++g) {
      for (const auto& m : comparison_measures()) {
        c.outcomes.push_back({s.name, g, std::string(m.id), estimate(measure_values(s, m, g))});
      }
      if (&s == base) continue;
      for (const auto& m : comparison_measures()) {
        const auto mine = measure_values(s, m, g), theirs = measure_values(*base, m, g);
        std::vector<double> difference;
        double better = 0, defined = 0;
        for (std::size_t r = 0; r < mine.size(); ++r) {
          const double d = mine[r] - theirs[r];
          difference.push_back(d);
          if (!std::isfinite(d)) continue;
          defined += 1;
          better += m.lower_is_better ? d < 0 : d > 0;
        }
        DifferenceRow row{s.name, g, std::string(m.id), estimate(difference), defined > 0 ? better / defined : nan, false};
        row.distinguishable = row.difference.mean_lower > 0 || row.difference.mean_upper < 0;
        c.differences.push_back(row);
      }
      c.cost_effectiveness.push_back(cost_effectiveness(*base, s, g));
    }
  }
  return c;
}

namespace {

std::string number(double v, int decimals) {
  if (!std::isfinite(v)) return "-";
  return fmt::format("{:.{}f}", v, decimals);
}

std::string with_range(const Estimate& e, int decimals) {
  return fmt::format("{} ({} to {})", number(e.mean, decimals), number(e.range_lower, decimals),
                     number(e.range_upper, decimals));
}

std::string with_mean_interval(const Estimate& e, int decimals) {
  return fmt::format("{} ({} to {})", number(e.mean, decimals), number(e.mean_lower, decimals),
                     number(e.mean_upper, decimals));
}

const MeasureRow& find_outcome(const Comparison& c, const std::string& scenario, int subgroup, std::string_view id) {
  for (const auto& row : c.outcomes) {
    if (row.scenario == scenario && row.subgroup == subgroup && row.measure == id) return row;
  }
  throw std::logic_error("comparison has no row for " + std::string(id));
}

const DifferenceRow& find_difference(const Comparison& c, const std::string& scenario, int subgroup,
                                     std::string_view id) {
  for (const auto& row : c.differences) {
    if (row.scenario == scenario && row.subgroup == subgroup && row.measure == id) return row;
  }
  throw std::logic_error("comparison has no difference row for " + std::string(id));
}

std::string outcome_table(const Comparison& c, int g) {
  std::vector<std::vector<std::string>> rows = {
      {"scenario", "placed 12 mo (%)", "placed 24 mo (%)", "resid. days/youth", "mentor found (%)", "cost/family (EUR)"}};
  for (const auto& s : c.scenarios) {
    rows.push_back({s, with_range(find_outcome(c, s, g, "placed_12_months").value, 1),
                    with_range(find_outcome(c, s, g, "placed_24_months").value, 1),
                    with_range(find_outcome(c, s, g, "residential_days").value, 1),
                    with_range(find_outcome(c, s, g, "mentors_found").value, 0),
                    with_range(find_outcome(c, s, g, "cost_total").value, 0)});
  }
  return aligned_table(rows, rows.front().size() > 5);
}

std::string difference_table(const Comparison& c, int g) {
  std::vector<std::vector<std::string>> rows = {{"scenario", "placements averted/100", "resid. days saved/youth",
                                                 "cost difference/family (EUR)", "EUR per placement averted", "verdict"}};
  for (const auto& ce : c.cost_effectiveness) {
    if (ce.subgroup != g) continue;
    const Estimate saved = [&] {
      Estimate e = find_difference(c, ce.scenario, g, "residential_days").difference;
      e.mean = -e.mean;
      std::swap(e.mean_lower, e.mean_upper);
      e.mean_lower = -e.mean_lower;
      e.mean_upper = -e.mean_upper;
      return e;
    }();
    const bool dominant = ce.placements_averted_per_100.mean > 0 && ce.cost_difference_per_family.mean < 0;
    const std::string icer =
        dominant                                       ? "saves money"
        : !std::isfinite(ce.cost_per_placement_averted) ? "-"
        : ce.icer_interval_defined
            ? fmt::format("{} ({} to {})", number(ce.cost_per_placement_averted, 0), number(ce.icer_lower, 0),
                          number(ce.icer_upper, 0))
            : number(ce.cost_per_placement_averted, 0) + " (no interval)";
    rows.push_back({ce.scenario, with_mean_interval(ce.placements_averted_per_100, 1), with_mean_interval(saved, 1),
                    with_mean_interval(ce.cost_difference_per_family, 0), icer, ce.verdict});
  }
  return aligned_table(rows, rows.front().size() > 5);
}

}  // namespace

std::string comparison_table_text(const Comparison& c, bool subgroups) {
  std::string out;
  for (int g = 0; g < (subgroups ? subgroup_count : 1); ++g) {
    const std::string_view group = subgroup_names[static_cast<std::size_t>(g)];
    out += fmt::format("\nOutcomes, {}: mean over {} replicates (range of 95% of replicates: what one cohort of "
                       "this size could see)\n",
                       g == 0 ? "whole cohort" : group, c.replicates);
    out += outcome_table(c, g);
    out += fmt::format("\nAgainst {}, {}: mean paired difference (95% interval of the mean)\n", c.baseline,
                       g == 0 ? "whole cohort" : group);
    out += difference_table(c, g);
  }
  out += fmt::format(
      "\nDifferences are paired by replicate: the scenarios share common random numbers (the same families "
      "meet the same chance events), which removes most of the noise. \"Not distinguishable\" means the "
      "95% interval of the mean difference includes 0. The interval for euro per placement averted is a "
      "bootstrap over replicates ({} resamples), given only when nearly every resample averts placements.\n",
      bootstrap_resamples);
  if (!c.price_changes.empty()) {
    std::string changes;
    for (const auto& p : c.price_changes) changes += (changes.empty() ? "" : ", ") + p;
    out += fmt::format("Costs are re-priced from the recorded counts with {} (the run's other prices unchanged).\n", changes);
  }
  if (c.posterior.empty()) {
    out += "The intervals cover chance (replicates) only, not uncertainty in the parameters: run with --posterior "
           "from a calibration to include it.\n";
  } else {
    out += fmt::format("The intervals include parameter uncertainty: each replicate ran with one draw of the "
                       "calibrated parameters from the posterior {}, the same draw for every scenario. They do not "
                       "cover uncertainty in the model's structure.\n",
                       c.posterior);
  }
  return out;
}

std::string comparison_csv(const Comparison& c) {
  std::string out =
      "table,scenario,subgroup,measure,unit,mean,range_lower,range_upper,mean_lower,mean_upper,replicates,"
      "share_better,distinguishable,note,wtp,probability_best,year\n";
  const auto unit_of = [](const std::string& id) -> std::string_view {
    for (const auto& m : comparison_measures()) {
      if (m.id == id) return m.unit;
    }
    return "";
  };
  const auto csv_number = [](double v) { return std::isfinite(v) ? fmt::format("{}", v) : std::string(); };
  const auto line = [&](std::string_view table, const std::string& scenario, int g, std::string_view measure,
                        std::string_view unit, const Estimate& e, double share_better, int distinguishable,
                        const std::string& note) {
    out += fmt::format("{},{},{},{},{},{},{},{},{},{},{},{},{},\"{}\",,,\n", table, scenario,
                       subgroup_names[static_cast<std::size_t>(g)], measure, unit, csv_number(e.mean),
                       csv_number(e.range_lower), csv_number(e.range_upper), csv_number(e.mean_lower),
                       csv_number(e.mean_upper), e.replicates, csv_number(share_better),
                       distinguishable < 0 ? std::string() : std::to_string(distinguishable), note);
  };
  for (const auto& r : c.outcomes) line("outcome", r.scenario, r.subgroup, r.measure, unit_of(r.measure), r.value, nan, -1, "");
  for (const auto& r : c.differences) {
    line("difference", r.scenario, r.subgroup, r.measure, unit_of(r.measure), r.difference, r.share_better,
         r.distinguishable, "");
  }
  for (const auto& r : c.cost_effectiveness) {
    line("cost_effectiveness", r.scenario, r.subgroup, "placements_averted_per_100", "placements",
         r.placements_averted_per_100, nan, -1, r.verdict);
    line("cost_effectiveness", r.scenario, r.subgroup, "cost_difference_per_family", "euro",
         r.cost_difference_per_family, nan, -1, r.verdict);
    Estimate icer;
    icer.mean = r.cost_per_placement_averted;
    icer.mean_lower = r.icer_lower;
    icer.mean_upper = r.icer_upper;
    icer.range_lower = icer.range_upper = nan;
    icer.replicates = r.placements_averted_per_100.replicates;
    line("cost_effectiveness", r.scenario, r.subgroup, "cost_per_placement_averted", "euro", icer, nan, -1,
         r.verdict);
  }
  return out;
}

}  // namespace jimsim
