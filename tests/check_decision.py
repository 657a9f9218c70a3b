#!/usr/bin/python3
"""Independent check of the decision analysis that `jimsim compare` stores in /comparison/decision.

Usage:
    /usr/bin/python3 tests/check_decision.py RESULTS.h5 [--csv COMPARISON.csv]
                     [--effect E] [--wtp GRID] [--decision-wtp X] [--any-options]
                     [--require-status STATUS] [--crafted]
    /usr/bin/python3 tests/check_decision.py --self-test
    /usr/bin/python3 tests/check_decision.py RESULTS.h5 --make-crafted CRAFTED.h5

Every invocation first runs a self-test of the reference implementation (tests/decision_reference.py)
on hand-made cases with answers worked out by hand: extended dominance (also one that cascades),
strong dominance, exact ties (duplicates), equal cost with different effects, equal ratios (kept), a
single policy, a dominant policy, the dropping of replicates without families, and acceptability,
best expected policy and EVPI on 3-replicate examples.

Then, for RESULTS.h5 (results format 4, comparison format 3), it recomputes from the raw per-replicate
/outcomes, with numpy and scipy only:

- the frontier of every subgroup with families: ranks, statuses, comparators, `next`, the estimates
  of cost and effect per family and of the paired increments against the comparator, the ratio
  (mean incremental cost / mean incremental effect on `frontier` rows whose incremental effect's
  interval lies above 0), and that the bootstrap interval of the ratio is NaN exactly when the ratio
  is, otherwise positive and around the ratio (its random draws are not reproduced);
- the acceptability table (incremental net benefit against the baseline, probability_best,
  best_expected) and the value of information (EVPI) at every amount of the grid;
- the attributes effect, effect_unit, effect_per_family_unit, decision_wtp, best_scenario,
  best_probability and replicates_used;
- with --csv, that the frontier, acceptability and value_of_information lines of the CSV that
  `jimsim compare --csv` wrote hold the same rows, in the same order, with exactly the same numbers
  (the CSV writes every double so that it reads back bit for bit) as the file: per frontier row the
  lines cost_per_family, effect_per_family, incremental_cost, incremental_effect and ratio (the ratio
  in `mean`, its bootstrap interval in mean_lower/mean_upper), the note "STATUS: NOTE"; per
  acceptability row one line with wtp and probability_best (note "highest expected net benefit" on the
  best expected policy); per value_of_information row one line (replicates = replicates_used).

The options --effect, --wtp and --decision-wtp are those `jimsim compare` was given (absent: its
defaults: placements, the default grid, the single --wtp amount or else 0); the file's attributes and
grid are checked against them. --any-options takes effect, grid and decision_wtp from the file instead.
The grid is read as docs/results-format.md describes it: one amount, FROM:TO:STEP with both ends, or
a list (ascending); a single --wtp amount is also the grid.

--make-crafted writes a copy of RESULTS (8 points, 12 replicates, 9 subgroups, e.g. the eight
bundled policies) whose /outcomes hold hand-made frontier cases, one per subgroup (CRAFTED below);
after `jimsim compare` on it, --crafted also checks the statuses, ranks, comparators and `next` the
file gives against the answers worked by hand, and the best policy at 0 euro.

Where the definitions leave a choice, this check takes:
- a policy identical to an earlier one is a `duplicate` (comparator: the first such policy in run
  order) even when it is also dominated: duplicates are decided before dominance;
- a subgroup has frontier rows when some replicate has families for every policy (a subgroup
  without one has nothing to rank);
- of equal mean net benefit the cheaper policy, then the more effective, then the earlier in run
  order, is best expected; a tie within a replicate is broken the same way (by the means).

Statuses, ranks, comparators and probabilities (as counts of replicates) must agree exactly; numbers
agree when both are NaN or they differ by at most 1e-9 relative to the larger, or to the magnitude of
the data they summarise (numpy's pairwise sums and sequential sums differ in the last bits). The
classification is checked twice: applied to the file's own mean cost and effect it must give exactly
the file's statuses (a check of the logic); applied to the recomputed means, which agree with the
file's within rounding, a different answer can only come from a near tie (reported as a note). Likewise
for the best expected policy: an exact tie must be broken by the rule, a near tie is a note.

Exit status: 0 everything matches; 1 mismatches (listed on stdout), a failed self-test or an
unreadable file; 2 bad command line or a comparison re-priced with --price (not recomputed here).
"""
import argparse
import csv
import math
import os
import sys

import h5py
import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import decision_reference as ref  # noqa: E402
from h5_text import print_problems, text  # noqa: E402
import result_checker  # noqa: E402
from result_checker import RELATIVE_TOLERANCE  # noqa: E402

RESULTS_FORMAT_VERSION = 4
COMPARISON_FORMAT_VERSION = 3
RAW_FIELDS = ("families", "cost_total", "placed", "residential_days", "placement_free_weeks")
ESTIMATES = ("cost_per_family", "effect_per_family", "incremental_cost", "incremental_effect")


class Checker(result_checker.Checker):
    def estimate(self, where, row, prefix, expected):
        for column in ref.ESTIMATE_COLUMNS[:-1]:
            self.number(f"{where} {prefix}_{column}", row[f"{prefix}_{column}"], expected[column], expected["scale"])
        self.require(row[f"{prefix}_replicates"] == expected["replicates"],
                     f"{where} {prefix}_replicates: file has {row[f'{prefix}_replicates']}, "
                     f"expected {expected['replicates']}")


# ---------------------------------------------------------------------------------------------
# Self-test: the reference implementation on hand-made cases.

