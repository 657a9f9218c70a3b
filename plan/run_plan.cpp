#include "plan/run_plan.hpp"

#include <algorithm>
#include <cstring>
#include <fmt/format.h>

#include "plan/fingerprint.hpp"
#include "sim/random.hpp"
#include "sim/result_fields.hpp"

namespace jimsim {

OutputSelection OutputSelection::everything() {
  OutputSelection all;
  for (std::size_t i = 0; i < outcome_fields.size(); ++i) all.fields.push_back(static_cast<int>(i));
  for (int g = 0; g < subgroup_count; ++g) all.subgroups.push_back(g);
  return all;
}

std::string plan_fingerprint(const RunPlan& plan, std::string_view program_version) {
  Fingerprint h;
  h.add(program_version);
  h.add_number(static_cast<double>(plan.seed >> 32));
  h.add_number(static_cast<double>(plan.seed & 0xFFFFFFFFu));
  h.add_number(plan.replicates);
  h.add_number(plan.family_records ? 1 : 0);
  h.add_numbers(plan.outputs.fields);
  h.add_numbers(plan.outputs.subgroups);
  h.add_number(plan.outputs.series ? 1 : 0);
  h.add(plan.design.kind);
  h.add_number(static_cast<double>(plan.points.size()));
  for (const auto& point : plan.points) {
    h.add(point.name);
    for (const auto& spec : parameter_specs()) h.add_number(spec.get(point.parameters));
    h.add_numbers(point.unit_coordinates);
  }
  h.add_number(plan.cohort ? 1 : 0);
  if (plan.cohort) {
    const Cohort& c = *plan.cohort;
    h.add_numbers(c.arrival_week);
    h.add_numbers(c.age_years);
    h.add_numbers(c.severity);
    h.add_numbers(c.parental_capacity);
    h.add_numbers(c.network_size);
    h.add_numbers(c.joins_parent_group);
    h.add_numbers(c.placement_indicated);
    h.add_numbers(c.max_follow_up_weeks);
  }
  if (plan.posterior) {
    h.add(plan.posterior->fingerprint);
    for (const auto& key : plan.posterior->keys) h.add(key);
    h.add_numbers(plan.posterior->particle);
    for (const auto& v : plan.posterior->values) h.add_numbers(v);
  }
  return h.hex();
}

Parameters unit_parameters(const RunPlan& plan, const WorkUnit& unit) {
  Parameters p = plan.points[static_cast<std::size_t>(unit.point)].parameters;
  if (plan.posterior) {
    const auto& draw = plan.posterior->values[static_cast<std::size_t>(unit.replicate)];
    for (std::size_t i = 0; i < plan.posterior->keys.size(); ++i) find_parameter(plan.posterior->keys[i])->set(p, draw[i]);
  }
  return p;
}

PosteriorDraws draw_posterior(std::vector<std::string> keys, const std::vector<std::vector<double>>& particles,
                              const std::vector<double>& weights, int replicates, std::uint64_t seed) {
  PosteriorDraws draws;
  draws.keys = std::move(keys);
  std::vector<double> cumulative;
  double total = 0.0;
  for (const double w : weights) cumulative.push_back(total += w);
  for (int r = 0; r < replicates; ++r) {
    CounterRng rng(seed, static_cast<std::uint32_t>(r), 0, Process::posterior_draw, 0);
    const double u = uniform_open01(rng) * total;
    auto i = static_cast<std::size_t>(std::upper_bound(cumulative.begin(), cumulative.end(), u) - cumulative.begin());
    i = std::min(i, particles.size() - 1);
    draws.particle.push_back(static_cast<std::int32_t>(i));
    draws.values.push_back(particles[i]);
  }
  return draws;
}

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
