#include "sim/summary.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <limits>
#include <numeric>
#include <utility>

namespace jimsim {
namespace {

bool followed(const FamilyRecord& r) { return !std::isnan(r.follow_up_weeks); }
bool placed(const FamilyRecord& r) { return !std::isnan(r.first_placement_week); }

// Counts `r` into `o`.
void add_family(Outcomes& o, const FamilyRecord& r) {
  const auto flag = [](bool b) { return b ? 1.0 : 0.0; };
  // Follow-up is fixed at intake (horizon, exit age, an observed cohort's end), never cut short by
  // what happens, so "placed within X among those followed X" is an unbiased share.
  const auto followed_for = [&](double weeks) { return r.follow_up_weeks >= weeks - 1e-9; };
  const auto placed_within = [&](double weeks) {
    return followed_for(weeks) && placed(r) && r.first_placement_week <= weeks + 1e-9;
  };
  o.families += 1.0;
  const bool indicated = r.placement_indicated != 0.0;
  o.indicated += flag(indicated);
  o.indicated_placed += flag(indicated && placed(r));
  const auto ended = [&](IndicationOutcome outcome) { return flag(r.indication_outcome == static_cast<double>(outcome)); };
  o.indications_withdrawn_improved += ended(IndicationOutcome::withdrawn_improved);
  o.indications_withdrawn_reconsidered += ended(IndicationOutcome::withdrawn_reconsidered);
  o.indications_to_respite += ended(IndicationOutcome::respite_instead);
  o.follow_up_weeks += r.follow_up_weeks;
  o.placed += flag(placed(r));
  o.placed_within_26_weeks += flag(placed_within(26.0));
  o.placed_within_52_weeks += flag(placed_within(52.0));
  o.placed_within_104_weeks += flag(placed_within(104.0));
  o.followed_26_weeks += flag(followed_for(26.0));
  o.followed_52_weeks += flag(followed_for(52.0));
  o.followed_104_weeks += flag(followed_for(104.0));
  o.placements += r.placements;
  if (placed(r)) o.weeks_to_first_placement += r.first_placement_week;
  o.placement_free_weeks += placed(r) ? r.first_placement_week : r.follow_up_weeks;
  o.residential_days += r.residential_days;
  o.respite_stays += r.respite_stays;
  o.respite_days += r.respite_days;
  o.crises += r.crises;
  o.crises_deescalated += r.crises_deescalated;
  o.decisions_held_by_network += r.decisions_held_by_network;
  o.handovers += r.handovers;
  o.handover_weeks += r.handover_weeks;
  o.mentors_named += r.mentors_named;
  o.mentors_found += flag(!std::isnan(r.mentor_found_week));
  if (!std::isnan(r.mentor_found_week)) o.weeks_to_mentor += r.mentor_found_week;
  o.mentors_dropped_out += flag(!std::isnan(r.mentor_dropout_week));
  o.mentors_stayed_on += r.mentor_stayed_on;
  o.mentors_active_at_end += r.mentor_active_at_end;
  o.cases_closed += flag(!std::isnan(r.closure_week));
  o.waiting_weeks += r.waiting_weeks;
  o.professional_hours += r.professional_hours;
  o.mentor_support_hours += r.mentor_support_hours;
  o.parent_group_weeks += r.parent_group_weeks;
  o.basic_hours += r.basic_hours;
  o.specialist_hours += r.specialist_hours;
  o.basic_fte_years += r.basic_fte_years;
  o.specialist_fte_years += r.specialist_fte_years;
  o.professionals_trained += r.professionals_trained;
  o.role_meetings += r.role_meetings;
  o.mentor_expense_weeks += r.mentor_expense_weeks;
  // Costs are not summed: they are priced from the summed counts, as a re-pricing would.
}

// The outcomes as one array of doubles, so that adding a family's counts to a group is a loop the
// compiler vectorises rather than a scalar addition per field: the same additions, field by field
// and in the same order, so the same bits.
#define JIMSIM_ONE_OUTCOME(name, unit, meaning) +1
constexpr std::size_t outcome_field_count = 0 JIMSIM_OUTCOME_FIELDS(JIMSIM_ONE_OUTCOME);
#undef JIMSIM_ONE_OUTCOME
static_assert(sizeof(Outcomes) == outcome_field_count * sizeof(double), "Outcomes holds only its doubles");
using OutcomeValues = std::array<double, outcome_field_count>;

}  // namespace

WeeklyRecorder::WeeklyRecorder(int steps) {
  const auto n = static_cast<std::size_t>(steps);
#define JIMSIM_SERIES_RESIZE(name, unit, meaning) series_.name.assign(n, 0.0);
  JIMSIM_SERIES_FIELDS(JIMSIM_SERIES_RESIZE)
#undef JIMSIM_SERIES_RESIZE
}

void WeeklyRecorder::record(const ReplicateState& s, int t) {
  const auto& f = s.families;
  // Branch-light counts over the state arrays: this runs every step for every family.
  int arrived = 0, residential = 0, respite = 0, mentors = 0, waiting = 0, open = 0;
  for (std::size_t k = 0; k < f.size(); ++k) {
    const Setting setting = f.setting[k];
    const int here = setting != Setting::not_arrived;
    const int followed = here & (setting != Setting::exited);
    arrived += here;
    residential += setting == Setting::residential;
    respite += setting == Setting::respite;
    mentors += followed & (f.mentor[k] == MentorStatus::active);
    // Exited and not-yet-arrived families have no open case; residential care has none either.
    open += f.case_open[k];
    waiting += f.case_open[k] & (f.professional[k] < 0);
  }
  // Every family placed has arrived: the others that arrived were never placed.
  const int never_placed = arrived - s.families_placed;
  const auto i = static_cast<std::size_t>(t);
  series_.placement_free_share[i] =
      arrived > 0 ? static_cast<double>(never_placed) / arrived : std::numeric_limits<double>::quiet_NaN();
  series_.in_residential[i] = residential;
  series_.in_respite[i] = respite;
  series_.active_mentors[i] = mentors;
  series_.waiting_list[i] = waiting;
  series_.open_cases[i] = open;
  series_.cumulative_cost[i] = s.cumulative_cost;
}

TimeSeries WeeklyRecorder::finish(const std::vector<FamilyRecord>& families, double dt) {
  series_.placement_free_survival =
      placement_free_survival(families, dt, static_cast<int>(series_.placement_free_share.size()));
  return std::move(series_);
}

std::vector<double> placement_free_survival(const std::vector<FamilyRecord>& families, double dt, int steps) {
  // A first placement within step i after intake (at a time in (i dt, (i + 1) dt]) counts in step i;
  // follow-up ends at a step boundary.
  const auto n = static_cast<std::size_t>(steps);
  std::vector<double> events(n, 0.0), leaving(n + 1, 0.0);
  double at_risk = 0.0;
  for (const auto& r : families) {
    if (!followed(r)) continue;
    if (placed(r)) {
      const auto i = static_cast<std::size_t>(std::max(1.0, std::ceil(r.first_placement_week / dt - 1e-9)) - 1);
      if (i < n) events[i] += 1.0;
      leaving[std::min(i + 1, n)] += 1.0;  // no longer at risk after its event step
    } else {
      leaving[std::min(static_cast<std::size_t>(std::lround(r.follow_up_weeks / dt)), n)] += 1.0;
    }
    at_risk += 1.0;
  }
  std::vector<double> survival(n, std::numeric_limits<double>::quiet_NaN());
  double s = 1.0;
  for (std::size_t i = 0; i < n; ++i) {
    at_risk -= leaving[i];  // censored at the end of step i - 1, or placed in it
    if (at_risk <= 0.0) break;
    s *= 1.0 - events[i] / at_risk;
    survival[i] = s;
  }
  return survival;
}

std::vector<std::array<Subgroup, 4>> subgroup_membership(const std::vector<FamilyRecord>& families) {
  // Tertiles by rank of intake severity (ties by family index), so the groups have equal sizes: the
  // family of rank r is in tertile floor(3 r / N). The keys are copied out of the records so that
  // ranking a region's families does not jump between records, and two partitions at the tertile
  // boundaries do what a full sort did (linear time rather than N log N).
  std::vector<std::pair<double, std::size_t>> order;
  for (std::size_t k = 0; k < families.size(); ++k) {
    if (followed(families[k])) order.emplace_back(families[k].initial_severity, k);
  }
  const std::size_t n = order.size();
  const std::size_t tertile_end[3] = {(n + 2) / 3, (2 * n + 2) / 3, n};  // ranks r with 3 r < N, < 2 N, all
  std::nth_element(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(tertile_end[0]), order.end());
  std::nth_element(order.begin() + static_cast<std::ptrdiff_t>(tertile_end[0]),
                   order.begin() + static_cast<std::ptrdiff_t>(tertile_end[1]), order.end());
  std::vector<std::array<Subgroup, 4>> groups(families.size(),
                                              {Subgroup::all, Subgroup::all, Subgroup::all, Subgroup::all});
  int tertile = 0;
  for (std::size_t position = 0; position < n; ++position) {
    while (position >= tertile_end[tertile]) ++tertile;
    const std::size_t k = order[position].second;
    const double age = families[k].age_at_intake;
    const Subgroup age_band = age < 16.0 ? Subgroup::age_12_15 : age < 18.0 ? Subgroup::age_16_17 : Subgroup::age_18_23;
    const Subgroup status = families[k].placement_indicated != 0.0 ? Subgroup::placement_indicated : Subgroup::at_risk;
    groups[k] = {Subgroup::all, age_band, static_cast<Subgroup>(static_cast<int>(Subgroup::severity_low) + tertile),
                 status};
  }
  return groups;
}

std::array<Outcomes, subgroup_count> summarise_families(const std::vector<FamilyRecord>& families,
                                                        const Prices& prices) {
  const auto groups = subgroup_membership(families);
  std::array<OutcomeValues, subgroup_count> sums{};  // +0, as Outcomes{}
  for (std::size_t k = 0; k < families.size(); ++k) {
    if (!followed(families[k])) continue;
    // The family's counts worked out once, then added to each of its groups. The sums have the bits
    // of adding the family to each group directly: x + 0 is x, and no total is ever -0 (they start
    // at +0, and +0 + -0 is +0).
    Outcomes family;
    add_family(family, families[k]);
    const auto values = std::bit_cast<OutcomeValues>(family);
    for (const Subgroup g : groups[k]) {
      OutcomeValues& sum = sums[static_cast<std::size_t>(g)];
      for (std::size_t i = 0; i < outcome_field_count; ++i) sum[i] += values[i];
    }
  }
  std::array<Outcomes, subgroup_count> outcomes;
  for (std::size_t g = 0; g < subgroup_count; ++g) outcomes[g] = std::bit_cast<Outcomes>(sums[g]);
  for (auto& o : outcomes) price(o, prices);
  return outcomes;
}

}  // namespace jimsim
