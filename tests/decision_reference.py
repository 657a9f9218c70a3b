"""An independent reference implementation of the decision analysis of `jimsim compare`
(/comparison/decision: the efficiency frontier, net monetary benefit, acceptability and the expected
value of perfect information), written from the method's definition (the incremental analysis of
dampack's calculate_icers and common HTA practice) and docs/results-format.md, with numpy only.
Nothing here calls or mirrors jimsim's C++ code; tests/check_decision.py compares a results file with it.

Everything works on per-replicate values per family, higher effect is better:

- cost per family = cost_total / families;
- effect per family = -(placed / families) for `placements`, -(residential_days / families) for
  `residential_days`, +(placement_free_weeks / families) for `placement_free_weeks`;
- a replicate in which any policy has no families (or a non-finite cost or effect) is dropped for
  every policy, so all statistics are paired over the same replicates.
"""
import math

import numpy as np
from scipy import stats

INTERVAL_LEVEL = 0.95

# effect -> (outcome field, sign, effect_unit, effect_per_family_unit)
EFFECTS = {
    "placements": ("placed", -1.0, "placement averted", "placements/family"),
    "residential_days": ("residential_days", -1.0, "residential day avoided", "days/family"),
    "placement_free_weeks": ("placement_free_weeks", 1.0, "placement-free week gained", "weeks/family"),
}

ESTIMATE_COLUMNS = ("mean", "range_lower", "range_upper", "mean_lower", "mean_upper", "replicates")


def estimate(values):
    """The six estimate columns of docs/results-format.md over the finite values, plus `scale` (the
    largest magnitude among them, for the absolute part of a tolerance)."""
    values = np.asarray(values, dtype=float)
    finite = values[np.isfinite(values)]
    n = int(finite.size)
    out = {"mean": float(np.mean(finite)) if n else math.nan, "range_lower": math.nan, "range_upper": math.nan,
           "mean_lower": math.nan, "mean_upper": math.nan, "replicates": n,
           "scale": float(np.max(np.abs(finite))) if n else 0.0}
    if n >= 2:
        tail = 100 * (1 - INTERVAL_LEVEL) / 2
        out["range_lower"] = float(np.percentile(finite, tail))  # numpy's default: linear interpolation
        out["range_upper"] = float(np.percentile(finite, 100 - tail))
        half = float(stats.t.ppf(1 - (1 - INTERVAL_LEVEL) / 2, n - 1)) * float(np.std(finite, ddof=1)) / math.sqrt(n)
        out["mean_lower"] = out["mean"] - half
        out["mean_upper"] = out["mean"] + half
    return out


def no_estimate():
    """The estimate columns of a row without a comparator: NaN, 0 replicates."""
    return {"mean": math.nan, "range_lower": math.nan, "range_upper": math.nan, "mean_lower": math.nan,
            "mean_upper": math.nan, "replicates": 0, "scale": 0.0}


