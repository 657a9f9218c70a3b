// Process 6, crises: events at home whose hazard rises with problem severity, falls with parental
// capacity, peaks in mid-adolescence, rises during a handover between basic and specialist care
// (without a consistent policy), and is lower after the case closes, lower still when the mentor
// stays on. The hazard reads severity at the middle of the step and a crisis happens where in the
// step it falls. The mentor is easier to reach than a professional: an active mentor may
// de-escalate a crisis before it reaches a placement decision.
#pragma once

#include "sim/portable_math.hpp"
#include "sim/random.hpp"
#include "sim/state.hpp"

namespace jimsim {

// The terms of the crisis hazard that are the same for every family, worked out once per step.
struct CrisisHazardTerms {
  double base_hazard, severity_log_slope, capacity_log_slope, age_log_slope;
  double after_closure;              // factor once the case is closed
  double after_closure_mentor_stays; // ... and the mentor stays on
  double handover;                   // factor during a handover (1 under a consistent policy)
};
CrisisHazardTerms crisis_hazard_terms(const Parameters& p);

// Weekly crisis hazard for a family at home, given exp or a bound on it (`exponential`) of
// crisis_hazard_exponent. Inline and branch-free, so the loop over families that calls it vectorises.
inline double crisis_hazard_exponent(const CrisisHazardTerms& c, double severity, double parental_capacity,
                                     double age_years) {
  const double age_from_peak = age_years < 16.0 ? 16.0 - age_years : age_years - 16.0;
  return c.severity_log_slope * (severity - 1.0) - c.capacity_log_slope * (parental_capacity - 0.5) -
         c.age_log_slope * age_from_peak;
}
inline double crisis_hazard_at(const CrisisHazardTerms& c, double exponential, bool case_open, bool mentor_active,
                               bool in_handover) {
  const double hazard = c.base_hazard * exponential;
  const double after_closure = mentor_active ? c.after_closure_mentor_stays : c.after_closure;
  return hazard * (case_open ? 1.0 : after_closure) * (in_handover ? c.handover : 1.0);
}
// The hazard with the exponential itself (Exponential = math::exp), or a bound on it
// (math::exp_upper_bound: at least the hazard and at most 7% more, since every factor is at least 0
// and rounding is monotonic), enough to tell which families could have a crisis this step at a
// quarter of exp's work.
template <double (*Exponential)(double)>
inline double crisis_hazard_with(const CrisisHazardTerms& c, double severity, double parental_capacity, bool case_open,
                                 bool mentor_active, double age_years, bool in_handover) {
  return crisis_hazard_at(c, Exponential(crisis_hazard_exponent(c, severity, parental_capacity, age_years)), case_open,
                          mentor_active, in_handover);
}
inline double crisis_hazard(const CrisisHazardTerms& c, double severity, double parental_capacity, bool case_open,
                            bool mentor_active, double age_years, bool in_handover) {
  return crisis_hazard_with<math::exp>(c, severity, parental_capacity, case_open, mentor_active, age_years, in_handover);
}
inline double crisis_hazard_bound(const CrisisHazardTerms& c, double severity, double parental_capacity, bool case_open,
                                  bool mentor_active, double age_years, bool in_handover) {
  return crisis_hazard_with<math::exp_upper_bound>(c, severity, parental_capacity, case_open, mentor_active, age_years,
                                                   in_handover);
}

// This step's hazard, or its bound, for a family with these values: read at the middle of the step
// (weeks from the start of the run), severity on the straight line within it. The flagging loop
// and draw_crises both call this, so the exact hazard is worked out with the operations its bound was.
inline double middle_of_step(const StepContext& ctx) { return ctx.week_end - 0.5 * ctx.dt; }
// `arrival_step`: the family's (Families::arrival_step), or the same as a double (a packed copy):
// both are converted to double before they are multiplied.
template <double (*Exponential)(double), class Step>
inline double crisis_hazard_in_step(const CrisisHazardTerms& c, double middle_of_step, double dt,
                                    double severity_start, double severity_end, double parental_capacity,
                                    double age_at_intake, Step arrival_step, bool case_open, bool mentor_active,
                                    bool in_handover) {
  const double severity = 0.5 * (severity_start + severity_end);
  const double age = age_at_intake + (middle_of_step - arrival_step * dt) / weeks_per_year;
  return crisis_hazard_with<Exponential>(c, severity, parental_capacity, case_open, mentor_active, age, in_handover);
}
inline double crisis_hazard(const Parameters& p, double severity, double parental_capacity, bool case_open,
                            bool mentor_active, double age_years, bool in_handover) {
  return crisis_hazard(crisis_hazard_terms(p), severity, parental_capacity, case_open, mentor_active, age_years,
                       in_handover);
}

// Chance an active mentor de-escalates a crisis: the mentor is reached (more hours, more often; a
// professional who does not see the mentor as a partner involves the mentor less), has the bond to
// calm the situation, and is not worn out.
double mentor_deescalation_probability(const Parameters& p, double bond, double strain, double mentor_hours,
                                       bool partner_professional);

// Whether family k's mentor is active `time_in_step` weeks into the step (a mentor named later in
// the step is not there yet).
bool mentor_active_at(const Families& f, std::size_t k, const StepContext& ctx, double time_in_step);

// Counts a crisis of family k at `time_in_step` and draws (from `rng`) whether the mentor
// de-escalates it; returns crisis_to_decision or crisis_deescalated.
std::uint8_t crisis_outcome(ReplicateState& s, const Parameters& p, const StepContext& ctx, std::size_t k,
                            double time_in_step, CounterRng& rng);

// Whether each family's draw this step, for the families in `block`, falls below a bound on its
// crisis hazard (Families::event_possible bit 0): the few who could have a crisis.
void flag_possible_crises(ReplicateState& s, const Parameters& p, const StepContext& ctx, FamilyRange block);

// After `block` was flagged: the exact hazard and the first crisis of the step, where it falls, for
// the block's flagged families at home, in family order, and the placement decisions it leads to
// (decide_at_crises). Blocks in family order give what one pass over all families would: a crisis
// and its decision change the family's own data and what no family-local process of the step reads
// (caseloads, the waiting list, beds), and their costs wait for charge_crises.
void draw_crises(ReplicateState& s, const Parameters& p, const StepContext& ctx, FamilyRange block);

// Adds what the step's crises noted (ReplicateState::crisis_charges) to the running cost, in order.
void charge_crises(ReplicateState& s);

}  // namespace jimsim
