// A researcher's observed cohort, one row per client system (youth and family), as calibration
// compares it with the model: every column declared once.
//
// Each line of the list below is the single declaration of one column:
//   X(name, unit, kind, minimum, maximum, in_header, empty_means, meaning)
// kind: text, number or flag (0/1). in_header: required (the header must name the column) or
// optional. empty_means: what an empty cell stands for, or cohort_never_empty. From the declaration
// the code derives the struct `ObservedCohort`, the CSV reader and writer (io/cohort_csv.hpp), the
// checks of a value and the generated docs/cohort-format.md. The rules that tie columns together
// (a mentor week only with a mentor) are in check_observed_row.
//
// The model library holds no file format: the CSV lives in io/cohort_csv.hpp.
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "sim/cohort.hpp"
#include "sim/outcomes.hpp"

namespace jimsim {

enum class CohortColumnKind { text, number, flag };
enum class CohortHeader { required, optional };

// The empty_means of a column whose cells must all be given.
inline constexpr std::string_view cohort_never_empty = "never empty";

#define JIMSIM_COHORT_COLUMNS(X)                                                                   \
  X(id, "text", text, 0.0, 0.0, required, cohort_never_empty,                                      \
    "the client system's identifier in the researcher's records; two rows with one id are an "     \
    "error, and jimsim's calibration never writes an id to any output")                           \
  X(intake_week, "week", number, 0.0, 1040.0, optional, "0: intake at the cohort's start",         \
    "weeks from the cohort's first intake to this youth's intake")                                \
  X(age_at_intake, "year", number, 12.0, 23.0, required, cohort_never_empty,                       \
    "age at intake (fractions of a year allowed)")                                                \
  X(severity, "severity", number, 0.0, 5.0, optional, "drawn from the scenario's intake distribution", \
    "problem severity at intake on the model's scale (0 is no problems, 1 the level where "        \
    "placement threatens)")                                                                        \
  X(parental_capacity, "share", number, 0.0, 1.0, optional,                                        \
    "drawn from the scenario's intake distribution", "parental capacity at intake (0 none, 1 full)") \
  X(network_size, "persons", number, 0.0, 1000.0, optional,                                        \
    "drawn from the scenario's intake distribution", "persons in the youth's social network")     \
  X(joins_parent_group, "flag", flag, 0.0, 1.0, optional,                                          \
    "drawn from the scenario (parent_group.uptake)", "1 if the parents joined a parent group")    \
  X(placement_indicated, "flag", flag, 0.0, 1.0, optional,                                         \
    "drawn from the scenario (intake.indicated_share)",                                            \
    "1 if referred with a residential placement already indicated")                               \
  X(mentor_found, "flag", flag, 0.0, 1.0, required, "unknown",                                     \
    "1 if the youth named a mentor (a JIM) during follow-up")                                     \
  X(mentor_week, "week", number, 0.0, 1040.0, required,                                            \
    "no mentor named, or not known whether one was (must be empty unless mentor_found is 1)",      \
    "weeks from intake to naming the mentor; given when mentor_found is 1, at most follow_up_weeks") \
  X(mentor_involved_at_end, "flag", flag, 0.0, 1.0, optional,                                      \
    "unknown, or no mentor (must be empty unless mentor_found is 1)",                              \
    "1 if the mentor was still involved at the end of follow-up")                                 \
  X(placed, "flag", flag, 0.0, 1.0, required, "unknown",                                           \
    "1 if the youth was placed in residential care during follow-up")                             \
  X(placement_week, "week", number, 0.0, 1040.0, required,                                         \
    "not placed, or not known whether placed (must be empty unless placed is 1)",                  \
    "weeks from intake to the first residential placement; given when placed is 1, at most "      \
    "follow_up_weeks")                                                                             \
  X(follow_up_weeks, "week", number, 0.0, 1040.0, required, cohort_never_empty,                    \
    "weeks the youth was followed after intake; what happened later is not known (right "          \
    "censoring)")

// A cell of a column of this kind: text for the id, a number (NaN: empty) for the others.
template <CohortColumnKind kind>
struct CohortCell {
  using type = double;
};
template <>
struct CohortCell<CohortColumnKind::text> {
  using type = std::string;
};

// The observed cohort, column by column. A NaN is an empty cell (unknown, or drawn from the
// scenario: see the declaration); flags are 0.0 or 1.0.
#define JIMSIM_COHORT_MEMBER(name, unit, kind, lo, hi, in_header, empty_means, meaning)            \
  std::vector<CohortCell<CohortColumnKind::kind>::type> name;
struct ObservedCohort {
  JIMSIM_COHORT_COLUMNS(JIMSIM_COHORT_MEMBER)

  std::size_t size() const { return id.size(); }
  // New cells are empty: "" for the id, NaN for the others.
  void resize(std::size_t n);
};
#undef JIMSIM_COHORT_MEMBER

// What the declaration says about one column, plus typed access to its cells.
struct CohortColumnSpec {
  std::string_view name;
  std::string_view unit;
  CohortColumnKind kind;
  double minimum;
  double maximum;
  CohortHeader in_header;
  std::string_view empty_means;
  std::string_view meaning;
  std::vector<double> ObservedCohort::*values;  // nullptr for the text column (id)

  bool may_be_empty() const { return empty_means != cohort_never_empty; }
  // The cell as a number; NaN for the text column.
  double get(const ObservedCohort& cohort, std::size_t row) const;
};

// Every declared column, in declaration order (the order the CSV writer uses).
std::span<const CohortColumnSpec> cohort_columns();

// The column called `name`, or nullptr.
const CohortColumnSpec* find_cohort_column(std::string_view name);

// Why a number is not a valid cell of a numeric column (NaN: an empty cell), or "" when it is.
std::string check_cohort_value(const CohortColumnSpec& spec, double value);

struct CohortProblem {
  std::string column;   // the column at fault
  std::string message;  // e.g. "placement_week 60 is after the end of follow-up (follow_up_weeks 52)"
};

// The problems of one row: each cell against its declaration, then the rules that tie columns
// together (a mentor week exactly when a mentor was found, a placement week exactly when placed,
// neither after the end of follow-up, mentor_involved_at_end only with a mentor). Empty when valid.
std::vector<CohortProblem> check_observed_row(const ObservedCohort& cohort, std::size_t row);

// Why the cohort as a whole is not valid (columns of unequal length, a row's first problem, two
// rows with one id), naming rows by 1-based number and never quoting an id; "" when it is valid.
std::string check_observed_cohort(const ObservedCohort& cohort);

// The simulated cohort that mirrors an observed one: `drawn` (the scenario's intake draws, of the
// same size) with every known observed value written over it. An empty intake_week is week 0;
// follow-up ends at follow_up_weeks. Throws std::invalid_argument when the sizes differ.
Cohort simulation_cohort(const ObservedCohort& observed, Cohort drawn);

// What a researcher would have recorded of simulated families, with ids "youth-1", "youth-2", ...
// A family taken in after the horizon (never followed) keeps its row, so rows stay aligned with
// the cohort, with follow_up_weeks and every outcome empty; such a row is not a valid record.
ObservedCohort observe_families(std::span<const FamilyRecord> families);

// The Markdown page docs/cohort-format.md.
std::string cohort_columns_markdown();

}  // namespace jimsim
