#include "plan/run_plan.hpp"

#include <fmt/format.h>

namespace jimsim {

RunPlan plan_of(std::vector<Parameters> parameters, int replicates, std::uint64_t seed) {
  RunPlan plan;
  plan.replicates = replicates;
  plan.seed = seed;
  for (std::size_t i = 0; i < parameters.size(); ++i) {
    PlanPoint point;
    point.name = fmt::format("point-{}", i);
    point.origin = point.name;
    point.parameters = std::move(parameters[i]);
    plan.points.push_back(std::move(point));
  }
  return plan;
}

}  // namespace jimsim
