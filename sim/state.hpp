// The state of one replicate while it runs: every family, mentor and professional, as
// structure-of-arrays because each process is a loop over all families.
#pragma once

#include <array>
#include <span>
#include <cstdint>
#include <vector>

#include "sim/cohort.hpp"
#include "sim/state_fields.hpp"
#include "sim/outcomes.hpp"
#include "sim/parameters.hpp"
#include "sim/random.hpp"

namespace jimsim {

// One youth and family with their mentor. Indexed by family.
struct Families {
#define JIMSIM_FAMILY_STATE_MEMBER(type, name, lanes, initial, unit, meaning) family_array_t<type, lanes> name;
  JIMSIM_FAMILY_STATE_FIELDS(JIMSIM_FAMILY_STATE_MEMBER)
#undef JIMSIM_FAMILY_STATE_MEMBER

  std::vector<FamilyRecord> record;          // what happened, for outcomes

  // Families in the replicate.
  std::size_t size() const { return count; }
  // The length of every array above but `record` (the arrays declared in sim/state_fields.hpp): size() rounded up to whole vector registers
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
#define JIMSIM_PROFESSIONAL_STATE_MEMBER(type, name, unit, meaning) std::vector<type> name;
  JIMSIM_PROFESSIONAL_STATE_FIELDS(JIMSIM_PROFESSIONAL_STATE_MEMBER)
#undef JIMSIM_PROFESSIONAL_STATE_MEMBER

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
  double parent_capacity_gain = 0.0;       // Families::parent_capacity_gain
  std::uint8_t specialist = 0;
};

// This step's rows, and which professional reads which (sim/processes/case_shares.hpp).
struct CaseShares {
  std::vector<std::uint32_t> profile;       // [professional]: equal profiles, equal shares at equal caseloads
  std::vector<std::uint32_t> profile_of;    // [profile]: a professional with it
  std::vector<std::uint32_t> row_of;        // [professional]: this step's row pair (2 row, 2 row + 1)
  std::vector<CaseShare> rows;              // [2 row + active mentor]
  std::vector<std::uint8_t> row_done;       // [profile row]: worked out, in the table by profile
  std::vector<std::int32_t> row_caseload;   // [professional]: the caseload its row is for (-1: none)
  std::size_t caseload_stride = 0;          // rows per profile in the kept table; 0: a row per professional

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

// A block's families flagged for a possible crisis (draw_crises), what the step's exact hazard reads
// of each, packed so that the exponentials and logarithms of all of them are one vector loop, and
// what it finds: every array a double, so the loop takes eight families a vector.
struct CrisisCandidates {
  std::vector<std::uint32_t> family;
  std::vector<double> home_from, severity_start, severity_end, parental_capacity, age_at_intake, arrival_step;
  std::vector<double> case_open, mentor_active, in_handover, uniform;  // 0 or 1; the crisis lane's draw
  std::vector<double> hazard, time, happens;                           // found: time in the step, 0 or 1
};

// The searching youths search_for_mentors flagged (a naming possible, or the search's end), what
// whether and when each names a mentor this step reads, packed so that the exponentials and
// logarithms of all of them are one vector loop, and what it finds: every array a double.
struct NamingCandidates {
  std::vector<std::uint32_t> family;
  std::vector<double> start, window, findable, uniform, hazard;  // start: weeks since intake at the step's start
  std::vector<double> time, happens;                             // found: time in the step, 0 or 1
};

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
  CrisisCandidates crisis_candidates;  // draw_crises' scratch
  NamingCandidates naming_candidates;  // search_for_mentors' scratch
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
