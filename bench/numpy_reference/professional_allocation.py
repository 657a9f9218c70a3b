"""Professionals (sim/processes/professional_allocation.cpp, fixed_costs.cpp): the waiting list
served first come first served, hours shared over each caseload, idle staff time.

A mixin of `Model` (model.py): its methods act on the model's state `self.s` (state.py).
"""

from __future__ import annotations

import numpy as np

from .state import EPS, HOME, M_ACTIVE, NOT_QUEUED, RESPITE, WEEKS_PER_YEAR


class ProfessionalAllocation:
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
