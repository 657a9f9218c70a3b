#include "sim/observed_cohort.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cmath>
#include <fmt/format.h>
#include <limits>
#include <stdexcept>
#include <unordered_map>

namespace jimsim {
namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

bool known(double v) { return !std::isnan(v); }

// The numeric cells of a column, or nullptr for the text column: chosen by the member's type, so
// the declaration does not say it twice.
constexpr std::vector<double> ObservedCohort::*numeric(std::vector<double> ObservedCohort::*member) { return member; }
constexpr std::vector<double> ObservedCohort::*numeric(std::vector<std::string> ObservedCohort::*) { return nullptr; }

#define JIMSIM_COHORT_SPEC(name, unit, kind, lo, hi, in_header, empty_means, meaning)              \
  CohortColumnSpec{#name,                                                                          \
                   unit,                                                                           \
                   CohortColumnKind::kind,                                                         \
                   lo,                                                                             \
                   hi,                                                                             \
                   CohortHeader::in_header,                                                        \
                   empty_means,                                                                    \
                   meaning,                                                                        \
                   numeric(&ObservedCohort::name)},
const std::array specs{JIMSIM_COHORT_COLUMNS(JIMSIM_COHORT_SPEC)};
#undef JIMSIM_COHORT_SPEC

std::string number_text(double v) { return fmt::format("{}", v); }

// The rule that a week is given exactly when its event happened, and not after follow-up ended.
void check_event_week(std::vector<CohortProblem>& problems, std::string_view event, double happened,
                      std::string_view week_column, double week, double follow_up) {
  if (happened == 1.0 && !known(week)) {
    problems.push_back({std::string(week_column),
                        fmt::format("{} is empty, but {} is 1: give the week it happened", week_column, event)});
  } else if (happened != 1.0 && known(week)) {
    problems.push_back({std::string(week_column),
                        fmt::format("{} {} is given, but {} is {}: leave it empty unless {} is 1", week_column,
                                    number_text(week), event, known(happened) ? "0" : "empty", event)});
  } else if (known(week) && known(follow_up) && week > follow_up) {
    problems.push_back({std::string(week_column),
                        fmt::format("{} {} is after the end of follow-up (follow_up_weeks {})", week_column,
                                    number_text(week), number_text(follow_up))});
  }
}

}  // namespace

void ObservedCohort::resize(std::size_t n) {
  id.resize(n);
  for (const auto& spec : cohort_columns()) {
    if (spec.values != nullptr) (this->*spec.values).resize(n, nan);
  }
}

double CohortColumnSpec::get(const ObservedCohort& cohort, std::size_t row) const {
  return values == nullptr ? nan : (cohort.*values)[row];
}

std::span<const CohortColumnSpec> cohort_columns() { return specs; }

const CohortColumnSpec* find_cohort_column(std::string_view name) {
  for (const auto& spec : specs) {
    if (spec.name == name) return &spec;
  }
  return nullptr;
}

std::string check_cohort_value(const CohortColumnSpec& spec, double value) {
  if (!known(value)) {
    return spec.may_be_empty() ? "" : fmt::format("{} is empty, but every youth needs one", spec.name);
  }
  if (!std::isfinite(value)) return fmt::format("{} {} is not a finite number", spec.name, number_text(value));
  if (spec.kind == CohortColumnKind::flag) {
    return value == 0.0 || value == 1.0 ? "" : fmt::format("{} {} is not 0 or 1", spec.name, number_text(value));
  }
  if (value < spec.minimum || value > spec.maximum) {
    return fmt::format("{} {} is outside the range {} to {}", spec.name, number_text(value), number_text(spec.minimum),
                       number_text(spec.maximum));
  }
  return "";
}

std::vector<CohortProblem> check_observed_row(const ObservedCohort& c, std::size_t k) {
  std::vector<CohortProblem> problems;
  if (c.id[k].empty()) problems.push_back({"id", "id is empty, but every youth needs one"});
  for (const auto& spec : specs) {
    if (spec.values == nullptr) continue;
    std::string message = check_cohort_value(spec, spec.get(c, k));
    if (!message.empty()) problems.push_back({std::string(spec.name), std::move(message)});
  }
  if (!problems.empty()) return problems;  // the rules below assume every cell is valid on its own
  check_event_week(problems, "mentor_found", c.mentor_found[k], "mentor_week", c.mentor_week[k], c.follow_up_weeks[k]);
  if (known(c.mentor_involved_at_end[k]) && c.mentor_found[k] != 1.0) {
    problems.push_back({"mentor_involved_at_end",
                        fmt::format("mentor_involved_at_end is given, but mentor_found is {}: only a youth who named "
                                    "a mentor can have one involved at the end",
                                    known(c.mentor_found[k]) ? "0" : "empty")});
  }
  check_event_week(problems, "placed", c.placed[k], "placement_week", c.placement_week[k], c.follow_up_weeks[k]);
  return problems;
}

std::string check_observed_cohort(const ObservedCohort& c) {
  const std::size_t n = c.size();
  for (const auto& spec : specs) {
    if (spec.values != nullptr && (c.*spec.values).size() != n) {
      return fmt::format("column {} has {} values, but id has {}", spec.name, (c.*spec.values).size(), n);
    }
  }
  std::unordered_map<std::string_view, std::size_t> first_row;
  for (std::size_t k = 0; k < n; ++k) {
    const auto problems = check_observed_row(c, k);
    if (!problems.empty()) return fmt::format("row {}: column {}: {}", k + 1, problems[0].column, problems[0].message);
    const auto [seen, inserted] = first_row.emplace(c.id[k], k);
    if (!inserted) return fmt::format("rows {} and {} have the same id", seen->second + 1, k + 1);
  }
  return "";
}

