"""Stays away from home (sim/processes/residential_stay.cpp): residential care and respite with
the mentor, counted, continued and ended.

A mixin of `Model` (model.py): its methods act on the model's state `self.s` (state.py).
"""

from __future__ import annotations

import numpy as np

from .state import DAYS_PER_WEEK, EPS, HOME, OUT_PLACED, OUT_RESPITE, Q_STAY_OVER, RESIDENTIAL, RESPITE


class ResidentialStays:
    def _count_stay(self, idx, weeks):
        f = self.s.flat
        left = f.stay_left[idx]
        counted = np.clip(np.minimum(weeks, left), 0.0, weeks)
        f.stay_left[idx] = left - weeks
        days = counted * DAYS_PER_WEEK
        residential = f.setting[idx] == RESIDENTIAL
        f.residential_days[idx] += np.where(residential, days, 0.0)
        f.respite_days[idx] += np.where(residential, 0.0, days)

    def _start_residential(self, idx, t_in_step, t):
        f, p = self.s.flat, self.p
        self._release(idx)
        self._stop_search(idx)
        self._unname_mentor_after(idx, t_in_step, t)
        self._resolve_indication(idx, OUT_PLACED)
        f.case_open[idx] = False
        f.in_handover[idx] = False  # residential care has the case: a handover under way ends
        f.setting[idx] = RESIDENTIAL
        f.closure_week[idx] = np.nan
        f.stay_left[idx] = self.rng.exponential(p.residential.mean_stay_weeks, idx.size)
        f.placements[idx] += 1.0
        first = np.isnan(f.first_placement_week[idx])
        f.first_placement_week[idx[first]] = self._weeks_since_intake_at_start(idx[first], t) + t_in_step[first]
        self._count_stay(idx, self.dt - t_in_step)

    def _start_respite(self, idx, t_in_step):
        f, p = self.s.flat, self.p
        self._resolve_indication(idx, OUT_RESPITE)
        f.setting[idx] = RESPITE
        f.stay_left[idx] = self.rng.exponential(p.placement.respite_mean_weeks, idx.size)
        f.respite_stays[idx] += 1.0
        self._count_stay(idx, self.dt - t_in_step)

    def _end_respite(self, idx, t_in_step):
        """The youth in respite goes home: the mentor who took them in has left."""
        f, dt = self.s.flat, self.dt
        in_respite = f.setting[idx] == RESPITE
        idx, t_in_step = idx[in_respite], np.broadcast_to(t_in_step, in_respite.shape)[in_respite]
        counted_until = np.minimum(dt, dt + np.minimum(f.stay_left[idx], 0.0))
        days = np.minimum(f.respite_days[idx], np.maximum(0.0, counted_until - t_in_step) * DAYS_PER_WEEK)
        f.respite_days[idx] -= days
        f.setting[idx] = HOME
        f.stay_left[idx] = 0.0

    def _return_home(self, idx, t, phase):
        f = self.s.flat
        back_from_care = idx[f.setting[idx] == RESIDENTIAL]
        f.setting[idx] = HOME
        f.stay_left[idx] = 0.0
        f.case_open[back_from_care] = True
        f.treatment_weeks[back_from_care] = 0.0
        self._queue(back_from_care, t, phase)

    def _stay_end_in_step(self, idx):
        """Weeks into the step at which the stay ended, or -1 while it goes on."""
        f = self.s.flat
        away = (f.setting[idx] == RESIDENTIAL) | (f.setting[idx] == RESPITE)
        left = f.stay_left[idx]
        return np.where(away & (left <= EPS), self.dt + left, -1.0)

    def continue_stays(self, t):
        s, f, dt = self.s, self.s.flat, self.dt
        idx = np.flatnonzero((s.setting == RESIDENTIAL) | (s.setting == RESPITE))
        left = f.stay_left[idx]
        going_on = left > EPS
        self._count_stay(idx[going_on], dt)
        over = f.stay_left[idx] <= EPS
        self._return_home(idx[over], t, Q_STAY_OVER)
        f.home_from[idx[over]] = np.clip(left[over], 0.0, dt)
