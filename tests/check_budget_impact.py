#!/usr/bin/python3
"""Independent recomputation of /comparison/decision/budget_impact from the raw per-replicate
resource use by year since intake (/resource_use_by_year) and cohort sizes (/outcomes), with numpy.

The definition (README, "Budget impact"): referrals arrive evenly over each calendar year, so a
referral spends half of each year since intake in one calendar year and half in the next. With N
referrals a year and per-referral use u_k in year k since intake (k = 0, 1, ...; the replicate's
amount divided by its families), calendar year t (1-based) holds N * (u_0 + ... + u_{t-2} + u_{t-1}/2);
year 0 in the table is the total over the years. Estimates: mean, 2.5/97.5th percentiles (numpy's
linear interpolation) and the Student-t 95% interval of the mean; differences are paired by replicate.

Usage: check_budget_impact.py RESULTS.h5   (exit 1 listing every mismatch)
"""
import math
import sys

import h5py
import numpy as np
from scipy import stats


def text(v):
    return v.decode() if isinstance(v, bytes) else str(v)


def estimate(values):
    v = np.asarray(values, dtype=float)
    v = v[np.isfinite(v)]
    n = len(v)
    if n < 2:
        return {"mean": float(v.mean()) if n else math.nan}
    mean = float(v.mean())
    half = stats.t.ppf(0.975, n - 1) * float(v.std(ddof=1)) / math.sqrt(n)
    return {"mean": mean, "range_lower": float(np.percentile(v, 2.5)), "range_upper": float(np.percentile(v, 97.5)),
            "mean_lower": mean - half, "mean_upper": mean + half, "replicates": n}


def calendar_years(per_referral, referrals, years):
    """[replicate, year 1..years] from per-referral use [replicate, year since intake]."""
    R, K = per_referral.shape
    out = np.zeros((R, years))
    for t in range(1, years + 1):
        for k in range(min(t, K)):
            out[:, t - 1] += (0.5 if k == t - 1 else 1.0) * per_referral[:, k]
    return referrals * out


def main(path):
    problems, checked = [], 0
    with h5py.File(path, "r") as f:
        points = [text(p) for p in f["outcomes/point"][:]]
        whole = [text(s) for s in f["outcomes/subgroup"][:]].index("all")
        families = np.asarray(f["outcomes/families"][:, :, whole], dtype=float)  # [point, replicate]
        baseline = text(f["comparison"].attrs["baseline"])
        table = f["comparison/decision/budget_impact"]
        referrals = float(table.attrs["population"])
        years = int(table.attrs["years"])
        rows = {k: table[k][:] for k in table if k != "row"}
        b = points.index(baseline)
        amounts = {}
        for item in {text(i) for i in rows["item"]}:
            use = np.asarray(f["resource_use_by_year"][item][()], dtype=float)  # [point, replicate, year]
            per_referral = np.nan_to_num(use / families[:, :, None], nan=0.0)
            amounts[item] = [calendar_years(per_referral[p], referrals, years) for p in range(len(points))]
        for i in range(len(rows["scenario"])):
            scenario, item, year = text(rows["scenario"][i]), text(rows["item"][i]), int(rows["year"][i])
            p = points.index(scenario)
            mine = amounts[item][p]
            theirs = amounts[item][b]
            pick = (lambda a: a.sum(axis=1)) if year == 0 else (lambda a: a[:, year - 1])
            for prefix, values in (("value_", pick(mine)), ("difference_", pick(mine) - pick(theirs))):
                want = estimate(values)
                for key, expected in want.items():
                    stored = float(rows[prefix + key][i])
                    checked += 1
                    scale = max(1.0, float(np.max(np.abs(values))) if len(values) else 1.0)
                    if not (abs(stored - expected) <= 1e-9 * scale or (math.isnan(stored) and math.isnan(expected))):
                        problems.append(f"{scenario} year {year} {item} {prefix}{key}: file {stored!r}, recomputed {expected!r}")
    if problems or checked == 0:
        print(f"{path}: {len(problems)} mismatches in budget_impact ({checked} checks):", file=sys.stderr)
        for p in problems[:50]:
            print("  " + p, file=sys.stderr)
        return 1
    print(f"{path}: budget_impact agrees with the recomputation ({checked} checks)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
