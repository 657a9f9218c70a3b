// Process 7, the placement decision, at a crisis and when an indicated placement is reconsidered.
//
// The decision weighs more than the professional's view. The youth's professional (or, without one,
// the crisis service, at the mean threshold) judges placement needed when severity is above a
// threshold, and the family and its network keep a say: a safety plan made with them, an active
// mentor's bond and the parents' own capacity raise the severity at which placement is needed. A
// young adult (18 or over) can decline. When placement is needed and an active mentor is willing
// (a bond, little strain, the support they need), the youth stays with the mentor for a while
// (respite) instead; otherwise the youth goes into residential care. A held indicated placement is
// reconsidered with the same decision at a threshold shifted by
// indicated_placement.reconsider_threshold_shift.
#pragma once

#include "sim/random.hpp"
#include "sim/state.hpp"

namespace jimsim {

// Chance the decision-maker with this threshold judges placement needed at this severity.
double placement_needed_probability(const Parameters& p, double severity, double threshold);

// How far the family, its network and the mentor raise the threshold (severity units; negative
// when parental capacity is low).
double family_say_credit(const Parameters& p, bool safety_plan, bool mentor_active, double bond, double parental_capacity);

// Chance an active mentor takes the youth in: willingness, scaled by the bond, lowered by strain
// and by the share of the mentor's support need that goes unmet.
double respite_offer_probability(const Parameters& p, double bond, double strain, double support_gap);

enum class Decision { stays_home, respite, residential };

// Decides for family k, `time_in_step` weeks into the step, and starts a respite stay or, when
// `place_now` (a crisis: an emergency placement), the residential stay. The draws come from the
// decision's own streams (`stream` keeps crises and reconsiderations apart), or all from `further`
// for a second or later crisis in the step.
Decision decide_placement(ReplicateState& s, const Parameters& p, const StepContext& ctx, std::size_t k,
                          double time_in_step, Process stream, bool place_now, CounterRng* further = nullptr);

// Family k's first crisis of the step, `time_in_step` weeks into it, under the step's crisis hazard
// `hazard` (per week): decided when it reached a decision (`to_decision`, not de-escalated); then,
// while the youth stays home, a further crisis may follow in what is left of the step (so a coarse
// step loses no crises), each decided in turn.
void decide_at_crises(ReplicateState& s, const Parameters& p, const StepContext& ctx, std::size_t k,
                      double time_in_step, bool to_decision, double hazard);

}  // namespace jimsim
