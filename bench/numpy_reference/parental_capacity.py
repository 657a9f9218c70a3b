"""Parental capacity (sim/processes/parental_capacity.cpp): built by professional hours with the
parents and by the parent group.

A mixin of `Model` (model.py): its methods act on the model's state `self.s` (state.py).
"""

from __future__ import annotations

import math

import numpy as np

from .state import EXITED, NOT_ARRIVED


class ParentalCapacity:
    def strengthen_parents(self, t):
        s, p, dt = self.s, self.p, self.dt
        followed = (s.setting != NOT_ARRIVED) & (s.setting != EXITED)
        parent_hours = s.family_hours * p.professionals.parent_share
        gain = -np.expm1(-p.support.parent_capacity_gain_per_hour * dt * parent_hours)
        np.copyto(s.capacity, s.capacity + (1.0 - s.capacity) * gain, where=followed & (parent_hours > 0.0))
        in_group = followed & (s.group_weeks_left > 0.0)
        weeks = np.minimum(dt, s.group_weeks_left)
        group_gain = -math.expm1(-p.parent_group.capacity_gain_rate * dt)
        np.copyto(s.capacity, s.capacity + (1.0 - s.capacity) * group_gain, where=in_group)
        np.copyto(s.group_weeks_left, s.group_weeks_left - weeks, where=in_group)
        np.copyto(s.parent_group_weeks, s.parent_group_weeks + weeks, where=in_group)
