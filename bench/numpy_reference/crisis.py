"""Crises (sim/processes/crisis.cpp): drawn from the weekly hazard, de-escalated by the mentor or
leading to a placement decision, and further crises within the step.

A mixin of `Model` (model.py): its methods act on the model's state `self.s` (state.py).
"""

from __future__ import annotations

import numpy as np

from .state import HOME, M_ACTIVE, Q_BACK_AFTER_CRISIS, WEEKS_PER_YEAR, _chance, _event_time


class Crises:
    def _crisis_outcome(self, idx, t_in_step, t):
        """Counts a crisis; returns whether it reaches a placement decision (not de-escalated)."""
        f, p = self.s.flat, self.p
        f.crises[idx] += 1.0
        f.crises_this_step[idx] += 1
        mentor = self._mentor_active_at(idx, t_in_step, t)
        j = f.prof[idx]
        flat_j = self.replicate_of[idx] * self.P + np.maximum(j, 0)
        partner = (j < 0) | self.partner[flat_j]
        hours = f.mentor_hours[idx]
        with np.errstate(invalid="ignore"):
            reached = hours / (hours + p.crisis.mentor_reach_hours) * \
                np.where(partner, 1.0, p.professionals.non_partner_reach_factor)
        chance = p.crisis.mentor_deescalation_chance * reached * f.bond[idx] * np.exp(-f.strain[idx])
        calmed = mentor & (self.rng.random(idx.size) < chance)
        f.crises_deescalated[idx[calmed]] += 1.0
        return ~calmed

    def draw_crises(self, t):
        s, f, p, dt = self.s, self.s.flat, self.p, self.dt
        c = p.crisis
        s.crises_this_step[...] = 0
        home_from = s.home_from.copy()
        s.home_from[...] = 0.0
        home = s.setting == HOME
        middle = 0.5 * (s.severity_start + s.severity)
        age = s.age_at_intake + ((t + 1 - s.arrival_step) * dt - 0.5 * dt) / WEEKS_PER_YEAR
        hazard = c.base_hazard * np.exp(c.severity_log_slope * (middle - 1.0) - c.capacity_log_slope *
                                        (s.capacity - 0.5) - c.age_log_slope * np.abs(age - 16.0))
        hazard *= np.where(s.case_open, 1.0,
                           c.after_closure_factor * np.where(s.mentor == M_ACTIVE, c.mentor_stays_factor, 1.0))
        if not p.professionals.consistent_policy:
            hazard *= np.where(s.in_handover, c.handover_factor, 1.0)
        window = dt - home_from
        u = self.rng.random(s.shape)
        crisis = home & (window > 0.0) & (u < _chance(hazard, window))
        idx = np.flatnonzero(crisis)
        hazard = hazard.reshape(-1)[idx]
        when = home_from.reshape(-1)[idx] + _event_time(u.reshape(-1)[idx], hazard, window.reshape(-1)[idx])
        to_decision = self._crisis_outcome(idx, when, t)
        self._decide(idx[to_decision], when[to_decision], t, False, True)
        # The rest of the step can hold another crisis while the youth is home, or once a stay that
        # began at this crisis has ended within the step.
        while idx.size:
            away = f.setting[idx] != HOME
            if away.any():
                back = self._stay_end_in_step(idx)
                returned = away & (back >= 0.0)
                self._return_home(idx[returned], t, Q_BACK_AFTER_CRISIS)
                when = np.where(returned, np.maximum(when, back), when)
                keep = ~away | returned
                idx, when, hazard = idx[keep], when[keep], hazard[keep]
            rest = dt - when
            u = self.rng.random(idx.size)
            more = (rest > 0.0) & (u < _chance(hazard, np.maximum(rest, 0.0)))
            idx, hazard = idx[more], hazard[more]
            when = when[more] + _event_time(u[more], hazard, rest[more])
            to_decision = self._crisis_outcome(idx, when, t)
            self._decide(idx[to_decision], when[to_decision], t, False, True)
