// Process 8, stays away from home: residential care (length, cost per day, return home into
// treatment again) and respite with the mentor. A stay starts where in the step its decision fell,
// and counts its days from there.
#pragma once

#include "sim/state.hpp"

namespace jimsim {

// The youth is placed in residential care `time_in_step` weeks into the step: the professional at
// home hands the case over.
void start_residential_stay(ReplicateState& s, const Parameters& p, const StepContext& ctx, std::size_t k,
                            double time_in_step);

// The youth stays with the mentor for a while instead of being placed.
void start_respite(ReplicateState& s, const Parameters& p, const StepContext& ctx, std::size_t k, double time_in_step);

// The stay of family k is over: the youth is home again, and back from residential care the family
// returns to treatment (aftercare) and waits for a professional like any new case.
void return_home(ReplicateState& s, std::size_t k);

// Weeks into the step at which family k's stay ended, when it ended within this step (a stay
// shorter than the rest of the step it began in); a negative value when it goes on.
double stay_end_in_step(const Families& f, std::size_t k, double dt);

// A youth in respite goes home `time_in_step` weeks into the step: the mentor who took them in has
// left. The rest of the step, counted when the step began, is not a respite day.
void end_respite(ReplicateState& s, const Parameters& p, std::size_t k, double time_in_step, double dt);

// Counts days and costs of youths away from home, and sends home those whose stay ends. Runs
// early in the step, so a youth back from residential care can get a professional in the same step.
void continue_stays(ReplicateState& s, const Parameters& p, const StepContext& ctx);

}  // namespace jimsim
