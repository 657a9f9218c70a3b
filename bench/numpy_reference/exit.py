"""The end of follow-up (sim/processes/exit.cpp): a family leaves at its exit step or at the horizon.

A mixin of `Model` (model.py): its methods act on the model's state `self.s` (state.py).
"""

from __future__ import annotations

import numpy as np

from .state import EXITED, M_ACTIVE, NOT_ARRIVED, OUT_OPEN_AT_END


class Exit:
    def end_follow_up(self, t):
        s = self.s
        idx = np.flatnonzero((s.exit_step == t) & (s.setting != NOT_ARRIVED) & (s.setting != EXITED))
        if idx.size:
            self._leave(idx, (t - s.flat.arrival_step[idx]) * self.dt)

    def _leave(self, idx, weeks_followed):
        """End of follow-up (leave_follow_up)."""
        f = self.s.flat
        self._release(idx)
        self._resolve_indication(idx, OUT_OPEN_AT_END)
        f.setting[idx] = EXITED
        f.case_open[idx] = False
        f.in_handover[idx] = False
        f.follow_up_weeks[idx] = weeks_followed
        f.mentor_active_at_end[idx] = f.mentor[idx] == M_ACTIVE
