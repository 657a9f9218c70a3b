#!/usr/bin/python3
"""Independent check of the /comparison group that `jimsim compare` stores in a results file.

Usage: /usr/bin/python3 tests/check_comparison.py RESULTS.h5

Recomputes, with numpy and scipy only, from the raw per-replicate outcomes (outcomes/<field>[point,
replicate, subgroup], results format version 4) every row of the three comparison tables (groups of
columns along a `row` dimension scale, comparison format version 2), and compares them with what the
file holds:

- outcomes: per scenario, subgroup and measure the mean over replicates where the measure is defined,
  the replicate range (2.5th and 97.5th percentile, numpy's linear interpolation), the Student-t 95%
  interval of the mean (scipy.stats.t.ppf) and the number of replicates;
- differences: the same for the paired difference scenario minus baseline (replicate r against
  replicate r), plus share_better and distinguishable;
- cost_effectiveness: placements averted per 100 families and cost difference per family (paired by
  replicate), the cost per placement averted point estimate (mean cost difference / (mean averted /
  100)), that the bootstrap quadrant shares sum to 1, that the ratio's interval is given exactly when
  nearly every resample averts placements, and the verdict sentence.

The measure definitions re-implement comparison_measures() in analysis/comparison.cpp from the raw
columns: that re-implementation is the point of the check, so nothing here calls jimsim.

Numbers agree when both are NaN or when they differ by at most 1e-9 relative to the larger, or
1e-9 relative to the magnitude of the data they summarise (a mean difference that is 0 up to
rounding has no meaningful relative error; numpy's pairwise sums and the C++ sequential sums differ
in the last bits).

Exit status: 0 everything matches; 1 mismatches (listed on stdout) or an unreadable file.
"""
import argparse
import math
import sys

import h5py
import numpy as np
from scipy import stats
from h5_text import print_problems, text
from result_checker import RELATIVE_TOLERANCE, Checker

INTERVAL_LEVEL = 0.95
RESULTS_FORMAT_VERSION = 4
COMPARISON_FORMAT_VERSION = 3
SUBGROUPS = ["all", "age 12-15", "age 16-17", "age 18-23", "severity tertile 1 (lowest)", "severity tertile 2",
             "severity tertile 3 (highest)", "at risk at intake", "placement indicated at intake"]


def ratio(numerator, denominator):
    """numerator / denominator where the denominator is positive, NaN elsewhere (as in C++)."""
    numerator = np.asarray(numerator, dtype=float)
    denominator = np.asarray(denominator, dtype=float)
    out = np.full(np.broadcast(numerator, denominator).shape, np.nan)
    positive = denominator > 0
    np.divide(numerator, denominator, out=out, where=positive)
    return out