def self_test():
    """Returns the list of failures of the reference implementation on cases worked by hand."""
    problems = []

    def expect(name, got, want):
        if got != want:
            problems.append(f"self-test {name}: got {got!r}, expected {want!r}")

    def expect_close(name, got, want, tolerance=1e-12):
        if not (abs(got - want) <= tolerance * max(1.0, abs(want))):
            problems.append(f"self-test {name}: got {got!r}, expected {want!r}")

    def summary(costs, effects, names):
        rows = ref.classify(costs, effects)
        name = lambda i: None if i is None else names[i]  # noqa: E731
        return {names[i]: (r["status"], r["rank"], name(r["comparator"]), name(r["next"])) for i, r in enumerate(rows)}

    def ratios(costs, effects, names):
        """Frontier ratios on the means (single replicate per policy, so the means are the values)."""
        out = {}
        for i, r in enumerate(ref.classify(costs, effects)):
            if r["status"] == "frontier":
                j = r["comparator"]
                out[names[i]] = (costs[i] - costs[j]) / (effects[i] - effects[j])
        return out

    # Extended dominance: sorted by cost A 0, B 100, D 250, C 300; ratios B-A 100, D-B 300, C-D 100: D
    # is extendedly dominated (a mix of B and C does better); then B-A 100, C-B 200.
    names = ["A", "B", "C", "D"]
    costs, effects = [0, 100, 300, 250], [0, 1, 2, 1.5]
    expect("extended dominance", summary(costs, effects, names),
           {"A": ("reference", 1, None, None), "B": ("frontier", 2, "A", None), "C": ("frontier", 4, "B", None),
            "D": ("extendedly dominated", 3, "B", "C")})
    expect("extended dominance ratios", ratios(costs, effects, names), {"B": 100.0, "C": 200.0})

    # Cascading extended dominance: A 0/0, B 100/1, C 190/1.5, D 195/2. Ratios B-A 100, C-B 180, D-C 10:
    # C goes; then B-A 100 > D-B 95: B goes. Both lie between A and D on the final frontier.
    names = ["A", "B", "C", "D"]
    expect("cascading extended dominance", summary([0, 100, 190, 195], [0, 1, 1.5, 2], names),
           {"A": ("reference", 1, None, None), "B": ("extendedly dominated", 2, "A", "D"),
            "C": ("extendedly dominated", 3, "A", "D"), "D": ("frontier", 4, "A", None)})

    # Strong dominance: A 0/0, B 100/2, C 250/1 (dominated by B and D; B is the cheaper), D 200/3,
    # E 50/-1 (dominated by A). Frontier A, B (ratio 50), D (ratio 100).
    names = ["A", "B", "C", "D", "E"]
    costs, effects = [0, 100, 250, 200, 50], [0, 2, 1, 3, -1]
    expect("strong dominance", summary(costs, effects, names),
           {"A": ("reference", 1, None, None), "B": ("frontier", 3, "A", None), "C": ("dominated", 5, "B", None),
            "D": ("frontier", 4, "B", None), "E": ("dominated", 2, "A", None)})
    expect("strong dominance ratios", ratios(costs, effects, names), {"B": 50.0, "D": 100.0})

    # Exact ties: B2 and B3 repeat B (B2 is earlier in the file than B only in the second case).
    names = ["A", "B", "B2", "B3"]
    expect("duplicate", summary([0, 100, 100, 100], [0, 1, 1, 1], names),
           {"A": ("reference", 1, None, None), "B": ("frontier", 2, "A", None), "B2": ("duplicate", 3, "B", None),
            "B3": ("duplicate", 4, "B", None)})
    names = ["B2", "A", "B"]
    expect("duplicate, later policy repeats an earlier one", summary([100, 0, 100], [1, 0, 1], names),
           {"B2": ("frontier", 2, "A", None), "A": ("reference", 1, None, None), "B": ("duplicate", 3, "B2", None)})
    # A duplicate of a dominated policy stays a duplicate.
    names = ["A", "C", "C2"]
    expect("duplicate of a dominated policy", summary([0, 10, 10], [1, 0, 0], names),
           {"A": ("dominant", 1, None, None), "C": ("dominated", 2, "A", None), "C2": ("duplicate", 3, "C", None)})

    # Equal cost, different effect: C (more effective) ranks before B and dominates it.
    names = ["A", "B", "C"]
    costs, effects = [0, 100, 100], [0, 1, 2]
    expect("equal cost", summary(costs, effects, names),
           {"A": ("reference", 1, None, None), "B": ("dominated", 3, "C", None), "C": ("frontier", 2, "A", None)})
    expect("equal cost ratios", ratios(costs, effects, names), {"C": 50.0})

    # Equal ratios: B lies on the line from A to C and stays on the frontier.
    names = ["A", "B", "C"]
    costs, effects = [0, 100, 200], [0, 1, 2]
    expect("equal ratios", summary(costs, effects, names),
           {"A": ("reference", 1, None, None), "B": ("frontier", 2, "A", None), "C": ("frontier", 3, "B", None)})
    expect("equal ratios ratios", ratios(costs, effects, names), {"B": 100.0, "C": 100.0})

    # A single policy is the reference, not dominant.
    expect("single policy", summary([5], [-0.1], ["A"]), {"A": ("reference", 1, None, None)})

    # A dominant policy: B is cheaper and more effective than both others.
    names = ["A", "B", "C"]
    expect("dominant", summary([100, 50, 200], [1, 2, 0], names),
           {"A": ("dominated", 2, "B", None), "B": ("dominant", 1, None, None), "C": ("dominated", 3, "B", None)})

    # Estimates, and frontier_table on replicates: cost A [0, 2], B [10, 14]; effect A [0, 0], B [1, 3].
    rows = ref.frontier_table([[0.0, 2.0], [10.0, 14.0]], [[0.0, 0.0], [1.0, 3.0]])
    expect("frontier_table statuses", [(r["status"], r["comparator"]) for r in rows],
           [("reference", None), ("frontier", 0)])
    expect_close("incremental cost mean", rows[1]["incremental_cost"]["mean"], 11.0)
    expect_close("incremental effect mean", rows[1]["incremental_effect"]["mean"], 2.0)
    # Two replicates, sd 1.41421 of the increments [1, 3]: t(0.975, 1) = 12.7062047361747; the interval
    # reaches below 0, so no ratio is given.
    expect_close("incremental effect mean_lower", rows[1]["incremental_effect"]["mean_lower"],
                 2.0 - 12.706204736174707 * math.sqrt(2.0) / math.sqrt(2.0), 1e-9)
    expect("ratio hidden when the effect is not distinguishable", math.isnan(rows[1]["ratio"]), True)
    expect("no comparator: no increments", (rows[0]["incremental_cost"]["replicates"],
                                            math.isnan(rows[0]["incremental_cost"]["mean"])), (0, True))
    rows = ref.frontier_table([[0.0, 0.0, 0.0], [10.0, 12.0, 14.0]], [[0.0, 0.0, 0.0], [1.0, 1.5, 2.0]])
    expect_close("ratio", rows[1]["ratio"], 12.0 / 1.5)

    e = ref.estimate([-100.0, -50.0, -150.0])
    t2 = 0.95 / math.sqrt(2 * 0.975 * 0.025)  # t quantile with 2 degrees of freedom, closed form
    expect_close("estimate mean", e["mean"], -100.0)
    expect_close("estimate range_lower", e["range_lower"], -150.0 + 0.05 * 50.0)  # rank 0.05 of 0..2
    expect_close("estimate range_upper", e["range_upper"], -100.0 + 0.95 * 50.0)
    expect_close("estimate mean_lower", e["mean_lower"], -100.0 - t2 * 50.0 / math.sqrt(3), 1e-9)
    expect_close("estimate mean_upper", e["mean_upper"], -100.0 + t2 * 50.0 / math.sqrt(3), 1e-9)
    one = ref.estimate([3.0])
    expect("estimate of one replicate", (one["mean"], math.isnan(one["range_lower"]), math.isnan(one["mean_upper"]),
                                         one["replicates"]), (3.0, True, True, 1))
    none = ref.estimate([])
    expect("estimate of none", (math.isnan(none["mean"]), none["replicates"]), (True, 0))

    # Replicates dropped for every policy: B has no families in replicate 1, A's replicate 2 is missing.
    raw = {"families": np.array([[60.0, 50.0, np.nan, 40.0], [60.0, 0.0, 50.0, 40.0]]),
           "cost_total": np.array([[600.0, 500.0, np.nan, 800.0], [1200.0, 0.0, 100.0, 400.0]]),
           "placed": np.array([[6.0, 10.0, np.nan, 4.0], [3.0, 0.0, 5.0, 8.0]]),
           "residential_days": np.array([[60.0, 50.0, np.nan, 40.0], [30.0, 0.0, 50.0, 20.0]]),
           "placement_free_weeks": np.array([[600.0, 500.0, np.nan, 400.0], [6000.0, 0.0, 500.0, 800.0]])}
    cost, effect, used = ref.per_family(raw, "placements")
    expect("dropped replicates", used.tolist(), [True, False, False, True])
    expect("cost per family", cost.tolist(), [[10.0, 20.0], [20.0, 10.0]])
    expect("placements effect", effect.tolist(), [[-0.1, -0.1], [-0.05, -0.2]])
    expect("residential days effect", ref.per_family(raw, "residential_days")[1].tolist(), [[-1.0, -1.0], [-0.5, -0.5]])
    expect("placement-free weeks effect", ref.per_family(raw, "placement_free_weeks")[1].tolist(),
           [[10.0, 10.0], [100.0, 20.0]])

    # Acceptability and EVPI, three policies and three replicates (X the baseline):
    #   X cost [100, 200, 150] effect [0, .125, .25]; Y cost [200, 250, 300] effect [.5, .25, .375];
    #   Z cost [150, 150, 150] effect [.25, .25, .25].
    cost = np.array([[100.0, 200.0, 150.0], [200.0, 250.0, 300.0], [150.0, 150.0, 150.0]])
    effect = np.array([[0.0, 0.125, 0.25], [0.5, 0.25, 0.375], [0.25, 0.25, 0.25]])
    # Ties go to the cheaper, then the more effective policy by the means: Z (cost 150, effect .25)
    # before X (cost 150, effect .125) before Y.
    # wtp 0: NMB X [-100,-200,-150], Y [-200,-250,-300], Z [-150]*3. Best: X, Z, Z (X ties Z);
    # means X -150 = Z -150 at equal mean cost: the more effective, Z. EVPI -400/3 + 150 = 50/3.
    # wtp 200: X [-100,-175,-100], Y [-100,-200,-225], Z [-100]*3: best Z (three-way tie), Z, Z (tie);
    # means X -125, Y -175, Z -100: Z. EVPI -100 + 100 = 0.
    # wtp 400: X [-100,-150,-50], Y [0,-150,-150], Z [-50]*3: best Y, Z, Z (tie); means X -100, Y -100,
    # Z -50: Z. EVPI -100/3 + 50 = 50/3.
    # wtp 1000: X [-100,-75,100], Y [300,0,75], Z [100]*3: best Y, Z, Z (tie); means X -25/3, Y 125,
    # Z 100: Y. EVPI 500/3 - 125 = 125/3.
    rows, voi = ref.acceptability(cost, effect, [0.0, 200.0, 400.0, 1000.0], baseline=0)
    got = {(r["wtp"], "XYZ"[r["scenario"]]): (r["best_count"], r["best_expected"]) for r in rows}
    want = {(0.0, "X"): (1, 0), (0.0, "Y"): (0, 0), (0.0, "Z"): (2, 1),
            (200.0, "X"): (0, 0), (200.0, "Y"): (0, 0), (200.0, "Z"): (3, 1),
            (400.0, "X"): (0, 0), (400.0, "Y"): (1, 0), (400.0, "Z"): (2, 1),
            (1000.0, "X"): (0, 0), (1000.0, "Y"): (1, 1), (1000.0, "Z"): (2, 0)}
    expect("acceptability counts and best", got, want)
    expect("probability_best", rows[0]["probability_best"], 1 / 3)
    for got_voi, want_evpi in zip(voi, [50 / 3, 0.0, 50 / 3, 125 / 3]):
        expect_close(f"evpi at {got_voi['wtp']}", got_voi["evpi_per_family"], want_evpi)
    y0 = rows[1]["incremental_net_benefit"]  # Y - X at 0: [-100, -50, -150]
    expect_close("incremental net benefit mean", y0["mean"], -100.0)
    expect_close("incremental net benefit range_lower", y0["range_lower"], -147.5)
    expect_close("incremental net benefit range_upper", y0["range_upper"], -52.5)
    expect_close("incremental net benefit mean_upper", y0["mean_upper"], -100.0 + t2 * 50 / math.sqrt(3), 1e-9)
    x0 = rows[0]["incremental_net_benefit"]
    expect("baseline against itself", [x0[k] for k in ref.ESTIMATE_COLUMNS], [0.0, 0.0, 0.0, 0.0, 0.0, 3])
    # Equal expected net benefit, different cost: the cheaper wins although it is later in the file.
    # Q cost [30, 50] effect 1/16; P cost [10, 30] effect 0; at 320 both have NMB [-10, -30].
    expect("tie of expected net benefit goes to the cheaper",
           ref.best_expected([[30.0, 50.0], [10.0, 30.0]], [[0.0625, 0.0625], [0.0, 0.0]], 320.0), 1)
    # Equal cost and equal net benefit (at 0 euro): the more effective policy, although it is later; and
    # it wins every replicate, where the two tie too.
    tie_cost, tie_effect = [[980.0, 990.0], [980.0, 990.0]], [[-0.625, -0.625], [-0.5625, -0.5625]]
    expect("equal cost and net benefit: the more effective", ref.best_expected(tie_cost, tie_effect, 0.0), 1)
    expect("equal net benefit per replicate: the more effective",
           ref.probability_best(tie_cost, tie_effect, 0.0)[0].tolist(), [0, 2])
    expect("EVPI is never below 0", ref.evpi([[1.0, 2.0]], [[0.0, 0.0]], 0.0), 0.0)

    expect("wtp grid", ref.wtp_grid("0:50000:10000"), [0.0, 10000.0, 20000.0, 30000.0, 40000.0, 50000.0])
    expect("wtp grid with both ends", ref.wtp_grid("0:100:30"), [0.0, 30.0, 60.0, 90.0, 100.0])
    expect("wtp list", ref.wtp_grid("10,5,10"), [5.0, 10.0])
    expect("default grid", (len(ref.default_wtp_grid("placements")), ref.default_wtp_grid("placements")[1]),
           (61, 2500.0))
    return problems


