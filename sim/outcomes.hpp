// What one replicate of one scenario produces: outcome tables, weekly time series and, when asked
// for, per-family records. Field lists are declared once as X-macros, X(name, unit, meaning), and
// drive the structs, the HDF5 compound types and the results-format docs.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>
#include <vector>

namespace jimsim {

// Totals over a group of families in one replicate. Counts are numbers of youths or events; means
// are over the group's families unless the meaning says otherwise.
#define JIMSIM_OUTCOME_FIELDS(X)                                                                   \
  X(families, "families", "client systems taken in")                                              \
  X(indicated, "youths", "youths who arrived with a residential placement indicated")              \
  X(indicated_placed, "youths", "youths with an indicated placement who were placed during follow-up") \
  X(indications_withdrawn_improved, "youths", "indicated placements withdrawn because the case improved first") \
  X(indications_withdrawn_reconsidered, "youths", "indicated placements withdrawn when reconsidered (mentor named, search over)") \
  X(indications_to_respite, "youths", "indicated placements replaced by a respite stay with the mentor") \
  X(follow_up_weeks, "family-weeks", "weeks followed, summed over families")                      \
  X(placed, "youths", "youths placed in residential care at least once")                          \
  X(placed_within_26_weeks, "youths", "youths followed at least 26 weeks who were first placed within 26 weeks (6 months)") \
  X(placed_within_52_weeks, "youths", "youths followed at least 52 weeks who were first placed within 52 weeks (12 months)")\
  X(placed_within_104_weeks, "youths", "youths followed at least 104 weeks who were first placed within 104 weeks (24 months)") \
  X(followed_26_weeks, "youths", "youths whose follow-up lasts at least 26 weeks")            \
  X(followed_52_weeks, "youths", "youths whose follow-up lasts at least 52 weeks")            \
  X(followed_104_weeks, "youths", "youths whose follow-up lasts at least 104 weeks")          \
  X(placements, "placements", "residential placements, first and repeated")                       \
  X(weeks_to_first_placement, "family-weeks", "weeks from intake to first placement, summed over placed youths") \
  X(placement_free_weeks, "family-weeks", "weeks followed before any placement, summed")          \
  X(residential_days, "day", "days in residential care")                                         \
  X(respite_stays, "stays", "respite stays with the mentor (placements averted by the safety net)") \
  X(respite_days, "day", "days in respite with the mentor")                                      \
  X(crises, "crises", "crises")                                                                    \
  X(crises_deescalated, "crises", "crises the mentor de-escalated before a placement decision")    \
  X(decisions_held_by_network, "decisions", "placement decisions that the safety plan, the mentor's bond or parental capacity turned to home care") \
  X(handovers, "handovers", "step-ups and step-downs between basic and specialist care")         \
  X(handover_weeks, "family-weeks", "weeks between a step-up or step-down decision and the new professional") \
  X(mentors_found, "mentors", "youths who named a mentor")                                         \
  X(mentors_named, "mentors", "mentors named, first and after a dropout")                          \
  X(weeks_to_mentor, "family-weeks", "weeks from intake to naming a mentor, summed over those found") \
  X(mentors_dropped_out, "mentors", "mentors who dropped out")                                     \
  X(mentors_stayed_on, "mentors", "mentors who stayed on after case closure")                     \
  X(mentors_active_at_end, "mentors", "mentors still active at the end of follow-up")             \
  X(cases_closed, "families", "families whose treatment was closed at the end of follow-up")                                                    \
  X(waiting_weeks, "family-weeks", "weeks on the waiting list for a professional")                \
  X(professional_hours, "hour", "professional hours with youths, parents and mentors (basic_hours + specialist_hours)") \
  X(mentor_support_hours, "hour", "professional hours spent supporting mentors")                 \
  X(parent_group_weeks, "family-weeks", "weeks in a parent group")                                 \
  X(basic_hours, "hour", "professional hours given by basic-care professionals")                  \
  X(specialist_hours, "hour", "professional hours given by specialist professionals")             \
  X(basic_fte_years, "FTE-year", "employed basic-care staff time: each family's caseload share of its professional's FTE, plus an equal share of idle staff time") \
  X(specialist_fte_years, "FTE-year", "employed specialist staff time, attributed as basic_fte_years") \
  X(professionals_trained, "professionals", "professionals trained in the approach, shared equally over families (0 without a mentor search)") \
  X(role_meetings, "meetings", "role-clarity meetings")                                            \
  X(mentor_expense_weeks, "family-weeks", "weeks an active mentor was involved in treatment (expenses reimbursed)") \
  X(cost_professional, "euro", "cost of professional time: hours x hourly tariff, or FTE-years x employer cost when costs.staff_employed") \
  X(cost_residential, "euro", "cost of residential days")                                         \
  X(cost_respite, "euro", "cost of respite days")                                                 \
  X(cost_parent_group, "euro", "cost of parent-group weeks")                                      \
  X(cost_training, "euro", "training professionals in the approach, shared equally over families") \
  X(cost_role_meetings, "euro", "role-clarity meetings")                                          \
  X(cost_mentor_expenses, "euro", "mentors' expenses")                                            \
  X(cost_total, "euro", "all costs above")

#define JIMSIM_OUTCOME_MEMBER(name, unit, meaning) double name = 0.0;
struct Outcomes {
  JIMSIM_OUTCOME_FIELDS(JIMSIM_OUTCOME_MEMBER)
  bool operator==(const Outcomes&) const = default;
};
#undef JIMSIM_OUTCOME_MEMBER

// The groups every replicate reports outcomes for, so comparisons can say for whom a policy works.
// Severity tertiles are cut at the replicate cohort's own terciles of intake severity.
enum class Subgroup : int {
  all,
  age_12_15,
  age_16_17,
  age_18_23,
  severity_low,
  severity_middle,
  severity_high,
  at_risk,
  placement_indicated,
};
inline constexpr int subgroup_count = 9;
inline constexpr std::array<std::string_view, subgroup_count> subgroup_names = {
    "all", "age 12-15", "age 16-17", "age 18-23", "severity tertile 1 (lowest)",
    "severity tertile 2", "severity tertile 3 (highest)", "at risk at intake", "placement indicated at intake"};

// How an indicated placement ended (FamilyRecord::indication_outcome).
enum class IndicationOutcome : int {
  none = 0,
  placed = 1,
  withdrawn_improved = 2,
  withdrawn_reconsidered = 3,
  respite_instead = 4,
  open_at_end = 5,
};

// What happened to one family. Weeks are counted from the family's intake; NaN means never.
#define JIMSIM_FAMILY_FIELDS(X)                                                                    \
  X(arrival_week, "week", "week of intake, from the start of the run")                            \
  X(age_at_intake, "year", "age at intake")                                                        \
  X(initial_severity, "severity", "problem severity at intake")                                   \
  X(parental_capacity, "share", "parental capacity at intake")                                    \
  X(network_size, "persons", "size of the social network")                                        \
  X(joined_parent_group, "flag", "1 if the family joined a parent group")                         \
  X(placement_indicated, "flag", "1 if a residential placement was indicated at intake")          \
  X(indication_outcome, "code", "indicated placement: 0 none, 1 placed, 2 withdrawn as improved, 3 withdrawn when reconsidered, 4 respite instead, 5 still open at the end") \
  X(follow_up_weeks, "week", "weeks followed")                                                     \
  X(mentor_found_week, "week", "weeks to naming a mentor (NaN: none)")                            \
  X(mentor_dropout_week, "week", "weeks to the mentor's dropout (NaN: none)")                     \
  X(mentor_stayed_on, "flag", "1 if the mentor stayed on after closure")                          \
  X(mentor_active_at_end, "flag", "1 if a mentor was still involved at the end of follow-up")      \
  X(first_placement_week, "week", "weeks to the first residential placement (NaN: none)")         \
  X(placements, "placements", "residential placements")                                           \
  X(residential_days, "day", "days in residential care")                                         \
  X(respite_stays, "stays", "respite stays with the mentor")                                      \
  X(respite_days, "day", "days in respite")                                                      \
  X(crises, "crises", "crises")                                                                    \
  X(crises_deescalated, "crises", "crises the mentor de-escalated")                                \
  X(decisions_held_by_network, "decisions", "placement decisions turned by the family, network and mentor") \
  X(handovers, "handovers", "step-ups and step-downs")                                            \
  X(handover_weeks, "week", "weeks between handover decisions and the new professional")         \
  X(mentors_named, "mentors", "mentors named")                                                    \
  X(closure_week, "week", "weeks to the last case closure (NaN: open, or in residential care, at the end)")                         \
  X(waiting_weeks, "week", "weeks on the waiting list")                                           \
  X(professional_hours, "hour", "professional hours received (basic_hours + specialist_hours)")  \
  X(mentor_support_hours, "hour", "professional hours supporting the mentor")                    \
  X(parent_group_weeks, "week", "weeks in a parent group")                                         \
  X(basic_hours, "hour", "professional hours received from basic-care professionals")             \
  X(specialist_hours, "hour", "professional hours received from specialist professionals")        \
  X(basic_fte_years, "FTE-year", "basic-care staff time: caseload share of the professional's FTE, plus an equal share of idle staff time") \
  X(specialist_fte_years, "FTE-year", "specialist staff time, attributed as basic_fte_years")     \
  X(professionals_trained, "professionals", "share of the professionals trained in the approach (0 without a mentor search)") \
  X(role_meetings, "meetings", "role-clarity meetings")                                            \
  X(mentor_expense_weeks, "week", "weeks the mentor was involved in treatment (expenses reimbursed)") \
  X(cost_professional, "euro", "cost of professional time: hours x hourly tariff, or FTE-years x employer cost when costs.staff_employed") \
  X(cost_residential, "euro", "cost of residential days")                                         \
  X(cost_respite, "euro", "cost of respite days")                                                 \
  X(cost_parent_group, "euro", "cost of parent-group weeks")                                      \
  X(cost_training, "euro", "share of the training cost")                                          \
  X(cost_role_meetings, "euro", "role-clarity meetings")                                          \
  X(cost_mentor_expenses, "euro", "mentor's expenses")                                            \
  X(final_severity, "severity", "problem severity at the end of follow-up")

#define JIMSIM_FAMILY_MEMBER(name, unit, meaning) double name = 0.0;
struct FamilyRecord {
  JIMSIM_FAMILY_FIELDS(JIMSIM_FAMILY_MEMBER)
};
#undef JIMSIM_FAMILY_MEMBER

// Weekly state of the whole replicate, one value per time step (at the end of the step), and the
// placement-free survival curve by time since intake.
#define JIMSIM_SERIES_FIELDS(X)                                                                    \
  X(placement_free_share, "share", "share of families taken in so far who were never placed")     \
  X(in_residential, "youths", "youths in residential care")                                       \
  X(in_respite, "youths", "youths in respite with their mentor")                                  \
  X(active_mentors, "mentors", "active mentors")                                                   \
  X(waiting_list, "families", "families waiting for a professional")                              \
  X(open_cases, "families", "families in treatment")                                               \
  X(cumulative_cost, "euro", "costs so far, all families")                                        \
  X(placement_free_survival, "share",                                                              \
    "Kaplan-Meier share still never placed, by time since intake (index = steps since intake)")

#define JIMSIM_SERIES_MEMBER(name, unit, meaning) std::vector<double> name;
struct TimeSeries {
  JIMSIM_SERIES_FIELDS(JIMSIM_SERIES_MEMBER)
};
#undef JIMSIM_SERIES_MEMBER

// Resource use of the whole cohort by year since intake, for budget impact: year y holds what each
// family used from y to y + 1 years after its own intake (52.1775 weeks a year), so a cohort's
// first-year costs are its first-year costs whenever each family arrived. A family's counts are
// split at its exact year boundary, within a time step in proportion to the time on either side;
// one-off items (training) are in year 0. Costs are priced from the year's counts (sim/pricing.hpp).
#define JIMSIM_RESOURCE_USE_FIELDS(X)                                                              \
  X(youths_followed, "youths", "youths still followed at the start of the year")                  \
  X(follow_up_weeks, "family-weeks", "weeks followed within the year, summed over families")      \
  X(placements, "placements", "residential placements started")                                    \
  X(youths_first_placed, "youths", "youths placed in residential care for the first time")         \
  X(residential_days, "day", "days in residential care")                                          \
  X(respite_days, "day", "days in respite with the mentor")                                       \
  X(parent_group_weeks, "family-weeks", "weeks in a parent group")                                 \
  X(basic_hours, "hour", "professional hours given by basic-care professionals")                  \
  X(specialist_hours, "hour", "professional hours given by specialist professionals")             \
  X(basic_fte_years, "FTE-year", "employed basic-care staff time: caseload shares, and idle staff time shared over the families followed in each week") \
  X(specialist_fte_years, "FTE-year", "employed specialist staff time, attributed as basic_fte_years") \
  X(professionals_trained, "professionals", "professionals trained in the approach (one-off: year 0)") \
  X(role_meetings, "meetings", "role-clarity meetings")                                            \
  X(mentor_expense_weeks, "family-weeks", "weeks an active mentor was involved in treatment (expenses reimbursed)") \
  X(cost_professional, "euro", "cost of professional time: hours x hourly tariff, or FTE-years x employer cost when costs.staff_employed") \
  X(cost_residential, "euro", "cost of residential days")                                         \
  X(cost_respite, "euro", "cost of respite days")                                                 \
  X(cost_parent_group, "euro", "cost of parent-group weeks")                                      \
  X(cost_training, "euro", "training professionals in the approach")                              \
  X(cost_role_meetings, "euro", "role-clarity meetings")                                          \
  X(cost_mentor_expenses, "euro", "mentors' expenses")                                            \
  X(cost_total, "euro", "all costs above")

#define JIMSIM_RESOURCE_USE_MEMBER(name, unit, meaning) double name = 0.0;
struct ResourceUseYear {
  JIMSIM_RESOURCE_USE_FIELDS(JIMSIM_RESOURCE_USE_MEMBER)
  bool operator==(const ResourceUseYear&) const = default;
};
#undef JIMSIM_RESOURCE_USE_MEMBER

struct ReplicateResult {
  // A calibration's report (ReplicateReport::family_records_only, sim/replicate.hpp) leaves the
  // outcomes 0 and the series and resource use empty.
  std::array<Outcomes, subgroup_count> outcomes;  // indexed by Subgroup
  TimeSeries series;
  std::vector<ResourceUseYear> by_year;  // whole cohort, [year since intake]
  std::vector<FamilyRecord> families;    // empty unless family records were asked for (or the report is theirs)
};

}  // namespace jimsim