# (id, label, unit, lower_is_better, value from the raw columns of one subgroup over replicates)
MEASURES = [
    ("placed_6_months", "placed within 6 months", "%", True,
     lambda o: 100 * ratio(o["placed_within_26_weeks"], o["followed_26_weeks"])),
    ("placed_12_months", "placed within 12 months", "%", True,
     lambda o: 100 * ratio(o["placed_within_52_weeks"], o["followed_52_weeks"])),
    ("placed_24_months", "placed within 24 months", "%", True,
     lambda o: 100 * ratio(o["placed_within_104_weeks"], o["followed_104_weeks"])),
    ("placed_ever", "placed during follow-up", "%", True, lambda o: 100 * ratio(o["placed"], o["families"])),
    ("placement_free_weeks", "placement-free weeks per youth", "weeks", False,
     lambda o: ratio(o["placement_free_weeks"], o["families"])),
    ("residential_days", "residential days per youth", "days", True,
     lambda o: ratio(o["residential_days"], o["families"])),
    ("crises", "crises per youth", "crises", True, lambda o: ratio(o["crises"], o["families"])),
    ("respite_stays", "respite stays per 100 youths", "stays", False,
     lambda o: 100 * ratio(o["respite_stays"], o["families"])),
    ("mentors_found", "youths who found a mentor", "%", False, lambda o: 100 * ratio(o["mentors_found"], o["families"])),
    ("mentors_retained", "mentors still involved at the end (of those found)", "%", False,
     lambda o: 100 * ratio(o["mentors_active_at_end"], o["mentors_found"])),
    ("indicated_placed", "placed, of youths with an indicated placement", "%", True,
     lambda o: 100 * ratio(o["indicated_placed"], o["indicated"])),
    ("indications_withdrawn", "indicated placements withdrawn (improved or reconsidered)", "%", False,
     lambda o: 100 * ratio(o["indications_withdrawn_improved"] + o["indications_withdrawn_reconsidered"], o["indicated"])),
    ("indications_to_respite", "indicated placements replaced by respite with the mentor", "%", False,
     lambda o: 100 * ratio(o["indications_to_respite"], o["indicated"])),
    ("crises_deescalated", "crises de-escalated by the mentor per 100 youths", "crises", False,
     lambda o: 100 * ratio(o["crises_deescalated"], o["families"])),
    ("decisions_held_by_network", "placement decisions turned by family, network and mentor per 100 youths",
     "decisions", False, lambda o: 100 * ratio(o["decisions_held_by_network"], o["families"])),
    ("professional_hours", "professional hours per family", "hours", True,
     lambda o: ratio(o["professional_hours"], o["families"])),
    ("waiting_weeks", "waiting weeks per family", "weeks", True, lambda o: ratio(o["waiting_weeks"], o["families"])),
    ("cost_professional", "professional cost per family", "euro", True,
     lambda o: ratio(o["cost_professional"], o["families"])),
    ("cost_residential", "residential cost per family", "euro", True,
     lambda o: ratio(o["cost_residential"], o["families"])),
    ("cost_respite", "respite cost per family", "euro", True, lambda o: ratio(o["cost_respite"], o["families"])),
    ("cost_parent_group", "parent-group cost per family", "euro", True,
     lambda o: ratio(o["cost_parent_group"], o["families"])),
    ("cost_approach", "the approach's own cost per family (training, role meetings, mentor expenses)", "euro", True,
     lambda o: ratio(o["cost_training"] + o["cost_role_meetings"] + o["cost_mentor_expenses"], o["families"])),
    ("cost_total", "total cost per family", "euro", True, lambda o: ratio(o["cost_total"], o["families"])),
]


class Estimate:
    """Mean, replicate range, interval of the mean over the finite values; `scale` is the largest
    magnitude among them, for the absolute part of the tolerance."""

    def __init__(self, values):
        values = np.asarray(values, dtype=float)
        finite = values[np.isfinite(values)]
        self.replicates = int(finite.size)
        self.scale = float(np.max(np.abs(finite))) if finite.size else 0.0
        self.mean = float(np.mean(finite)) if finite.size else math.nan
        self.range_lower = self.range_upper = self.mean_lower = self.mean_upper = math.nan
        if finite.size >= 2:
            tail = 100 * (1 - INTERVAL_LEVEL) / 2
            self.range_lower = float(np.percentile(finite, tail))  # numpy's default: linear
            self.range_upper = float(np.percentile(finite, 100 - tail))
            standard_error = float(np.std(finite, ddof=1)) / math.sqrt(finite.size)
            t = float(stats.t.ppf(1 - (1 - INTERVAL_LEVEL) / 2, finite.size - 1))
            self.mean_lower = self.mean - t * standard_error
            self.mean_upper = self.mean + t * standard_error

    def columns(self):
        return {"mean": self.mean, "range_lower": self.range_lower, "range_upper": self.range_upper,
                "mean_lower": self.mean_lower, "mean_upper": self.mean_upper}


TEXT_COLUMNS = {"scenario", "subgroup", "measure", "label", "unit", "verdict"}
INT32_COLUMNS = {"subgroup_index", "replicates", "distinguishable", "interval_defined"}


