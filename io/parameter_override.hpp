// `--set group.key=value` on the command line: one parameter changed for every point of a run,
// checked against the parameter's declaration like a value in a scenario file.
#pragma once

#include <span>
#include <string_view>

#include "plan/run_plan.hpp"

namespace jimsim {

// Reads "group.key=value". Throws InputError naming the assignment for a missing '=', an unknown
// key (with the nearest valid one), a value that is not a number (or true/false for a flag), not a
// whole number for an integer, or outside the declared range. `option` names the option in messages.
ParameterOverride parse_override(std::string_view assignment, std::string_view option = "--set");

// Applies the overrides to every point, records them in `plan.overrides` and in each point's
// source text, and checks each point's parameters for consistency again. Throws InputError naming
// the override, the point and the rule it breaks.
void apply_overrides(RunPlan& plan, std::span<const ParameterOverride> overrides);

}  // namespace jimsim
