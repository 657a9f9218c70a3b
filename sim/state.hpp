// The state of one replicate while it runs: every family, mentor and professional, as
// structure-of-arrays because each process is a loop over all families.
#pragma once

#include <array>
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

// One youth and family with their mentor. Indexed by family.
struct Families {
  std::vector<Setting> setting;
  std::vector<std::uint8_t> case_open;       // in treatment (waiting or with a professional)
  std::vector<std::int32_t> professional;    // index into Professionals; -1 when none
  std::vector<std::int32_t> arrival_step;
  std::vector<double> age_at_intake;
  std::vector<std::int32_t> exit_step;       // first step no longer followed (exit age, end of follow-up)
  std::vector<double> severity;
  std::vector<double> baseline_severity;
  std::vector<double> parental_capacity;
  std::vector<double> network_size;
  std::vector<double> treatment_weeks;       // since treatment (re)started with a professional
  std::vector<double> stay_weeks_left;       // in respite or residential care
  std::vector<double> parent_group_weeks_left;
  std::vector<std::uint8_t> crisis;          // a crisis happened this step
  std::array<std::vector<std::uint32_t>, weekly_lane_count> draws;  // this step's lanes (random.hpp)

  // This step's professional hours, per week.
  std::vector<double> family_hours;          // with the youth and parents
  std::vector<double> mentor_support_hours;  // supporting the mentor
  std::vector<double> support_dose;          // this step's dose, per week

  // Mentor (JIM).
  std::vector<MentorStatus> mentor;
  std::vector<std::uint8_t> mentor_findable;  // not among those who never find one
  std::vector<std::uint8_t> mentor_role_clear;
  std::vector<std::int32_t> mentor_found_step;
  std::vector<double> mentor_hours;          // hours a week available
  std::vector<double> bond_gain;             // share of the missing bond gained per step of contact
  std::vector<double> bond;                  // trust bond, 0..1
  std::vector<double> strain;

  std::vector<FamilyRecord> record;          // what happened, for outcomes

  std::size_t size() const { return setting.size(); }
  void resize(std::size_t n);
};

struct Professionals {
  std::vector<std::uint8_t> specialist;
  std::vector<double> crisis_threshold;     // severity above which they decide on placement
  std::vector<std::uint8_t> equal_partner;  // sees the mentor as an equal partner
  std::vector<std::int32_t> caseload;

  std::size_t size() const { return specialist.size(); }
};

// Where a step is: what every process needs besides the state and parameters.
struct StepContext {
  std::uint64_t seed;
  std::uint32_t replicate;
  std::uint32_t step;   // time-step index from the start of the run
  double dt;            // weeks per step
  double week_end;      // weeks from the start of the run at the end of this step
};

struct ReplicateState {
  Families families;
  Professionals professionals;
  std::vector<std::int32_t> waiting_list;  // families waiting for a professional, first come first
  double cumulative_cost = 0.0;
};

// Draws this step's weekly block for every family that is followed.
void draw_weekly_randoms(ReplicateState& s, const StepContext& ctx);

// Weeks since the family's intake at the end of the current step.
inline double weeks_since_intake(const ReplicateState& s, std::size_t k, const StepContext& ctx) {
  return ctx.week_end - s.families.arrival_step[k] * ctx.dt;
}

// Ends the family's tie to its professional (placement, closure, exit).
inline void release_professional(ReplicateState& s, std::size_t k) {
  auto& prof = s.families.professional[k];
  if (prof >= 0) {
    --s.professionals.caseload[static_cast<std::size_t>(prof)];
    prof = -1;
  }
}

}  // namespace jimsim