def column_type(name):
    """The documented type of a comparison column: variable-length UTF-8 text, <i4 or <f8."""
    if name in TEXT_COLUMNS:
        return "text"
    return "<i4" if name in INT32_COLUMNS or name.endswith("_replicates") else "<f8"


def read_table(group, where, check):
    """A table (a group of one-dimensional columns along the `row` dimension scale) as a list of
    row dicts (str, int or float values); the scale itself is not a column. Checks each column's
    documented type and that it is along the table's `row` dimension scale."""
    check.require("row" in group and h5py.h5ds.is_scale(group["row"].id), f"{where} has no 'row' dimension scale")
    columns = {}
    for name, dataset in group.items():
        if name == "row" or not isinstance(dataset, h5py.Dataset):
            continue
        check.require(dataset.ndim == 1, f"{where}/{name} is not a column (shape {dataset.shape})")
        kind = column_type(name)
        info = h5py.check_string_dtype(dataset.dtype)
        if kind == "text":
            check.require(info is not None and info.encoding == "utf-8" and info.length is None,
                          f"{where}/{name} is not variable-length UTF-8 text")
        else:
            check.require(dataset.dtype.str == kind, f"{where}/{name} is {dataset.dtype.str}, expected {kind}")
        if "row" in group:
            check.require(len(dataset.dims[0]) == 1 and dataset.dims[0][0] == group["row"],
                          f"{where}/{name} is not along the table's 'row' dimension scale")
        if h5py.check_string_dtype(dataset.dtype) is not None:
            columns[name] = [str(v) for v in dataset.asstr()[()]]
        else:
            columns[name] = [v.item() for v in dataset[()]]
    lengths = {len(v) for v in columns.values()}
    check.require(len(lengths) <= 1, f"{where}: columns of different lengths {sorted(lengths)}")
    if "row" in group:
        check.require(len(group["row"]) in lengths, f"{where}: the row scale has {len(group['row'])} entries, "
                                                    f"the columns {sorted(lengths)}")
    return [dict(zip(columns, values)) for values in zip(*columns.values())]


def rows_by_key(group, key_columns, where, check):
    """The rows of a table as dicts keyed by the key columns; duplicate keys are errors."""
    out = {}
    for row in read_table(group, where, check):
        key = tuple(row[k] for k in key_columns)
        check.require(key not in out, f"{where}: row {key} appears more than once")
        out[key] = row
    return out


def raw_outcomes(outcomes, p, g):
    """The raw outcome fields of point p and subgroup g over replicates: outcomes/<field>[p, :, g]."""
    return {name: np.asarray(d[p, :, g], dtype=float) for name, d in outcomes.items()
            if isinstance(d, h5py.Dataset) and d.ndim == 3}


def verdict(averted, cost, icer):
    """The plain-language sentence, from the stored estimates (comparison.cpp's verdict())."""
    if averted["replicates"] == 0:
        return "no families in this subgroup"
    fewer, more = averted["mean_lower"] > 0, averted["mean_upper"] < 0
    cheaper, dearer = cost["mean_upper"] < 0, cost["mean_lower"] > 0
    if not fewer and not more:
        if cheaper:
            return "no distinguishable difference in placements; saves money"
        if dearer:
            return "no distinguishable difference in placements; costs more"
        return "not distinguishable from the baseline in placements or cost"
    if fewer and cheaper:
        return "averts placements and saves money (dominant)"
    if fewer and dearer:
        return f"averts placements at {icer:.0f} euro per placement averted"
    if fewer:
        return "averts placements; cost difference not distinguishable from 0"
    if more and dearer:
        return "more placements and higher cost (dominated)"
    return "more placements than the baseline"


def check_estimate(check, where, row, expected, prefix=""):
    for column, value in expected.columns().items():
        check.number(f"{where} {prefix}{column}", row[prefix + column], value, expected.scale)
    check.require(row[prefix + "replicates"] == expected.replicates,
                  f"{where} {prefix}replicates: file has {row[prefix + 'replicates']}, expected {expected.replicates}")


