// What the model holds for each youth and family, and each professional, while a replicate runs:
// every state array declared once.
//
// Each line of the families' list below is the single declaration of one array:
//   X(type, name, lanes, initial, unit, meaning)
// type: the element type; lanes: 1 for one value per family, more for that many arrays of the
// type (the weekly random words); initial: the value every family (and the padding past the last
// family) holds before intake writes its own. From the declaration the code derives the members of
// `Families` (sim/state.hpp), `Families::reset`, the bytes the arrays take per family
// (`family_state_bytes_per_family`) and the generated docs/state.md. The family's record of what
// happened (`Families::record`) is declared in sim/outcomes.hpp. The professionals' list is the
// same without lanes and initial values: the intake builds the workforce (sim/processes/intake.cpp).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "sim/random.hpp"

namespace jimsim {

// Where the youth lives this step.
enum class Setting : std::uint8_t {
  not_arrived,  // intake still to come
  home,         // at home, with or without an open case
  respite,      // staying with the mentor for a while: the safety net at a crisis
  residential,  // placed out of home
  exited,       // follow-up over: aged out, end of an observed cohort's follow-up
};

enum class MentorStatus : std::uint8_t {
  none,         // no search (care as usual) or not yet arrived
  searching,    // the youth is looking for a mentor
  not_found,    // the search ended without a mentor
  active,       // a mentor is involved
  dropped_out,  // the mentor quit
  ended,        // the mentor's role ended with the case
};

// Where an indicated residential placement stands (intake status "placement indicated").
enum class Indication : std::uint8_t {
  none,             // at risk only, or the indication is resolved
  on_hold,          // the JIM approach holds it while the youth looks for a mentor
  waiting_for_bed,  // confirmed: carried out when a bed is free, unless the case improves first
};

// What a crisis led to (crisis_outcome).
inline constexpr std::uint8_t crisis_to_decision = 1;  // reached a placement decision
inline constexpr std::uint8_t crisis_deescalated = 2;  // the mentor de-escalated it first

// Professional time a family received so far, by the kind of professional ([specialist]): the
// counts that hourly tariffs and FTE salaries price.
struct StaffTime {
  std::array<double, 2> hours{};      // hours given
  std::array<double, 2> fte_years{};  // the professional's FTE over their caseload, over time
};

// The groups below are the model's agents and processes; within a group, the order is free.
#define JIMSIM_FAMILY_STATE_FIELDS(X)                                                              \
  /* Youth and family. */                                                                          \
  X(Setting, setting, 1, Setting::not_arrived, "setting",                                          \
    "where the youth lives this step: not yet arrived, home, respite with the mentor, residential " \
    "care, or exited (follow-up over)")                                                            \
  X(std::uint8_t, case_open, 1, 0, "flag", "in treatment: waiting for or with a professional")    \
  X(std::int32_t, arrival_step, 1, 0, "step", "the step of intake")                                \
  X(double, age_at_intake, 1, 0.0, "year", "age at intake")                                        \
  X(std::int32_t, exit_step, 1, 0, "step",                                                         \
    "the first step no longer followed (exit age, end of an observed cohort's follow-up)")        \
  X(double, severity, 1, 0.0, "severity", "problem severity at the end of this step")             \
  X(double, severity_start, 1, 0.0, "severity",                                                    \
    "severity at the start of this step: crises and decisions read the straight path within it")  \
  X(double, baseline_severity, 1, 0.0, "severity", "the youth's own level, to which severity reverts") \
  X(double, parental_capacity, 1, 0.0, "share", "parental capacity, 0 none to 1 full")            \
  X(double, parent_group_weeks_left, 1, 0.0, "week", "weeks of the parent group still to come")   \
  X(std::uint8_t, safety_plan, 1, 0, "flag", "a safety plan made with the family and network")    \
  X(double, home_from_time, 1, 0.0, "week", "weeks into this step at which a stay away ended")    \
  X(double, stay_weeks_left, 1, 0.0, "week",                                                       \
    "weeks left of a stay in respite or residential care (below 0 once it ends within a step)")   \
  /* Treatment by professionals. */                                                                \
  X(std::int32_t, professional, 1, -1, "index",                                                    \
    "the family's professional (index into Professionals); -1 none, also for the padding, which "  \
    "no loop may count as treated")                                                                \
  X(double, treatment_weeks, 1, 0.0, "week", "weeks since treatment (re)started with a professional") \
  X(double, reviews_passed, 1, 0.0, "reviews",                                                     \
    "the case review treatment_weeks has reached (sim/processes/case_review.cpp)")                \
  X(std::uint8_t, needs_specialist, 1, 0, "flag",                                                  \
    "the kind of care the last review asked for is specialist care (at intake: severity at or "    \
    "above professionals.specialist_severity_threshold)")                                         \
  X(double, queue_from_week, 1, 0.0, "week",                                                       \
    "weeks from the start of the run after which, after a handover without collaboration, the "    \
    "family can take its next professional")                                                       \
  X(std::uint8_t, in_handover, 1, 0, "flag",                                                       \
    "between a step-up or step-down decision and the new professional")                           \
  X(double, family_hours, 1, 0.0, "hour/week", "this step's professional hours with the youth and parents") \
  X(double, parent_capacity_gain, 1, 0.0, "share",                                                 \
    "share of the parents' missing capacity this step's professional hours add (the same for every " \
    "family of a professional: from the step's table of case shares)")                            \
  X(double, mentor_support_unmet, 1, 1.0, "share",                                                 \
    "share of the mentor's support need this step's professional hours leave unmet (1 - hours "     \
    "supporting the mentor / need; below 0 when exceeded)")                                        \
  X(double, support_dose, 1, 0.0, "dose",                                                          \
    "this step's weekly support dose from professionals, mentor, parent group or residential care") \
  /* Crises and indicated placement. */                                                            \
  X(std::uint8_t, crises_this_step, 1, 0, "crises", "crises in this step")                        \
  X(std::uint8_t, event_possible, 1, 0, "bits",                                                    \
    "scratch flags, each process's own until the next overwrites them: bit 0 is, for "             \
    "search_for_mentors, a searching youth may name a mentor or comes to the end of the search; "  \
    "for strengthen_parents, in a parent group this step; for the crises and update_mentors, "     \
    "this step's draw is below the bound on the hazard; for review_cases, a review is due. Bit 1 " \
    "(update_mentors): the mentor's expenses run")                                                 \
  X(Indication, indication, 1, Indication::none, "status",                                         \
    "where an indicated placement stands: none, on hold while the youth looks for a mentor, or "   \
    "waiting for a bed")                                                                           \
  X(double, bed_ready_week, 1, 0.0, "week", "weeks from the start of the run at which a bed is free") \
  X(std::uint8_t, reconsider, 1, 0, "flag",                                                        \
    "a point to reconsider the indication (a mentor named, a search over) came this step")        \
  X(double, reconsider_time, 1, 0.0, "week", "weeks into the step at which it came")              \
  /* The mentor (JIM). */                                                                          \
  X(MentorStatus, mentor, 1, MentorStatus::none, "status",                                         \
    "none, searching, not found, active, dropped out, or ended with the case")                    \
  X(std::uint8_t, mentor_findable, 1, 0, "flag", "not among the youths who never find a mentor")  \
  X(double, mentor_search_hazard, 1, 0.0, "1/week", "weekly hazard of naming a mentor, from the network size") \
  X(double, search_ends_week, 1, 0.0, "week", "weeks since intake at which the current search stops") \
  X(std::int32_t, mentor_found_step, 1, -1, "step",                                                \
    "the step the last mentor was named (kept after a dropout); -1 none, or the naming undone")   \
  X(double, mentor_named_time, 1, 0.0, "week", "weeks into mentor_found_step at which the mentor was named") \
  X(double, mentor_present_share, 1, 1.0, "share",                                                 \
    "share of that step left after the naming: (dt - mentor_named_time) / dt")                    \
  X(std::uint32_t, mentors_named, 1, 0u, "mentors", "mentors named so far (each has its own trait streams)") \
  X(std::uint8_t, mentor_role_clear, 1, 0, "flag", "the mentor's role was made clear at the start") \
  X(double, mentor_hours, 1, 0.0, "hour/week", "hours a week the mentor has (the first mentor's drawn at intake)") \
  X(double, first_mentor_years_known, 1, 0.0, "year",                                              \
    "years the first mentor has known the youth, as drawn at intake (before the cap at the "       \
    "youth's age)")                                                                                \
  X(double, first_mentor_bond, 1, 0.0, "share",                                                    \
    "the first mentor's initial bond, drawn at intake; NaN: drawn when named")                    \
  X(double, bond_gain, 1, 0.0, "share/step", "share of the missing bond gained per step of contact") \
  X(double, bond, 1, 0.0, "share", "trust bond between youth and mentor, 0 to 1")                 \
  X(double, strain, 1, 0.0, "strain", "the mentor's strain")                                       \
  /* This step's random words, one lane per weekly draw (sim/random.hpp). */                       \
  X(std::uint32_t, draws, weekly_lane_count, 0u, "word", "this step's Philox words, one array per lane") \
  /* Running totals, streamed by the weekly passes and written into the family's record (its */   \
  /* fields of the same name) when follow-up ends. */                                              \
  X(StaffTime, staff_time, 1, StaffTime{}, "hour, FTE-year",                                       \
    "professional hours and FTE-years so far, by kind (record.basic_hours ... specialist_fte_years)") \
  X(double, total_mentor_support_hours, 1, 0.0, "hour", "professional hours supporting the mentor (record.mentor_support_hours)") \
  X(double, total_mentor_expense_weeks, 1, 0.0, "week", "weeks of the mentor's expenses (record.mentor_expense_weeks)") \
  X(double, total_residential_days, 1, 0.0, "day", "days in residential care (record.residential_days)") \
  X(double, total_respite_days, 1, 0.0, "day", "days in respite with the mentor (record.respite_days)") \
  X(double, total_crises, 1, 0.0, "crises", "crises (record.crises)")                             \
  X(double, total_crises_deescalated, 1, 0.0, "crises", "crises the mentor de-escalated (record.crises_deescalated)")

#define JIMSIM_PROFESSIONAL_STATE_FIELDS(X)                                                        \
  X(std::uint8_t, specialist, "flag", "specialist care (1) or basic care (0)")                     \
  X(double, weekly_hours, "hour/week", "client-facing hours a week (part-time for a fractional FTE)") \
  X(double, fte, "FTE", "1, or the fraction the last professional of a kind works")                \
  X(double, employed_cost_week, "euro/week", "employer cost a week (FTE x salary)")                 \
  X(double, crisis_threshold, "severity",                                                          \
    "the severity at which, at their crises and reconsiderations, placement is as likely as not "  \
    "to be judged needed before the family's say: the midpoint of the decision's logistic, a hard " \
    "threshold when placement.decision_spread is 0")                                              \
  X(std::uint8_t, equal_partner, "flag", "sees the mentor as an equal partner")                    \
  X(std::int32_t, caseload, "families", "families assigned now")

// One value of T per family, or `lanes` arrays of them.
template <class T, std::size_t lanes>
struct family_array {
  using type = std::array<std::vector<T>, lanes>;
};
template <class T>
struct family_array<T, 1> {
  using type = std::vector<T>;
};
template <class T, std::size_t lanes>
using family_array_t = typename family_array<T, lanes>::type;

// One declared array, as the docs and the memory accounts read it.
struct StateFieldSpec {
  std::string_view name;
  std::string_view type;     // as declared
  std::size_t lanes;         // 1 for the professionals
  std::string_view initial;  // as declared; empty for the professionals
  std::string_view unit;
  std::string_view meaning;
  std::size_t bytes;         // per family (or professional): sizeof(type) x lanes
};

// Every declared array, in the order of its list.
std::span<const StateFieldSpec> family_state_fields();
std::span<const StateFieldSpec> professional_state_fields();

// Bytes the families' declared arrays take per family (the padding aside), without the record.
std::size_t family_state_bytes_per_family();

// docs/state.md: both lists as a Markdown page.
std::string state_fields_markdown();

}  // namespace jimsim
