"""The jimsim model in NumPy, vectorised over replicates and families.

A second implementation of the model as it stands (docs/model.md, sim/processes/), written from the
equations rather than translated from the C++ loops: the state is a set of 2-D arrays (replicates x
families), a process is a few array expressions over masks, and the rare events of a step (a mentor
named, a crisis, a decision, a stay, a review) act on the flat indices of the families they concern.
Only time is a Python loop (and the chunks of replicates, `simulate`, stepped one after the other
so that the arrays of a step stay in the cache). Random numbers are NumPy's own (the same
distributions as jimsim, not the same values), so the two implementations agree in distribution,
not draw for draw.

The one rule that depends on order is the allocation of professionals: the waiting list is served
first come first served, each family by the least loaded professional of its kind with room under
the caseload cap (lowest index on ties). It is reproduced exactly, without a loop over families:
professional j with caseload c offers the slots (c, j), (c + 1, j), ... below the cap, and the i-th
family of a kind takes the i-th smallest slot (see `_assign`). Every cost of a step grows linearly
with the families (and professionals) of a chunk.
"""

from __future__ import annotations

import math
from types import SimpleNamespace

import numpy as np

# Where the youth lives (Setting in sim/state.hpp).
NOT_ARRIVED, HOME, RESPITE, RESIDENTIAL, EXITED = range(5)
# The mentor (MentorStatus).
M_NONE, M_SEARCHING, M_NOT_FOUND, M_ACTIVE, M_DROPPED_OUT, M_ENDED = range(6)
# An indicated placement (Indication).
I_NONE, I_ON_HOLD, I_WAITING_FOR_BED = range(3)
# How an indicated placement ended (IndicationOutcome in sim/outcomes.hpp).
OUT_NONE, OUT_PLACED, OUT_WITHDRAWN_IMPROVED, OUT_WITHDRAWN_RECONSIDERED, OUT_RESPITE, OUT_OPEN_AT_END = range(6)
# Decisions (Decision in placement_decision.hpp).
STAYS_HOME, RESPITE_STAY, RESIDENTIAL_STAY = range(3)

WEEKS_PER_YEAR = 52.1775
DAYS_PER_WEEK = 7.0
REFERENCE_NETWORK = 8.0  # mentor_search_reference_network
MENTOR_HOURS_SHAPE = 4.0
INITIAL_BOND_CONCENTRATION = 10.0
BED_WAIT_SHAPE = 2.0
EPS = 1e-9
NOT_QUEUED = np.iinfo(np.int64).max
# Families stepped together (replicates x families of a chunk; see `simulate`). Large enough that
# the Python overhead of a step (a few hundred NumPy calls) is spread over many families, small
# enough that the arrays of a step (800 kB each) stay near the core's caches.
CHUNK_FAMILIES = 100_000

# Phases of a step that put families on the waiting list, in the order they run: the list is served
# in order of (step, phase, family), which is the order jimsim appends to it.
Q_ADMIT, Q_STAY_OVER, Q_BACK_AFTER_CRISIS, Q_HANDOVER = range(4)


class Arrays:
    """Named 2-D arrays (replicates x families), each with a flat view of the same memory in
    `.flat`, for the sparse updates of a step. Arrays are assigned once and then changed in place
    (a rebinding would separate an array from its flat view)."""

    def __init__(self, shape):
        object.__setattr__(self, "shape", shape)
        object.__setattr__(self, "flat", SimpleNamespace())

    def add(self, name, dtype, fill):
        array = np.full(self.shape, fill, dtype=dtype)
        object.__setattr__(self, name, array)
        setattr(self.flat, name, array.reshape(-1))

    def __setattr__(self, name, value):
        raise AttributeError(f"change {name} in place ({name}[...] = value), do not rebind it")


def _namespace(params: dict) -> SimpleNamespace:
    return SimpleNamespace(**{group: SimpleNamespace(**values) for group, values in params.items()})


def _logistic(x):
    return 1.0 / (1.0 + np.exp(-x))


def _chance(hazard, weeks):
    """Chance that an event with a constant weekly hazard happens within `weeks`: 1 - exp(-h w)."""
    return -np.expm1(-hazard * weeks)


