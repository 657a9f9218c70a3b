// The summary statistics a calibration matches, declared once: X(name, unit, at_week, meaning).
// The declaration drives calibration and targets files, the names in posterior files and the docs.
// Targets files may also name `mean.<field>`: the mean per youth of any field jimsim records per
// family (sim/outcomes.hpp), e.g. `mean.residential_days`. analysis/calibration_statistics.hpp
// computes them.
#pragma once

#include <cstddef>
#include <limits>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace jimsim {

#define JIMSIM_CALIBRATION_STATISTICS(X)                                                           \
  X(mentor_found_share, "share", false,                                                            \
    "share of youths who named a mentor during follow-up")                                         \
  X(mentor_found_by_week, "share", true,                                                           \
    "cumulative incidence of naming a mentor by the week, a placement before a mentor competing "  \
    "(Aalen-Johansen; censored at the end of follow-up)")                                          \
  X(weeks_to_mentor_mean, "week", false,                                                           \
    "mean weeks from intake to naming a mentor, among youths who named one")                       \
  X(mentor_involved_share, "share", false,                                                         \
    "share of youths with a mentor whose mentor was still involved at the end of follow-up")      \
  X(placed_share, "share", false, "share of youths placed in residential care during follow-up")  \
  X(placement_free_survival, "share", true,                                                        \
    "Kaplan-Meier share never placed by the week (censored at the end of follow-up)")

enum class StatisticKind : int {
#define JIMSIM_STATISTIC_ENUM(name, unit, at_week, meaning) name,
  JIMSIM_CALIBRATION_STATISTICS(JIMSIM_STATISTIC_ENUM)
#undef JIMSIM_STATISTIC_ENUM
  mean_per_youth,  // mean.<family field>
};

// What the declaration says about one statistic of the catalogue.
struct StatisticInfo {
  StatisticKind kind;
  std::string_view name;
  std::string_view unit;
  bool at_week;  // needs a week (survival, cumulative incidence)
  std::string_view meaning;
};
std::span<const StatisticInfo> calibration_statistics();

// One statistic a calibration matches.
struct StatisticSpec {
  StatisticKind kind = StatisticKind::placed_share;
  double week = std::numeric_limits<double>::quiet_NaN();  // for statistics at a week
  int family_field = -1;  // mean_per_youth: index into family_fields (sim/result_fields.hpp)
  std::size_t youths = 0;  // computed over the first `youths` youths; 0: all

  std::string name() const;     // "placement_free_survival@52", "mean.residential_days"
  std::string unit() const;
  std::string meaning() const;
  bool is_share() const;        // a proportion, 0..1 (a binomial sampling error applies)
  bool needs_family_records() const { return kind == StatisticKind::mean_per_youth; }
};

// Parses a statistic name as `name()` writes it, plus `week` for statistics at a week. Returns an
// empty string and fills `spec`, or the reason the name is not valid (with the nearest name).
std::string parse_statistic(std::string_view name, double week, StatisticSpec& spec);

// The names a user can write, for messages.
std::vector<std::string> statistic_names();

}  // namespace jimsim