# ---------------------------------------------------------------------------------------------
# Reading the file.

TEXT_COLUMNS = {"scenario", "subgroup", "status", "comparator", "next", "note"}
INT32_COLUMNS = {"subgroup_index", "rank", "best_expected"}


def read_table(group, where, check):
    """A table (a group of 1-D columns along the `row` dimension scale) as a list of row dicts;
    checks the columns' types and that they hang on the table's `row` scale."""
    check.require("row" in group and h5py.h5ds.is_scale(group["row"].id), f"{where} has no 'row' dimension scale")
    columns = {}
    for name, dataset in group.items():
        if name == "row" or not isinstance(dataset, h5py.Dataset):
            continue
        check.require(dataset.ndim == 1, f"{where}/{name} is not a column (shape {dataset.shape})")
        info = h5py.check_string_dtype(dataset.dtype)
        if name in TEXT_COLUMNS:
            check.require(info is not None and info.encoding == "utf-8" and info.length is None,
                          f"{where}/{name} is not variable-length UTF-8 text")
        else:
            kind = "<i4" if name in INT32_COLUMNS or name.endswith("_replicates") else "<f8"
            check.require(dataset.dtype.str == kind, f"{where}/{name} is {dataset.dtype.str}, expected {kind}")
        if "row" in group:
            check.require(len(dataset.dims[0]) == 1 and dataset.dims[0][0] == group["row"],
                          f"{where}/{name} is not along the table's 'row' dimension scale")
        check.require("units" in dataset.attrs and "long_name" in dataset.attrs,
                      f"{where}/{name} lacks the attributes units and long_name")
        if info is not None:
            columns[name] = [str(v) for v in dataset.asstr()[()]]
        else:
            columns[name] = [v.item() for v in dataset[()]]
    lengths = {len(v) for v in columns.values()}
    check.require(len(lengths) <= 1, f"{where}: columns of different lengths {sorted(lengths)}")
    return [dict(zip(columns, values)) for values in zip(*columns.values())]