def _event_time(u, hazard, weeks):
    """When within `weeks` the event happened, given the uniform draw u < 1 - exp(-h w) that
    decided it: the inverse of the exponential distribution function."""
    with np.errstate(divide="ignore", invalid="ignore"):
        t = -np.log1p(-u) / hazard
    return np.where(hazard > 0.0, np.minimum(t, weeks), weeks)


class Model:
    """R replicates of one scenario, stepped together."""

    def __init__(self, params: dict, replicates: int, seed: int):
        self.p = p = _namespace(params)
        self.R = int(replicates)
        self.rng = np.random.default_rng(seed)
        self.dt = p.simulation.time_step_weeks
        self.steps = int(math.ceil(p.simulation.horizon_weeks / self.dt - EPS))
        self._draw_cohort()
        self._hire_professionals()
        self.training_per_replicate = float(self.P) if p.mentor_search.enabled else 0.0

    # ----------------------------------------------------------------------------------------
    # Intake: the cohort and the workforce (intake.cpp)

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

    # ----------------------------------------------------------------------------------------
    # Small helpers on flat family indices

    def _weeks_since_intake_at_start(self, idx, t):
        return (t - self.s.flat.arrival_step[idx]) * self.dt

    def _severity_within_step(self, idx, t_in_step):
        f = self.s.flat
        return f.severity_start[idx] + (f.severity[idx] - f.severity_start[idx]) * (t_in_step / self.dt)

    def _mentor_active_at(self, idx, t_in_step, t):
        f = self.s.flat
        return (f.mentor[idx] == M_ACTIVE) & ((f.found_step[idx] != t) | (f.named_time[idx] <= t_in_step))

    def _support_gap(self, case_open, support_hours):
        need = self.p.mentor_dynamics.support_need_hours
        return np.where(case_open, np.maximum(0.0, 1.0 - support_hours / need), 0.0)

    def _queue(self, idx, t, phase):
        """Puts families on the waiting list (a family already on it keeps its place)."""
        f = self.s.flat
        key = (t * 4 + phase) * self.N + idx % self.N
        f.queue_key[idx] = np.minimum(f.queue_key[idx], key)

    def _release(self, idx):
        """Ends the families' tie to their professional."""
        f = self.s.flat
        j = f.prof[idx]
        tied = j >= 0
        np.subtract.at(self.caseload, self.replicate_of[idx[tied]] * self.P + j[tied], 1)
        f.prof[idx] = -1

    def _resolve_indication(self, idx, outcome):
        f = self.s.flat
        pending = idx[f.indication[idx] != I_NONE]
        f.indication[pending] = I_NONE
        f.reconsider[pending] = False
        f.indication_outcome[pending] = outcome

    def _stop_search(self, idx):
        f = self.s.flat
        searching = idx[f.mentor[idx] == M_SEARCHING]
        f.mentor[searching] = np.where(f.mentors_so_far[searching] > 0, M_DROPPED_OUT, M_NOT_FOUND)

    def _start_search(self, idx, ends_week):
        f = self.s.flat
        f.mentor[idx] = M_SEARCHING
        f.search_ends_week[idx] = ends_week

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

    # ----------------------------------------------------------------------------------------
    # Stays (residential_stay.cpp)

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

    # ----------------------------------------------------------------------------------------
    # Mentors: search (mentor_search.cpp) and dynamics (mentor_dynamics.cpp)

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

    # ----------------------------------------------------------------------------------------
    # Professionals (professional_allocation.cpp, fixed_costs.cpp)

    def allocate_professionals(self, t):
        s, f, dt, R, P = self.s, self.s.flat, self.dt, self.R, self.P
        queued = s.queue_key != NOT_QUEUED
        if queued.any():
            at_home = (s.setting == HOME) | (s.setting == RESPITE)
            still = queued & s.case_open & at_home & ((s.prof < 0) | s.in_handover)
            s.queue_key[queued & ~still] = NOT_QUEUED
            ready = still & (s.queue_from_week <= t * dt + EPS)
            idx = np.flatnonzero(ready)
            if idx.size:
                r = self.replicate_of[idx]
                order = np.lexsort((f.queue_key[idx], r))
                idx, r = idx[order], r[order]
                kind = f.needs_specialist[idx].astype(np.int64)
                kind = np.where(self.kind_exists[kind], kind, 1 - kind)
                # A family in a collaborative handover releases its professional (of the other kind)
                # when it is served: families of that kind behind it in the queue see the freed
                # place. So the queue is served in segments (`_segments`).
                handing = f.prof[idx] >= 0
                frees = np.where(handing, self.prof_kind[np.maximum(f.prof[idx], 0)], -1)
                segment = self._segments(r, kind, frees)
                for number in range(int(segment.max()) + 1):
                    part = segment == number
                    self._assign(idx[part], r[part], kind[part], handing[part])

        # Each professional shares their hours over their caseload.
        open_ = s.case_open
        s.handover_weeks[open_ & s.in_handover] += dt
        s.waiting_weeks[open_ & (s.prof < 0)] += dt
        has = open_ & (s.prof >= 0)
        j = np.maximum(s.prof, 0)
        flat_j = self.row_offset + j
        load = np.maximum(self.caseload[flat_j], 1)
        available = self.prof_hours[j] / load
        pro = self.p.professionals
        cap_hours = np.minimum(available, pro.max_hours_per_family)
        support = np.where(has & (s.mentor == M_ACTIVE),
                           cap_hours * pro.mentor_support_share *
                           np.where(self.partner[flat_j], 1.0, pro.non_partner_mentor_support_factor), 0.0)
        family = np.where(has, np.minimum(pro.max_hours_per_family, available - support), 0.0)
        s.family_hours[...] = family
        s.support_hours[...] = support
        step_hours = (family + support) * dt
        specialist = self.prof_kind[j] == 1
        s.basic_hours[...] += np.where(has & ~specialist, step_hours, 0.0)
        s.specialist_hours[...] += np.where(has & specialist, step_hours, 0.0)
        fte_years = np.where(has, self.prof_fte[j] / load * (dt / WEEKS_PER_YEAR), 0.0)
        s.basic_fte_years[...] += np.where(specialist, 0.0, fte_years)
        s.specialist_fte_years[...] += np.where(specialist, fte_years, 0.0)
        s.mentor_support_hours[...] += support * dt
        # Idle staff time, shared over the families at the end.
        idle = (self.caseload == 0).reshape(R, P) * self.prof_fte
        self.idle_fte_years[:, 0] += idle[:, self.prof_kind == 0].sum(axis=1) * (dt / WEEKS_PER_YEAR)
        self.idle_fte_years[:, 1] += idle[:, self.prof_kind == 1].sum(axis=1) * (dt / WEEKS_PER_YEAR)

    @staticmethod
    def _segments(r, kind, frees):
        """Splits the waiting list (in queue order, replicates r ascending) into segments, each
        served at once, one after the other; `kind` is the kind each family asks for, `frees` the
        kind of the professional it frees when served (-1: none). A family starts a new segment
        when, since the previous family of its kind in its replicate's list (or the start of the
        list), a family ahead of it has freed a professional of its kind: served one at a time, it
        would see that place. Within a segment no family comes after a place freed for its kind,
        so serving the segment at once and then freeing the places is the same as serving one
        family at a time. Handovers mostly go one way (steps down), so the segments are few, not
        one per handover."""
        start = np.searchsorted(r, r)                 # where each family's replicate starts
        freed = np.zeros(r.size, dtype=np.int64)      # professionals of its kind freed ahead of it
        for k in (0, 1):
            ahead = np.cumsum(frees == k) - (frees == k)
            freed = np.where(kind == k, ahead - ahead[start], freed)
        group = r * 2 + kind
        order = np.argsort(group, kind="stable")      # each replicate and kind in queue order
        g, n = group[order], freed[order]
        previous = np.where(np.r_[True, g[1:] != g[:-1]], 0, np.r_[0, n[:-1]])
        new = np.empty(r.size, dtype=np.int64)
        new[order] = n > previous
        counted = np.cumsum(new)
        return counted - (counted - new)[start]

    def _assign(self, idx, r, kind, handing):
        """Serves waiting families (in queue order within each replicate) by the least loaded
        professional of their kind with room, lowest index on ties. Professional j with caseload c
        offers the slots (c, j), (c + 1, j), ... up to the cap; taking the least slot, one family
        after another, is the same as giving the i-th family of a replicate and kind the i-th
        smallest slot. Only the slots below the group's fill level are laid out (`_fill_level`), so
        the work grows with the families served and the professionals, not with their product."""
        f, R, P = self.s.flat, self.R, self.P
        group = r * 2 + kind
        order = np.argsort(group, kind="stable")
        idx, group, handing = idx[order], group[order], handing[order]
        rank = np.arange(idx.size) - np.searchsorted(group, group)
        wanted = np.bincount(group, minlength=2 * R)
        cap = self.p.professionals.caseload_cap
        room = np.maximum(cap - self.caseload, 0) if cap > 0 else np.full(R * P, idx.size)
        fill = self._fill_level(room, wanted)
        slots = np.clip(fill[self.prof_group] - self.caseload, 0, room)
        owner = np.repeat(np.arange(R * P), slots)
        level = self.caseload[owner] + np.arange(owner.size) - np.repeat(np.cumsum(slots) - slots, slots)
        levels = int(fill.max()) + 1
        key = (self.prof_group[owner] * levels + level) * P + owner % P
        ranked = owner[np.argsort(key)]
        per_group = np.bincount(self.prof_group[owner], minlength=2 * R)
        first_slot = np.cumsum(per_group) - per_group
        served = rank < per_group[group]
        chosen = ranked[first_slot[group[served]] + rank[served]]
        families = idx[served]
        self._release(families[handing[served]])
        f.prof[families] = chosen % P
        np.add.at(self.caseload, chosen, 1)
        f.in_handover[families] = False
        f.queue_key[families] = NOT_QUEUED

    def _fill_level(self, room, wanted):
        """Per group (replicate x kind), the lowest level L such that the slots below it, the
        slots (c, j) with c < L, number at least the families wanted (or all slots with room): the
        families served take slots below L only. Found by bisection, all groups at once; a group
        lays out fewer than `wanted` + its professionals slots."""
        groups = wanted.size
        target = np.minimum(wanted, np.bincount(self.prof_group, weights=room, minlength=groups))
        low = np.zeros(groups, dtype=np.int64)
        high = np.full(groups, int(self.caseload.max(initial=0)) + int(wanted.max(initial=0)))
        while (low < high).any():
            middle = (low + high) // 2
            below = np.clip(middle[self.prof_group] - self.caseload, 0, room)
            enough = np.bincount(self.prof_group, weights=below, minlength=groups) >= target
            high = np.where(enough, middle, high)
            low = np.where(enough, low, middle + 1)
        return low

    # ----------------------------------------------------------------------------------------
    # Support, severity, parents (support_dose.cpp, severity.cpp, parental_capacity.cpp)

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

    def update_severity(self, t):
        s, p, dt = self.s, self.p, self.dt
        sv = p.severity
        followed = (s.setting != NOT_ARRIVED) & (s.setting != EXITED)
        push = sv.max_support_effect * s.dose / (s.dose + sv.dose_half_saturation)
        r = sv.reversion_rate
        if r > 0.0:
            target = s.baseline - push / r
            mean = target + (s.severity - target) * math.exp(-r * dt)
            sd = sv.noise_sd * math.sqrt(-math.expm1(-2.0 * r * dt) / (2.0 * r))
        else:
            mean = s.severity - push * dt
            sd = sv.noise_sd * math.sqrt(dt)
        new = mean + sd * self.rng.standard_normal(s.shape) if sv.noise_sd > 0.0 else mean
        np.copyto(s.severity_start, s.severity, where=followed)
        np.copyto(s.severity, np.maximum(new, 0.0), where=followed)

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

    # ----------------------------------------------------------------------------------------
    # Crises and placement decisions (crisis.cpp, placement_decision.cpp)

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

    # ----------------------------------------------------------------------------------------
    # Indicated placements (indicated_placement.cpp)

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

    # ----------------------------------------------------------------------------------------
    # Case reviews (case_review.cpp)

    def _close_cases(self, idx, t):
        f, p = self.s.flat, self.p
        c = p.case_closure
        self._release(idx)
        self._stop_search(idx)
        self._resolve_indication(idx, OUT_WITHDRAWN_IMPROVED)
        f.case_open[idx] = False
        f.in_handover[idx] = False
        f.closure_week[idx] = (t + 1 - f.arrival_step[idx]) * self.dt
        idx = idx[f.mentor[idx] == M_ACTIVE]
        if c.role_clarity_end_meeting:
            f.role_meetings[idx] += 1.0
        stays = self.rng.random(idx.size) < (c.mentor_stays_chance_clarified if c.role_clarity_end_meeting
                                             else c.mentor_stays_chance)
        f.mentor_stayed_on[idx[stays]] = True
        f.mentor[idx[~stays]] = M_ENDED
        self._end_respite(idx[~stays], self.dt)

    def review_cases(self, t):
        s, f, p, dt = self.s, self.s.flat, self.p, self.dt
        c, pro = p.case_closure, p.professionals
        treated = (s.prof >= 0) & (s.setting != RESIDENTIAL) & (s.setting != EXITED)
        before = s.treatment_weeks.copy()
        s.treatment_weeks[treated] += dt
        after = s.treatment_weeks
        longest = after + EPS >= c.max_treatment_weeks
        interval = c.review_interval_weeks
        review = np.floor(after / interval + EPS) > np.floor(before / interval + EPS)
        due = treated & (review | longest)
        if not due.any():
            return
        closes = due & (s.indication == I_NONE) & \
            (longest | ((after + EPS >= c.min_treatment_weeks) & (s.severity < c.closure_severity)))
        self._close_cases(np.flatnonzero(closes), t)
        rest = due & ~closes & ~s.in_handover
        specialist = self.prof_kind[np.maximum(s.prof, 0)] == 1
        up = rest & ~specialist & (s.severity >= pro.step_up_severity) & self.kind_exists[1]
        down = rest & specialist & (s.severity < pro.step_down_severity) & self.kind_exists[0]
        idx = np.flatnonzero(up | down)
        if idx.size == 0:
            return
        f.needs_specialist[idx] = up.reshape(-1)[idx]
        f.in_handover[idx] = True
        f.handovers[idx] += 1.0
        if not pro.collaboration:
            self._release(idx)
            f.queue_from_week[idx] = (t + 1) * dt + pro.referral_weeks
        self._queue(idx, t, Q_HANDOVER)

    # ----------------------------------------------------------------------------------------
    # Arrivals and exits (intake.cpp, exit.cpp)

    def end_follow_up(self, t):
        s = self.s
        idx = np.flatnonzero((s.exit_step == t) & (s.setting != NOT_ARRIVED) & (s.setting != EXITED))
        if idx.size:
            self._leave(idx, (t - s.flat.arrival_step[idx]) * self.dt)

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

    # ----------------------------------------------------------------------------------------

    def step(self, t):
        """One time step: the processes in the order of step() in sim/replicate.cpp."""
        self.end_follow_up(t)
        self.admit_arrivals(t)
        self.continue_stays(t)
        self.search_for_mentors(t)
        self.allocate_professionals(t)
        self.compute_support_dose(t)
        self.update_severity(t)
        self.strengthen_parents(t)
        self.draw_crises(t)          # and the placement decisions they lead to
        self.act_on_indications(t)
        self.update_mentors(t)
        self.review_cases(t)

    def run(self):
        for t in range(self.steps):
            self.step(t)
        s = self.s
        horizon = self.steps * self.dt
        still = np.flatnonzero((s.setting != EXITED) & (s.setting != NOT_ARRIVED))
        self._leave(still, horizon - s.flat.arrival_step[still] * self.dt)
        return self


