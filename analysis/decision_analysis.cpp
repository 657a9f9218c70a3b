#include "analysis/decision_analysis.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <limits>

#include "analysis/ratio_bootstrap.hpp"
#include "sim/errors.hpp"

namespace jimsim {
namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

double per_family(double total, double families) { return families > 0 ? total / families : nan; }

// Per policy, per replicate used: the cost and effect per family in one subgroup. Replicates where
// any policy is undefined (a subgroup without families) are left out for all, keeping the pairing.
struct PairedTable {
  std::vector<std::vector<double>> cost;    // [policy][replicate used]
  std::vector<std::vector<double>> effect;
};

PairedTable paired_table(const ResultsFile& results, const EffectMeasure& m, int subgroup) {
  const std::size_t policies = results.scenarios.size();
  PairedTable t;
  t.cost.resize(policies);
  t.effect.resize(policies);
  const std::size_t replicates = results.scenarios.front().outcomes.size();
  for (std::size_t r = 0; r < replicates; ++r) {
    std::vector<double> cost(policies), effect(policies);
    bool defined = true;
    for (std::size_t s = 0; s < policies; ++s) {
      const Outcomes& o = results.scenarios[s].outcomes[r][static_cast<std::size_t>(subgroup)];
      cost[s] = per_family(o.cost_total, o.families);
      effect[s] = m.per_family(o);
      defined = defined && std::isfinite(cost[s]) && std::isfinite(effect[s]);
    }
    if (!defined) continue;
    for (std::size_t s = 0; s < policies; ++s) {
      t.cost[s].push_back(cost[s]);
      t.effect[s].push_back(effect[s]);
    }
  }
  return t;
}

std::vector<double> minus(const std::vector<double>& a, const std::vector<double>& b) {
  std::vector<double> d(a.size());
  for (std::size_t i = 0; i < a.size(); ++i) d[i] = a[i] - b[i];
  return d;
}

std::string euro(double v) { return fmt::format("{:.0f} euro", v); }

std::string frontier_note(const FrontierRow& row, std::string_view unit) {
  switch (row.status) {
    case FrontierStatus::dominant:
      return "cheaper and more effective than every other policy that differs from it: the best choice at any "
             "willingness to pay";
    case FrontierStatus::reference:
      return "the cheapest policy worth considering: the frontier starts here";
    case FrontierStatus::duplicate:
      return fmt::format("the same mean cost and effect as {}", row.comparator);
    case FrontierStatus::dominated:
      return fmt::format("dominated: {} costs no more and achieves at least as much", row.comparator);
    case FrontierStatus::extendedly_dominated:
      return fmt::format("extendedly dominated: a mix of {} and {} would achieve as much for less", row.comparator,
                         row.next);
    case FrontierStatus::frontier:
      if (!std::isfinite(row.ratio)) {
        return fmt::format("achieves more than {} on average, but the difference is not distinguishable from 0; no "
                           "ratio is given",
                           row.comparator);
      }
      return fmt::format("{} per {} more than {}: the better choice once a {} is worth more than that", euro(row.ratio),
                         unit, row.comparator, unit);
  }
  return "";
}

void add_frontier_rows(DecisionAnalysis& out, const ResultsFile& results, const EffectMeasure& m, int subgroup) {
  const PairedTable t = paired_table(results, m, subgroup);
  const std::size_t policies = results.scenarios.size();
  if (t.cost.front().empty()) return;  // no families in this subgroup in any replicate
  std::vector<PolicyPoint> points;
  std::vector<std::string> names;
  for (std::size_t s = 0; s < policies; ++s) {
    points.push_back({estimate(t.cost[s]).mean, estimate(t.effect[s]).mean});
    names.push_back(results.scenarios[s].name);
  }
  const std::vector<FrontierEntry> entries = efficiency_frontier(points, names);
  for (std::size_t s = 0; s < policies; ++s) {
    const FrontierEntry& e = entries[s];
    FrontierRow row;
    row.scenario = names[s];
    row.subgroup = subgroup;
    row.cost_per_family = estimate(t.cost[s]);
    row.effect_per_family = estimate(t.effect[s]);
    row.status = e.status;
    row.rank = e.rank;
    row.ratio = row.ratio_lower = row.ratio_upper = nan;
    row.incremental_cost = row.incremental_effect = estimate({});
    if (e.comparator >= 0) {
      const auto c = static_cast<std::size_t>(e.comparator);
      row.comparator = names[c];
      row.incremental_cost = estimate(minus(t.cost[s], t.cost[c]));
      row.incremental_effect = estimate(minus(t.effect[s], t.effect[c]));
    }
    if (e.next >= 0) row.next = names[static_cast<std::size_t>(e.next)];
    // A ratio is read only where the step's effect is distinguishable from 0; along the frontier
    // it is then positive.
    if (e.status == FrontierStatus::frontier && row.incremental_effect.mean_lower > 0) {
      row.ratio = e.ratio;
      const auto c = static_cast<std::size_t>(e.comparator);
      const RatioBootstrap boot = ratio_bootstrap(minus(t.effect[s], t.effect[c]), minus(t.cost[s], t.cost[c]),
                                                  static_cast<std::uint32_t>(subgroup), static_cast<std::uint32_t>(1 + s));
      if (boot.interval_defined && boot.lower > 0) {
        row.ratio_lower = boot.lower;
        row.ratio_upper = boot.upper;
      }
    }
    row.note = frontier_note(row, m.unit_label);
    out.frontier.push_back(row);
  }
}

void add_acceptability(DecisionAnalysis& out, const ResultsFile& results, const EffectMeasure& m,
                       std::size_t baseline, const std::vector<double>& grid) {
  const PairedTable t = paired_table(results, m, 0);
  const std::size_t policies = results.scenarios.size();
  const std::size_t n = t.cost.front().size();
  out.replicates_used = static_cast<int>(n);
  for (const double wtp : grid) {
    std::vector<std::vector<double>> benefit(policies, std::vector<double>(n));
    std::vector<PolicyPoint> means(policies);
    for (std::size_t s = 0; s < policies; ++s) {
      for (std::size_t r = 0; r < n; ++r) benefit[s][r] = wtp * t.effect[s][r] - t.cost[s][r];
      means[s] = {estimate(t.cost[s]).mean, estimate(t.effect[s]).mean};
    }
    std::vector<int> wins(policies, 0);
    double expected_max = 0.0;
    // A tie within a replicate goes the way a tie of the means would (cost_order).
    const std::vector<int> order = cost_order(means);
    for (std::size_t r = 0; r < n; ++r) {
      auto best = static_cast<std::size_t>(order.front());
      for (const int candidate : order) {
        const auto s = static_cast<std::size_t>(candidate);
        if (benefit[s][r] > benefit[best][r]) best = s;
      }
      ++wins[best];
      expected_max += benefit[best][r];
    }
    expected_max /= static_cast<double>(n);
    const auto best_expected = static_cast<std::size_t>(best_policy(means, wtp));
    for (std::size_t s = 0; s < policies; ++s) {
      AcceptabilityRow row;
      row.wtp = wtp;
      row.scenario = results.scenarios[s].name;
      row.incremental_net_benefit = estimate(minus(benefit[s], benefit[baseline]));
      row.probability_best = static_cast<double>(wins[s]) / static_cast<double>(n);
      row.best_expected = s == best_expected;
      out.acceptability.push_back(row);
    }
    // E[max] - max E, both as means over the same replicates.
    const double max_expected = estimate(benefit[best_expected]).mean;
    out.value_of_information.push_back({wtp, std::max(0.0, expected_max - max_expected)});
  }
}

}  // namespace

