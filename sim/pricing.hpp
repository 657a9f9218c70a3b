// Every cost the model reports is a price times a count it records. The prices are the `costs`
// parameter group; this file says which count each price multiplies and which cost it makes, and
// is the one place costs are computed: the simulation prices its family records, outcome totals and
// yearly resource use here, so an analysis that re-prices stored counts gets exactly what a rerun
// with those prices would report (prices never act on the model).
//
// Each line of JIMSIM_PRICES is one price:
//   X(price, count, cost, basis, low, high, range_source)
// price: the field of the `costs` group (scenario key "costs.<price>"); count: the field of
// Outcomes, FamilyRecord and ResourceUseYear it multiplies; cost: the field it adds to; basis:
// whether it applies always or only under one staff perspective (costs.staff_employed prices
// professional time by FTE-years, otherwise by hours); low and high: a plausible range for a one-way
// sensitivity analysis (tornado) over prices, with its source.
#pragma once

#include <array>
#include <cstddef>
#include <string_view>

#include "sim/outcomes.hpp"
#include "sim/parameters.hpp"

namespace jimsim {

// The prices of a run, and whether staff are costed as employed.
using Prices = Parameters::costs_parameters;

enum class PriceBasis {
  always,
  staff_by_hours,  // only when costs.staff_employed is false
  staff_employed,  // only when costs.staff_employed is true
};

#define JIMSIM_PRICES(X)                                                                           \
  X(basic_hour, basic_hours, cost_professional, staff_by_hours, 34.33, 57.21,                      \
    "assumption: the De Wolden tariff +-25%")                                                      \
  X(specialist_hour, specialist_hours, cost_professional, staff_by_hours, 43.83, 73.05,            \
    "assumption: the De Wolden tariff +-25%")                                                      \
  X(basic_fte_year, basic_fte_years, cost_professional, staff_employed, 60000.0, 95000.0,          \
    "assumption: a youth worker's collective-agreement salary scales plus employer charges")       \
  X(specialist_fte_year, specialist_fte_years, cost_professional, staff_employed, 70000.0, 115000.0, \
    "assumption: a specialist's (e.g. behavioural scientist's) salary scales plus employer charges") \
  X(residential_day, residential_days, cost_residential, always, 120.0, 400.0,                     \
    "assumption: Dutch residential youth-care day tariffs, open group to secure care; the default " \
    "is a stated lower bound")                                                                     \
  X(respite_day, respite_days, cost_respite, always, 100.0, 250.0,                                 \
    "assumption: regional short-stay respite tariffs around the default")                          \
  X(parent_group_week, parent_group_weeks, cost_parent_group, always, 20.0, 80.0,                  \
    "assumption: half to double the default")                                                      \
  X(training_per_professional, professionals_trained, cost_training, always, 600.0, 2500.0,        \
    "assumption: a one- to three-day course per professional")                                     \
  X(role_meeting, role_meetings, cost_role_meetings, always, 100.0, 300.0,                         \
    "assumption: 1 to 2 hours of two professionals")                                               \
  X(mentor_expenses_week, mentor_expense_weeks, cost_mentor_expenses, always, 0.0, 25.0,           \
    "assumption: from nothing reimbursed to weekly travel and activities")

// The cost fields the prices fill, in the order cost_total adds them.
#define JIMSIM_COST_FIELDS(X)                                                                      \
  X(cost_professional) X(cost_residential) X(cost_respite) X(cost_parent_group) X(cost_training)   \
  X(cost_role_meetings) X(cost_mentor_expenses)

// One price, as an analysis needs it: what it multiplies, where the cost goes, a plausible range.
// The member pointers reach the same fields in Outcomes; FamilyRecord and ResourceUseYear have
// fields of the same names.
struct PriceSpec {
  std::string_view key;          // "costs.<price>", as in scenario files
  std::string_view count_field;  // name of the count it multiplies
  std::string_view cost_field;   // name of the cost field it adds to
  PriceBasis basis;
  double low;
  double high;
  std::string_view range_source;
  double Prices::*price;
  double Outcomes::*count;
  double Outcomes::*cost;
};

#define JIMSIM_PRICE_SPEC(price_, count_, cost_, basis_, low_, high_, source_)                    \
  PriceSpec{"costs." #price_, #count_, #cost_, PriceBasis::basis_, low_, high_, source_,           \
            &Prices::price_, &Outcomes::count_, &Outcomes::cost_},
inline constexpr auto price_specs = std::to_array<PriceSpec>({JIMSIM_PRICES(JIMSIM_PRICE_SPEC)});
#undef JIMSIM_PRICE_SPEC

// Whether a price of this basis counts under the prices' staff perspective.
constexpr bool price_applies(PriceBasis basis, bool staff_employed) {
  return basis == PriceBasis::always || (basis == PriceBasis::staff_employed) == staff_employed;
}

// Sets every cost field (and cost_total, where there is one) from the counts and the prices.
void price(Outcomes& outcomes, const Prices& prices);
void price(FamilyRecord& record, const Prices& prices);
void price(ResourceUseYear& year, const Prices& prices);

// `outcomes` with its costs as a run with `prices` would have reported them.
Outcomes repriced(Outcomes outcomes, const Prices& prices);

// The price "costs.<name>" (or "<name>"), or nullptr when it is not a price.
const PriceSpec* find_price(std::string_view key);

// `prices` with one price set; throws std::invalid_argument for a key that is not a price.
Prices with_price(Prices prices, std::string_view key, double value);

}  // namespace jimsim
