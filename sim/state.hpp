// The state of one replicate while it runs: every family, mentor and professional, as
// structure-of-arrays because each process is a loop over all families.
#pragma once

#include <array>
#include <span>
#include <cstdint>
#include <vector>

#include "sim/cohort.hpp"
#include "sim/outcomes.hpp"
#include "sim/parameters.hpp"
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

// One youth and family with their mentor. Indexed by family.
struct Families {
  std::vector<Setting> setting;
  std::vector<std::uint8_t> case_open;       // in treatment (waiting or with a professional)
  std::vector<std::int32_t> professional;    // index into Professionals; -1 when none
  std::vector<std::int32_t> arrival_step;
  std::vector<double> age_at_intake;
  std::vector<std::int32_t> exit_step;       // first step no longer followed (exit age, end of follow-up)
  std::vector<double> severity;
  std::vector<double> severity_start;        // at the start of this step: crises read the path within it
  std::vector<double> baseline_severity;
  std::vector<double> parental_capacity;
  std::vector<double> mentor_search_hazard;  // weekly, from the network size (fixed at intake)
  std::vector<double> treatment_weeks;       // since treatment (re)started with a professional
  std::vector<double> reviews_passed;        // the review number treatment_weeks has reached (case_review.cpp)
  std::vector<double> stay_weeks_left;       // in respite or residential care
  std::vector<double> parent_group_weeks_left;
  std::vector<std::uint8_t> crises_this_step;
  std::vector<std::uint8_t> event_possible;  // scratch of the crises, update_mentors and review_cases: bit 0,
                                             // this step's draw is below the hazard's bound (a review is
                                             // due); bit 1 (update_mentors), the mentor's expenses run
  std::vector<double> home_from_time;        // weeks into the step at which a stay away ended

  // Indicated placement.
  std::vector<Indication> indication;
  std::vector<double> bed_ready_week;        // weeks from the start of the run
  std::vector<std::uint8_t> reconsider;      // a reconsideration point (mentor named, search over) this step
  std::vector<double> reconsider_time;       // weeks into the step at which it came

  // Basic and specialist care.
  std::vector<std::uint8_t> needs_specialist;  // the kind of care the last review asked for
  std::vector<double> queue_from_week;       // after a handover without collaboration: eligible from then
  std::vector<std::uint8_t> in_handover;     // between a step-up or step-down decision and the new professional
  std::vector<std::uint8_t> safety_plan;     // a safety plan made with the family and network
  std::array<std::vector<std::uint32_t>, weekly_lane_count> draws;  // this step's lanes (random.hpp)

  // This step's professional hours, per week.
  std::vector<double> family_hours;          // with the youth and parents
  std::vector<double> mentor_support_unmet;  // share of the mentor's support need these hours leave unmet:
                                             // 1 - hours supporting the mentor / need (below 0 when exceeded)
  std::vector<double> support_dose;          // this step's dose, per week

  // Mentor (JIM).
  std::vector<MentorStatus> mentor;
  std::vector<std::uint8_t> mentor_findable;  // not among those who never find one
  std::vector<std::uint8_t> mentor_role_clear;
  std::vector<std::int32_t> mentor_found_step;
  std::vector<double> mentor_named_time;     // weeks into the step mentor_found_step at which it was named
  std::vector<double> mentor_present_share;  // share of that step left after it: (dt - mentor_named_time) / dt
  std::vector<double> search_ends_week;      // weeks since intake at which the current search stops
  std::vector<std::uint32_t> mentors_named;  // mentors named so far (each has its own trait streams)
  std::vector<double> mentor_hours;          // hours a week available (the first mentor's from intake)
  std::vector<double> first_mentor_years_known;  // as drawn at intake, before the cap at the youth's age
  std::vector<double> first_mentor_bond;     // initial bond, drawn at intake; NaN: drawn when named
  std::vector<double> bond_gain;             // share of the missing bond gained per step of contact
  std::vector<double> bond;                  // trust bond, 0..1
  std::vector<double> strain;

  // Totals the weekly passes add to for many families every step. They live here, where those
  // passes stream them, rather than in `record`, where each family's fields sit a cache line (or
  // more) from the next family's: at a region's size that line, not the arithmetic, was the cost
  // of the pass. They are written into the record's fields of the same name when follow-up ends
  // (leave_follow_up), which stay 0 until then.
  std::vector<StaffTime> staff_time;              // record.basic_hours ... specialist_fte_years
  std::vector<double> total_mentor_support_hours;  // record.mentor_support_hours
  std::vector<double> total_mentor_expense_weeks;  // record.mentor_expense_weeks
  std::vector<double> total_residential_days;      // record.residential_days
  std::vector<double> total_respite_days;          // record.respite_days
  std::vector<double> total_crises;                // record.crises
  std::vector<double> total_crises_deescalated;    // record.crises_deescalated

