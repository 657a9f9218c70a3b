#include "sim/state_fields.hpp"

#include <array>
#include <fmt/format.h>

#include "sim/outcomes.hpp"

namespace jimsim {
namespace {

#define JIMSIM_FAMILY_STATE_SPEC(type, name, lanes, initial, unit, meaning) \
  StateFieldSpec{#name, #type, lanes, #initial, unit, meaning, sizeof(type) * (lanes)},
constexpr std::array family_specs{JIMSIM_FAMILY_STATE_FIELDS(JIMSIM_FAMILY_STATE_SPEC)};
#undef JIMSIM_FAMILY_STATE_SPEC

#define JIMSIM_PROFESSIONAL_STATE_SPEC(type, name, unit, meaning) \
  StateFieldSpec{#name, #type, 1, "", unit, meaning, sizeof(type)},
constexpr std::array professional_specs{JIMSIM_PROFESSIONAL_STATE_FIELDS(JIMSIM_PROFESSIONAL_STATE_SPEC)};
#undef JIMSIM_PROFESSIONAL_STATE_SPEC

std::string type_text(const StateFieldSpec& s) {
  return s.lanes == 1 ? fmt::format("`{}`", s.type) : fmt::format("`{}` x {}", s.type, s.lanes);
}

}  // namespace

std::span<const StateFieldSpec> family_state_fields() { return family_specs; }
std::span<const StateFieldSpec> professional_state_fields() { return professional_specs; }

std::size_t family_state_bytes_per_family() {
  std::size_t bytes = 0;
  for (const auto& s : family_specs) bytes += s.bytes;
  return bytes;
}

std::string state_fields_markdown() {
  std::string out = fmt::format(
      "# jimsim state\n\n"
      "Generated from the declarations in `sim/state_fields.hpp`; do not edit by hand (a test checks\n"
      "this file equals the generated text).\n\n"
      "What the model holds while a replicate runs, one array per field (structure of arrays: each\n"
      "process is a loop over all families). Every family's arrays start at the initial value given;\n"
      "the intake then writes what it draws or reads from an observed cohort (docs/model.md). Each\n"
      "array is padded to a multiple of 64 families, so that the vector loops have no remainder; the\n"
      "padding never arrives. The arrays take {} bytes per family; the family's record of what\n"
      "happened (the family fields of docs/results-format.md, {} bytes) comes on top, and is what the\n"
      "outcomes are summed from.\n\n"
      "## Youth, family and mentor (`Families`)\n\n"
      "| field | type | initial | unit | meaning |\n"
      "|---|---|---|---|---|\n",
      family_state_bytes_per_family(), sizeof(FamilyRecord));
  for (const auto& s : family_specs) {
    out += fmt::format("| `{}` | {} | `{}` | {} | {} |\n", s.name, type_text(s), s.initial, s.unit, s.meaning);
  }
  out +=
      "\n## Professionals (`Professionals`)\n\n"
      "Built by the intake from the workforce parameters (`[professionals]` in docs/parameters.md).\n\n"
      "| field | type | unit | meaning |\n"
      "|---|---|---|---|\n";
  for (const auto& s : professional_specs) {
    out += fmt::format("| `{}` | {} | {} | {} |\n", s.name, type_text(s), s.unit, s.meaning);
  }
  return out;
}

}  // namespace jimsim
