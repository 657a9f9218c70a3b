// Every cost is a price times a count the model records (sim/pricing.hpp): the costs of a run are
// its counts priced, re-pricing stored counts gives exactly what a rerun with those prices gives,
// and prices never change what happens.
#include <catch2/catch.hpp>

#include <cmath>
#include <filesystem>
#include <stdexcept>
#include <string>

#include "io/scenario.hpp"
#include "lever_testing.hpp"
#include "sim/parameters.hpp"
#include "sim/pricing.hpp"
#include "sim/replicate.hpp"
#include "sim/result_fields.hpp"

using namespace jimsim;
using jimsim::lever_testing::same_bits;

namespace {

constexpr std::uint64_t seed = 23;

Parameters bundled_jim(bool staff_employed) {
  Parameters p = load_scenario(std::filesystem::path(JIMSIM_SOURCE_DIR) / "scenarios" / "jim.toml").parameters;
  p.intake.cohort_size = 300;
  p.intake.arrival_window_weeks = 30;  // idle staff at first, so FTE-years have an idle share
  p.mentor_dynamics.role_clarity_start_meeting = true;
  p.case_closure.role_clarity_end_meeting = true;
  p.parent_group.uptake = 0.4;
  p.costs.staff_employed = staff_employed;
  return p;
}

// The counts each cost multiplies, written out here rather than taken from the price list, so a
// row of the list that multiplied the wrong count would show.
template <class Counts>
void check_price_times_count(const Counts& c, const Prices& prices) {
  const double professional = prices.staff_employed
                                  ? c.basic_fte_years * prices.basic_fte_year + c.specialist_fte_years * prices.specialist_fte_year
                                  : c.basic_hours * prices.basic_hour + c.specialist_hours * prices.specialist_hour;
  CHECK(same_bits(c.cost_professional, professional));
  CHECK(same_bits(c.cost_residential, c.residential_days * prices.residential_day));
  CHECK(same_bits(c.cost_respite, c.respite_days * prices.respite_day));
  CHECK(same_bits(c.cost_parent_group, c.parent_group_weeks * prices.parent_group_week));
  CHECK(same_bits(c.cost_training, c.professionals_trained * prices.training_per_professional));
  CHECK(same_bits(c.cost_role_meetings, c.role_meetings * prices.role_meeting));
  CHECK(same_bits(c.cost_mentor_expenses, c.mentor_expense_weeks * prices.mentor_expenses_week));
}

// Every price set to `value_of(its spec, the price now)`.
template <class Value>
Prices with_every_price(Prices prices, Value value_of) {
  for (const auto& spec : price_specs) prices.*spec.price = value_of(spec, prices.*spec.price);
  return prices;
}

bool is_cost(std::string_view field) { return field.starts_with("cost_"); }

}  // namespace

TEST_CASE("every cost is a price times a count the run records", "[pricing]") {
  for (const bool employed : {false, true}) {
    const Parameters p = bundled_jim(employed);
    INFO("costs.staff_employed " << employed);
    const ReplicateResult r = simulate_replicate(p, seed, 0, true);
    REQUIRE(r.outcomes[0].role_meetings > 0);
    REQUIRE(r.outcomes[0].parent_group_weeks > 0);
    REQUIRE(r.outcomes[0].residential_days > 0);
    REQUIRE(r.outcomes[0].basic_fte_years > 0);
    for (const auto& family : r.families) {
      check_price_times_count(family, p.costs);
      CHECK(same_bits(family.professional_hours, family.basic_hours + family.specialist_hours));
    }
    for (const auto& o : r.outcomes) {
      check_price_times_count(o, p.costs);
      // Re-pricing with the run's own prices gives the stored costs, bit for bit.
      CHECK(same_bits(repriced(o, p.costs), o));
    }
    for (const auto& year : r.by_year) check_price_times_count(year, p.costs);
  }
}

TEST_CASE("re-pricing stored counts equals a rerun with those prices", "[pricing]") {
  // Exact: the run prices its summed counts with the same function a re-pricing calls, and the
  // counts do not depend on the prices.
  const auto doubled = [](const PriceSpec&, double price) { return 2.0 * price; };
  const auto plausible_high = [](const PriceSpec& spec, double) { return spec.high; };
  for (const bool employed : {false, true}) {
    const Parameters p = bundled_jim(employed);
    const ReplicateResult base = simulate_replicate(p, seed, 1, true);
    for (const auto& [name, prices] : {std::pair{"doubled", with_every_price(p.costs, doubled)},
                                       std::pair{"at their plausible high", with_every_price(p.costs, plausible_high)}}) {
      INFO("costs.staff_employed " << employed << ", every price " << name);
      Parameters q = p;
      q.costs = prices;
      const ReplicateResult rerun = simulate_replicate(q, seed, 1, true);
      for (std::size_t g = 0; g < base.outcomes.size(); ++g) {
        INFO("subgroup " << subgroup_names[g]);
        CHECK(same_bits(repriced(base.outcomes[g], prices), rerun.outcomes[g]));
        if (base.outcomes[g].families > 0) CHECK(rerun.outcomes[g].cost_total != base.outcomes[g].cost_total);
      }
      REQUIRE(base.by_year.size() == rerun.by_year.size());
      for (std::size_t y = 0; y < base.by_year.size(); ++y) {
        ResourceUseYear year = base.by_year[y];
        price(year, prices);
        CHECK(same_bits(year, rerun.by_year[y]));
      }
      REQUIRE(base.families.size() == rerun.families.size());
      for (std::size_t k = 0; k < base.families.size(); ++k) {
        FamilyRecord family = base.families[k];
        price(family, prices);
        CHECK(same_bits(family, rerun.families[k]));
      }
    }
  }
}