  std::vector<FamilyRecord> record;          // what happened, for outcomes

  // Families in the replicate.
  std::size_t size() const { return count; }
  // The length of every array above but `record`: size() rounded up to whole vector registers
  // (64 families: the widest a vector loop over bytes and doubles takes), so that the branch-free
  // loops over families run without a scalar remainder. The extra entries are families that never
  // arrive; no process follows them and no outcome counts them.
  std::size_t padded_size() const { return setting.size(); }
  // n families, every array as a new one would be (value-initialised, or the value stated), but in
  // the memory it already has: a thread that runs replicate after replicate in the same Families
  // (ReplicateWorkspace) maps and zeroes its pages once, not once per replicate, and maps an array's
  // new memory in one call rather than a fault per page (sim/mapped_pages.hpp).
  void reset(std::size_t n);

 private:
  std::size_t count = 0;
};

struct Professionals {
  std::vector<std::uint8_t> specialist;
  std::vector<double> weekly_hours;         // client-facing hours a week (part-time for a fractional FTE)
  std::vector<double> fte;                  // 1, or the fraction the last professional of a kind works
  std::vector<double> employed_cost_week;   // employer cost a week (FTE x salary)
  std::vector<double> crisis_threshold;     // severity above which they decide on placement
  std::vector<std::uint8_t> equal_partner;  // sees the mentor as an equal partner
  std::vector<std::int32_t> caseload;

  std::size_t size() const { return specialist.size(); }
};

// What a family of one professional gets in one step, with or without an active mentor: one row
// of the table sim/processes/case_shares.hpp works out, with the same operations as worked out per
// family, so the same bits.
struct alignas(64) CaseShare {
  double family_hours = 0.0;               // per week
  double mentor_support_unmet = 0.0;       // Families::mentor_support_unmet
  double mentor_support_step_hours = 0.0;  // hours supporting the mentor, over the step
  double step_hours = 0.0;                 // both, over the step
  double cost = 0.0;                       // this step
  double fte_years = 0.0;                  // the family's share of the professional's FTE this step
  std::uint8_t specialist = 0;
};

// This step's rows, and which professional reads which (sim/processes/case_shares.hpp).
struct CaseShares {
  std::vector<std::uint32_t> profile;       // [professional]: equal profiles, equal shares at equal caseloads
  std::vector<std::uint32_t> profile_of;    // [profile]: a professional with it
  std::vector<std::uint32_t> row_of;        // [professional]: this step's row pair (2 row, 2 row + 1)
  std::vector<CaseShare> rows;              // [2 row + active mentor]
  std::vector<std::uint8_t> row_done;       // scratch: rows worked out this step

  // The rows of family k's professional j: rows[row_of[j] + active mentor].
  const CaseShare& of(std::int32_t professional, bool active_mentor) const {
    return rows[row_of[static_cast<std::size_t>(professional)] + active_mentor];
  }
};

// Families begin .. end - 1, a block of whole vector registers (begin and end multiples of 64, or
// end the padded size). The family-local passes of a step (professional hours, support dose,
// severity, parental capacity, the crisis draw) run block by block, so that one block's arrays stay
// in cache from one process to the next instead of streaming a region's state through memory once
// per process.
struct FamilyRange {
  std::size_t begin = 0, end = 0;
};
inline FamilyRange all_families(const Families& f) { return {0, f.padded_size()}; }

// Where a step is: what every process needs besides the state and parameters.
struct StepContext {
  std::uint64_t seed;
  std::uint32_t replicate;
  std::uint32_t step;   // time-step index from the start of the run
  double dt;            // weeks per step
  double week_end;      // weeks from the start of the run at the end of this step
};

// The professionals of each kind who have room for another family: the next family goes to the
// least loaded one, the lowest index on ties. Every caseload change goes through
// `assign_professional` and `release_professional`, which keep this in step, so allocation costs
// O(log professionals) per family instead of a scan of the whole workforce.
//
// Each kind is a tournament tree in one flat array: a leaf per professional holds the key
// (caseload, index) packed in 64 bits, or `no_room`, and every node above holds the least key below
// it, so the root is the professional to take the next family and a caseload change rewrites one
// path. With a region's workforce, the upper levels stay in cache; an ordered set instead chased a
// pointer per level and allocated a node at every change.
struct FreeProfessionals {
  static constexpr std::uint64_t no_room = ~std::uint64_t{0};
  std::array<std::vector<std::uint64_t>, 2> tree;  // [specialist]: node i has children 2i and 2i + 1
  std::array<std::size_t, 2> first_leaf{};         // [specialist]: a power of two; the root is node 1
  std::vector<std::uint32_t> leaf;                 // professional -> its leaf in its kind's tree
  int caseload_cap = 0;                            // 0: no cap
  std::array<bool, 2> exists{};                    // [specialist]

