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
    "mean size of the youth's social network (Poisson)", "assumption")

#define JIMSIM_PARAMETERS_MENTOR_SEARCH(X)                                                         \
  X(mentor_search, enabled, bool, "flag", true, 0, 1,                                              \
    "the youth is asked to name a mentor (the JIM approach); false is care as usual",              \
    "policy")                                                                                      \
  X(mentor_search, weekly_hazard, double, "1/week", 0.25, 0.0, 10.0,                               \
    "hazard of naming a mentor for a youth with a reference-size network", "assumption")           \
  X(mentor_search, network_log_effect, double, "1/person", 0.08, 0.0, 2.0,                         \
    "log-hazard increase per network member above the reference size", "assumption")              \
  X(mentor_search, reference_network_size, double, "persons", 8.0, 0.0, 100.0,                     \
    "network size at which the hazard equals weekly_hazard", "assumption")                         \
  X(mentor_search, never_found_share, double, "share", 0.2, 0.0, 1.0,                              \
    "share of youths who will not find a mentor whatever their network", "assumption")             \
  X(mentor_search, max_search_weeks, double, "week", 16.0, 0.0, 520.0,                             \
    "weeks after intake after which the search stops", "assumption")                               \
  X(mentor_search, mentor_hours_mean, double, "hour/week", 3.0, 0.0, 40.0,                         \
    "mean hours a week a mentor has for the youth (gamma, shape 4)", "assumption")                 \
  X(mentor_search, initial_bond_mean, double, "share", 0.6, 0.0, 1.0,                              \
    "mean trust bond when the mentor is named (beta, concentration 10)",                           \
    "assumption; mentors knew the youth 9.5 years on average (van Dam et al. 2021)")

#define JIMSIM_PARAMETERS_PROFESSIONALS(X)                                                         \
  X(professionals, basic_per_100_families, double, "persons", 4.0, 0.0, 100.0,                     \
    "basic-care professionals per 100 families in the cohort", "assumption")                       \
  X(professionals, specialist_per_100_families, double, "persons", 6.0, 0.0, 100.0,                \
    "specialist (intensive home treatment) professionals per 100 families", "assumption")          \
  X(professionals, specialist_severity_threshold, double, "severity", 1.0, 0.0, 5.0,               \
    "families at or above this severity at intake are treated by a specialist", "assumption")      \
  X(professionals, weekly_hours, double, "hour/week", 28.0, 1.0, 60.0,                             \
    "client-facing hours a week per professional", "assumption")                                   \
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
  X(professionals, crisis_threshold_mean, double, "severity", 1.1, 0.0, 5.0,                      \
    "mean severity above which a professional decides on placement at a crisis", "assumption")     \
  X(professionals, crisis_threshold_sd, double, "severity", 0.25, 0.0, 2.0,                        \
    "spread of personal crisis thresholds between professionals; 0 is a consistent policy",        \
    "assumption; seed: professionals judge crises differently")

#define JIMSIM_PARAMETERS_SUPPORT(X)                                                               \
  X(support, professional_dose_per_hour, double, "dose/hour", 0.2, 0.0, 10.0,                      \
    "support dose of one professional hour with the youth or parents", "assumption")               \
  X(support, mentor_dose_per_hour, double, "dose/hour", 0.25, 0.0, 10.0,                           \
    "support dose of one mentor contact hour at a full trust bond",                                \
    "assumption; relationship quality r = 0.21 (van Dam et al. 2018)")                             \
  X(support, parent_group_dose, double, "dose", 0.2, 0.0, 10.0,                                    \
    "support dose of one week in a parent group", "assumption")                                    \
  X(support, parent_capacity_gain_per_hour, double, "1/hour", 0.005, 0.0, 1.0,                    \
    "share of the missing parental capacity gained per professional hour with the parents",        \
    "assumption")                                                                                  \
  X(support, residential_dose, double, "dose", 0.8, 0.0, 10.0,                                     \
    "weekly support dose of residential care",                                                     \
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
  X(crisis, base_hazard, double, "1/week", 0.04, 0.0, 10.0,                                        \
    "crisis hazard at severity 1 and parental capacity 0.5", "assumption")                         \
  X(crisis, severity_log_slope, double, "1/severity", 2.0, 0.0, 20.0,                              \
    "log-hazard increase per unit of severity above 1", "assumption")                              \
  X(crisis, capacity_log_slope, double, "1/share", 2.0, 0.0, 20.0,                                 \
    "log-hazard decrease per unit of parental capacity above 0.5", "assumption")                   \
  X(crisis, after_closure_factor, double, "ratio", 0.6, 0.0, 1.0,                                  \
    "crisis hazard after case closure, relative", "assumption")                                    \
  X(crisis, mentor_stays_factor, double, "ratio", 0.7, 0.0, 1.0,                                   \
    "crisis hazard after closure when the mentor stays on, relative",                              \
    "assumption; natural mentor r = 0.11 (van Dam et al. 2018)")

#define JIMSIM_PARAMETERS_PLACEMENT(X)                                                             \
  X(placement, decision_spread, double, "severity", 0.1, 0.0, 2.0,                                 \
    "logistic spread of the placement decision around the professional's threshold; 0 is a "       \
    "hard threshold",                                                                              \
    "assumption")                                                                                  \
  X(placement, respite_willingness, double, "share", 0.6, 0.0, 1.0,                                \
    "chance an unstrained mentor with a full bond takes the youth in at a crisis", "assumption")   \
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
  X(costs, respite_day, double, "euro/day", 25.0, 0.0, 10000.0,                                    \
    "cost of one respite day with the mentor (expenses; 156.33 is a formal respite tariff)",       \
    "assumption")                                                                                  \
  X(costs, parent_group_week, double, "euro/week", 40.0, 0.0, 10000.0,                             \
    "cost of one family-week in a parent group", "assumption")

// The groups, in the order they appear in scenario files, `jimsim params` and the docs.
#define JIMSIM_PARAMETER_GROUPS(G)                                                                 \
  G(simulation, JIMSIM_PARAMETERS_SIMULATION)                                                      \
  G(intake, JIMSIM_PARAMETERS_INTAKE)                                                              \
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