TEST_CASE("prices do not act on the model: counts and every other outcome are unchanged", "[pricing]") {
  for (const bool employed : {false, true}) {
    INFO("costs.staff_employed " << employed);
    const Parameters p = bundled_jim(employed);
    Parameters q = p;
    q.costs = with_every_price(p.costs, [](const PriceSpec& spec, double) { return spec.low; });
    const ReplicateResult a = simulate_replicate(p, seed, 2, true);
    const ReplicateResult b = simulate_replicate(q, seed, 2, true);
    for (std::size_t g = 0; g < a.outcomes.size(); ++g) {
      for (const auto& field : outcome_fields) {
        if (is_cost(field.name)) continue;
        INFO("subgroup " << subgroup_names[g] << ", " << field.name);
        CHECK(same_bits(field_value(a.outcomes[g], field), field_value(b.outcomes[g], field)));
      }
    }
#define JIMSIM_SAME_SERIES(name, unit, meaning) \
  if (std::string_view(#name) != "cumulative_cost") CHECK(same_bits(a.series.name, b.series.name));
    JIMSIM_SERIES_FIELDS(JIMSIM_SAME_SERIES)
#undef JIMSIM_SAME_SERIES
    REQUIRE(a.by_year.size() == b.by_year.size());
    for (std::size_t y = 0; y < a.by_year.size(); ++y) {
      for (const auto& field : resource_use_fields) {
        if (!is_cost(field.name)) CHECK(same_bits(field_value(a.by_year[y], field), field_value(b.by_year[y], field)));
      }
    }
    REQUIRE(a.families.size() == b.families.size());
    for (std::size_t k = 0; k < a.families.size(); ++k) {
      for (const auto& field : family_fields) {
        if (is_cost(field.name)) continue;
        const auto value = [&](const FamilyRecord& r) {
          return *reinterpret_cast<const double*>(reinterpret_cast<const char*>(&r) + field.offset);
        };
        CHECK(same_bits(value(a.families[k]), value(b.families[k])));
      }
    }
  }
}

TEST_CASE("the price list: each price multiplies a recorded count, within a plausible range around its default",
          "[pricing]") {
  const auto has = [](const auto& fields, std::string_view name) {
    for (const auto& field : fields) {
      if (field.name == name) return true;
    }
    return false;
  };
  for (const auto& spec : price_specs) {
    INFO(spec.key);
    const ParameterSpec* parameter = find_parameter(spec.key);
    REQUIRE(parameter != nullptr);
    CHECK(parameter->group == "costs");
    CHECK(spec.low <= parameter->default_value);
    CHECK(parameter->default_value <= spec.high);
    CHECK(parameter->minimum <= spec.low);
    CHECK(spec.high <= parameter->maximum);
    CHECK_FALSE(spec.range_source.empty());
    for (const auto name : {spec.count_field, spec.cost_field}) {
      CHECK(has(outcome_fields, name));
      CHECK(has(family_fields, name));
      CHECK(has(resource_use_fields, name));
    }
    CHECK(is_cost(spec.cost_field));
    CHECK_FALSE(is_cost(spec.count_field));
    CHECK(find_price(spec.key) == &spec);
    CHECK(find_price(spec.key.substr(6)) == &spec);
    CHECK(with_price(Prices{}, spec.key, 1.5).*spec.price == 1.5);
  }
  // Every cost but the total comes from some price.
  for (const auto& field : outcome_fields) {
    if (!is_cost(field.name) || field.name == "cost_total") continue;
    bool priced = false;
    for (const auto& spec : price_specs) priced = priced || spec.cost_field == field.name;
    CHECK(priced);
  }
  CHECK(find_price("costs.staff_employed") == nullptr);
  CHECK(find_price("crisis.base_hazard") == nullptr);
  CHECK_THROWS_AS(with_price(Prices{}, "costs.no_such_price", 1.0), std::invalid_argument);
  CHECK(price_applies(PriceBasis::staff_employed, true));
  CHECK_FALSE(price_applies(PriceBasis::staff_employed, false));
  CHECK(price_applies(PriceBasis::staff_by_hours, false));
  CHECK_FALSE(price_applies(PriceBasis::staff_by_hours, true));
  CHECK(price_applies(PriceBasis::always, true));
}

TEST_CASE("counts recorded whatever the perspective: FTE-years by hours, training only with a mentor search",
          "[pricing]") {
  Parameters p = bundled_jim(false);
  const Outcomes jim = simulate_replicate(p, seed, 3, false).outcomes[0];
  CHECK(jim.basic_fte_years > 0);
  CHECK(jim.specialist_fte_years > 0);
  // 300 families: 4 and 6 professionals per 100 families, 30 trained, shared over the families.
  CHECK(jim.professionals_trained == Approx(30.0).epsilon(1e-12));
  p.mentor_search.enabled = false;
  const Outcomes care = simulate_replicate(p, seed, 3, false).outcomes[0];
  CHECK(care.professionals_trained == 0);
  CHECK(care.cost_training == 0);
  CHECK(care.role_meetings == 0);
  CHECK(care.mentor_expense_weeks == 0);
}