Cohort simulation_cohort(const ObservedCohort& observed, Cohort drawn) {
  if (observed.size() != drawn.size()) {
    throw std::invalid_argument(fmt::format("simulation_cohort: {} observed youths, but {} drawn", observed.size(),
                                            drawn.size()));
  }
  const auto flag = [](double v) { return static_cast<std::uint8_t>(v != 0.0); };
  for (std::size_t k = 0; k < observed.size(); ++k) {
    // The week of intake always comes from the cohort: an empty cell is the cohort's start.
    drawn.arrival_week[k] = known(observed.intake_week[k]) ? observed.intake_week[k] : 0.0;
    if (known(observed.age_at_intake[k])) drawn.age_years[k] = observed.age_at_intake[k];
    if (known(observed.severity[k])) drawn.severity[k] = observed.severity[k];
    if (known(observed.parental_capacity[k])) drawn.parental_capacity[k] = observed.parental_capacity[k];
    if (known(observed.network_size[k])) drawn.network_size[k] = observed.network_size[k];
    if (known(observed.joins_parent_group[k])) drawn.joins_parent_group[k] = flag(observed.joins_parent_group[k]);
    if (known(observed.placement_indicated[k])) drawn.placement_indicated[k] = flag(observed.placement_indicated[k]);
    if (known(observed.follow_up_weeks[k])) drawn.max_follow_up_weeks[k] = observed.follow_up_weeks[k];
  }
  return drawn;
}

ObservedCohort observe_families(std::span<const FamilyRecord> families) {
  ObservedCohort c;
  c.resize(families.size());
  for (std::size_t k = 0; k < families.size(); ++k) {
    const FamilyRecord& r = families[k];
    c.id[k] = fmt::format("youth-{}", k + 1);
    c.intake_week[k] = r.arrival_week;
    c.age_at_intake[k] = r.age_at_intake;
    c.severity[k] = r.initial_severity;
    c.parental_capacity[k] = r.parental_capacity;
    c.network_size[k] = r.network_size;
    c.joins_parent_group[k] = r.joined_parent_group;
    c.placement_indicated[k] = r.placement_indicated;
    c.follow_up_weeks[k] = r.follow_up_weeks;
    if (!known(r.follow_up_weeks)) continue;  // never followed: nothing was observed
    // Event weeks are sums of step fractions; one rounded a hair past the end of follow-up is at it.
    const double end = r.follow_up_weeks;
    const bool mentor = known(r.mentor_found_week);
    c.mentor_found[k] = mentor ? 1.0 : 0.0;
    c.mentor_week[k] = mentor ? std::min(r.mentor_found_week, end) : nan;
    c.mentor_involved_at_end[k] = mentor ? r.mentor_active_at_end : nan;
    const bool placed = known(r.first_placement_week);
    c.placed[k] = placed ? 1.0 : 0.0;
    c.placement_week[k] = placed ? std::min(r.first_placement_week, end) : nan;
  }
  return c;
}

std::string cohort_columns_markdown() {
  std::string out =
      "# jimsim observed cohort format\n\n"
      "Generated from the declarations in `sim/observed_cohort.hpp`; do not edit by hand (a test checks\n"
      "this file equals the generated text).\n\n"
      "`jimsim calibrate --cohort FILE` reads a researcher's cohort: one row per client system (youth and\n"
      "family), comma-separated, UTF-8 (a byte-order mark is accepted), with a header row naming the\n"
      "columns in any order. CRLF and LF line ends are accepted, and so is RFC 4180 quoting (a field in\n"
      "double quotes may hold commas, line breaks and `\"\"` for a quote). Leave a cell empty where a\n"
      "value is unknown; what an empty cell means is given per column. Spaces around numbers are\n"
      "ignored; numbers are decimal (`52`, `0.5`, `1e3`). A flag is 0 or 1. Weeks are counted from the\n"
      "youth's intake unless said otherwise.\n\n"
      "| column | unit | in the header | range | an empty cell means | meaning |\n"
      "|---|---|---|---|---|---|\n";
  for (const auto& s : specs) {
    const std::string range = s.kind == CohortColumnKind::text   ? "any text"
                              : s.kind == CohortColumnKind::flag ? "0 or 1"
                                                                 : fmt::format("{} to {}", s.minimum, s.maximum);
    out += fmt::format("| `{}` | {} | {} | {} | {} | {} |\n", s.name, s.unit,
                       s.in_header == CohortHeader::required ? "required" : "optional", range, s.empty_means,
                       s.meaning);
  }
  out +=
      "\nA column that is optional in the header may be left out; every cell of it is then empty. The\n"
      "rows must also agree with themselves: `mentor_week` is given exactly when `mentor_found` is 1,\n"
      "`placement_week` exactly when `placed` is 1, neither is later than `follow_up_weeks`, and\n"
      "`mentor_involved_at_end` is empty unless `mentor_found` is 1. Two rows with one `id` are an\n"
      "error. A file is read whole and refused, with the line and column at fault, at the first problem.\n\n"
      "These records are personal data. jimsim reads them into memory only: its calibration files keep\n"
      "aggregates (the statistics matched and a digest to recognise the cohort), never an id or a row.\n";
  return out;
}

}  // namespace jimsim