def check_file(path):
    check = Checker()
    with h5py.File(path, "r") as f:
        if "comparison" not in f:
            check.fail(f"{path} has no /comparison group: run `jimsim compare {path} --baseline NAME` first")
            return check
        version = int(f.attrs.get("format_version", -1))
        if version != RESULTS_FORMAT_VERSION:
            check.fail(f"{path} is a results file of format version {version}; this check reads version "
                       f"{RESULTS_FORMAT_VERSION}")
            return check
        c = f["comparison"]
        raw_group = f["outcomes"]
        scenarios = [str(s) for s in raw_group["point"].asstr()[()]]  # the points, in plan order
        baseline = text(c.attrs["baseline"])
        replicates = int(f.attrs["replicates"])
        check.require(int(c.attrs["format_version"]) == COMPARISON_FORMAT_VERSION,
                      f"/comparison format_version is {c.attrs['format_version']}")
        check.require(baseline in scenarios, f"baseline {baseline!r} is not a scenario of the file")
        check.require([text(s) for s in c.attrs["scenarios"]] == scenarios,
                      f"/comparison scenarios {list(c.attrs['scenarios'])} differ from the run's {scenarios}")
        check.require(int(c.attrs["replicates"]) == replicates,
                      f"/comparison replicates {c.attrs['replicates']} differ from the run's {replicates}")
        check.number("/comparison interval_level", c.attrs["interval_level"], INTERVAL_LEVEL)
        resamples = int(c.attrs["bootstrap_resamples"])
        check.require(resamples > 0, f"/comparison bootstrap_resamples is {resamples}")
        check.require("bootstrap_seed" in c.attrs, "/comparison has no bootstrap_seed attribute")
        if baseline not in scenarios:
            return check

        subgroup_names = [str(s) for s in raw_group["subgroup"].asstr()[()]]
        check.require(subgroup_names == SUBGROUPS, f"subgroups are {subgroup_names}, expected {SUBGROUPS}")
        if subgroup_names != SUBGROUPS:
            return check
        status = raw_group["unit_status"][()]
        check.require(bool((status == 1).all()), f"/outcomes/unit_status: {np.count_nonzero(status != 1)} units are "
                                                 "not done (a shard or failed units); the recomputation assumes all")

        outcomes = rows_by_key(c["outcomes"], ("scenario", "subgroup_index", "measure"), "outcomes", check)
        differences = rows_by_key(c["differences"], ("scenario", "subgroup_index", "measure"), "differences", check)
        ce_rows = rows_by_key(c["cost_effectiveness"], ("scenario", "subgroup_index"), "cost_effectiveness", check)
        policies = [s for s in scenarios if s != baseline]
        expected_keys = {
            "outcomes": {(s, g, m[0]) for s in scenarios for g in range(len(SUBGROUPS)) for m in MEASURES},
            "differences": {(s, g, m[0]) for s in policies for g in range(len(SUBGROUPS)) for m in MEASURES},
            "cost_effectiveness": {(s, g) for s in policies for g in range(len(SUBGROUPS))},
        }
        measure_order = {m[0]: i for i, m in enumerate(MEASURES)}

        def row_order(key):  # scenario (run order), then subgroup index, then measure (MEASURES order)
            return (scenarios.index(key[0]), key[1]) + ((measure_order[key[2]],) if len(key) > 2 else ())

        for name, rows in (("outcomes", outcomes), ("differences", differences), ("cost_effectiveness", ce_rows)):
            for key in sorted(set(rows) - expected_keys[name]):
                check.fail(f"{name}: unexpected row {key}")
            for key in sorted(expected_keys[name] - set(rows)):
                check.fail(f"{name}: missing row {key}")
            if set(rows) == expected_keys[name]:
                check.require(list(rows) == sorted(rows, key=row_order),
                              f"{name}: rows are not ordered by scenario, subgroup index and measure")

        raw = {s: [raw_outcomes(raw_group, p, g) for g in range(len(SUBGROUPS))] for p, s in enumerate(scenarios)}

        for s in scenarios:
            for g, group in enumerate(SUBGROUPS):
                for measure, label, unit, lower_is_better, value in MEASURES:
                    mine = value(raw[s][g])
                    key = (s, g, measure)
                    where = f"outcomes[{s}, {group}, {measure}]"
                    if key in outcomes:
                        row = outcomes[key]
                        check.require(row["subgroup"] == group, f"{where}: subgroup name {row['subgroup']!r}")
                        check.require(row["label"] == label and row["unit"] == unit,
                                      f"{where}: label/unit {row['label']!r}/{row['unit']!r}, expected {label!r}/{unit!r}")
                        check_estimate(check, where, row, Estimate(mine))
                    if s == baseline or key not in differences:
                        continue
                    theirs = value(raw[baseline][g])
                    with np.errstate(invalid="ignore"):
                        d = mine - theirs
                    finite = d[np.isfinite(d)]
                    better = np.count_nonzero(finite < 0 if lower_is_better else finite > 0)
                    share_better = better / finite.size if finite.size else math.nan
                    row = differences[key]
                    where = f"differences[{s}, {group}, {measure}]"
                    check.require(row["label"] == label and row["unit"] == unit, f"{where}: label/unit differ")
                    expected = Estimate(d)
                    check_estimate(check, where, row, expected)
                    check.number(f"{where} share_better", row["share_better"], share_better)
                    stored_distinguishable = row["mean_lower"] > 0 or row["mean_upper"] < 0
                    check.require(bool(row["distinguishable"]) == stored_distinguishable,
                                  f"{where}: distinguishable is {row['distinguishable']} but the stored interval is "
                                  f"({row['mean_lower']!r}, {row['mean_upper']!r})")
                    mine_distinguishable = expected.mean_lower > 0 or expected.mean_upper < 0
                    # A bound within rounding of 0 may fall either side; then only the stored
                    # interval decides (checked above).
                    near_zero = any(abs(b) <= RELATIVE_TOLERANCE * max(expected.scale, 1e-300)
                                    for b in (expected.mean_lower, expected.mean_upper) if math.isfinite(b))
                    if not near_zero:
                        check.require(bool(row["distinguishable"]) == mine_distinguishable,
                                      f"{where}: distinguishable is {row['distinguishable']}, expected "
                                      f"{int(mine_distinguishable)}")

        for s in policies:
            for g, group in enumerate(SUBGROUPS):
                if (s, g) not in ce_rows:
                    continue
                check_cost_effectiveness(check, ce_rows[(s, g)], raw[baseline][g], raw[s][g], s, group, resamples)
    return check


