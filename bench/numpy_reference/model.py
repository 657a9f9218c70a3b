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
family of a kind takes the i-th smallest slot (`_assign` in professional_allocation.py). Every cost
of a step grows linearly with the families (and professionals) of a chunk.

Each process is a mixin in a module of its own, named as its file in sim/processes/ (crisis.py,
severity.py, ...); `Model` joins them. state.py holds what they share: the codes, constants and
arrays, the hazard helpers and `StateQueries`.
"""

from __future__ import annotations

import math

import numpy as np

from .case_review import CaseReviews
from .crisis import Crises
from .exit import Exit
from .indicated_placement import IndicatedPlacements
from .intake import Intake
from .mentor_dynamics import MentorDynamics
from .mentor_search import MentorSearch
from .parental_capacity import ParentalCapacity
from .placement_decision import PlacementDecisions
from .professional_allocation import ProfessionalAllocation
from .residential_stay import ResidentialStays
from .severity import Severity
from .state import CHUNK_FAMILIES, EPS, EXITED, NOT_ARRIVED, StateQueries, _namespace
from .support_dose import SupportDose


class Model(Intake, Exit, ResidentialStays, MentorSearch, MentorDynamics, ProfessionalAllocation, SupportDose,
            Severity, ParentalCapacity, Crises, PlacementDecisions, IndicatedPlacements, CaseReviews, StateQueries):
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
