"""Intake (sim/processes/intake.cpp): the cohort drawn, the workforce hired, families admitted at
their arrival step.

A mixin of `Model` (model.py): its methods act on the model's state `self.s` (state.py).
"""

from __future__ import annotations

import math

import numpy as np

from .state import (
    Arrays, EPS, HOME, I_NONE, I_ON_HOLD, M_NONE, NOT_ARRIVED, NOT_QUEUED, OUT_NONE, Q_ADMIT, WEEKS_PER_YEAR)


class Intake:
    def _arrival_weeks(self):
        """Arrival weeks (R x N); families that never arrive (padding of a region's replicates with
        fewer referrals) are at +inf."""
        p, R, rng = self.p, self.R, self.rng
        if p.intake.weekly_referrals > 0.0:
            horizon = p.simulation.horizon_weeks
            expected = p.intake.weekly_referrals * horizon
            n = int(expected + 10.0 * math.sqrt(expected) + 20)
            while True:
                weeks = np.cumsum(rng.exponential(1.0 / p.intake.weekly_referrals, (R, n)), axis=1)
                if (weeks[:, -1] >= horizon).all():
                    break
                n *= 2
            weeks[weeks >= horizon] = np.inf
            return weeks[:, : int((weeks < horizon).sum(axis=1).max())]
        n = p.intake.cohort_size
        if p.intake.arrival_window_weeks > 0.0:
            return p.intake.arrival_window_weeks * rng.random((R, n))
        return np.zeros((R, n))

    def _draw_cohort(self):
        p, R, rng, dt = self.p, self.R, self.rng, self.dt
        intake = p.intake
        arrival = self._arrival_weeks()
        self.N = N = arrival.shape[1]
        self.cohort_sizes = np.isfinite(arrival).sum(axis=1)
        shape = (R, N)

        age = intake.age_min_years + (intake.age_max_years - intake.age_min_years) * rng.random(shape)
        # Severity: normal truncated at 0 (rejection, as jimsim: 64 tries, then 0).
        if intake.severity_sd > 0.0:
            severity = rng.normal(intake.severity_mean, intake.severity_sd, shape)
            for _ in range(63):
                negative = severity < 0.0
                if not negative.any():
                    break
                severity[negative] = rng.normal(intake.severity_mean, intake.severity_sd, negative.sum())
            severity[severity < 0.0] = 0.0
        else:
            severity = np.full(shape, max(intake.severity_mean, 0.0))
        capacity = self._beta(intake.parental_capacity_mean, intake.parental_capacity_concentration, shape)
        network = (rng.poisson(intake.network_size_mean, shape).astype(float)
                   if intake.network_size_mean > 0.0 else np.zeros(shape))
        joins_group = rng.random(shape) < p.parent_group.uptake
        indicated = rng.random(shape) < intake.indicated_share
        findable = ~(rng.random(shape) < p.mentor_search.never_found_share)

        s = self.s = Arrays(shape)
        never = np.iinfo(np.int64).max // 4
        with np.errstate(invalid="ignore"):
            arrival_step = np.where(np.isfinite(arrival), np.ceil(arrival / dt - EPS), never).astype(np.int64)
        followed_weeks = np.maximum((p.simulation.exit_age_years - age) * WEEKS_PER_YEAR, 0.0)
        exit_step = arrival_step + np.ceil(followed_weeks / dt - EPS).astype(np.int64)

        s.add("setting", np.int8, NOT_ARRIVED)
        s.add("case_open", bool, False)
        s.add("prof", np.int64, -1)
        s.add("arrival_step", np.int64, 0)
        s.arrival_step[...] = arrival_step
        s.add("exit_step", np.int64, 0)
        s.exit_step[...] = exit_step
        s.add("age_at_intake", float, 0.0)
        s.age_at_intake[...] = age
        s.add("severity", float, 0.0)
        s.severity[...] = severity
        s.add("severity_start", float, 0.0)
        s.severity_start[...] = severity
        s.add("baseline", float, 0.0)
        s.baseline[...] = severity * intake.baseline_share
        s.add("capacity", float, 0.0)
        s.capacity[...] = capacity
        s.add("network", float, 0.0)
        s.network[...] = network
        s.add("treatment_weeks", float, 0.0)
        s.add("stay_left", float, 0.0)
        s.add("group_weeks_left", float, 0.0)
        s.group_weeks_left[...] = np.where(joins_group, p.parent_group.duration_weeks, 0.0)
        s.add("crises_this_step", np.int32, 0)
        s.add("home_from", float, 0.0)
        s.add("indication", np.int8, I_NONE)
        s.add("bed_ready_week", float, 0.0)
        s.add("reconsider", bool, False)
        s.add("reconsider_time", float, 0.0)
        s.add("needs_specialist", bool, False)
        s.needs_specialist[...] = severity >= p.professionals.specialist_severity_threshold
        s.add("queue_from_week", float, 0.0)
        s.add("in_handover", bool, False)
        s.add("safety_plan", bool, False)
        s.add("queue_key", np.int64, NOT_QUEUED)
        s.add("family_hours", float, 0.0)
        s.add("support_hours", float, 0.0)   # professional hours supporting the mentor, per week
        s.add("dose", float, 0.0)
        s.add("mentor", np.int8, M_NONE)
        s.add("findable", bool, False)
        s.findable[...] = findable
        s.add("role_clear", bool, False)
        s.add("found_step", np.int64, -1)
        s.add("named_time", float, 0.0)
        s.add("search_ends_week", float, 0.0)
        s.add("mentors_so_far", np.int64, 0)
        s.add("mentor_hours", float, 0.0)
        s.add("bond_gain", float, 0.0)
        s.add("bond", float, 0.0)
        s.add("strain", float, 0.0)
        # What happened (FamilyRecord).
        nan = np.nan
        s.add("placement_indicated", bool, False)
        s.placement_indicated[...] = indicated
        s.add("joined_group", bool, False)
        s.joined_group[...] = joins_group
        s.add("indication_outcome", np.int8, OUT_NONE)
        for name in ("follow_up_weeks", "mentor_found_week", "mentor_dropout_week", "first_placement_week",
                     "closure_week"):
            s.add(name, float, nan)
        for name in ("placements", "residential_days", "respite_stays", "respite_days", "crises",
                     "crises_deescalated", "decisions_held_by_network", "handovers", "handover_weeks",
                     "mentors_named", "waiting_weeks", "basic_hours", "specialist_hours", "basic_fte_years",
                     "specialist_fte_years", "mentor_support_hours", "parent_group_weeks", "role_meetings",
                     "mentor_expense_weeks"):
            s.add(name, float, 0.0)
        s.add("mentor_stayed_on", bool, False)
        s.add("mentor_active_at_end", bool, False)
        self.replicate_of = np.repeat(np.arange(R), N)  # flat family index -> replicate

    def _beta(self, mean, concentration, size):
        if mean <= 0.0:
            return np.zeros(size)
        if mean >= 1.0:
            return np.ones(size)
        return self.rng.beta(mean * concentration, (1.0 - mean) * concentration, size)

    def _hire_professionals(self):
        """Basic care first, then specialist care; the last professional of a kind works the FTE's
        fraction. The same layout in every replicate (it depends on the cohort size only)."""
        p, R, rng = self.p, self.R, self.rng
        pro = p.professionals
        fixed = pro.basic_fte > 0.0 or pro.specialist_fte > 0.0
        if not fixed and p.intake.weekly_referrals > 0.0:
            raise NotImplementedError("referrals without a fixed workforce: the staff would differ by replicate")
        families = self.N
        fte_by_kind = ([pro.basic_fte, pro.specialist_fte] if fixed else
                       [math.ceil(per_100 * families / 100.0 - EPS)
                        for per_100 in (pro.basic_per_100_families, pro.specialist_per_100_families)])
        salary_week = [p.costs.basic_fte_year / WEEKS_PER_YEAR, p.costs.specialist_fte_year / WEEKS_PER_YEAR]
        kind, fte = [], []
        for k, total in enumerate(fte_by_kind):
            left = float(total)
            while left > EPS:
                kind.append(k)
                fte.append(min(1.0, left))
                left -= 1.0
        self.P = P = len(kind)
        self.prof_kind = np.array(kind, dtype=np.int64)
        self.prof_fte = np.array(fte)
        self.prof_hours = pro.weekly_hours * self.prof_fte
        self.prof_cost_week = np.array(salary_week)[self.prof_kind] * self.prof_fte if P else np.zeros(0)
        self.kind_exists = np.array([(self.prof_kind == 0).any(), (self.prof_kind == 1).any()])
        if pro.consistent_policy:
            threshold = np.full((R, P), pro.crisis_threshold_mean)
        else:
            mean = pro.crisis_threshold_mean + np.where(self.prof_kind == 1, 0.0, pro.basic_threshold_offset)
            threshold = (rng.normal(mean, pro.crisis_threshold_sd, (R, P)) if pro.crisis_threshold_sd > 0.0
                         else np.broadcast_to(mean, (R, P)).copy())
        self.threshold = threshold.reshape(-1)                                       # [r * P + j]
        self.partner = (rng.random((R, P)) < pro.equal_partner_share).reshape(-1)    # [r * P + j]
        self.caseload = np.zeros(R * P, dtype=np.int64)                              # [r * P + j]
        self.idle_fte_years = np.zeros((R, 2))
        # Group of each professional for allocation: replicate x kind.
        self.prof_group = (np.arange(R * P) // max(P, 1)) * 2 + np.tile(self.prof_kind, R)
        self.row_offset = (np.arange(R) * P)[:, None]

    def admit_arrivals(self, t):
        s, f, p = self.s, self.s.flat, self.p
        idx = np.flatnonzero((s.setting == NOT_ARRIVED) & (s.arrival_step == t))
        if idx.size == 0:
            return
        f.setting[idx] = HOME
        f.case_open[idx] = True
        f.safety_plan[idx] = p.placement.safety_plan
        self._queue(idx, t, Q_ADMIT)
        if p.mentor_search.enabled:
            self._start_search(idx, p.mentor_search.max_search_weeks)
        indicated = idx[f.placement_indicated[idx]]
        if p.mentor_search.enabled and p.indicated_placement.hold_while_searching:
            f.indication[indicated] = I_ON_HOLD
        else:
            self._confirm(indicated, np.zeros(indicated.size), t)
        gone = idx[f.exit_step[idx] <= t]
        self._leave(gone, 0.0)