def check_cost_effectiveness(check, row, base, policy, s, group, resamples):
    where = f"cost_effectiveness[{s}, {group}]"
    check.require(row["subgroup"] == group, f"{where}: subgroup name {row['subgroup']!r}")
    paired = (base["families"] > 0) & (policy["families"] > 0)
    averted_per_family = (base["placed"][paired] / base["families"][paired]
                          - policy["placed"][paired] / policy["families"][paired])
    cost_difference = (policy["cost_total"][paired] / policy["families"][paired]
                       - base["cost_total"][paired] / base["families"][paired])
    averted = Estimate(100 * averted_per_family)
    cost = Estimate(cost_difference)
    check_estimate(check, where, row, averted, "placements_averted_per_100_")
    check_estimate(check, where, row, cost, "cost_difference_per_family_")

    # The ratio of means, from the stored means and from the recomputed ones.
    stored_averted, stored_cost = row["placements_averted_per_100_mean"], row["cost_difference_per_family_mean"]
    # Defined only when placements are averted at extra cost on average (comparison.cpp): a negative
    # ratio cannot be ranked.
    icer_from_stored = stored_cost / (stored_averted / 100) if stored_averted > 0 and stored_cost > 0 else math.nan
    check.number(f"{where} cost_per_placement_averted (from the stored means)", row["cost_per_placement_averted"],
                 icer_from_stored)
    priced = averted.mean > 0 and cost.mean > 0 and math.isfinite(averted.mean)
    if priced:
        # Relative error of a ratio adds up from both parts; cancellation in the denominator is
        # covered by scaling with its data magnitude.
        scale = abs(cost.mean / (averted.mean / 100)) * (1 + averted.scale / max(abs(averted.mean), 1e-300))
        check.number(f"{where} cost_per_placement_averted", row["cost_per_placement_averted"],
                     cost.mean / (averted.mean / 100), scale)
    else:
        check.number(f"{where} cost_per_placement_averted", row["cost_per_placement_averted"], math.nan)

    shares = [row["share_dominant"], row["share_averts_costs_more"], row["share_saves_averts_none"],
              row["share_dominated"]]
    lower, upper, defined = row["cost_per_placement_averted_lower"], row["cost_per_placement_averted_upper"], \
        row["interval_defined"]
    if averted.replicates >= 2:
        check.number(f"{where} quadrant shares sum", sum(shares), 1.0)
        for name, share in zip(("dominant", "averts_costs_more", "saves_averts_none", "dominated"), shares):
            check.require(0 <= share <= 1 and abs(share * resamples - round(share * resamples)) < 1e-6,
                          f"{where} share_{name} = {share!r} is not a count of {resamples} resamples")
        averting = round((shares[0] + shares[1]) * resamples)
        enough = averting >= resamples * (1 - (1 - INTERVAL_LEVEL) / 2) - 1e-9
        if not (priced and enough):
            check.require(not defined, f"{where}: interval_defined is {defined} with {averting} of {resamples} "
                          f"resamples averting and a mean ratio of {row['cost_per_placement_averted']!r}")
        elif defined:
            check.require(lower > 0, f"{where}: a ratio interval reaching {lower!r} is given")
    else:
        check.require(all(share == 0 for share in shares), f"{where}: shares {shares} without two replicate pairs")
        check.require(not defined, f"{where}: interval_defined without two replicate pairs")
    if defined:
        check.require(math.isfinite(lower) and math.isfinite(upper) and lower <= upper,
                      f"{where}: ratio interval ({lower!r}, {upper!r}) is not an interval")
    else:
        check.require(math.isnan(lower) and math.isnan(upper),
                      f"{where}: ratio interval ({lower!r}, {upper!r}) given although interval_defined is 0")

    expected_verdict = verdict({k: row["placements_averted_per_100_" + k] for k in ("mean_lower", "mean_upper", "replicates")},
                               {k: row["cost_difference_per_family_" + k] for k in ("mean_lower", "mean_upper")},
                               row["cost_per_placement_averted"])
    check.require(row["verdict"] == expected_verdict,
                  f"{where}: verdict {row['verdict']!r}, expected {expected_verdict!r}")


def main(argv=None):
    parser = argparse.ArgumentParser(description="Recompute /comparison of a jimsim results file and compare.")
    parser.add_argument("results", help="results file with a /comparison group")
    args = parser.parse_args(argv)
    try:
        if not h5py.is_hdf5(args.results):
            print(f"check_comparison.py: {args.results} is not an HDF5 file", file=sys.stderr)
            return 1
        check = check_file(args.results)
    except (OSError, KeyError, ValueError) as e:
        print(f"check_comparison.py: {args.results}: cannot read: {e}", file=sys.stderr)
        return 1
    if check.mismatches:
        print_problems(f"{args.results}: {len(check.mismatches)} mismatches in /comparison ({check.checked} checks):",
                       check.mismatches)
        return 1
    print(f"{args.results}: /comparison matches the recomputation ({check.checked} checks)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