def require_columns(check, where, rows, names):
    if rows:
        missing = [n for n in names if n not in rows[0]]
        check.require(not missing, f"{where}: missing columns {missing}")
        return not missing
    return True


FRONTIER_COLUMNS = (["scenario", "subgroup", "subgroup_index", "status", "rank", "comparator", "next"]
                    + [f"{e}_{c}" for e in ESTIMATES for c in ref.ESTIMATE_COLUMNS]
                    + ["ratio", "ratio_lower", "ratio_upper", "note"])
ACCEPTABILITY_COLUMNS = (["wtp", "scenario"] + [f"incremental_net_benefit_{c}" for c in ref.ESTIMATE_COLUMNS]
                         + ["probability_best", "best_expected"])


def check_frontier(check, frontier_rows, scenarios, subgroups, raw, effect):
    """The frontier table against the recomputation, per subgroup with families."""
    expected_keys = []
    per_group = {}
    for g, name in enumerate(subgroups):
        # Only subgroups with families have rows; a subgroup without a replicate in which every policy
        # has families has nothing to rank either, and no rows (the definition of "with families").
        values = ref.per_family(raw[g], effect)
        if not values[2].any():
            continue
        expected_keys += [(s, g) for s in scenarios]
        per_group[g] = values
    keys = [(r["scenario"], r["subgroup_index"]) for r in frontier_rows]
    if not check.require(keys == expected_keys,
                         f"frontier: rows are {keys}, expected {expected_keys} (each subgroup with families in "
                         f"subgroup order, the scenarios in run order)"):
        missing = sorted(set(expected_keys) - set(keys))
        extra = sorted(set(keys) - set(expected_keys))
        check.fail(f"frontier: missing rows {missing}, unexpected rows {extra}")
    rows_by_key = {(r["scenario"], r["subgroup_index"]): r for r in frontier_rows}

    for g, (cost, eff, used) in per_group.items():
        stored = [rows_by_key.get((s, g)) for s in scenarios]
        if any(r is None for r in stored):
            continue
        where_g = f"frontier[{subgroups[g]}]"
        for r in stored:
            check.require(r["subgroup"] == subgroups[g], f"{where_g} {r['scenario']}: subgroup name {r['subgroup']!r}")
        n = int(used.sum())
        mine = ref.frontier_table(cost, eff)
        name = lambda i: "" if i is None else scenarios[i]  # noqa: E731

        # The classification: exactly the file's, from the file's own means (the logic; the means
        # themselves are checked against the recomputation below) ...
        stored_means = ([r["cost_per_family_mean"] for r in stored], [r["effect_per_family_mean"] for r in stored])
        from_stored = ref.classify(*stored_means)
        for s, r, c in zip(scenarios, stored, from_stored):
            got = (r["status"], r["rank"], r["comparator"], r["next"])
            want = (c["status"], c["rank"], name(c["comparator"]), name(c["next"]))
            check.require(got == want, f"{where_g} {s}: (status, rank, comparator, next) = {got}, expected {want} "
                                       f"from the file's own mean cost and effect")
        # ... and from the recomputed means: a difference there while the means agree within rounding
        # can only be a near tie (an order or equal ratios decided by the last bits), reported as a note.
        my_means = ([m["cost_per_family"]["mean"] for m in mine], [m["effect_per_family"]["mean"] for m in mine])
        means_agree = all(check.close(a, b, abs(a)) for mine_list, file_list in zip(my_means, stored_means)
                          for a, b in zip(mine_list, file_list))
        for s, r, m, c in zip(scenarios, stored, mine, from_stored):
            got = (r["status"], r["rank"], r["comparator"], r["next"])
            want = (m["status"], m["rank"], name(m["comparator"]), name(m["next"]))
            if got != (c["status"], c["rank"], name(c["comparator"]), name(c["next"])):
                continue  # reported above
            if got != want and means_agree:
                check.notes.append(f"{where_g} {s}: {got}, but {want} from the recomputed means, which agree with the "
                                   f"file's within rounding (a near tie)")
            elif got != want:
                check.fail(f"{where_g} {s}: (status, rank, comparator, next) = {got}, expected {want}")

        for i, (s, r, m) in enumerate(zip(scenarios, stored, mine)):
            where = f"{where_g} {s}"
            check.estimate(where, r, "cost_per_family", m["cost_per_family"])
            check.estimate(where, r, "effect_per_family", m["effect_per_family"])
            check.require(r["cost_per_family_replicates"] == n,
                          f"{where}: cost_per_family_replicates {r['cost_per_family_replicates']}, expected {n} "
                          f"(replicates in which every policy has families)")
            # The increments against the file's comparator (its choice is checked above).
            comparator = r["comparator"]
            if comparator == "":
                inc_cost, inc_effect = ref.no_estimate(), ref.no_estimate()
            elif comparator in scenarios:
                j = scenarios.index(comparator)
                inc_cost, inc_effect = ref.estimate(cost[i] - cost[j]), ref.estimate(eff[i] - eff[j])
            else:
                check.fail(f"{where}: comparator {comparator!r} is not a scenario")
                continue
            check.require(r["status"] == "extendedly dominated" or r["next"] == "",
                          f"{where}: next {r['next']!r} on a row that is not extendedly dominated")
            check.estimate(where, r, "incremental_cost", inc_cost)
            check.estimate(where, r, "incremental_effect", inc_effect)

            # The ratio: frontier rows whose incremental effect is distinguishable from 0.
            lower = inc_effect["mean_lower"]
            decided_near_zero = (math.isfinite(lower)
                                 and abs(lower) <= RELATIVE_TOLERANCE * max(inc_effect["scale"], 1e-300))
            shown = r["status"] == "frontier" and (r["incremental_effect_mean_lower"] > 0 if decided_near_zero
                                                   else lower > 0)
            if shown:
                expected = inc_cost["mean"] / inc_effect["mean"]
                scale = abs(expected) * (1 + inc_cost["scale"] / max(abs(inc_cost["mean"]), 1e-300)
                                         + inc_effect["scale"] / max(abs(inc_effect["mean"]), 1e-300))
                check.number(f"{where} ratio", r["ratio"], expected, scale)
                check.number(f"{where} ratio (from the file's own means)", r["ratio"],
                             r["incremental_cost_mean"] / r["incremental_effect_mean"])
            else:
                check.require(math.isnan(r["ratio"]), f"{where}: ratio {r['ratio']!r} given; expected NaN (status "
                                                      f"{r['status']}, incremental effect mean_lower {lower!r})")
            lo, hi = r["ratio_lower"], r["ratio_upper"]
            if math.isnan(r["ratio"]):
                check.require(math.isnan(lo) and math.isnan(hi),
                              f"{where}: ratio interval ({lo!r}, {hi!r}) without a ratio")
            else:
                check.require(math.isnan(lo) == math.isnan(hi), f"{where}: ratio interval ({lo!r}, {hi!r}) half given")
                if math.isfinite(lo) and math.isfinite(hi):
                    check.require(0 < lo <= r["ratio"] * (1 + 1e-9) and r["ratio"] <= hi * (1 + 1e-9),
                                  f"{where}: ratio interval ({lo!r}, {hi!r}) does not lie above 0 around the "
                                  f"ratio {r['ratio']!r}")
            # The note: plain words naming the comparator (and `next`).
            check.require(bool(r["note"].strip()), f"{where}: empty note")
            for other in (r["comparator"], r["next"]):
                if other:
                    check.require(other in r["note"], f"{where}: note {r['note']!r} does not name {other!r}")
    return per_group


