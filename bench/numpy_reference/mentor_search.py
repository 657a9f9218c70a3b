"""The youth's search for a mentor (sim/processes/mentor_search.cpp): started, a mentor named
(or the naming undone), the search ended.

A mixin of `Model` (model.py): its methods act on the model's state `self.s` (state.py).
"""

from __future__ import annotations

import math

import numpy as np

from .state import (
    EPS, EXITED, INITIAL_BOND_CONCENTRATION, MENTOR_HOURS_SHAPE, M_ACTIVE, M_DROPPED_OUT, M_NOT_FOUND,
    M_SEARCHING, REFERENCE_NETWORK, WEEKS_PER_YEAR, _chance, _event_time, _logistic)


class MentorSearch:
    def _start_search(self, idx, ends_week):
        f = self.s.flat
        f.mentor[idx] = M_SEARCHING
        f.search_ends_week[idx] = ends_week

    def _stop_search(self, idx):
        f = self.s.flat
        searching = idx[f.mentor[idx] == M_SEARCHING]
        f.mentor[searching] = np.where(f.mentors_so_far[searching] > 0, M_DROPPED_OUT, M_NOT_FOUND)

    def _name_mentor(self, idx, t_in_step, t):
        f, p, rng = self.s.flat, self.p, self.rng
        m = p.mentor_search
        week = self._weeks_since_intake_at_start(idx, t) + t_in_step
        age = f.age_at_intake[idx] + week / WEEKS_PER_YEAR
        n = idx.size
        hours = rng.gamma(MENTOR_HOURS_SHAPE, m.mentor_hours_mean / MENTOR_HOURS_SHAPE, n) \
            if m.mentor_hours_mean > 0.0 else np.zeros(n)
        if m.years_known_sd > 0.0 and m.years_known_mean > 0.0:
            shape = (m.years_known_mean / m.years_known_sd) ** 2
            years = rng.gamma(shape, m.years_known_mean / shape, n)
        else:
            years = np.full(n, m.years_known_mean)
        years = np.minimum(years, age)
        mean = m.initial_bond_mean
        if 0.0 < mean < 1.0:
            mean = _logistic(math.log(mean / (1.0 - mean)) + m.bond_log_odds_per_year_known *
                             (years - m.years_known_mean))
            bond = rng.beta(mean * INITIAL_BOND_CONCENTRATION, (1.0 - mean) * INITIAL_BOND_CONCENTRATION)
        else:
            bond = np.full(n, 1.0 if mean >= 1.0 else 0.0)
        f.mentor[idx] = M_ACTIVE
        f.found_step[idx] = t
        f.named_time[idx] = t_in_step
        f.mentor_hours[idx] = hours
        f.bond[idx] = bond
        f.bond_gain[idx] = -np.expm1(-p.mentor_dynamics.bond_growth_per_hour * hours * self.dt)
        f.strain[idx] = 0.0
        f.role_clear[idx] = p.mentor_dynamics.role_clarity_start_meeting
        if p.mentor_dynamics.role_clarity_start_meeting:
            f.role_meetings[idx] += 1.0
        f.mentors_so_far[idx] += 1
        f.mentors_named[idx] += 1.0
        first = np.isnan(f.mentor_found_week[idx])
        f.mentor_found_week[idx[first]] = week[first]

    def _unname_mentor_after(self, idx, t_in_step, t):
        """A youth placed before the moment in this step a mentor was named never named one."""
        f, p = self.s.flat, self.p
        later = (f.mentor[idx] == M_ACTIVE) & (f.found_step[idx] == t) & (f.named_time[idx] > t_in_step + EPS)
        idx = idx[later]
        f.mentors_so_far[idx] -= 1
        f.mentor[idx] = np.where(f.mentors_so_far[idx] > 0, M_DROPPED_OUT, M_NOT_FOUND)
        f.found_step[idx] = -1
        f.mentors_named[idx] -= 1.0
        f.mentor_found_week[idx[f.mentors_so_far[idx] == 0]] = np.nan
        if p.mentor_dynamics.role_clarity_start_meeting:
            f.role_meetings[idx] -= 1.0

    def search_for_mentors(self, t):
        s, f, p, dt = self.s, self.s.flat, self.p, self.dt
        idx = np.flatnonzero((s.mentor == M_SEARCHING) & (s.setting != EXITED))
        if idx.size == 0:
            return
        start = self._weeks_since_intake_at_start(idx, t)
        ends = f.search_ends_week[idx]
        window = np.minimum(dt, ends - start)
        m = p.mentor_search
        hazard = m.weekly_hazard * np.exp(m.network_log_effect * (f.network[idx] - REFERENCE_NETWORK))
        u = self.rng.random(idx.size)
        with np.errstate(invalid="ignore"):
            named = f.findable[idx] & (window > 0.0) & (u < _chance(hazard, np.maximum(window, 0.0)))
        t_named = _event_time(u[named], hazard[named], window[named])
        self._name_mentor(idx[named], t_named, t)
        self._request_reconsideration(idx[named], t_named)
        over = ~named & (start + dt >= ends - EPS)
        done = idx[over]
        f.mentor[done] = np.where(f.mentors_so_far[done] > 0, M_DROPPED_OUT, M_NOT_FOUND)
        self._request_reconsideration(done, np.clip(ends[over] - start[over], 0.0, dt))