def per_family(raw, effect):
    """raw: dict outcome field -> array [policy, replicate] of one subgroup (totals over the cohort).
    Returns (cost, effect, used): cost and effect per family [policy, used replicate], and the boolean
    mask of the replicates used (every policy has families and finite values)."""
    field, sign, _, _ = EFFECTS[effect]
    families = np.asarray(raw["families"], dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        cost = np.asarray(raw["cost_total"], dtype=float) / families
        eff = sign * (np.asarray(raw[field], dtype=float) / families)
    ok = (families > 0) & np.isfinite(cost) & np.isfinite(eff)
    used = ok.all(axis=0)
    return cost[:, used], eff[:, used], used


def classify(costs, effects):
    """The incremental analysis on mean cost and effect per policy (file order). Returns one dict per
    policy: status, rank (1-based position by cost), comparator and next (policy indexes or None).

    - order: cost ascending; equal cost: the higher effect first, then file order;
    - duplicate: an earlier policy (file order) has exactly the same cost and effect; comparator = the
      first such policy;
    - dominated: another policy costs no more and achieves at least as much (not both equal);
      comparator = the first such policy in the cost order;
    - extendedly dominated: of the rest, in cost order, repeatedly the first policy whose ratio against
      the previous one exceeds the next one's ratio against it is removed (equal ratios stay);
      comparator / next = the policies below / above it on the final frontier;
    - the cheapest of the remaining frontier is `reference` (`dominant` when it is the only one and
      some other policy, not a mere copy of it, is dominated or extendedly dominated); the others
      `frontier`, comparator = the previous one.
    """
    costs = [float(c) for c in costs]
    effects = [float(e) for e in effects]
    n = len(costs)
    order = sorted(range(n), key=lambda i: (costs[i], -effects[i], i))
    rank = {i: k + 1 for k, i in enumerate(order)}
    rows = [{"status": None, "rank": rank[i], "comparator": None, "next": None} for i in range(n)]

    for i in range(n):
        for j in range(i):
            if costs[j] == costs[i] and effects[j] == effects[i]:
                rows[i]["status"], rows[i]["comparator"] = "duplicate", j
                break
    for i in order:
        if rows[i]["status"] is not None:
            continue
        for j in order:
            if j == i:
                continue
            if costs[j] <= costs[i] and effects[j] >= effects[i] and not (costs[j] == costs[i] and
                                                                           effects[j] == effects[i]):
                rows[i]["status"], rows[i]["comparator"] = "dominated", j
                break

    frontier = [i for i in order if rows[i]["status"] is None]

    def ratio(a, b):  # cost and effect strictly increase along `frontier`: every ratio is finite, > 0
        return (costs[b] - costs[a]) / (effects[b] - effects[a])

    removed = []
    while True:
        for k in range(1, len(frontier) - 1):
            if ratio(frontier[k - 1], frontier[k]) > ratio(frontier[k], frontier[k + 1]):
                removed.append(frontier.pop(k))
                break
        else:
            break
    for i in removed:
        rows[i]["status"] = "extendedly dominated"
        rows[i]["comparator"] = [j for j in frontier if rank[j] < rank[i]][-1]
        rows[i]["next"] = [j for j in frontier if rank[j] > rank[i]][0]
    if frontier:
        # Dominant only when some policy that differs from it (not a copy) is off the frontier.
        others_differ = any(row["status"] in ("dominated", "extendedly dominated") for row in rows)
        rows[frontier[0]]["status"] = "dominant" if len(frontier) == 1 and others_differ else "reference"
        for a, b in zip(frontier, frontier[1:]):
            rows[b]["status"], rows[b]["comparator"] = "frontier", a
    return rows


def frontier_table(cost, effect):
    """The frontier rows of one subgroup from per-family values [policy, replicate] (replicates
    already paired): per policy the classification plus the estimates of cost, effect, incremental
    cost and effect against the comparator (paired), and the ratio (frontier rows whose incremental
    effect's interval of the mean lies above 0: mean incremental cost / mean incremental effect)."""
    cost = np.asarray(cost, dtype=float)
    effect = np.asarray(effect, dtype=float)
    mean_cost = [estimate(c)["mean"] for c in cost]
    mean_effect = [estimate(e)["mean"] for e in effect]
    rows = classify(mean_cost, mean_effect)
    for i, row in enumerate(rows):
        row["cost_per_family"] = estimate(cost[i])
        row["effect_per_family"] = estimate(effect[i])
        j = row["comparator"]
        if j is None:
            row["incremental_cost"], row["incremental_effect"] = no_estimate(), no_estimate()
        else:
            row["incremental_cost"] = estimate(cost[i] - cost[j])
            row["incremental_effect"] = estimate(effect[i] - effect[j])
        row["ratio"] = math.nan
        if row["status"] == "frontier" and row["incremental_effect"]["mean_lower"] > 0:
            row["ratio"] = row["incremental_cost"]["mean"] / row["incremental_effect"]["mean"]
    return rows


def net_benefit(cost, effect, wtp):
    """Net monetary benefit per family, [policy, replicate]: wtp x effect - cost."""
    return wtp * np.asarray(effect, dtype=float) - np.asarray(cost, dtype=float)


def tie_order(cost, effect):
    """How ties are broken everywhere: the lower mean cost, then the higher mean effect, then the
    earlier policy."""
    mean_cost = [estimate(c)["mean"] for c in np.asarray(cost, dtype=float)]
    mean_effect = [estimate(e)["mean"] for e in np.asarray(effect, dtype=float)]
    return sorted(range(len(mean_cost)), key=lambda s: (mean_cost[s], -mean_effect[s], s))


def best_expected(cost, effect, wtp):
    """The policy with the highest mean net monetary benefit; ties as tie_order."""
    nmb = net_benefit(cost, effect, wtp)
    mean_nmb = [estimate(v)["mean"] for v in nmb]
    order = tie_order(cost, effect)
    return min(order, key=lambda s: (-mean_nmb[s], order.index(s)))


def probability_best(cost, effect, wtp):
    """Per policy, the share of replicates in which it has the highest net monetary benefit (a tie
    within a replicate goes as tie_order), as (counts, replicates)."""
    nmb = net_benefit(cost, effect, wtp)
    n = nmb.shape[1]
    order = np.asarray(tie_order(cost, effect), dtype=int)
    # argmax over the policies in tie order: the first of equal maxima is the one tie_order prefers.
    winners = order[np.argmax(nmb[order], axis=0)] if n else np.zeros(0, dtype=int)
    return np.bincount(winners, minlength=nmb.shape[0]), n


def evpi(cost, effect, wtp):
    """Expected value of perfect information per family: mean over replicates of the highest net
    benefit minus the highest mean net benefit, at least 0."""
    nmb = net_benefit(cost, effect, wtp)
    value = float(np.mean(np.max(nmb, axis=0)) - np.max(np.mean(nmb, axis=1)))
    return max(value, 0.0)


def acceptability(cost, effect, wtps, baseline):
    """Rows (wtp ascending as given, then policy) with incremental_net_benefit (estimate of the paired
    net benefit minus the baseline's), probability_best (count / n), best_expected (0/1); and the
    value-of-information rows (wtp, evpi_per_family)."""
    rows, voi = [], []
    for wtp in wtps:
        nmb = net_benefit(cost, effect, wtp)
        counts, n = probability_best(cost, effect, wtp)
        best = best_expected(cost, effect, wtp)
        for s in range(nmb.shape[0]):
            rows.append({"wtp": float(wtp), "scenario": s,
                         "incremental_net_benefit": estimate(nmb[s] - nmb[baseline]),
                         "probability_best": counts[s] / n if n else math.nan, "best_count": int(counts[s]),
                         "best_expected": int(s == best), "mean_net_benefit": estimate(nmb[s])["mean"],
                         "net_benefit_scale": float(np.max(np.abs(nmb))) if nmb.size else 0.0})
        voi.append({"wtp": float(wtp), "evpi_per_family": evpi(cost, effect, wtp),
                    "scale": float(np.max(np.abs(nmb))) if nmb.size else 0.0})
    return rows, voi


def wtp_grid(text):
    """A --wtp value as jimsim compare documents it: one amount, FROM:TO:STEP with both ends (TO is
    the last amount even when the steps do not reach it exactly), or a list A,B,C; ascending."""
    text = text.strip()
    if ":" in text:
        start, stop, step = (float(x) for x in text.split(":"))
        count = int(math.floor((stop - start) / step + 1e-9)) + 1
        grid = [start + k * step for k in range(count)]
        if stop - grid[-1] > 1e-9 * max(1.0, stop):
            grid.append(stop)
        return grid
    return sorted({float(x) for x in text.split(",")})


DEFAULT_WTP_MAX = {"placements": 150000.0, "residential_days": 1000.0, "placement_free_weeks": 2000.0}


def default_wtp_grid(effect):
    """The default grid: 61 amounts from 0 to the effect's maximum."""
    top = DEFAULT_WTP_MAX[effect]
    return [top * k / 60 for k in range(61)]
