"""The week's support dose (sim/processes/support_dose.cpp) from professionals, mentor, parent
group or residential care.

A mixin of `Model` (model.py): its methods act on the model's state `self.s` (state.py).
"""

from __future__ import annotations

import numpy as np

from .state import HOME, M_ACTIVE, RESIDENTIAL, RESPITE


class SupportDose:
    def compute_support_dose(self, t):
        s, p, dt = self.s, self.p, self.dt
        sp = p.support
        at_home = (s.setting == HOME) | (s.setting == RESPITE)
        gap = self._support_gap(s.case_open, s.support_hours)
        supported = 1.0 - (1.0 - sp.unsupported_mentor_dose_factor) * gap
        present = np.where(s.found_step == t, (dt - s.named_time) / dt, 1.0)
        mentor = np.where(s.mentor == M_ACTIVE,
                          sp.mentor_dose_per_hour * s.bond * s.mentor_hours * supported * present, 0.0)
        home_dose = sp.professional_dose_per_hour * s.family_hours + mentor + \
            np.where(s.group_weeks_left > 0.0, sp.parent_group_dose, 0.0)
        s.dose[...] = np.where(at_home, home_dose, np.where(s.setting == RESIDENTIAL, sp.residential_dose, 0.0))