  // The least loaded professional of a kind with room, the lowest index on ties; -1 when none has.
  std::int32_t least_loaded(bool specialist) const {
    const std::uint64_t root = tree[specialist][1];
    return root == no_room ? -1 : static_cast<std::int32_t>(root & 0xFFFFFFFFu);
  }
};

// Families by one of their steps (intake, end of follow-up), in index order within a step, so that
// a process acting at a step visits that step's families rather than all of them. Steps outside the
// run are left out.
struct FamiliesByStep {
  std::vector<std::uint32_t> begin;   // step t's families are family[begin[t]] .. family[begin[t + 1] - 1]
  std::vector<std::uint32_t> family;

  std::span<const std::uint32_t> at(std::uint32_t step) const {
    if (std::size_t{step} + 1 >= begin.size()) return {};
    return {family.data() + begin[step], begin[step + 1] - begin[step]};
  }
};

// The index of families 0 .. families - 1 by step_of[k], for steps 0 .. steps - 1 (a counting sort).
FamiliesByStep index_families_by_step(const std::vector<std::int32_t>& step_of, std::size_t families, std::size_t steps);

struct ReplicateState {
  Families families;
  FamiliesByStep arrivals;  // by intake step
  FamiliesByStep exits;     // by the first step no longer followed
  Professionals professionals;
  FreeProfessionals free;
  std::vector<std::int32_t> waiting_list;  // families waiting for a professional, first come first
  CaseShares case_shares;                   // this step's (allocate_professionals)
  // This step's parent-group costs in family order, added to the running cost after the family
  // blocks (charge_parent_groups): the order of additions, and so every bit of the total, is that of
  // one pass over all families giving hours and then one charging the groups.
  std::vector<double> parent_group_charges;
  // Likewise what the crises and the decisions they lead to add, while they are drawn block by
  // block (crises_drawn_in_blocks), added after the parent groups (charge_crises): as if drawn in
  // one pass over all families after them.
  bool crises_drawn_in_blocks = false;
  std::vector<double> crisis_charges;
  std::int32_t families_placed = 0;         // placed at least once so far: the weekly series counts
                                            // them from here, not from every family's record
  double cumulative_cost = 0.0;
  // FTE-years of professionals with no family, per step ([specialist][step]): shared over the
  // families at the end, and over the years since intake of those followed in each step.
  std::array<std::vector<double>, 2> idle_fte_years_by_step;
};

// Adds `amount` to the running cost, or, while crises are drawn block by block, notes it for
// charge_crises. (x - y and x + (-y) are the same in IEEE arithmetic: a refund is a negative amount.)
inline void add_to_running_cost(ReplicateState& s, double amount) {
  if (s.crises_drawn_in_blocks) {
    s.crisis_charges.push_back(amount);
  } else {
    s.cumulative_cost += amount;
  }
}

// Draws this step's weekly block for every family that is followed.
void draw_weekly_randoms(ReplicateState& s, const StepContext& ctx);

// Weeks since the family's intake at the end of the current step.
inline double weeks_since_intake(const ReplicateState& s, std::size_t k, const StepContext& ctx) {
  return ctx.week_end - s.families.arrival_step[k] * ctx.dt;
}

// Weeks since the family's intake at the start of the current step.
inline double weeks_since_intake_at_step_start(const ReplicateState& s, std::size_t k, const StepContext& ctx) {
  return weeks_since_intake(s, k, ctx) - ctx.dt;
}

// Severity `t` weeks into the current step, on the straight line between the step's start and end:
// crises and decisions read the path where they happen, not at the end of the step.
inline double severity_within_step(const Families& f, std::size_t k, double t, double dt) {
  return f.severity_start[k] + (f.severity[k] - f.severity_start[k]) * (t / dt);
}

inline constexpr double weeks_per_year = 52.1775;

// Age of youth k at `weeks` after intake.
inline double age_at(const Families& f, std::size_t k, double weeks_since_intake) {
  return f.age_at_intake[k] + weeks_since_intake / weeks_per_year;
}

// Builds the index of professionals with room from the current caseloads.
void index_free_professionals(ReplicateState& s, int caseload_cap);

// Professional `j` takes family `k` on.
void assign_professional(ReplicateState& s, std::size_t k, std::int32_t j);

// Ends the family's tie to its professional (placement, closure, exit, handover).
void release_professional(ReplicateState& s, std::size_t k);

}  // namespace jimsim
