#include "sim/parameters.hpp"

#include <array>
#include <cmath>
#include <fmt/format.h>

namespace jimsim {
namespace {

template <class T>
constexpr ParameterKind kind_of() {
  if constexpr (std::is_same_v<T, bool>) return ParameterKind::flag;
  else if constexpr (std::is_same_v<T, int>) return ParameterKind::integer;
  else return ParameterKind::real;
}

#define JIMSIM_PARAMETER_SPEC(group_, name_, type, unit, def, lo, hi, meaning, source)            \
  ParameterSpec{#group_,                                                                           \
                #name_,                                                                            \
                kind_of<type>(),                                                                   \
                unit,                                                                              \
                static_cast<double>(def),                                                          \
                static_cast<double>(lo),                                                           \
                static_cast<double>(hi),                                                           \
                meaning,                                                                           \
                source,                                                                            \
                [](const Parameters& p) { return static_cast<double>(p.group_.name_); },           \
                [](Parameters& p, double v) { p.group_.name_ = static_cast<type>(v); }},
#define JIMSIM_PARAMETER_GROUP_SPECS(group, LIST) LIST(JIMSIM_PARAMETER_SPEC)

const auto all_specs = std::to_array<ParameterSpec>({JIMSIM_PARAMETER_GROUPS(JIMSIM_PARAMETER_GROUP_SPECS)});

#undef JIMSIM_PARAMETER_GROUP_SPECS
#undef JIMSIM_PARAMETER_SPEC

}  // namespace

std::string ParameterSpec::key() const { return fmt::format("{}.{}", group, name); }

std::span<const ParameterSpec> parameter_specs() { return all_specs; }

const ParameterSpec* find_parameter(std::string_view key) {
  for (const auto& spec : all_specs) {
    if (key.size() == spec.group.size() + 1 + spec.name.size() && key.starts_with(spec.group) &&
        key[spec.group.size()] == '.' && key.ends_with(spec.name)) {
      return &spec;
    }
  }
  return nullptr;
}

std::string format_parameter_value(const ParameterSpec& spec, double value) {
  if (spec.kind == ParameterKind::flag) return value != 0.0 ? "true" : "false";
  // Whole numbers print without a fraction when they fit a 64-bit integer; anything else (a bad
  // value on its way into an error message) prints as a real.
  if (spec.kind == ParameterKind::integer && std::isfinite(value) && std::fabs(value) < 9e18 &&
      value == std::floor(value)) {
    return fmt::format("{}", static_cast<long long>(value));
  }
  // Shortest text that reads back to the same double, with a decimal point or exponent so TOML
  // reads it as a float (nan and inf print as such).
  std::string text = fmt::format("{}", value);
  if (std::isfinite(value) && text.find_first_of(".eE") == std::string::npos) text += ".0";
  return text;
}

std::string check_parameter_value(const ParameterSpec& spec, double value) {
  if (!std::isfinite(value)) return "must be a finite number";
  if (spec.kind == ParameterKind::integer && value != std::floor(value)) {
    return "must be a whole number";
  }
  if (value < spec.minimum || value > spec.maximum) {
    return fmt::format("{} is outside the valid range [{}, {}] {}", format_parameter_value(spec, value),
                       format_parameter_value(spec, spec.minimum),
                       format_parameter_value(spec, spec.maximum), spec.unit);
  }
  return {};
}

std::string parameters_to_toml(const Parameters& p) {
  std::string out;
  std::string_view group;
  for (const auto& spec : all_specs) {
    if (spec.group != group) {
      group = spec.group;
      out += fmt::format("{}[{}]\n", out.empty() ? "" : "\n", group);
    }
    out += fmt::format("{} = {}  # {}\n", spec.name, format_parameter_value(spec, spec.get(p)), spec.unit);
  }
  return out;
}

std::vector<ParameterProblem> check_parameter_consistency(const Parameters& p) {
  std::vector<ParameterProblem> problems;
  if (p.intake.age_min_years > p.intake.age_max_years) {
    problems.push_back({"intake.age_min_years",
                        fmt::format("{} is above intake.age_max_years ({})", p.intake.age_min_years,
                                    p.intake.age_max_years)});
  }
  if (p.intake.age_min_years >= p.simulation.exit_age_years) {
    problems.push_back({"intake.age_min_years",
                        fmt::format("{} is not below simulation.exit_age_years ({}): no youth would be followed",
                                    p.intake.age_min_years, p.simulation.exit_age_years)});
  }
  if (p.intake.age_max_years > p.simulation.exit_age_years) {
    problems.push_back({"intake.age_max_years",
                        fmt::format("{} is above simulation.exit_age_years ({}): older youths would leave at intake",
                                    p.intake.age_max_years, p.simulation.exit_age_years)});
  }
  if (p.case_closure.min_treatment_weeks > p.case_closure.max_treatment_weeks) {
    problems.push_back({"case_closure.min_treatment_weeks",
                        fmt::format("{} is above case_closure.max_treatment_weeks ({})",
                                    p.case_closure.min_treatment_weeks, p.case_closure.max_treatment_weeks)});
  }
  if (p.intake.arrival_window_weeks >= p.simulation.horizon_weeks) {
    problems.push_back({"intake.arrival_window_weeks",
                        fmt::format("{} is not shorter than simulation.horizon_weeks ({}): some intakes would "
                                    "fall after the run",
                                    p.intake.arrival_window_weeks, p.simulation.horizon_weeks)});
  }
  if (p.simulation.time_step_weeks > p.simulation.horizon_weeks) {
    problems.push_back({"simulation.time_step_weeks",
                        fmt::format("{} is longer than simulation.horizon_weeks ({})",
                                    p.simulation.time_step_weeks, p.simulation.horizon_weeks)});
  }
  if (p.intake.weekly_referrals > 0.0 && p.intake.arrival_window_weeks > 0.0) {
    problems.push_back({"intake.arrival_window_weeks",
                        "give either intake.weekly_referrals (a region's arrivals) or intake.arrival_window_weeks "
                        "(a cohort spread over a window), not both"});
  }
  if (p.intake.weekly_referrals * p.simulation.horizon_weeks > 1e6) {
    problems.push_back({"intake.weekly_referrals",
                        fmt::format("{} a week over {} weeks is more than 1,000,000 families per replicate",
                                    p.intake.weekly_referrals, p.simulation.horizon_weeks)});
  }
  if (p.professionals.step_down_severity > p.professionals.step_up_severity) {
    problems.push_back({"professionals.step_down_severity",
                        fmt::format("{} is above professionals.step_up_severity ({}): cases would step up and "
                                    "down at the same review",
                                    p.professionals.step_down_severity, p.professionals.step_up_severity)});
  }
  const bool fixed_workforce = p.professionals.basic_fte > 0.0 || p.professionals.specialist_fte > 0.0;
  if (!fixed_workforce &&
      p.professionals.basic_per_100_families + p.professionals.specialist_per_100_families <= 0.0) {
    problems.push_back({"professionals.specialist_per_100_families",
                        "there must be some professionals: basic_per_100_families and "
                        "specialist_per_100_families are both 0"});
  }
  return problems;
}

}  // namespace jimsim
