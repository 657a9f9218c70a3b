"""The NumPy reference's state and what every process shares: the codes of settings and statuses
(as sim/state_fields.hpp), the model's constants, the arrays of a chunk of replicates x
families (`Arrays`), the parameters as attributes (`_namespace`), the logistic and hazard helpers
(`_logistic`, `_chance`, `_event_time`), and where a family is within the step (`StateQueries`).
"""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np

# Where the youth lives (Setting in sim/state_fields.hpp).
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


class StateQueries:
    """Where a family is within the step, on flat family indices: weeks since intake and severity
    within the step (sim/state.hpp's inline helpers), and whether the mentor is active at a time in
    it (mentor_active_at, sim/processes/crisis.cpp)."""

    def _weeks_since_intake_at_start(self, idx, t):
        return (t - self.s.flat.arrival_step[idx]) * self.dt

    def _severity_within_step(self, idx, t_in_step):
        f = self.s.flat
        return f.severity_start[idx] + (f.severity[idx] - f.severity_start[idx]) * (t_in_step / self.dt)

    def _mentor_active_at(self, idx, t_in_step, t):
        f = self.s.flat
        return (f.mentor[idx] == M_ACTIVE) & ((f.found_step[idx] != t) | (f.named_time[idx] <= t_in_step))
