"""Indicated placements (sim/processes/indicated_placement.cpp): held while the youth looks for a
mentor, reconsidered, confirmed, carried out when a bed is free or withdrawn.

A mixin of `Model` (model.py): its methods act on the model's state `self.s` (state.py).
"""

from __future__ import annotations

import numpy as np

from .state import (
    BED_WAIT_SHAPE, HOME, I_NONE, I_ON_HOLD, I_WAITING_FOR_BED, OUT_WITHDRAWN_IMPROVED,
    OUT_WITHDRAWN_RECONSIDERED, RESIDENTIAL_STAY, STAYS_HOME)


class IndicatedPlacements:
    def _resolve_indication(self, idx, outcome):
        f = self.s.flat
        pending = idx[f.indication[idx] != I_NONE]
        f.indication[pending] = I_NONE
        f.reconsider[pending] = False
        f.indication_outcome[pending] = outcome

    def _confirm(self, idx, t_in_step, t):
        f, p = self.s.flat, self.p
        mean = p.indicated_placement.bed_wait_mean_weeks
        wait = self.rng.gamma(BED_WAIT_SHAPE, mean / BED_WAIT_SHAPE, idx.size) if mean > 0.0 else np.zeros(idx.size)
        f.indication[idx] = I_WAITING_FOR_BED
        f.bed_ready_week[idx] = t * self.dt + t_in_step + wait

    def _request_reconsideration(self, idx, t_in_step):
        f = self.s.flat
        held = f.indication[idx] == I_ON_HOLD
        f.reconsider[idx[held]] = True
        f.reconsider_time[idx[held]] = np.broadcast_to(t_in_step, held.shape)[held]

    def act_on_indications(self, t):
        s, f, p, dt = self.s, self.s.flat, self.p, self.dt
        pending = (s.indication != I_NONE) & (s.setting == HOME)
        if not pending.any():
            return
        idx = np.flatnonzero(pending & (s.indication == I_ON_HOLD) & s.reconsider)
        f.reconsider[idx] = False
        when = f.reconsider_time[idx]
        decision = self._decide(idx, when, t, True, False)
        self._resolve_indication(idx[decision == STAYS_HOME], OUT_WITHDRAWN_RECONSIDERED)
        confirmed = decision == RESIDENTIAL_STAY
        self._confirm(idx[confirmed], when[confirmed], t)
        # Waiting for a bed: once it is free, the placement goes ahead unless the case has improved.
        idx = np.flatnonzero(pending & (s.indication == I_WAITING_FOR_BED))
        ready = f.bed_ready_week[idx] - t * dt
        due = ready <= dt
        idx, when = idx[due], np.maximum(ready[due], 0.0)
        improved = self._severity_within_step(idx, when) < p.indicated_placement.withdraw_severity
        self._resolve_indication(idx[improved], OUT_WITHDRAWN_IMPROVED)
        self._start_residential(idx[~improved], when[~improved], t)
