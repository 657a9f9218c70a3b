"""Placement decisions (sim/processes/placement_decision.cpp): whether placement is needed, the
family's say, an adult's consent, respite with the mentor instead.

A mixin of `Model` (model.py): its methods act on the model's state `self.s` (state.py).
"""

from __future__ import annotations

import numpy as np

from .state import RESIDENTIAL_STAY, RESPITE_STAY, STAYS_HOME, WEEKS_PER_YEAR, _logistic


class PlacementDecisions:
    def _placement_needed(self, severity, threshold):
        spread = self.p.placement.decision_spread
        if spread <= 0.0:
            return (severity >= threshold).astype(float)
        return _logistic((severity - threshold) / spread)

    def _decide(self, idx, t_in_step, t, reconsideration, place_now):
        """The placement decision for each family in idx, `t_in_step` weeks into step t."""
        f, p, rng = self.s.flat, self.p, self.rng
        pl = p.placement
        n = idx.size
        decision = np.full(n, STAYS_HOME, dtype=np.int8)
        if n == 0:
            return decision
        j = f.prof[idx]
        flat_j = self.replicate_of[idx] * self.P + np.maximum(j, 0)
        threshold = np.where(j >= 0, self.threshold[flat_j], p.professionals.crisis_threshold_mean)
        if reconsideration:
            threshold = threshold + p.indicated_placement.reconsider_threshold_shift
        mentor = self._mentor_active_at(idx, t_in_step, t)
        severity = self._severity_within_step(idx, t_in_step)
        credit = (np.where(f.safety_plan[idx], pl.safety_plan_credit, 0.0) +
                  np.where(mentor, pl.mentor_bond_credit * f.bond[idx], 0.0) +
                  pl.capacity_credit * (f.capacity[idx] - 0.5))
        u = rng.random(n)
        needed = u < self._placement_needed(severity, threshold + credit)
        held = ~needed & (u < self._placement_needed(severity, threshold))
        f.decisions_held_by_network[idx[held]] += 1.0
        age = f.age_at_intake[idx] + (self._weeks_since_intake_at_start(idx, t) + t_in_step) / WEEKS_PER_YEAR
        declined = (age >= 18.0) & ~(rng.random(n) < pl.adult_factor)
        goes = needed & ~declined
        gap = self._support_gap(f.case_open[idx], f.support_hours[idx])
        willing = pl.respite_willingness * f.bond[idx] * np.exp(-f.strain[idx]) * \
            (1.0 - (1.0 - pl.unsupported_respite_factor) * gap)
        respite = goes & mentor & (rng.random(n) < willing)
        residential = goes & ~respite
        self._start_respite(idx[respite], t_in_step[respite])
        if place_now:
            self._start_residential(idx[residential], t_in_step[residential], t)
        decision[respite] = RESPITE_STAY
        decision[residential] = RESIDENTIAL_STAY
        return decision
