#include "analysis/price_tornado.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>

#include "analysis/repricing.hpp"
#include "sim/errors.hpp"
#include "sim/parameters.hpp"
#include "sim/pricing.hpp"

namespace jimsim {
namespace {

struct Decision {
  std::vector<PolicyPoint> means;
  int best = 0;
};

Decision decide(const ResultsFile& results, const EffectMeasure& effect, double wtp) {
  Decision d;
  d.means = policy_means(results, effect, 0);
  d.best = best_policy(d.means, wtp);
  return d;
}

double net_benefit_against(const Decision& d, std::size_t policy, std::size_t baseline, double wtp) {
  const auto nmb = [&](std::size_t s) { return wtp * d.means[s].effect - d.means[s].cost; };
  return nmb(policy) - nmb(baseline);
}

// Only what the decision needs: re-pricing copies it twice per price.
ResultsFile outcomes_only(const ResultsFile& full) {
  ResultsFile light;
  light.run = full.run;
  for (const auto& s : full.scenarios) {
    ScenarioResults copy;
    copy.name = s.name;
    copy.parameters = s.parameters;
    copy.outcomes = s.outcomes;
    light.scenarios.push_back(std::move(copy));
  }
  return light;
}

}  // namespace

Tornado price_tornado(const ResultsFile& full, const std::string& baseline, const std::string& effect_id, double wtp) {
  if (full.scenarios.size() < 2) throw InputError("a tornado of prices needs at least two scenarios");
  const ResultsFile results = outcomes_only(full);
  const EffectMeasure& effect = find_effect_measure(effect_id);
  std::size_t base = 0;
  for (std::size_t s = 0; s < results.scenarios.size(); ++s) {
    if (results.scenarios[s].name == baseline) base = s;
  }
  const Decision as_is = decide(results, effect, wtp);
  // The policy examined: the best, or when the baseline is best, the best of the others.
  std::size_t examined = static_cast<std::size_t>(as_is.best);
  if (examined == base) {
    double best_value = -INFINITY;
    for (std::size_t s = 0; s < results.scenarios.size(); ++s) {
      const double v = wtp * as_is.means[s].effect - as_is.means[s].cost;
      if (s != base && v > best_value) {
        best_value = v;
        examined = s;
      }
    }
  }
  Tornado t;
  t.scenario = results.scenarios[examined].name;
  t.baseline = baseline;
  t.best = results.scenarios[static_cast<std::size_t>(as_is.best)].name;
  t.wtp = wtp;
  t.effect = effect_id;
  const Prices& base_prices = results.scenarios[base].parameters.costs;
  for (const PriceSpec& spec : price_specs) {
    const bool applies = std::any_of(results.scenarios.begin(), results.scenarios.end(), [&](const ScenarioResults& s) {
      return price_applies(spec.basis, s.parameters.costs.staff_employed);
    });
    if (!applies) continue;
    TornadoRow row;
    row.price = std::string(spec.key);
    const ParameterSpec* parameter = find_parameter(spec.key);
    row.unit = parameter != nullptr ? std::string(parameter->unit) : "";
    row.default_value = base_prices.*spec.price;
    row.low = std::min(spec.low, row.default_value);
    row.high = std::max(spec.high, row.default_value);
    row.source = std::string(spec.range_source);
    row.value_default = net_benefit_against(as_is, examined, base, wtp);
    const auto at = [&](double value, double& measure, std::string& best) {
      const Decision d = decide(repriced(results, {{std::string(spec.key), value, ""}}), effect, wtp);
      measure = net_benefit_against(d, examined, base, wtp);
      best = results.scenarios[static_cast<std::size_t>(d.best)].name;
    };
    at(row.low, row.value_low, row.best_low);
    at(row.high, row.value_high, row.best_high);
    row.decision_changes = row.best_low != t.best || row.best_high != t.best;
    t.rows.push_back(row);
  }
  std::stable_sort(t.rows.begin(), t.rows.end(), [](const TornadoRow& a, const TornadoRow& b) {
    return std::abs(a.value_high - a.value_low) > std::abs(b.value_high - b.value_low);
  });
  return t;
}

}  // namespace jimsim
