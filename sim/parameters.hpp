// Every model parameter, declared once.
//
// Each line of the lists below is the single declaration of one parameter:
//   X(group, name, type, unit, default, minimum, maximum, meaning, source)
// From it the code derives the typed field in `Parameters`, the scenario parser and its validation,
// `jimsim params`, the parameter record in the results file and docs/parameters.md. Adding a
// parameter means adding one line here and using the field in its process.
//
// Rates are per week and converted to the time step by the process that uses them. Severity is a
// latent, dimensionless scale: 0 is no problems, about 1 is a family at intake where placement
// threatens. A source names the published figure behind a default (full references in
// docs/model.md); "assumption" marks a value for calibration to set.
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace jimsim {

#define JIMSIM_PARAMETERS_SIMULATION(X)                                                            \
  X(simulation, time_step_weeks, double, "week", 1.0, 0.1, 4.35,                                   \
    "length of one time step", "convention: a week")                                               \
  X(simulation, horizon_weeks, double, "week", 104.0, 1.0, 1040.0,                                 \
    "simulated time from the first intake", "convention: two years")                               \
  X(simulation, exit_age_years, double, "year", 23.0, 13.0, 23.0,                                  \
    "age at which a youth leaves youth care and follow-up ends", "Dutch Youth Act: care up to 23")

#define JIMSIM_PARAMETERS_INTAKE(X)                                                                \
  X(intake, cohort_size, int, "families", 500, 1, 1000000,                                         \
    "client systems taken in per replicate", "assumption")                                         \
  X(intake, arrival_window_weeks, double, "week", 0.0, 0.0, 1040.0,                                \
    "intakes spread uniformly over this many weeks from the start; 0 is a fixed cohort at week 0", \
    "assumption")                                                                                  \
  X(intake, age_min_years, double, "year", 12.0, 12.0, 23.0,                                       \
    "youngest age at intake", "JIM approach: youths aged 12-23")                                   \
  X(intake, age_max_years, double, "year", 20.0, 12.0, 23.0,                                       \
    "oldest age at intake (ages drawn uniformly between the two)",                                 \
    "assumption: mostly minors, some young adults")                                               \
  X(intake, severity_mean, double, "severity", 1.0, 0.0, 5.0,                                      \
    "mean problem severity at intake", "convention: 1 is the threatened-placement level")          \
  X(intake, severity_sd, double, "severity", 0.3, 0.0, 2.0,                                        \
    "standard deviation of severity at intake (normal, truncated at 0)", "assumption")             \
  X(intake, baseline_share, double, "ratio", 0.75, 0.0, 1.5,                                       \
    "youth's own baseline severity as a share of severity at intake", "assumption")                \
  X(intake, parental_capacity_mean, double, "share", 0.5, 0.01, 0.99,                              \
    "mean parental capacity (beta distributed, 0 none, 1 full)", "assumption")                     \
  X(intake, parental_capacity_concentration, double, "1", 10.0, 0.5, 1000.0,                       \
    "concentration of the parental capacity beta distribution (higher is less spread)",            \
    "assumption")                                                                                  \
  X(intake, network_size_mean, double, "persons", 8.0, 0.0, 100.0,                                 \
    "mean size of the youth's social network (Poisson)", "assumption")                            \
  X(intake, weekly_referrals, double, "families/week", 0.0, 0.0, 10000.0,                          \
    "referrals a week over the whole horizon (Poisson arrivals), as a region sees them; 0 takes "  \
    "cohort_size families within arrival_window_weeks instead",                                    \
    "a region's referral statistics")                                                             \
  X(intake, indicated_share, double, "share", 0.0, 0.0, 1.0,                                       \
    "share of youths who arrive with a residential placement already indicated (referred for "     \
    "placement); the rest are at risk",                                                            \
    "cohort: 1 for a referred-for-placement cohort, 0 for an at-risk cohort")

#define JIMSIM_PARAMETERS_INDICATED_PLACEMENT(X)                                                   \
  X(indicated_placement, bed_wait_mean_weeks, double, "week", 6.0, 0.0, 104.0,                     \
    "mean wait for a residential bed once a placement is indicated or confirmed (gamma, shape 2); " \
    "0 is a bed at once",                                                                          \
    "assumption")                                                                                  \
  X(indicated_placement, withdraw_severity, double, "severity", 0.8, 0.0, 5.0,                     \
    "an indicated placement is withdrawn when severity falls below this before the bed is free",   \
    "assumption")                                                                                  \
  X(indicated_placement, reconsider_threshold_shift, double, "severity", -0.25, -2.0, 2.0,          \
    "shift of the decision threshold when a held placement is reconsidered (negative: an "         \
    "indication already weighed the case, so it stands at a lower severity than a new decision)",  \
    "assumption")                                                                                  \
  X(indicated_placement, hold_while_searching, bool, "flag", true, 0, 1,                           \
    "with a mentor search, the indicated placement is put on hold while the youth looks for a "     \
    "mentor and reconsidered when a mentor is named, at a crisis and when the search ends",        \
    "policy; seed: JIM is used when placement threatens")

#define JIMSIM_PARAMETERS_MENTOR_SEARCH(X)                                                         \
  X(mentor_search, enabled, bool, "flag", true, 0, 1,                                              \
    "the youth is asked to name a mentor (the JIM approach); false is care as usual",              \
    "policy")                                                                                      \
  X(mentor_search, weekly_hazard, double, "1/week", 0.25, 0.0, 10.0,                               \
    "hazard of naming a mentor for a youth with a network of 8 persons", "assumption")             \
  X(mentor_search, network_log_effect, double, "1/person", 0.08, 0.0, 2.0,                         \
    "log-hazard increase per network member above 8 persons", "assumption")                        \
  X(mentor_search, never_found_share, double, "share", 0.2, 0.0, 1.0,                              \
    "share of youths who will not find a mentor whatever their network", "assumption")             \
  X(mentor_search, max_search_weeks, double, "week", 16.0, 0.0, 520.0,                             \
    "weeks after intake after which the search stops", "assumption")                               \
  X(mentor_search, mentor_hours_mean, double, "hour/week", 3.0, 0.0, 40.0,                         \
    "mean hours a week a mentor has for the youth (gamma, shape 4)", "assumption")                 \
  X(mentor_search, initial_bond_mean, double, "share", 0.6, 0.0, 1.0,                              \
    "mean trust bond when the mentor is named (beta, concentration 10)",                           \
    "assumption; mentors knew the youth 9.5 years on average (van Dam et al. 2021)")              \
  X(mentor_search, years_known_mean, double, "year", 9.5, 0.1, 23.0,                               \
    "mean years the mentor has known the youth (gamma)",                                           \
    "non-family mentors: 9.5 years, SD 5.1 (van Dam et al. 2021)")                                \
  X(mentor_search, years_known_sd, double, "year", 5.1, 0.0, 20.0,                                 \
    "standard deviation of the years the mentor has known the youth",                              \
    "van Dam et al. 2021")                                                                         \
  X(mentor_search, bond_log_odds_per_year_known, double, "1/year", 0.08, 0.0, 1.0,                 \
    "increase in the log-odds of the initial bond per year known beyond years_known_mean",         \
    "assumption; relationship quality matters, r = 0.21 (van Dam et al. 2018)")                   \
  X(mentor_search, search_again, bool, "flag", true, 0, 1,                                         \
    "a youth whose mentor drops out during treatment looks for a new one", "assumption")          \
  X(mentor_search, repeat_search_weeks, double, "week", 8.0, 0.0, 520.0,                           \
    "weeks a youth searches for a new mentor after a dropout", "assumption")

#define JIMSIM_PARAMETERS_PROFESSIONALS(X)                                                         \
  X(professionals, basic_per_100_families, double, "persons", 4.0, 0.0, 100.0,                     \
    "basic-care professionals per 100 families in the cohort (when no FTE is given)", "assumption") \
  X(professionals, specialist_per_100_families, double, "persons", 6.0, 0.0, 100.0,                \
    "specialist (intensive home treatment) professionals per 100 families (when no FTE is given)", \
    "assumption")                                                                                  \
  X(professionals, basic_fte, double, "FTE", 0.0, 0.0, 100000.0,                                   \
    "a region's basic-care workforce; when basic_fte or specialist_fte is above 0 the workforce "  \
    "is fixed, whatever the number of families",                                                   \
    "a region's staffing")                                                                         \
  X(professionals, specialist_fte, double, "FTE", 0.0, 0.0, 100000.0,                              \
    "a region's specialist workforce (see basic_fte)", "a region's staffing")                      \
  X(professionals, specialist_severity_threshold, double, "severity", 1.0, 0.0, 5.0,               \
    "families at or above this severity at intake are treated by a specialist", "assumption")      \
  X(professionals, step_up_severity, double, "severity", 1.25, 0.0, 5.0,                           \
    "a basic-care case steps up to specialist care when a case review finds severity at or "       \
    "above this",                                                                                  \
    "assumption")                                                                                  \
  X(professionals, step_down_severity, double, "severity", 0.6, 0.0, 5.0,                          \
    "a specialist case steps down to basic care when a case review finds severity below this",     \
    "assumption")                                                                                  \
  X(professionals, collaboration, bool, "flag", false, 0, 1,                                       \
    "basic and specialist care work together: at a step-up or step-down the current professional " \
    "keeps the case until the next one starts, with no new referral",                              \
    "policy; seed: basic and specialist care work together")                                       \
  X(professionals, referral_weeks, double, "week", 4.0, 0.0, 52.0,                                 \
    "weeks without a professional between a step-up or step-down decision and the new queue "      \
    "place, when basic and specialist care do not collaborate",                                    \
    "assumption")                                                                                  \
  X(professionals, weekly_hours, double, "hour/week", 28.0, 1.0, 60.0,                             \
    "client-facing hours a week per professional (per FTE)", "assumption")                         \
  X(professionals, max_hours_per_family, double, "hour/week", 6.0, 0.0, 40.0,                      \
    "most hours a week one family can receive",                                                    \
    "Families First: 4-5 home visits a week (NJi)")                                                \
  X(professionals, caseload_cap, int, "families", 0, 0, 1000,                                      \
    "most families per professional; further families wait; 0 is no cap", "policy")               \
  X(professionals, mentor_support_share, double, "share", 0.15, 0.0, 1.0,                          \
    "share of a family's hours spent supporting the mentor, when there is one", "policy")          \
  X(professionals, parent_share, double, "share", 0.4, 0.0, 1.0,                                   \
    "share of the family's hours (after mentor support) spent with the parents, the rest with the " \
    "youth; hours with parents also build parental capacity",                                      \
    "assumption")                                                                                  \
  X(professionals, equal_partner_share, double, "share", 0.7, 0.0, 1.0,                            \
    "share of professionals who see the mentor as an equal partner", "assumption")                 \
  X(professionals, non_partner_mentor_support_factor, double, "ratio", 0.5, 0.0, 1.0,              \
    "mentor support given by a professional who does not see the mentor as a partner, relative",   \
    "assumption; seed: collaboration fails when the JIM is left alone")                            \
  X(professionals, non_partner_reach_factor, double, "ratio", 0.5, 0.0, 1.0,                       \
    "chance that a professional who does not see the mentor as a partner involves the mentor in a " \
    "crisis, relative",                                                                            \
    "assumption; seed: the professional and the JIM work as equals")                              \
  X(professionals, crisis_threshold_mean, double, "severity", 1.1, 0.0, 5.0,                      \
    "mean severity above which a professional decides on placement at a crisis", "assumption")     \
  X(professionals, crisis_threshold_sd, double, "severity", 0.25, 0.0, 2.0,                        \
    "spread of personal crisis thresholds between professionals",                                  \
    "assumption; seed: professionals judge crises differently")                                    \
  X(professionals, basic_threshold_offset, double, "severity", -0.1, -2.0, 2.0,                    \
    "basic-care thresholds relative to specialist ones without a consistent policy (negative: "    \
    "basic care escalates sooner)",                                                                \
    "assumption")                                                                                  \
  X(professionals, consistent_policy, bool, "flag", false, 0, 1,                                   \
    "one shared view on crises: every professional decides at crisis_threshold_mean, basic care "  \
    "as specialist care, and handovers bring no extra crises",                                     \
    "policy; seed: a consistent treatment policy")

#define JIMSIM_PARAMETERS_SUPPORT(X)                                                               \
  X(support, professional_dose_per_hour, double, "dose/hour", 0.2, 0.0, 10.0,                      \
    "support dose of one professional hour with the youth or parents", "assumption")               \
  X(support, mentor_dose_per_hour, double, "dose/hour", 0.25, 0.0, 10.0,                           \
    "support dose of one mentor contact hour at a full trust bond",                                \
    "assumption; relationship quality r = 0.21 (van Dam et al. 2018)")                             \
  X(support, unsupported_mentor_dose_factor, double, "ratio", 0.6, 0.0, 1.0,                       \
    "dose a mentor gives when left without the professional support they need, relative",          \
    "assumption; seed: collaboration fails when the JIM is left alone")                            \
  X(support, parent_group_dose, double, "dose", 0.2, 0.0, 10.0,                                    \
    "support dose of one week in a parent group", "assumption")                                    \
  X(support, parent_capacity_gain_per_hour, double, "1/hour", 0.005, 0.0, 1.0,                    \
    "share of the missing parental capacity gained per professional hour with the parents",        \
    "assumption")                                                                                  \
  X(support, residential_dose, double, "dose", 0.45, 0.0, 10.0,                                    \
    "weekly support dose of residential care (below a home dose: see docs/model.md)",              \
    "assumption; d = 0.21 for non-residential over residential (Gutterswijk et al. 2020)")

#define JIMSIM_PARAMETERS_SEVERITY(X)                                                              \
  X(severity, reversion_rate, double, "1/week", 0.04, 0.0, 5.0,                                    \
    "rate at which severity drifts back to the youth's baseline", "assumption")                    \
  X(severity, max_support_effect, double, "severity/week", 0.05, 0.0, 5.0,                         \
    "largest weekly reduction of severity by support (at a saturating dose)", "assumption")        \
  X(severity, dose_half_saturation, double, "dose", 1.0, 0.01, 100.0,                              \
    "dose at which support gives half its largest effect", "assumption")                           \
  X(severity, noise_sd, double, "severity/sqrt(week)", 0.04, 0.0, 5.0,                             \
    "standard deviation of weekly severity noise", "assumption")

#define JIMSIM_PARAMETERS_CRISIS(X)                                                                \
  X(crisis, base_hazard, double, "1/week", 0.055, 0.0, 10.0,                                       \
    "crisis hazard at severity 1 and parental capacity 0.5", "assumption")                         \
  X(crisis, severity_log_slope, double, "1/severity", 2.0, 0.0, 20.0,                              \
    "log-hazard increase per unit of severity above 1", "assumption")                              \
  X(crisis, capacity_log_slope, double, "1/share", 2.0, 0.0, 20.0,                                 \
    "log-hazard decrease per unit of parental capacity above 0.5", "assumption")                   \
  X(crisis, after_closure_factor, double, "ratio", 0.6, 0.0, 1.0,                                  \
    "crisis hazard after case closure, relative", "assumption")                                    \
  X(crisis, mentor_stays_factor, double, "ratio", 0.7, 0.0, 1.0,                                   \
    "crisis hazard after closure when the mentor stays on, relative",                              \
    "assumption; natural mentor r = 0.11 (van Dam et al. 2018)")                                   \
  X(crisis, age_log_slope, double, "1/year", 0.08, 0.0, 2.0,                                       \
    "log-hazard decrease per year of age above 16 (increase per year below)",                      \
    "assumption: crises peak in mid-adolescence")                                                  \
  X(crisis, handover_factor, double, "ratio", 1.5, 1.0, 10.0,                                      \
    "crisis hazard during a handover between basic and specialist care without a consistent "      \
    "policy, relative",                                                                            \
    "assumption; seed: a consistent treatment policy")                                             \
  X(crisis, mentor_deescalation_chance, double, "share", 0.35, 0.0, 1.0,                           \
    "chance that a reachable, unstrained mentor with a full bond de-escalates a crisis before it " \
    "reaches a placement decision",                                                                \
    "assumption; seed: the JIM is easier and quicker to reach than a professional")                \
  X(crisis, mentor_reach_hours, double, "hour/week", 2.0, 0.01, 40.0,                              \
    "mentor hours a week at which the mentor is reached in half of the crises", "assumption")

#define JIMSIM_PARAMETERS_PLACEMENT(X)                                                             \
  X(placement, decision_spread, double, "severity", 0.1, 0.0, 2.0,                                 \
    "logistic spread of the placement decision around the professional's threshold; 0 is a "       \
    "hard threshold",                                                                              \
    "assumption")                                                                                  \
  X(placement, respite_willingness, double, "share", 0.6, 0.0, 1.0,                                \
    "chance an unstrained, supported mentor with a full bond takes the youth in at a crisis",      \
    "assumption")                                                                                  \
  X(placement, unsupported_respite_factor, double, "ratio", 0.6, 0.0, 1.0,                         \
    "willingness to take the youth in of a mentor left without the support they need, relative",   \
    "assumption; seed: collaboration fails when the JIM is left alone")                            \
  X(placement, safety_plan, bool, "flag", true, 0, 1,                                              \
    "a safety plan is made with the family and its network at the start of treatment",             \
    "policy; seed: control stays with the family and network in a crisis")                         \
  X(placement, safety_plan_credit, double, "severity", 0.15, 0.0, 2.0,                             \
    "how far a safety plan raises the severity at which a crisis ends in placement",               \
    "assumption")                                                                                  \
  X(placement, mentor_bond_credit, double, "severity", 0.15, 0.0, 2.0,                             \
    "how far an active mentor with a full bond raises that severity (the mentor has a say)",       \
    "assumption")                                                                                  \
  X(placement, capacity_credit, double, "severity/share", 0.3, 0.0, 5.0,                           \
    "how far each unit of parental capacity above 0.5 raises that severity (lowers it below 0.5)", \
    "assumption")                                                                                  \
  X(placement, adult_factor, double, "ratio", 0.5, 0.0, 1.0,                                       \
    "chance that a decided placement goes ahead for a youth aged 18 or over, relative (care for "   \
    "young adults is voluntary)",                                                                  \
    "assumption")                                                                                  \
  X(placement, respite_mean_weeks, double, "week", 2.0, 0.1, 52.0,                                 \
    "mean length of a respite stay with the mentor (exponential)", "assumption")

#define JIMSIM_PARAMETERS_RESIDENTIAL(X)                                                           \
  X(residential, mean_stay_weeks, double, "week", 26.0, 0.1, 520.0,                                \
    "mean length of a residential stay (exponential)", "assumption")

#define JIMSIM_PARAMETERS_MENTOR_DYNAMICS(X)                                                       \
  X(mentor_dynamics, bond_growth_per_hour, double, "1/hour", 0.02, 0.0, 1.0,                       \
    "share of the missing bond gained per contact hour", "assumption")                             \
  X(mentor_dynamics, strain_per_crisis, double, "strain", 0.3, 0.0, 10.0,                          \
    "strain added to the mentor by each crisis", "assumption")                                     \
  X(mentor_dynamics, strain_unsupported_rate, double, "strain/week", 0.05, 0.0, 10.0,              \
    "weekly strain growth for a mentor given no professional support", "assumption")               \
  X(mentor_dynamics, support_need_hours, double, "hour/week", 1.5, 0.01, 40.0,                    \
    "professional support hours a week that fully meet a mentor's need", "assumption")             \
  X(mentor_dynamics, strain_recovery_rate, double, "1/week", 0.1, 0.0, 10.0,                       \
    "rate at which strain fades", "assumption")                                                    \
  X(mentor_dynamics, dropout_base_hazard, double, "1/week", 0.0035, 0.0, 1.0,                      \
    "dropout hazard of an unstrained, fully supported mentor with a clear role",                   \
    "56% still in contact at 38 months (Schwartz et al. 2013)")                                    \
  X(mentor_dynamics, dropout_strain_log_slope, double, "1/strain", 1.0, 0.0, 20.0,                 \
    "log-hazard increase of dropout per unit of strain", "assumption")                             \
  X(mentor_dynamics, unsupported_dropout_factor, double, "ratio", 2.0, 1.0, 20.0,                  \
    "dropout hazard of a mentor given no professional support, relative",                          \
    "assumption; seed: collaboration fails when the JIM is left alone")                            \
  X(mentor_dynamics, role_clarity_start_meeting, bool, "flag", false, 0, 1,                        \
    "the mentor's role is made explicit in a meeting at the start", "policy")                      \
  X(mentor_dynamics, unclear_role_dropout_factor, double, "ratio", 1.5, 1.0, 20.0,                 \
    "dropout hazard when the role was not made clear at the start, relative",                      \
    "assumption; seed: need for role clarity at the start")

#define JIMSIM_PARAMETERS_CASE_CLOSURE(X)                                                          \
  X(case_closure, min_treatment_weeks, double, "week", 12.0, 0.0, 520.0,                           \
    "shortest treatment before a case can close", "assumption")                                    \
  X(case_closure, review_interval_weeks, double, "week", 4.0, 0.1, 52.0,                           \
    "weeks between case reviews, where closure, step-up and step-down are decided",               \
    "assumption")                                                                                  \
  X(case_closure, max_treatment_weeks, double, "week", 39.0, 1.0, 520.0,                           \
    "treatment closes at the latest after this many weeks", "assumption")                          \
  X(case_closure, closure_severity, double, "severity", 0.7, 0.0, 5.0,                             \
    "a case closes when severity falls below this (after the shortest treatment)", "assumption")   \
  X(case_closure, role_clarity_end_meeting, bool, "flag", false, 0, 1,                             \
    "the mentor's role after closure is made explicit in a meeting at the end", "policy")          \
  X(case_closure, mentor_stays_chance, double, "share", 0.5, 0.0, 1.0,                             \
    "chance the mentor stays on after closure without an end meeting", "assumption")               \
  X(case_closure, mentor_stays_chance_clarified, double, "share", 0.8, 0.0, 1.0,                   \
    "chance the mentor stays on after closure with an end meeting",                                \
    "assumption; many mentors still in contact years later (van Dam et al. 2021)")

#define JIMSIM_PARAMETERS_PARENT_GROUP(X)                                                          \
  X(parent_group, uptake, double, "share", 0.0, 0.0, 1.0,                                          \
    "share of families who join an empowering parent group", "policy")                             \
  X(parent_group, duration_weeks, double, "week", 12.0, 1.0, 104.0,                                \
    "length of the parent-group programme", "assumption")                                          \
  X(parent_group, capacity_gain_rate, double, "1/week", 0.02, 0.0, 1.0,                            \
    "share of the missing parental capacity gained per week in a group", "assumption")

#define JIMSIM_PARAMETERS_COSTS(X)                                                                 \
  X(costs, basic_hour, double, "euro/hour", 45.77, 0.0, 1000.0,                                    \
    "cost of one basic-care professional hour", "De Wolden youth-care tariffs 2022/23")            \
  X(costs, specialist_hour, double, "euro/hour", 58.44, 0.0, 1000.0,                               \
    "cost of one specialist professional hour", "De Wolden youth-care tariffs 2022/23")            \
  X(costs, residential_day, double, "euro/day", 148.93, 0.0, 10000.0,                              \
    "cost of one day in residential care (a lower bound on the full cost)",                        \
    "De Wolden youth-care tariffs 2022/23, specialist stay")                                       \
  X(costs, respite_day, double, "euro/day", 156.33, 0.0, 10000.0,                                  \
    "cost of one respite day with the mentor, paid at the short-stay respite tariff",              \
    "regional youth-care product book, short respite stay (deeltijdverblijf)")                     \
  X(costs, parent_group_week, double, "euro/week", 40.0, 0.0, 10000.0,                             \
    "cost of one family-week in a parent group", "assumption")                                     \
  X(costs, staff_employed, bool, "flag", false, 0, 1,                                              \
    "staff cost as a municipal budget pays it: FTE employed x salary, whatever the caseload; "     \
    "false counts only the hours delivered",                                                       \
    "perspective")                                                                                 \
  X(costs, basic_fte_year, double, "euro/year", 75000.0, 0.0, 1000000.0,                           \
    "employer cost of one basic-care FTE a year (staff_employed)", "assumption")                  \
  X(costs, specialist_fte_year, double, "euro/year", 90000.0, 0.0, 1000000.0,                      \
    "employer cost of one specialist FTE a year (staff_employed)", "assumption")                  \
  X(costs, training_per_professional, double, "euro", 1200.0, 0.0, 100000.0,                       \
    "one-off training of each professional in the JIM approach (when mentors are searched)",       \
    "assumption")                                                                                  \
  X(costs, role_meeting, double, "euro", 175.0, 0.0, 10000.0,                                      \
    "one role-clarity meeting (start or end): about 1.5 hours of two professionals",               \
    "assumption: 2 x 1.5 hours at the specialist rate")                                            \
  X(costs, mentor_expenses_week, double, "euro/week", 10.0, 0.0, 1000.0,                           \
    "mentor's expenses (travel, activities) reimbursed per week of involvement in treatment",      \
    "assumption")

// The groups, in the order they appear in scenario files, `jimsim params` and the docs.
#define JIMSIM_PARAMETER_GROUPS(G)                                                                 \
  G(simulation, JIMSIM_PARAMETERS_SIMULATION)                                                      \
  G(intake, JIMSIM_PARAMETERS_INTAKE)                                                              \
  G(indicated_placement, JIMSIM_PARAMETERS_INDICATED_PLACEMENT)                                    \
  G(mentor_search, JIMSIM_PARAMETERS_MENTOR_SEARCH)                                                \
  G(professionals, JIMSIM_PARAMETERS_PROFESSIONALS)                                                \
  G(support, JIMSIM_PARAMETERS_SUPPORT)                                                            \
  G(severity, JIMSIM_PARAMETERS_SEVERITY)                                                          \
  G(crisis, JIMSIM_PARAMETERS_CRISIS)                                                              \
  G(placement, JIMSIM_PARAMETERS_PLACEMENT)                                                        \
  G(residential, JIMSIM_PARAMETERS_RESIDENTIAL)                                                    \
  G(mentor_dynamics, JIMSIM_PARAMETERS_MENTOR_DYNAMICS)                                            \
  G(case_closure, JIMSIM_PARAMETERS_CASE_CLOSURE)                                                  \
  G(parent_group, JIMSIM_PARAMETERS_PARENT_GROUP)                                                  \
  G(costs, JIMSIM_PARAMETERS_COSTS)

#define JIMSIM_PARAMETER_FIELD(group, name, type, unit, def, lo, hi, meaning, source)              \
  type name = def;
#define JIMSIM_PARAMETER_GROUP_STRUCT(group, LIST)                                                 \
  struct group##_parameters {                                                                      \
    LIST(JIMSIM_PARAMETER_FIELD)                                                                   \
    bool operator==(const group##_parameters&) const = default;                                    \
  } group;

// All parameters of one scenario, resolved to typed fields: processes read `p.crisis.base_hazard`,
// never a name string.
struct Parameters {
  JIMSIM_PARAMETER_GROUPS(JIMSIM_PARAMETER_GROUP_STRUCT)
  bool operator==(const Parameters&) const = default;
};

#undef JIMSIM_PARAMETER_GROUP_STRUCT
#undef JIMSIM_PARAMETER_FIELD

enum class ParameterKind { real, integer, flag };

// What the declaration says about one parameter, plus typed access to its field.
struct ParameterSpec {
  std::string_view group;
  std::string_view name;
  ParameterKind kind;
  std::string_view unit;
  double default_value;
  double minimum;
  double maximum;
  std::string_view meaning;
  std::string_view source;
  double (*get)(const Parameters&);
  void (*set)(Parameters&, double);

  std::string key() const;  // "group.name", as in scenario files
};

// Every declared parameter, in declaration order.
std::span<const ParameterSpec> parameter_specs();

// The spec for "group.name", or nullptr.
const ParameterSpec* find_parameter(std::string_view key);

// Why a value is not valid for a parameter, or an empty string when it is.
std::string check_parameter_value(const ParameterSpec& spec, double value);

// Why a set of parameters is not consistent as a whole (e.g. a minimum above its maximum), as
// (key, reason) pairs; empty when consistent.
struct ParameterProblem {
  std::string key;
  std::string reason;
};
std::vector<ParameterProblem> check_parameter_consistency(const Parameters& p);

// The parameter value formatted as it would be written in a scenario file.
std::string format_parameter_value(const ParameterSpec& spec, double value);

// Every parameter written out as a TOML document, one table per group, each value commented with
// its unit: a scenario file that reproduces `p` exactly, and the resolved inputs a results file
// records.
std::string parameters_to_toml(const Parameters& p);

}  // namespace jimsim
