#include "analysis/budget_impact.hpp"

#include <cmath>
#include <fmt/format.h>

#include "sim/errors.hpp"

namespace jimsim {
namespace {

double ResourceUseYear::*member_of(std::string_view id) {
#define JIMSIM_BUDGET_MEMBER(name, unit, meaning) \
  if (id == #name) return &ResourceUseYear::name;
  JIMSIM_RESOURCE_USE_FIELDS(JIMSIM_BUDGET_MEMBER)
#undef JIMSIM_BUDGET_MEMBER
  throw std::logic_error(fmt::format("budget item {} is not a resource-use field", id));
}

// Calendar year t (1-based) of a population with one referral a year arriving evenly: the first
// t - 1 years since intake in full and half of year t - 1 (0-based) — see the header.
double calendar_year(const std::vector<double>& per_referral_by_year_since_intake, int t) {
  double total = 0.0;
  for (int k = 0; k < t && k < static_cast<int>(per_referral_by_year_since_intake.size()); ++k) {
    total += (k == t - 1 ? 0.5 : 1.0) * per_referral_by_year_since_intake[static_cast<std::size_t>(k)];
  }
  return total;
}

}  // namespace

const std::vector<BudgetItem>& budget_items() {
  static const std::vector<BudgetItem> items = {
      {"placements", "placements", "residential placements started"},
      {"residential_days", "days", "days in residential care"},
      {"cost_professional", "euro", "professional time"},
      {"cost_residential", "euro", "residential care"},
      {"cost_respite", "euro", "respite with the mentor"},
      {"cost_parent_group", "euro", "parent groups"},
      {"cost_training", "euro", "training in the approach"},
      {"cost_role_meetings", "euro", "role-clarity meetings"},
      {"cost_mentor_expenses", "euro", "mentors' expenses"},
      {"cost_total", "euro", "all costs"},
  };
  return items;
}

BudgetImpact budget_impact(const ResultsFile& results, const std::string& baseline, const BudgetSettings& settings) {
  if (!std::isfinite(settings.referrals_per_year) || settings.referrals_per_year <= 0) {
    throw InputError(fmt::format("--population {}: referrals a year must be a number above 0", settings.referrals_per_year));
  }
  if (settings.years < 1 || settings.years > 100) {
    throw InputError(fmt::format("--years {}: give 1 to 100 years", settings.years));
  }
  const ScenarioResults* base = nullptr;
  for (const auto& s : results.scenarios) {
    if (s.name == baseline) base = &s;
    if (s.by_year.size() != s.outcomes.size()) {
      throw InputError(fmt::format("scenario '{}' has no resource use by year since intake (a run that kept no time "
                                   "series): run it again with series kept for a budget impact",
                                   s.name));
    }
  }
  if (base == nullptr) throw InputError(fmt::format("baseline '{}' is not a scenario in this file", baseline));

  BudgetImpact out;
  out.referrals_per_year = settings.referrals_per_year;
  out.years = settings.years;
  for (const auto& years : base->by_year) out.horizon_years = std::max(out.horizon_years, static_cast<int>(years.size()));
  for (const auto& s : results.scenarios) out.horizon_weeks = std::max(out.horizon_weeks, s.parameters.simulation.horizon_weeks);

  // value[scenario][item][year][replicate]: the population's amount in calendar year (1-based; 0 total).
  const auto replicates = base->outcomes.size();
  const auto population_amounts = [&](const ScenarioResults& s, double ResourceUseYear::*field) {
    std::vector<std::vector<double>> by_year(static_cast<std::size_t>(settings.years) + 1);
    for (std::size_t r = 0; r < replicates; ++r) {
      const double families = s.outcomes[r][0].families;
      std::vector<double> per_referral;
      for (const auto& year : s.by_year[r]) per_referral.push_back(families > 0 ? year.*field / families : NAN);
      double total = 0.0;
      for (int t = 1; t <= settings.years; ++t) {
        const double amount = settings.referrals_per_year * calendar_year(per_referral, t);
        by_year[static_cast<std::size_t>(t)].push_back(amount);
        total += amount;
      }
      by_year[0].push_back(total);
    }
    return by_year;
  };
  for (const auto& s : results.scenarios) {
    for (const auto& item : budget_items()) {
      const auto field = member_of(item.id);
      const auto mine = population_amounts(s, field);
      const auto theirs = population_amounts(*base, field);
      for (int t = 1; t <= settings.years + 1; ++t) {
        const auto year = static_cast<std::size_t>(t == settings.years + 1 ? 0 : t);
        std::vector<double> difference(replicates);
        for (std::size_t r = 0; r < replicates; ++r) difference[r] = mine[year][r] - theirs[year][r];
        out.rows.push_back({s.name, static_cast<int>(year), std::string(item.id), std::string(item.unit),
                            estimate(mine[year]), estimate(difference)});
      }
    }
  }
  return out;
}

}  // namespace jimsim
