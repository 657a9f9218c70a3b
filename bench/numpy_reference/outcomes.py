"""Outcome totals of subgroup "all" per replicate, priced as sim/pricing does.

Totals are over the families followed (intake before the horizon), as sim/summary.cpp counts them;
costs are prices times the totalled counts, never summed per family.
"""

from __future__ import annotations

import numpy as np

from .model import Model
from .state import OUT_RESPITE, OUT_WITHDRAWN_IMPROVED, OUT_WITHDRAWN_RECONSIDERED

# (price, count, cost, basis) as JIMSIM_PRICES in sim/pricing.hpp; basis None applies always,
# False only when staff are costed by the hour, True only when costed as employed.
PRICES = [
    ("basic_hour", "basic_hours", "cost_professional", False),
    ("specialist_hour", "specialist_hours", "cost_professional", False),
    ("basic_fte_year", "basic_fte_years", "cost_professional", True),
    ("specialist_fte_year", "specialist_fte_years", "cost_professional", True),
    ("residential_day", "residential_days", "cost_residential", None),
    ("respite_day", "respite_days", "cost_respite", None),
    ("parent_group_week", "parent_group_weeks", "cost_parent_group", None),
    ("training_per_professional", "professionals_trained", "cost_training", None),
    ("role_meeting", "role_meetings", "cost_role_meetings", None),
    ("mentor_expenses_week", "mentor_expense_weeks", "cost_mentor_expenses", None),
]
COST_FIELDS = ["cost_professional", "cost_residential", "cost_respite", "cost_parent_group", "cost_training",
               "cost_role_meetings", "cost_mentor_expenses"]

# The fields of /outcomes (JIMSIM_OUTCOME_FIELDS), in their order.
FIELDS = [
    "families", "indicated", "indicated_placed", "indications_withdrawn_improved",
    "indications_withdrawn_reconsidered", "indications_to_respite", "follow_up_weeks", "placed",
    "placed_within_26_weeks", "placed_within_52_weeks", "placed_within_104_weeks", "followed_26_weeks",
    "followed_52_weeks", "followed_104_weeks", "placements", "weeks_to_first_placement", "placement_free_weeks",
    "residential_days", "respite_stays", "respite_days", "crises", "crises_deescalated",
    "decisions_held_by_network", "handovers", "handover_weeks", "mentors_found", "mentors_named",
    "weeks_to_mentor", "mentors_dropped_out", "mentors_stayed_on", "mentors_active_at_end", "cases_closed",
    "waiting_weeks", "professional_hours", "mentor_support_hours", "parent_group_weeks", "basic_hours",
    "specialist_hours", "basic_fte_years", "specialist_fte_years", "professionals_trained", "role_meetings",
    "mentor_expense_weeks", *COST_FIELDS, "cost_total",
]


def price(totals: dict, costs) -> dict:
    """Sets every cost field (and cost_total) from the counts and the prices."""
    for field in COST_FIELDS:
        totals[field] = np.zeros_like(totals["families"])
    for price_name, count, cost, employed in PRICES:
        if employed is None or employed == bool(costs.staff_employed):
            totals[cost] = totals[cost] + totals[count] * getattr(costs, price_name)
    totals["cost_total"] = sum(totals[field] for field in COST_FIELDS)
    return totals


def summarise(model: Model) -> dict:
    """Per-replicate totals of subgroup "all": a dict of arrays of length R."""
    s = model.s
    followed = ~np.isnan(s.follow_up_weeks)
    n_followed = followed.sum(axis=1).astype(float)

    def total(values):
        return np.where(followed, values, 0.0).sum(axis=1).astype(float)

    placed = ~np.isnan(s.first_placement_week)
    found = ~np.isnan(s.mentor_found_week)
    follow = np.where(followed, s.follow_up_weeks, 0.0)
    first = np.where(placed, s.first_placement_week, np.inf)
    out = {"families": n_followed}
    out["indicated"] = total(s.placement_indicated)
    out["indicated_placed"] = total(s.placement_indicated & placed)
    out["indications_withdrawn_improved"] = total(s.indication_outcome == OUT_WITHDRAWN_IMPROVED)
    out["indications_withdrawn_reconsidered"] = total(s.indication_outcome == OUT_WITHDRAWN_RECONSIDERED)
    out["indications_to_respite"] = total(s.indication_outcome == OUT_RESPITE)
    out["follow_up_weeks"] = total(follow)
    out["placed"] = total(placed)
    for weeks in (26, 52, 104):
        followed_for = follow >= weeks - 1e-9
        out[f"placed_within_{weeks}_weeks"] = total(followed_for & placed & (first <= weeks + 1e-9))
    for weeks in (26, 52, 104):
        out[f"followed_{weeks}_weeks"] = total(follow >= weeks - 1e-9)
    out["placements"] = total(s.placements)
    out["weeks_to_first_placement"] = total(np.where(placed, s.first_placement_week, 0.0))
    out["placement_free_weeks"] = total(np.where(placed, s.first_placement_week, follow))
    for name in ("residential_days", "respite_stays", "respite_days", "crises", "crises_deescalated",
                 "decisions_held_by_network", "handovers", "handover_weeks"):
        out[name] = total(getattr(s, name))
    out["mentors_found"] = total(found)
    out["mentors_named"] = total(s.mentors_named)
    out["weeks_to_mentor"] = total(np.where(found, s.mentor_found_week, 0.0))
    out["mentors_dropped_out"] = total(~np.isnan(s.mentor_dropout_week))
    out["mentors_stayed_on"] = total(s.mentor_stayed_on)
    out["mentors_active_at_end"] = total(s.mentor_active_at_end)
    out["cases_closed"] = total(~np.isnan(s.closure_week))
    out["waiting_weeks"] = total(s.waiting_weeks)
    out["basic_hours"] = total(s.basic_hours)
    out["specialist_hours"] = total(s.specialist_hours)
    out["professional_hours"] = out["basic_hours"] + out["specialist_hours"]
    out["mentor_support_hours"] = total(s.mentor_support_hours)
    out["parent_group_weeks"] = total(s.parent_group_weeks)
    # Idle staff time and the training headcount are shared equally over the families followed.
    out["basic_fte_years"] = total(s.basic_fte_years) + np.where(n_followed > 0, model.idle_fte_years[:, 0], 0.0)
    out["specialist_fte_years"] = total(s.specialist_fte_years) + \
        np.where(n_followed > 0, model.idle_fte_years[:, 1], 0.0)
    out["professionals_trained"] = np.where(n_followed > 0, model.training_per_replicate, 0.0)
    out["role_meetings"] = total(s.role_meetings)
    out["mentor_expense_weeks"] = total(s.mentor_expense_weeks)
    price(out, model.p.costs)
    return {field: out[field] for field in FIELDS}