def chunk_sizes(params: dict, replicates: int, families_per_chunk: int = CHUNK_FAMILIES) -> list[int]:
    """Replicates per chunk, in order: as few chunks as hold about `families_per_chunk` families
    each (the expected families of a replicate: the cohort, or the referrals over the horizon),
    sized as evenly as possible. Depends on the parameters and the replicate count only."""
    intake = params["intake"]
    families = (intake["weekly_referrals"] * params["simulation"]["horizon_weeks"] if intake["weekly_referrals"] > 0.0
                else intake["cohort_size"])
    per_chunk = max(1, int(families_per_chunk // max(families, 1.0)))
    chunks = -(-replicates // per_chunk)
    return [len(part) for part in np.array_split(np.arange(replicates), chunks)]


def simulate(params: dict, replicates: int, seed, families_per_chunk: int = CHUNK_FAMILIES):
    """Runs `replicates` replicates of the scenario with these parameters to the horizon, a chunk
    of replicates at a time (`chunk_sizes`), and yields each chunk's Model in replicate order. Chunk
    i draws from child i of SeedSequence(seed) (an int or a sequence of ints), so a seed and a
    replicate count give the same results every time."""
    sizes = chunk_sizes(params, replicates, families_per_chunk)
    for size, stream in zip(sizes, np.random.SeedSequence(seed).spawn(len(sizes))):
        yield Model(params, size, stream).run()
