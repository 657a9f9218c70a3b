#include "sim/pricing.hpp"

#include <stdexcept>
#include <string>

namespace jimsim {
namespace {

// One function for every kind of record, so the family records, the outcome totals and the years
// cannot be priced differently.
template <class Counts>
void price_counts(Counts& c, const Prices& prices) {
#define JIMSIM_ZERO_COST(cost) c.cost = 0.0;
  JIMSIM_COST_FIELDS(JIMSIM_ZERO_COST)
#undef JIMSIM_ZERO_COST
#define JIMSIM_ADD_COST(price_, count_, cost_, basis_, low, high, source)                         \
  if (price_applies(PriceBasis::basis_, prices.staff_employed)) c.cost_ += c.count_ * prices.price_;
  JIMSIM_PRICES(JIMSIM_ADD_COST)
#undef JIMSIM_ADD_COST
  if constexpr (requires { c.cost_total; }) {
    c.cost_total = 0.0;
#define JIMSIM_ADD_TO_TOTAL(cost) c.cost_total += c.cost;
    JIMSIM_COST_FIELDS(JIMSIM_ADD_TO_TOTAL)
#undef JIMSIM_ADD_TO_TOTAL
  }
}

}  // namespace

void price(Outcomes& outcomes, const Prices& prices) { price_counts(outcomes, prices); }
void price(FamilyRecord& record, const Prices& prices) { price_counts(record, prices); }
void price(ResourceUseYear& year, const Prices& prices) { price_counts(year, prices); }

Outcomes repriced(Outcomes outcomes, const Prices& prices) {
  price(outcomes, prices);
  return outcomes;
}

const PriceSpec* find_price(std::string_view key) {
  for (const auto& spec : price_specs) {
    if (key == spec.key || key == spec.key.substr(std::string_view("costs.").size())) return &spec;
  }
  return nullptr;
}

Prices with_price(Prices prices, std::string_view key, double value) {
  const PriceSpec* spec = find_price(key);
  if (spec == nullptr) throw std::invalid_argument("not a price: " + std::string(key));
  prices.*(spec->price) = value;
  return prices;
}

}  // namespace jimsim