def judge_best(check, where, scenarios, chosen, expected, mean_net_benefit, scale):
    """The file's best policy against the recomputed one. An exact tie of mean net benefit must be
    broken by the rule (cheaper, then more effective, then earlier); two means that differ only within rounding may come
    out either way in another summation order (reported as a note)."""
    check.checked += 1
    if chosen == expected:
        return
    a, b = mean_net_benefit[chosen], mean_net_benefit[expected]
    if a != b and check.close(a, b, scale):
        check.notes.append(f"{where}: {scenarios[chosen]}, recomputed {scenarios[expected]}: mean net benefits "
                           f"{a!r} and {b!r} differ only within rounding")
    elif a == b:
        check.fail(f"{where} is {scenarios[chosen]}, expected {scenarios[expected]}: equal mean net benefit ({a!r}), "
                   f"so the cheaper, then the more effective, then the earlier policy")
    else:
        check.fail(f"{where} is {scenarios[chosen]}, expected {scenarios[expected]} (mean net benefit {a!r} vs {b!r})")


def check_acceptability(check, acc_rows, voi_rows, scenarios, baseline, cost, eff, grid, where_grid):
    """Acceptability and value of information at every amount of the grid, whole cohort."""
    n = cost.shape[1]
    stored_grid = [r["wtp"] for r in voi_rows]
    check.require(stored_grid == sorted(stored_grid), f"value_of_information: wtp not ascending: {stored_grid}")
    if grid is None:
        grid = stored_grid
    else:
        ok = len(grid) == len(stored_grid) and all(check.close(a, b) for a, b in zip(grid, stored_grid))
        check.require(ok, f"value_of_information: wtp grid {stored_grid}, expected {grid} ({where_grid})")
        if not ok:
            grid = stored_grid
    keys = [(r["wtp"], r["scenario"]) for r in acc_rows]
    expected_keys = [(w, s) for w in stored_grid for s in scenarios]
    if not check.require(keys == expected_keys, "acceptability: rows are not one per wtp of the grid (ascending) "
                                                "and scenario (run order)"):
        return
    b = scenarios.index(baseline)
    mine, voi = ref.acceptability(cost, eff, grid, b)
    for r, m in zip(acc_rows, mine):
        where = f"acceptability[wtp {r['wtp']:g}, {r['scenario']}]"
        check.estimate(where, r, "incremental_net_benefit", m["incremental_net_benefit"])
        # probability_best as a count of the replicates used.
        count = r["probability_best"] * n
        check.require(abs(count - round(count)) < 1e-6 and round(count) == m["best_count"]
                      and check.close(r["probability_best"], m["best_count"] / n if n else math.nan),
                      f"{where} probability_best: file has {r['probability_best']!r}, expected "
                      f"{m['best_count']}/{n}")
    for w in range(len(stored_grid)):
        block_file = acc_rows[w * len(scenarios):(w + 1) * len(scenarios)]
        block_mine = mine[w * len(scenarios):(w + 1) * len(scenarios)]
        flags = [r["best_expected"] for r in block_file]
        where = f"acceptability[wtp {stored_grid[w]:g}]"
        check.require(sorted(flags) == [0] * (len(flags) - 1) + [1], f"{where}: best_expected flags {flags}, "
                                                                        "expected exactly one 1")
        check.number(f"{where}: probability_best sum", sum(r["probability_best"] for r in block_file), 1.0)
        if 1 in flags:
            judge_best(check, where + " best_expected", scenarios, flags.index(1),
                       [m["best_expected"] for m in block_mine].index(1), [m["mean_net_benefit"] for m in block_mine],
                       block_mine[0]["net_benefit_scale"])
    for r, m in zip(voi_rows, voi):
        check.number(f"value_of_information[wtp {r['wtp']:g}] evpi_per_family", r["evpi_per_family"],
                     m["evpi_per_family"], m["scale"])
        check.require(r["evpi_per_family"] >= 0, f"value_of_information[wtp {r['wtp']:g}]: EVPI below 0")


CSV_LABELS = ("CSV has", "results file has")


def check_csv(check, path, frontier_rows, acc_rows, voi_rows, attrs, replicates_used):
    """The frontier, acceptability and value_of_information lines of `jimsim compare --csv`."""
    with open(path, newline="", encoding="utf-8") as f:
        lines = list(csv.DictReader(f))
    header = ["table", "scenario", "subgroup", "measure", "unit", "mean", "range_lower", "range_upper",
              "mean_lower", "mean_upper", "replicates", "share_better", "distinguishable", "note", "wtp",
              "probability_best"]
    if lines:
        missing = [h for h in header if h not in lines[0]]
        if not check.require(not missing, f"{path}: missing columns {missing}"):
            return

    def num(value):
        return math.nan if value == "" else float(value)

    effect_unit = attrs["effect_unit"]
    per_family_unit = attrs["effect_per_family_unit"]
    expected = []  # (table, scenario, subgroup, measure, unit, [mean..mean_upper], replicates, note, wtp, probability)
    for r in frontier_rows:
        # The status leads the note, unless the note already starts with it (decision_text.cpp).
        note = r['note'] if r['note'].startswith(r['status']) else f"{r['status']}: {r['note']}"
        for measure, unit in (("cost_per_family", "euro/family"), ("effect_per_family", per_family_unit),
                              ("incremental_cost", "euro/family"), ("incremental_effect", per_family_unit)):
            expected.append(("frontier", r["scenario"], r["subgroup"], measure, unit,
                             [r[f"{measure}_{c}"] for c in ref.ESTIMATE_COLUMNS[:-1]], r[f"{measure}_replicates"],
                             note, math.nan, math.nan))
        expected.append(("frontier", r["scenario"], r["subgroup"], "ratio", f"euro/{effect_unit}",
                         [r["ratio"], math.nan, math.nan, r["ratio_lower"], r["ratio_upper"]],
                         r["incremental_cost_replicates"], note, math.nan, math.nan))
    for r in acc_rows:
        expected.append(("acceptability", r["scenario"], "all", "incremental_net_benefit", "euro/family",
                         [r[f"incremental_net_benefit_{c}"] for c in ref.ESTIMATE_COLUMNS[:-1]],
                         r["incremental_net_benefit_replicates"],
                         "highest expected net benefit" if r["best_expected"] else "", r["wtp"], r["probability_best"]))
    for r in voi_rows:
        expected.append(("value_of_information", "", "all", "evpi_per_family", "euro/family",
                         [r["evpi_per_family"], math.nan, math.nan, math.nan, math.nan], replicates_used, "",
                         r["wtp"], math.nan))

    tables = {"frontier", "acceptability", "value_of_information"}
    got = [l for l in lines if l["table"] in tables]
    if not check.require(len(got) == len(expected), f"{path}: {len(got)} frontier/acceptability/value_of_information "
                                                     f"lines, expected {len(expected)} from the file"):
        return
    for k, (line, e) in enumerate(zip(got, expected)):
        table, scenario, subgroup, measure, unit, values, replicates, note, wtp, probability = e
        where = f"{path} {table} line {k + 1} ({scenario}, {subgroup}, {measure}" + \
                (f", wtp {wtp:g})" if math.isfinite(wtp) else ")")
        key = (line["table"], line["scenario"], line["subgroup"], line["measure"], line["unit"])
        if not check.require(key == (table, scenario, subgroup, measure, unit), f"{where}: key {key}"):
            continue
        for column, value in zip(ref.ESTIMATE_COLUMNS[:-1], values):
            check.same(f"{where} {column}", num(line[column]), value, labels=CSV_LABELS)
        check.require(line["replicates"] != "" and int(line["replicates"]) == replicates,
                      f"{where} replicates: CSV {line['replicates']!r}, file {replicates}")
        check.require(line["note"] == note, f"{where} note: CSV {line['note']!r}, file {note!r}")
        check.same(f"{where} wtp", num(line["wtp"]), wtp, labels=CSV_LABELS)
        check.same(f"{where} probability_best", num(line["probability_best"]), probability, labels=CSV_LABELS)
        check.require(line["share_better"] == "" and line["distinguishable"] == "",
                      f"{where}: share_better/distinguishable given")