const std::vector<EffectMeasure>& effect_measures() {
  static const std::vector<EffectMeasure> measures = {
      {"placements", "placement averted", "placements/family",
       [](const Outcomes& o) { return -per_family(o.placed, o.families); }},
      {"residential_days", "residential day avoided", "days/family",
       [](const Outcomes& o) { return -per_family(o.residential_days, o.families); }},
      {"placement_free_weeks", "placement-free week gained", "weeks/family",
       [](const Outcomes& o) { return per_family(o.placement_free_weeks, o.families); }},
  };
  return measures;
}

const EffectMeasure& find_effect_measure(std::string_view id) {
  std::string known;
  for (const auto& m : effect_measures()) {
    if (m.id == id) return m;
    known += (known.empty() ? "" : ", ") + std::string(m.id);
  }
  throw InputError(fmt::format("unknown effect measure '{}'; choose one of: {}", id, known));
}

std::vector<double> default_wtp_grid(std::string_view effect) {
  // About one to two years of residential care per placement; a few days' tariff per day or week.
  const double top = effect == "placements" ? 150000.0 : effect == "residential_days" ? 1000.0 : 2000.0;
  std::vector<double> grid;
  for (int i = 0; i <= 60; ++i) grid.push_back(top * i / 60.0);
  return grid;
}

