"""Case reviews (sim/processes/case_review.cpp): step up, step down, or close the case.

A mixin of `Model` (model.py): its methods act on the model's state `self.s` (state.py).
"""

from __future__ import annotations

import numpy as np

from .state import EPS, EXITED, I_NONE, M_ACTIVE, M_ENDED, OUT_WITHDRAWN_IMPROVED, Q_HANDOVER, RESIDENTIAL


class CaseReviews:
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
