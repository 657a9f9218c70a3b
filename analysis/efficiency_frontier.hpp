// Incremental cost-effectiveness across all policies: which policies are worth considering at any
// willingness to pay, and what each step up the frontier costs per unit of effect.
//
// The method is the one of every HTA agency and of dampack's calculate_icers: order the policies by
// cost, drop those that are dominated (another policy costs no more and achieves at least as much,
// one of the two strictly) and those that are extendedly dominated (a mix of the two neighbouring
// policies would do better: their ratios would fall instead of rise along the frontier), and give
// the incremental ratio between successive policies that remain. Ratios along the frontier are
// positive and rising by construction, so they can be read as thresholds: the next policy is the
// better choice once a unit of effect is worth more than its ratio.
#pragma once

#include <string>
#include <vector>

namespace jimsim {

enum class FrontierStatus {
  reference,             // the cheapest policy on the frontier: the others are compared with it
  frontier,              // on the frontier, with a ratio against the previous frontier policy
  dominant,              // alone on the frontier: cheaper and more effective than every policy that differs
  dominated,             // another policy costs no more and achieves at least as much
  extendedly_dominated,  // a mix of its two frontier neighbours would cost less for the same effect
  duplicate,             // exactly the same cost and effect as an earlier policy
};

const char* frontier_status_name(FrontierStatus status);

// Expected cost and effect of one policy (effect: higher is better, e.g. minus placements).
struct PolicyPoint {
  double cost = 0.0;
  double effect = 0.0;
};

struct FrontierEntry {
  FrontierStatus status = FrontierStatus::reference;
  // frontier: the previous frontier policy (the comparator of the ratio); dominated: the cheapest
  // policy that dominates it; extendedly dominated: the frontier policy just below it (and `next`
  // the one just above); duplicate: the earlier identical policy. -1 when none.
  int comparator = -1;
  int next = -1;
  double incremental_cost = 0.0;    // against `comparator`, frontier entries only
  double incremental_effect = 0.0;
  double ratio = 0.0;               // incremental cost per unit of effect, frontier entries only
  int rank = 0;                     // position by cost among all policies, 1 = cheapest
};

// One entry per policy, in the order given. Costs and effects must be finite (InputError
// otherwise, naming the policy). With one policy, or only copies of it, it is the reference.

// The order in which ties are broken everywhere: cheaper first, then more effective, then earlier.
std::vector<int> cost_order(const std::vector<PolicyPoint>& policies);
std::vector<FrontierEntry> efficiency_frontier(const std::vector<PolicyPoint>& policies,
                                               const std::vector<std::string>& names);

// The policy with the highest net monetary benefit (wtp x effect - cost) at `wtp`; ties go to the
// cheaper, then the more effective, then the earlier policy. It is always on the frontier.
int best_policy(const std::vector<PolicyPoint>& policies, double wtp);

}  // namespace jimsim
