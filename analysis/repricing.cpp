#include "analysis/repricing.hpp"

#include <fmt/format.h>

#include "io/parameter_override.hpp"
#include "sim/errors.hpp"
#include "sim/pricing.hpp"

namespace jimsim {

PriceChange parse_price_change(std::string_view text) {
  const std::string full = text.starts_with("costs.") ? std::string(text) : "costs." + std::string(text);
  const auto equals = full.find('=');
  const std::string key = full.substr(0, equals);
  if (equals != std::string::npos && find_price(key) == nullptr) {
    std::string prices;
    for (const auto& p : price_specs) prices += (prices.empty() ? "" : ", ") + std::string(p.key);
    throw InputError(fmt::format("--price {}: {} is not a price; the prices are: {}", text, key, prices));
  }
  const ParameterOverride parsed = parse_override(full, "--price");
  return {parsed.key, parsed.value, std::string(text)};
}

void reprice_scenario(ScenarioResults& s) {
  const Prices& prices = s.parameters.costs;
  for (auto& replicate : s.outcomes) {
    for (auto& group : replicate) price(group, prices);
  }
  for (auto& replicate : s.by_year) {
    for (auto& year : replicate) price(year, prices);
  }
  for (auto& replicate : s.families) {
    for (auto& family : replicate) price(family, prices);
  }
}

ResultsFile repriced(ResultsFile results, const std::vector<PriceChange>& changes) {
  for (auto& s : results.scenarios) {
    for (const auto& change : changes) s.parameters.costs = with_price(s.parameters.costs, change.key, change.value);
    reprice_scenario(s);
  }
  return results;
}

}  // namespace jimsim