std::vector<PolicyPoint> policy_means(const ResultsFile& results, const EffectMeasure& effect, int subgroup) {
  const PairedTable t = paired_table(results, effect, subgroup);
  std::vector<PolicyPoint> means;
  for (std::size_t s = 0; s < t.cost.size(); ++s) means.push_back({estimate(t.cost[s]).mean, estimate(t.effect[s]).mean});
  return means;
}

std::vector<double> parse_wtp_grid(std::string_view text) {
  const auto amount = [&](std::string_view part) {
    const std::string s(part);
    std::size_t used = 0;
    double v = 0;
    try {
      v = std::stod(s, &used);
    } catch (const std::exception&) {
      used = 0;
    }
    if (s.empty() || used != s.size() || !std::isfinite(v) || v < 0) {
      throw InputError(fmt::format("willingness to pay '{}': '{}' is not an amount of at least 0 euro (write one "
                                   "amount, FROM:TO:STEP or a list A,B,C)",
                                   text, s));
    }
    return v;
  };
  const auto split = [](std::string_view t, char by) {
    std::vector<std::string_view> parts;
    for (std::size_t start = 0;;) {
      const std::size_t end = t.find(by, start);
      parts.push_back(t.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start));
      if (end == std::string_view::npos) return parts;
      start = end + 1;
    }
  };
  std::vector<double> grid;
  if (text.find(':') != std::string_view::npos) {
    const auto parts = split(text, ':');
    if (parts.size() != 3) throw InputError(fmt::format("willingness to pay '{}': a range is FROM:TO:STEP", text));
    const double from = amount(parts[0]), to = amount(parts[1]), step = amount(parts[2]);
    if (to < from || step <= 0 || (to - from) / step > 10000) {
      throw InputError(fmt::format("willingness to pay '{}': a range needs FROM <= TO and a STEP above 0 giving at most "
                                   "10,000 points",
                                   text));
    }
    const auto steps = static_cast<int>(std::floor((to - from) / step + 1e-9));
    for (int i = 0; i <= steps; ++i) grid.push_back(from + i * step);
    if (to - grid.back() > 1e-9 * std::max(1.0, to)) grid.push_back(to);
    return grid;
  }
  for (const auto part : split(text, ',')) grid.push_back(amount(part));
  std::sort(grid.begin(), grid.end());
  grid.erase(std::unique(grid.begin(), grid.end()), grid.end());
  return grid;
}

DecisionAnalysis analyse_decision(const ResultsFile& results, const std::string& baseline,
                                  const DecisionSettings& settings) {
  const EffectMeasure& m = find_effect_measure(settings.effect);
  const std::vector<double> grid = settings.wtp_grid.empty() ? default_wtp_grid(m.id) : settings.wtp_grid;
  for (const double wtp : grid) {
    if (!std::isfinite(wtp) || wtp < 0) {
      throw InputError(fmt::format("willingness to pay {} is not a finite amount of at least 0 euro", wtp));
    }
  }
  if (!std::isfinite(settings.decision_wtp) || settings.decision_wtp < 0) {
    throw InputError(fmt::format("willingness to pay {} is not a finite amount of at least 0 euro", settings.decision_wtp));
  }
  std::size_t base = results.scenarios.size();
  for (std::size_t s = 0; s < results.scenarios.size(); ++s) {
    if (results.scenarios[s].name == baseline) base = s;
  }
  if (base == results.scenarios.size()) throw InputError(fmt::format("baseline '{}' is not a scenario in this file", baseline));
  if (results.run.replicates < 2) throw InputError("a decision analysis needs at least 2 replicates");

  DecisionAnalysis out;
  out.effect = std::string(m.id);
  out.effect_unit_label = std::string(m.unit_label);
  out.effect_unit = std::string(m.unit);
  out.decision_wtp = settings.decision_wtp;
  for (int g = 0; g < subgroup_count; ++g) add_frontier_rows(out, results, m, g);
  add_acceptability(out, results, m, base, grid);
  // The decision itself, at its own willingness to pay (also when it is not on the grid).
  DecisionAnalysis at_decision;
  add_acceptability(at_decision, results, m, base, {settings.decision_wtp});
  for (const auto& row : at_decision.acceptability) {
    if (row.best_expected) {
      out.best_scenario = row.scenario;
      out.best_probability = row.probability_best;
    }
  }
  if (out.replicates_used < 2) {
    throw InputError(fmt::format("only {} replicate{} define every policy's cost and effect: a decision needs at least 2",
                                 out.replicates_used, out.replicates_used == 1 ? "" : "s"));
  }
  return out;
}

}  // namespace jimsim