def check_file(path, options):
    check = Checker()
    with h5py.File(path, "r") as f:
        version = int(f.attrs.get("format_version", -1))
        if not check.require(version == RESULTS_FORMAT_VERSION,
                             f"{path}: results format version {version}, this check reads {RESULTS_FORMAT_VERSION}"):
            return check
        if not check.require("comparison/decision" in f, f"{path} has no /comparison/decision: run "
                                                         f"`jimsim compare {path}` first"):
            return check
        c = f["comparison"]
        check.require(int(c.attrs["format_version"]) == COMPARISON_FORMAT_VERSION,
                      f"/comparison format_version {c.attrs['format_version']}, expected {COMPARISON_FORMAT_VERSION}")
        if text(c.attrs.get("price_changes", "")).strip():
            print(f"check_decision.py: {path}: the comparison was re-priced ({text(c.attrs['price_changes'])}); "
                  "this check recomputes from the recorded cost_total only", file=sys.stderr)
            raise SystemExit(2)
        d = c["decision"]
        attrs = {k: (text(v) if isinstance(v, (str, bytes)) else v) for k, v in d.attrs.items()}
        outcomes = f["outcomes"]
        scenarios = [str(s) for s in outcomes["point"].asstr()[()]]
        subgroups = [str(s) for s in outcomes["subgroup"].asstr()[()]]
        baseline = text(c.attrs["baseline"])
        if not check.require(baseline in scenarios, f"baseline {baseline!r} is not a scenario"):
            return check
        status = outcomes["unit_status"][()]
        if np.any(status != 1):
            check.notes.append(f"/outcomes/unit_status: {int(np.count_nonzero(status != 1))} units not done; "
                               "their replicates are dropped")
        raw = [{field: np.asarray(outcomes[field][:, :, g], dtype=float) for field in RAW_FIELDS}
               for g in range(len(subgroups))]

        # The attributes and the options compare was given.
        effect = attrs.get("effect", "")
        if not check.require(effect in ref.EFFECTS, f"decision effect {effect!r} is not one of {list(ref.EFFECTS)}"):
            return check
        if not options.any_options:
            check.require(effect == options.effect, f"decision effect {effect!r}, expected {options.effect!r}")
        _, _, effect_unit, per_family_unit = ref.EFFECTS[effect]
        check.require(attrs.get("effect_unit") == effect_unit,
                      f"decision effect_unit {attrs.get('effect_unit')!r}, expected {effect_unit!r}")
        check.require(attrs.get("effect_per_family_unit") == per_family_unit,
                      f"decision effect_per_family_unit {attrs.get('effect_per_family_unit')!r}, "
                      f"expected {per_family_unit!r}")
        for name, kind in (("decision_wtp", "<f8"), ("best_probability", "<f8"), ("replicates_used", "<i4")):
            check.require(name in d.attrs and d.attrs.get_id(name).dtype.str == kind,
                          f"decision attribute {name} missing or not {kind}")

        frontier_rows = read_table(d["frontier"], "frontier", check)
        acc_rows = read_table(d["acceptability"], "acceptability", check)
        voi_rows = read_table(d["value_of_information"], "value_of_information", check)
        if not (require_columns(check, "frontier", frontier_rows, FRONTIER_COLUMNS)
                and require_columns(check, "acceptability", acc_rows, ACCEPTABILITY_COLUMNS)
                and require_columns(check, "value_of_information", voi_rows, ["wtp", "evpi_per_family"])):
            return check

        per_group = check_frontier(check, frontier_rows, scenarios, subgroups, raw, effect)

        whole = subgroups.index("all") if "all" in subgroups else None
        if not check.require(whole is not None, "/outcomes has no subgroup 'all'"):
            return check
        cost, eff, used = per_group.get(whole) or ref.per_family(raw[whole], effect)
        n = int(used.sum())
        check.require(int(attrs.get("replicates_used", -1)) == n,
                      f"decision replicates_used {attrs.get('replicates_used')}, expected {n}")

        if options.any_options:
            grid, where_grid = None, "from the file"
        elif options.wtp is not None:
            grid, where_grid = ref.wtp_grid(options.wtp), f"--wtp {options.wtp}"
        else:
            grid, where_grid = ref.default_wtp_grid(effect), f"the default grid for {effect}"
        check_acceptability(check, acc_rows, voi_rows, scenarios, baseline, cost, eff, grid, where_grid)

        decision_wtp = float(attrs.get("decision_wtp", math.nan))
        if not options.any_options:
            if options.decision_wtp is not None:
                want = float(options.decision_wtp)
            elif options.wtp is not None and len(ref.wtp_grid(options.wtp)) == 1:
                want = ref.wtp_grid(options.wtp)[0]
            else:
                want = 0.0
            check.number("decision decision_wtp", decision_wtp, want)
        if n > 0 and math.isfinite(decision_wtp):
            best = ref.best_expected(cost, eff, decision_wtp)
            counts, _ = ref.probability_best(cost, eff, decision_wtp)
            stored_best = attrs.get("best_scenario")
            if check.require(stored_best in scenarios, f"decision best_scenario {stored_best!r} is not a scenario"):
                nmb = ref.net_benefit(cost, eff, decision_wtp)
                judge_best(check, f"decision best_scenario at {decision_wtp:g}", scenarios,
                           scenarios.index(stored_best), best, [ref.estimate(v)["mean"] for v in nmb],
                           float(np.max(np.abs(nmb))))
                # best_probability is the probability_best of the policy the file names.
                check.number("decision best_probability", attrs.get("best_probability", math.nan),
                             counts[scenarios.index(stored_best)] / n)
            # The acceptability row at decision_wtp, when on the grid, says the same.
            for r in acc_rows:
                if r["wtp"] == decision_wtp and r["best_expected"] == 1:
                    check.require(r["scenario"] == stored_best
                                  and r["probability_best"] == attrs.get("best_probability"),
                                  f"decision best_scenario/best_probability {stored_best!r}/"
                                  f"{attrs.get('best_probability')!r} differ from the acceptability row at "
                                  f"{decision_wtp:g}: {r['scenario']!r}/{r['probability_best']!r}")

        if options.csv:
            check_csv(check, options.csv, frontier_rows, acc_rows, voi_rows, attrs, n)
        check.statuses = sorted({r["status"] for r in frontier_rows})
    return check


