"""Problem severity (sim/processes/severity.cpp): reverting to the youth's own level, pushed down
by support, with noise.

A mixin of `Model` (model.py): its methods act on the model's state `self.s` (state.py).
"""

from __future__ import annotations

import math

import numpy as np

from .state import EXITED, NOT_ARRIVED


class Severity:
    def update_severity(self, t):
        s, p, dt = self.s, self.p, self.dt
        sv = p.severity
        followed = (s.setting != NOT_ARRIVED) & (s.setting != EXITED)
        push = sv.max_support_effect * s.dose / (s.dose + sv.dose_half_saturation)
        r = sv.reversion_rate
        if r > 0.0:
            target = s.baseline - push / r
            mean = target + (s.severity - target) * math.exp(-r * dt)
            sd = sv.noise_sd * math.sqrt(-math.expm1(-2.0 * r * dt) / (2.0 * r))
        else:
            mean = s.severity - push * dt
            sd = sv.noise_sd * math.sqrt(dt)
        new = mean + sd * self.rng.standard_normal(s.shape) if sv.noise_sd > 0.0 else mean
        np.copyto(s.severity_start, s.severity, where=followed)
        np.copyto(s.severity, np.maximum(new, 0.0), where=followed)
