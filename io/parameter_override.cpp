#include "io/parameter_override.hpp"

#include <charconv>
#include <optional>
#include <fmt/format.h>

#include "io/toml_reading.hpp"
#include "sim/errors.hpp"

namespace jimsim {
namespace {

std::string parameter_keys_near(std::string_view key) {
  std::vector<std::string> keys;
  for (const auto& spec : parameter_specs()) keys.push_back(spec.key());
  const auto near = nearest_name(key, keys);
  return near.empty() ? std::string{" (`jimsim params` lists them)"} : fmt::format("; did you mean {}?", near);
}

// The value as the parameter's kind reads it, or an empty optional with the reason.
std::optional<double> read_value(const ParameterSpec& spec, std::string_view text, std::string& reason) {
  if (spec.kind == ParameterKind::flag) {
    if (text == "true") return 1.0;
    if (text == "false") return 0.0;
    reason = "must be true or false";
    return std::nullopt;
  }
  double value = 0.0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || error != std::errc{} || end != text.data() + text.size()) {
    reason = spec.kind == ParameterKind::integer ? "must be a whole number" : "must be a number";
    return std::nullopt;
  }
  return value;
}

}  // namespace

ParameterOverride parse_override(std::string_view assignment, std::string_view option) {
  const auto equals = assignment.find('=');
  if (equals == std::string_view::npos) {
    throw InputError(fmt::format("{} {}: expected group.key=value, e.g. {} {}", option, assignment, option,
                                 option == "--price" ? "costs.residential_day=180" : "professionals.caseload_cap=6"));
  }
  const std::string_view key = assignment.substr(0, equals);
  const std::string_view text = assignment.substr(equals + 1);
  const ParameterSpec* spec = find_parameter(key);
  if (spec == nullptr) {
    throw InputError(fmt::format("{} {}: unknown parameter {}{}", option, assignment, key, parameter_keys_near(key)));
  }
  std::string reason;
  const auto value = read_value(*spec, text, reason);
  if (value) reason = check_parameter_value(*spec, *value);
  if (!reason.empty()) throw InputError(fmt::format("{} {}: {}: {}", option, assignment, key, reason));
  return {std::string(key), *value, std::string(assignment)};
}

void apply_overrides(RunPlan& plan, std::span<const ParameterOverride> overrides) {
  for (auto& point : plan.points) {
    for (const auto& o : overrides) {
      find_parameter(o.key)->set(point.parameters, o.value);
      point.source_text += fmt::format("# --set {}\n", o.text);
    }
    if (overrides.empty()) continue;
    const auto problems = check_parameter_consistency(point.parameters);
    if (!problems.empty()) {
      std::string message;
      for (const auto& problem : problems) {
        if (!message.empty()) message += '\n';
        message += fmt::format("--set: scenario {} ({}) with the values set: {}: {}", point.name, point.origin,
                               problem.key, problem.reason);
      }
      throw InputError(message);
    }
  }
  plan.overrides.insert(plan.overrides.end(), overrides.begin(), overrides.end());
}

}  // namespace jimsim