# ---------------------------------------------------------------------------------------------
# A crafted results file: the hand-made frontier cases put into /outcomes of a real results file of
# 8 points and 12 replicates, one case per subgroup, so that `jimsim compare` itself meets them.
# Every family count is 128 (except where replicates are meant to be dropped), so an effect of
# -placed/128 is exact in binary; costs are whole euros. "noise" cases vary cost and placements by
# replicate (rotations of Z, summing to 0), the others are constant, so exact ties and equal ratios
# survive any summation order. Policies that must tie exactly in cost or effect share the array.

CRAFTED_FAMILIES = 128.0
Z = np.array([-6, -5, -4, -3, -2, -1, 1, 2, 3, 4, 5, 6], dtype=float)
LETTERS = "ABCDEFGH"

# Per subgroup: noise on/off; per policy A..H: (cost per family, placed, cost noise key, effect noise
# key); the expected (status, rank, comparator, next) by letter; and the replicates to drop.
CRAFTED = [
    {   # 0 all: extended dominance (D), a duplicate (E of B), dominated (F by B at the same effect, G by H
        # at the same cost), noise. The acceptability uses this subgroup: at 0 euro G and H tie in net
        # benefit and in cost, in every replicate and on average, and H is the more effective.
        "noise": True,
        "policies": [(1000, 64, 0, 0), (1100, 48, 1, 1), (1300, 32, 2, 2), (1250, 40, 3, 3),
                     (1100, 48, 1, 1), (1400, 48, 5, 1), (980, 80, 7, 6), (980, 72, 7, 7)],
        "expected": {"A": ("frontier", 3, "H", ""), "B": ("frontier", 4, "A", ""), "C": ("frontier", 7, "B", ""),
                     "D": ("extendedly dominated", 6, "B", "C"), "E": ("duplicate", 5, "B", ""),
                     "F": ("dominated", 8, "B", ""), "G": ("dominated", 2, "H", ""), "H": ("reference", 1, "", "")},
        "best_at_0": "H"},
    {   # 1: cascading extended dominance: C goes first, then B; both lie between A and D.
        "noise": False,
        "policies": [(1000, 64, 0, 0), (1100, 48, 1, 1), (1190, 40, 2, 2), (1195, 32, 3, 3),
                     (3000, 64, 4, 4), (3000, 64, 4, 4), (1195, 48, 6, 6), (990, 72, 7, 7)],
        "expected": {"A": ("frontier", 2, "H", ""), "B": ("extendedly dominated", 3, "A", "D"),
                     "C": ("extendedly dominated", 4, "A", "D"), "D": ("frontier", 5, "A", ""),
                     "E": ("dominated", 7, "A", ""), "F": ("duplicate", 8, "E", ""), "G": ("dominated", 6, "B", ""),
                     "H": ("reference", 1, "", "")}},
    {   # 2: equal ratios (all 800, kept), equal cost (D under C), duplicates of the reference and of E.
        "noise": False,
        "policies": [(1000, 64, 0, 0), (1100, 48, 1, 1), (1200, 32, 2, 2), (1200, 40, 3, 3),
                     (1300, 16, 4, 4), (5000, 128, 5, 5), (1000, 64, 0, 0), (1300, 16, 4, 4)],
        "expected": {"A": ("reference", 1, "", ""), "B": ("frontier", 3, "A", ""), "C": ("frontier", 4, "B", ""),
                     "D": ("dominated", 5, "C", ""), "E": ("frontier", 6, "C", ""), "F": ("dominated", 8, "A", ""),
                     "G": ("duplicate", 2, "A", ""), "H": ("duplicate", 7, "E", "")}},
    {   # 3: a dominant policy; E costs the same as A and achieves less, F the same effect at more cost.
        "noise": True,
        "policies": [(1000, 32, 0, 0), (1100, 48, 1, 1), (1200, 64, 2, 2), (1050, 40, 3, 3),
                     (1000, 48, 0, 4), (1500, 32, 5, 0), (2000, 112, 6, 6), (1150, 56, 7, 7)],
        "expected": {"A": ("dominant", 1, "", ""), "B": ("dominated", 4, "A", ""), "C": ("dominated", 6, "A", ""),
                     "D": ("dominated", 3, "A", ""), "E": ("dominated", 2, "A", ""), "F": ("dominated", 7, "A", ""),
                     "G": ("dominated", 8, "A", ""), "H": ("dominated", 5, "A", "")}},
    {   # 4: replicates dropped for every policy (D has no families in replicates 0 and 1, C's cost is
        # missing in replicate 2); H extendedly dominated, a duplicate of a dominated policy (G of F).
        "noise": True, "no_families": [(3, 0), (3, 1)], "missing_cost": [(2, 2)],
        "policies": [(1000, 64, 0, 0), (1100, 32, 1, 1), (1150, 48, 2, 2), (1200, 16, 3, 3),
                     (1400, 8, 4, 4), (5000, 64, 5, 0), (5000, 64, 5, 0), (1050, 56, 7, 7)],
        "expected": {"A": ("reference", 1, "", ""), "B": ("frontier", 3, "A", ""), "C": ("dominated", 4, "B", ""),
                     "D": ("frontier", 5, "B", ""), "E": ("frontier", 6, "D", ""), "F": ("dominated", 7, "A", ""),
                     "G": ("duplicate", 8, "F", ""), "H": ("extendedly dominated", 2, "A", "B")}},
    {   # 5: one replicate left (A has families only in replicate 0): no intervals, no ratio.
        "noise": True, "no_families": [(0, r) for r in range(1, 12)],
        "policies": [(1000, 64, 0, 0), (1100, 32, 1, 1), (1200, 64, 2, 0), (1300, 96, 3, 3),
                     (1400, 64, 4, 0), (1500, 64, 5, 0), (1600, 64, 6, 0), (1700, 64, 7, 0)],
        "expected": {"A": ("reference", 1, "", ""), "B": ("frontier", 2, "A", ""),
                     **{x: ("dominated", k + 3, "A", "") for k, x in enumerate("CDEFGH")}}},
    {   # 6: a duplicate of a dominated policy that is listed before the policy dominating both.
        "noise": False,
        "policies": [(1500, 64, 0, 0), (1500, 64, 0, 0), (1000, 32, 2, 2), (1100, 16, 3, 3),
                     (1200, 8, 4, 4), (1300, 0, 5, 5), (1400, 0, 5, 5), (2000, 128, 7, 7)],
        "expected": {"A": ("dominated", 6, "C", ""), "B": ("duplicate", 7, "A", ""), "C": ("reference", 1, "", ""),
                     "D": ("frontier", 2, "C", ""), "E": ("frontier", 3, "D", ""), "F": ("frontier", 4, "E", ""),
                     "G": ("dominated", 5, "F", ""), "H": ("dominated", 8, "C", "")}},
    {   # 7: every policy the same: the first is the only one on the frontier, but nothing differs from
        # it, so it is the reference (not dominant); the rest are duplicates.
        "noise": True, "policies": [(1000, 64, 0, 0)] * 8,
        "expected": {"A": ("reference", 1, "", ""),
                     **{x: ("duplicate", k + 2, "A", "") for k, x in enumerate("BCDEFGH")}}},
    {   # 8: every policy has families in some replicate, but never all in the same one: no rows.
        "noise": False, "policies": [(1000, 64, 0, 0)] * 8,
        "no_families": ([(0, r) for r in range(12) if r != 1]
                        + [(s, r) for s in range(1, 8) for r in range(12) if r != 0]),
        "expected": None},
]


