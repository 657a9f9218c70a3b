#include "analysis/efficiency_frontier.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <numeric>

#include "sim/errors.hpp"

namespace jimsim {

std::vector<int> cost_order(const std::vector<PolicyPoint>& p) {
  std::vector<int> order(p.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](int a, int b) {
    const auto& x = p[static_cast<std::size_t>(a)];
    const auto& y = p[static_cast<std::size_t>(b)];
    if (x.cost != y.cost) return x.cost < y.cost;
    return x.effect > y.effect;
  });
  return order;
}

const char* frontier_status_name(FrontierStatus status) {
  switch (status) {
    case FrontierStatus::reference: return "reference";
    case FrontierStatus::frontier: return "frontier";
    case FrontierStatus::dominant: return "dominant";
    case FrontierStatus::dominated: return "dominated";
    case FrontierStatus::extendedly_dominated: return "extendedly dominated";
    case FrontierStatus::duplicate: return "duplicate";
  }
  return "?";
}

namespace {

double step_ratio(const PolicyPoint& from, const PolicyPoint& to) {
  return (to.cost - from.cost) / (to.effect - from.effect);
}

}  // namespace

std::vector<FrontierEntry> efficiency_frontier(const std::vector<PolicyPoint>& policies,
                                               const std::vector<std::string>& names) {
  for (std::size_t i = 0; i < policies.size(); ++i) {
    if (!std::isfinite(policies[i].cost) || !std::isfinite(policies[i].effect)) {
      throw InputError(fmt::format("policy '{}' has no finite mean cost and effect: it cannot be placed on the "
                                   "cost-effectiveness frontier",
                                   i < names.size() ? names[i] : std::to_string(i)));
    }
  }
  const std::size_t n = policies.size();
  std::vector<FrontierEntry> entries(n);
  const std::vector<int> order = cost_order(policies);
  for (std::size_t r = 0; r < n; ++r) entries[static_cast<std::size_t>(order[r])].rank = static_cast<int>(r) + 1;

  // Exact duplicates first (of the earliest identical policy, whatever its own status), then strong
  // dominance against every other policy.
  std::vector<int> candidates;
  for (const int i : order) {
    const auto& me = policies[static_cast<std::size_t>(i)];
    auto& entry = entries[static_cast<std::size_t>(i)];
    for (int j = 0; j < i; ++j) {
      const auto& other = policies[static_cast<std::size_t>(j)];
      if (other.cost == me.cost && other.effect == me.effect) {
        entry.status = FrontierStatus::duplicate;
        entry.comparator = j;
        break;
      }
    }
    if (entry.status == FrontierStatus::duplicate) continue;
    for (const int j : order) {  // cheapest first: the first dominator found is the cheapest
      const auto& other = policies[static_cast<std::size_t>(j)];
      if (j == i || (other.cost == me.cost && other.effect == me.effect)) continue;
      if (other.cost <= me.cost && other.effect >= me.effect) {
        entry.status = FrontierStatus::dominated;
        entry.comparator = j;
        break;
      }
    }
    if (entry.status != FrontierStatus::dominated) candidates.push_back(i);
  }

  // Extended dominance: along the remaining policies (cost and effect now both rising), a ratio
  // that falls at the next step means the policy between would never be chosen.
  std::vector<int> frontier = candidates;
  for (bool removed = true; removed;) {
    removed = false;
    for (std::size_t k = 1; k + 1 < frontier.size(); ++k) {
      const auto& below = policies[static_cast<std::size_t>(frontier[k - 1])];
      const auto& here = policies[static_cast<std::size_t>(frontier[k])];
      const auto& above = policies[static_cast<std::size_t>(frontier[k + 1])];
      if (step_ratio(below, here) > step_ratio(here, above)) {
        entries[static_cast<std::size_t>(frontier[k])].status = FrontierStatus::extendedly_dominated;
        frontier.erase(frontier.begin() + static_cast<std::ptrdiff_t>(k));
        removed = true;
        break;
      }
    }
  }
  for (std::size_t k = 0; k < frontier.size(); ++k) {
    auto& entry = entries[static_cast<std::size_t>(frontier[k])];
    if (k == 0) {
      // Dominant: alone on the frontier while some other policy differs from it (not a mere copy).
      const bool others_differ = std::any_of(entries.begin(), entries.end(), [](const FrontierEntry& e) {
        return e.status == FrontierStatus::dominated || e.status == FrontierStatus::extendedly_dominated;
      });
      entry.status = frontier.size() == 1 && others_differ ? FrontierStatus::dominant : FrontierStatus::reference;
      continue;
    }
    const auto& from = policies[static_cast<std::size_t>(frontier[k - 1])];
    const auto& to = policies[static_cast<std::size_t>(frontier[k])];
    entry.status = FrontierStatus::frontier;
    entry.comparator = frontier[k - 1];
    entry.incremental_cost = to.cost - from.cost;
    entry.incremental_effect = to.effect - from.effect;
    entry.ratio = step_ratio(from, to);
  }
  // An extendedly dominated policy lies between two frontier policies by cost.
  for (const int i : candidates) {
    auto& entry = entries[static_cast<std::size_t>(i)];
    if (entry.status != FrontierStatus::extendedly_dominated) continue;
    const double cost = policies[static_cast<std::size_t>(i)].cost;
    for (const int f : frontier) {
      if (policies[static_cast<std::size_t>(f)].cost < cost) entry.comparator = f;
      if (policies[static_cast<std::size_t>(f)].cost > cost && entry.next < 0) entry.next = f;
    }
  }
  return entries;
}

int best_policy(const std::vector<PolicyPoint>& policies, double wtp) {
  int best = -1;
  double best_value = 0.0;
  for (const int i : cost_order(policies)) {
    const auto& p = policies[static_cast<std::size_t>(i)];
    const double value = wtp * p.effect - p.cost;
    if (best < 0 || value > best_value) {
      best = i;
      best_value = value;
    }
  }
  return best;
}

}  // namespace jimsim
