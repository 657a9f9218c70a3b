#include "plan/run_plan.hpp"

#include <cstring>
#include <fmt/format.h>

#include "sim/result_fields.hpp"

namespace jimsim {
namespace {

// FNV-1a, 64 bits: not a defence against tampering, only against mixing results of different
// plans by mistake, which it detects with certainty for all practical purposes.
struct Fnv1a {
  std::uint64_t state = 0xcbf29ce484222325ull;
  void add(const void* data, std::size_t size) {
    const auto* bytes = static_cast<const unsigned char*>(data);
    for (std::size_t i = 0; i < size; ++i) {
      state ^= bytes[i];
      state *= 0x100000001b3ull;
    }
  }
  void add(std::string_view text) {
    add(text.data(), text.size());
    add_number(static_cast<double>(text.size()));  // so "ab"+"c" and "a"+"bc" differ
  }
  void add_number(double value) { add(&value, sizeof value); }
  template <class T>
  void add_numbers(const std::vector<T>& values) {
    add_number(static_cast<double>(values.size()));
    for (const T v : values) add_number(static_cast<double>(v));
  }
};

}  // namespace

OutputSelection OutputSelection::everything() {
  OutputSelection all;
  for (std::size_t i = 0; i < outcome_fields.size(); ++i) all.fields.push_back(static_cast<int>(i));
  for (int g = 0; g < subgroup_count; ++g) all.subgroups.push_back(g);
  return all;
}

std::string plan_fingerprint(const RunPlan& plan, std::string_view program_version) {
  Fnv1a h;
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
  return fmt::format("{:016x}", h.state);
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