def crafted_values(case):
    """(families, cost_total, placed) arrays [8 policies, 12 replicates] of one crafted case."""
    families = np.full((8, 12), CRAFTED_FAMILIES)
    cost = np.zeros((8, 12))
    placed = np.zeros((8, 12))
    r = np.arange(12)
    for s, (c, p, cost_key, effect_key) in enumerate(case["policies"]):
        cost[s] = c + (2 * Z[(r + 5 * cost_key) % 12] if case["noise"] else 0)
        placed[s] = p + (Z[(r + 7 * effect_key) % 12] if case["noise"] else 0)
    cost = cost * families  # cost_total: per family times families
    for s, rep in case.get("no_families", []):
        families[s, rep], cost[s, rep], placed[s, rep] = 0, 0, 0
    for s, rep in case.get("missing_cost", []):
        cost[s, rep] = np.nan
    return families, cost, placed


def make_crafted(source, target):
    """Copies `source` (a results file of 8 points and 12 replicates, 9 subgroups) to `target` with
    the crafted outcomes and without /comparison."""
    import shutil
    shutil.copyfile(source, target)
    with h5py.File(target, "r+") as f:
        o = f["outcomes"]
        shape = o["families"].shape
        if shape != (8, 12, len(CRAFTED)):
            raise ValueError(f"{source}: outcomes are {shape}, the crafted cases need (8, 12, {len(CRAFTED)})")
        if "comparison" in f:
            del f["comparison"]
        fields = {k: o[k][()] for k in RAW_FIELDS}
        for g, case in enumerate(CRAFTED):
            families, cost, placed = crafted_values(case)
            fields["families"][:, :, g] = families
            fields["cost_total"][:, :, g] = cost
            fields["placed"][:, :, g] = placed
            # The other effects are linear in placed, so every status stays the same.
            fields["residential_days"][:, :, g] = 10 * placed
            fields["placement_free_weeks"][:, :, g] = 100 * families - 50 * placed
        for k, v in fields.items():
            o[k][...] = v
        o["unit_status"][...] = 1


def check_crafted(path, check):
    """The file's statuses, ranks, comparators and `next` are the hand-worked answers of CRAFTED."""
    with h5py.File(path, "r") as f:
        scenarios = [str(s) for s in f["outcomes/point"].asstr()[()]]
        rows = read_table(f["comparison/decision/frontier"], "frontier", check)
    letter = dict(zip(scenarios, LETTERS)) | {"": ""}
    got = {}
    for r in rows:
        got.setdefault(r["subgroup_index"], {})[letter[r["scenario"]]] = (
            r["status"], r["rank"], letter[r["comparator"]], letter[r["next"]])
    with h5py.File(path, "r") as f:
        d = f["comparison/decision"]
        best, wtp = text(d.attrs["best_scenario"]), float(d.attrs["decision_wtp"])
    if wtp == 0:
        want = scenarios[LETTERS.index(CRAFTED[0]["best_at_0"])]
        check.require(best == want, f"crafted: best_scenario at 0 is {best!r} ({letter.get(best)}), worked by hand "
                                    f"{want!r} ({CRAFTED[0]['best_at_0']}): equal cost and net benefit, the earlier")
    for g, case in enumerate(CRAFTED):
        if case["expected"] is None:
            check.require(g not in got, f"crafted subgroup {g}: rows for a subgroup without a replicate in which every "
                                        "policy has families")
            continue
        for x, want in case["expected"].items():
            name = scenarios[LETTERS.index(x)]
            check.require(got.get(g, {}).get(x) == want, f"crafted subgroup {g} policy {x} ({name}): file has "
                                                         f"{got.get(g, {}).get(x)}, worked by hand {want}")


def main(argv=None):
    parser = argparse.ArgumentParser(description="Recompute /comparison/decision of a jimsim results file and "
                                                 "compare; self-test the recomputation first.")
    parser.add_argument("results", nargs="?", help="results file with a /comparison/decision group")
    parser.add_argument("--csv", help="the CSV `jimsim compare --csv` wrote for this comparison")
    parser.add_argument("--effect", default="placements", choices=sorted(ref.EFFECTS),
                        help="the --effect compare was given (default placements)")
    parser.add_argument("--wtp", help="the --wtp compare was given (default: its default grid)")
    parser.add_argument("--decision-wtp", type=float, help="the --decision-wtp compare was given")
    parser.add_argument("--any-options", action="store_true",
                        help="take effect, grid and decision_wtp from the file instead of checking them")
    parser.add_argument("--self-test", action="store_true", help="only run the self-test")
    parser.add_argument("--require-status", action="append", default=[],
                        help="fail unless some frontier row has this status (the fixture covers it)")
    parser.add_argument("--make-crafted", metavar="TARGET",
                        help="write TARGET: a copy of RESULTS (8 points, 12 replicates) with the crafted outcomes "
                             "of the hand-made frontier cases, one per subgroup, and no /comparison; then exit")
    parser.add_argument("--crafted", action="store_true",
                        help="RESULTS was made with --make-crafted: also check the hand-worked frontier answers")
    args = parser.parse_args(argv)
    if not args.self_test and not args.results:
        parser.error("a results file is required (or --self-test)")
    if args.make_crafted:
        try:
            make_crafted(args.results, args.make_crafted)
        except (OSError, KeyError, ValueError) as e:
            print(f"check_decision.py: cannot make {args.make_crafted}: {e}", file=sys.stderr)
            return 1
        print(f"check_decision.py: wrote {args.make_crafted} with the crafted frontier cases")
        return 0

    problems = self_test()
    if problems:
        print_problems(f"check_decision.py: the reference implementation fails {len(problems)} hand-made cases:",
                       problems)
        return 1
    print("check_decision.py: self-test passed (hand-made frontier, acceptability and EVPI cases)")
    if args.self_test:
        return 0
    try:
        if not h5py.is_hdf5(args.results):
            print(f"check_decision.py: {args.results} is not an HDF5 file", file=sys.stderr)
            return 1
        check = check_file(args.results, args)
    except (OSError, KeyError, ValueError) as e:
        print(f"check_decision.py: {args.results}: cannot read: {e!r}", file=sys.stderr)
        return 1
    if args.crafted:
        try:
            check_crafted(args.results, check)
        except (OSError, KeyError, ValueError) as e:
            check.fail(f"cannot read the frontier for the crafted cases: {e!r}")
    for status in args.require_status:
        check.require(status in getattr(check, "statuses", []),
                      f"no frontier row has status {status!r} (statuses: {getattr(check, 'statuses', [])})")
    for note in check.notes:
        print(f"note: {note}")
    if check.mismatches:
        print_problems(f"{args.results}: {len(check.mismatches)} mismatches in /comparison/decision "
                       f"({check.checked} checks):", check.mismatches)
        return 1
    print(f"{args.results}: /comparison/decision matches the recomputation ({check.checked} checks"
          + (f", CSV {args.csv}" if args.csv else "") + f"; frontier statuses {getattr(check, 'statuses', [])})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
