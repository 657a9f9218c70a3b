// Process 5, severity dynamics: problem severity drifts back towards the youth's own baseline, is
// lowered by support (with diminishing returns), and moves with noise.
//
// Within a step the drift and the support effect are constant, so the step uses the exact solution
// of the Ornstein-Uhlenbeck equation
//   dS = (r (b - S) - e D / (D + h)) dt + sigma dW,
// S(t + dt) = m + (S(t) - m) exp(-r dt) + sigma sqrt((1 - exp(-2 r dt)) / (2 r)) Z, with
// m = b - e D / ((D + h) r): results do not depend on the time step beyond the piecewise-constant
// support. Severity is floored at 0.
#pragma once

#include "sim/state.hpp"

namespace jimsim {

// Weekly severity reduction by a support dose.
double support_effect(const Parameters& p, double dose);

// The parts of one step of the severity equation that depend only on the parameters and the time
// step, computed once per step rather than once per family.
struct SeverityStep {
  double max_support_effect;
  double dose_half_saturation;
  double reversion_rate;
  double decay;       // exp(-r dt)
  double noise_sd;    // standard deviation of the step's noise
  double dt;
};
SeverityStep severity_step(const Parameters& p, double dt);

// One step of the severity equation from `severity` with normal draw `z`.
double next_severity(const SeverityStep& step, double severity, double baseline, double dose, double z);
double next_severity(const Parameters& p, double severity, double baseline, double dose, double dt, double z);

// One step of severity for the families in `block` (those followed move; the rest keep theirs).
void update_severity(ReplicateState& s, const Parameters& p, const StepContext& ctx, FamilyRange block);

}  // namespace jimsim
