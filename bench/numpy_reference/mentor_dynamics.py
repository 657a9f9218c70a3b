"""The mentor once named (sim/processes/mentor_dynamics.cpp): bond, strain, expenses and dropout.

A mixin of `Model` (model.py): its methods act on the model's state `self.s` (state.py).
"""

from __future__ import annotations

import math

import numpy as np

from .state import EXITED, HOME, M_ACTIVE, M_DROPPED_OUT, RESIDENTIAL, _chance, _event_time


class MentorDynamics:
    def _support_gap(self, case_open, support_hours):
        need = self.p.mentor_dynamics.support_need_hours
        return np.where(case_open, np.maximum(0.0, 1.0 - support_hours / need), 0.0)

    def update_mentors(self, t):
        s, f, p, dt = self.s, self.s.flat, self.p, self.dt
        md = p.mentor_dynamics
        active = (s.mentor == M_ACTIVE) & (s.setting != EXITED)
        np.copyto(s.bond, s.bond + (1.0 - s.bond) * s.bond_gain, where=active)
        gap = self._support_gap(s.case_open, s.support_hours)
        kept = math.exp(-md.strain_recovery_rate * dt)
        build = -math.expm1(-md.strain_recovery_rate * dt) / md.strain_recovery_rate \
            if md.strain_recovery_rate > 0.0 else dt
        np.copyto(s.strain, s.strain * kept + md.strain_unsupported_rate * gap * build +
                  md.strain_per_crisis * s.crises_this_step, where=active)
        s.mentor_expense_weeks[active & s.case_open & (s.setting != RESIDENTIAL)] += dt
        # A mentor named this step shares the weekly draw with the search: dropout starts next step.
        at_risk = active & (s.found_step != t)
        idx = np.flatnonzero(at_risk)
        if idx.size == 0:
            return
        strain = f.strain[idx]
        gap_i = gap.reshape(-1)[idx]
        hazard = (md.dropout_base_hazard * np.where(strain > 0.0, np.exp(md.dropout_strain_log_slope * strain), 1.0)
                  * (1.0 + (md.unsupported_dropout_factor - 1.0) * gap_i)
                  * np.where(f.role_clear[idx], 1.0, md.unclear_role_dropout_factor))
        u = self.rng.random(idx.size)
        out = u < _chance(hazard, dt)
        idx, t_out = idx[out], _event_time(u[out], hazard[out], dt)
        week = self._weeks_since_intake_at_start(idx, t) + t_out
        f.mentor[idx] = M_DROPPED_OUT
        f.mentor_dropout_week[idx] = week
        self._end_respite(idx, t_out)
        if p.mentor_search.search_again:
            again = f.case_open[idx] & (f.setting[idx] == HOME)
            self._start_search(idx[again], week[again] + p.mentor_search.repeat_search_weeks)
