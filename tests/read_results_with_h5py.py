#!/usr/bin/python3
"""Reads a jimsim results file with h5py and numpy alone, checks its layout (docs/results-format.md)
and prints a summary. Shows that the file needs none of jimsim's code to be read.

Usage: read_results_with_h5py.py RESULTS.h5

Exit status 0 when the file has the documented layout, 1 with a message naming what is wrong.
"""
import sys

import h5py
import numpy as np
from h5_text import text

FORMAT_VERSION = 2


class LayoutError(Exception):
    pass


def require(condition, message):
    if not condition:
        raise LayoutError(message)


def check_field_docs(dataset, path):
    """`units` and `meanings` attributes with one string per column of a compound dataset."""
    names = dataset.dtype.names
    require(names is not None, f"{path} is not a compound (table) dataset")
    for attribute in ("units", "meanings"):
        require(attribute in dataset.attrs, f"{path} has no '{attribute}' attribute")
        values = [text(v) for v in dataset.attrs[attribute]]
        require(len(values) == len(names),
                f"{path}: '{attribute}' has {len(values)} entries for {len(names)} columns")
        require(all(values), f"{path}: '{attribute}' has an empty entry")
    return dict(zip(names, (text(u) for u in dataset.attrs["units"])))


def check_scenario(name, group, replicates, family_records):
    path = f"/scenarios/{name}"
    for attribute in ("name", "description", "index"):
        require(attribute in group.attrs, f"{path} has no '{attribute}' attribute")
    require(text(group.attrs["name"]) == name, f"{path}: attribute name is {group.attrs['name']!r}")
    for dataset in ("scenario_files", "resolved_parameters", "parameters", "replicates", "subgroups",
                    "timeseries"):
        require(dataset in group, f"{path} has no '{dataset}'")

    resolved = group["resolved_parameters"].asstr()[()]
    require("[simulation]" in resolved, f"{path}/resolved_parameters has no [simulation] table")
    group["scenario_files"].asstr()[()]

    parameters = group["parameters"][()]
    for column in ("key", "value", "unit", "default", "minimum", "maximum", "meaning", "source"):
        require(column in parameters.dtype.names, f"{path}/parameters has no column '{column}'")
    keys = [k.decode("utf-8") for k in parameters["key"]]
    require(len(set(keys)) == len(keys), f"{path}/parameters has a key twice")
    values = dict(zip(keys, parameters["value"]))
    require("simulation.time_step_weeks" in values, f"{path}/parameters lacks simulation.time_step_weeks")
    inside = (parameters["value"] >= parameters["minimum"]) & (parameters["value"] <= parameters["maximum"])
    require(bool(inside.all()), f"{path}/parameters has a value outside its range")

    reps = group["replicates"]
    require(reps.shape == (replicates,), f"{path}/replicates has shape {reps.shape}, expected ({replicates},)")
    units = check_field_docs(reps, f"{path}/replicates")
    table = reps[()]

    sub = group["subgroups"]
    subgroups = [text(s) for s in sub.attrs["subgroups"]]
    require(sub.shape == (replicates, len(subgroups)),
            f"{path}/subgroups has shape {sub.shape}, expected ({replicates}, {len(subgroups)})")
    require(subgroups[0] == "all", f"{path}/subgroups: the first subgroup is {subgroups[0]!r}, not 'all'")
    require(sub.dtype == reps.dtype, f"{path}/subgroups and replicates have different columns")
    check_field_docs(sub, f"{path}/subgroups")
    require([text(d) for d in sub.attrs["dimensions"]] == ["replicate", "subgroup"],
            f"{path}/subgroups has dimensions {list(sub.attrs['dimensions'])}")
    if replicates > 0:
        whole_cohort = sub[:, 0]
        require(all(np.array_equal(whole_cohort[c], table[c], equal_nan=True) for c in table.dtype.names),
                f"{path}: subgroups[:, 0] differs from replicates")

    series = group["timeseries"]
    require(len(series) > 0, f"{path}/timeseries is empty")
    steps = None
    for series_name, dataset in series.items():
        where = f"{path}/timeseries/{series_name}"
        require(dataset.ndim == 2 and dataset.shape[0] == replicates,
                f"{where} has shape {dataset.shape}, expected ({replicates}, steps)")
        require(steps is None or dataset.shape[1] == steps, f"{where} has {dataset.shape[1]} steps, others {steps}")
        steps = dataset.shape[1]
        require(dataset.dtype == np.float64, f"{where} is {dataset.dtype}, not float64")
        for attribute in ("units", "meaning", "dimensions", "time_step_weeks"):
            require(attribute in dataset.attrs, f"{where} has no '{attribute}' attribute")
        require(text(dataset.attrs["units"]) != "", f"{where} has empty units")
        require([text(d) for d in dataset.attrs["dimensions"]] == ["replicate", "step"],
                f"{where} has dimensions {list(dataset.attrs['dimensions'])}")
        require(float(dataset.attrs["time_step_weeks"]) == values["simulation.time_step_weeks"],
                f"{where}: time_step_weeks differs from the parameters")

    family_count = None
    if family_records:
        require("families" in group, f"{path} has no 'families' although family_records is 1")
        families = group["families"]
        check_field_docs(families, f"{path}/families")
        require(families.dtype.names[:2] == ("replicate", "family"),
                f"{path}/families does not start with the replicate and family columns")
        index = families.fields("replicate")[()]
        require(bool(((index >= 0) & (index < replicates)).all()), f"{path}/families has a replicate out of range")
        family_count = families.shape[0]
    else:
        require("families" not in group, f"{path} has 'families' although family_records is 0")

    summary = f"  [{int(group.attrs['index'])}] {name}: {steps} steps of {values['simulation.time_step_weeks']:g} weeks"
    if replicates > 0:
        families_per_replicate = table["families"].mean()
        placed = table["placed"].sum() / max(table["families"].sum(), 1.0)
        cost = table["cost_total"].sum() / max(table["families"].sum(), 1.0)
        summary += (f"; {families_per_replicate:g} families per replicate, {100 * placed:.1f}% placed, "
                    f"{cost:.0f} {units['cost_total']} per family")
    if family_count is not None:
        summary += f"; {family_count} family records"
    print(summary)
    return int(group.attrs["index"])


def check_file(path):
    with h5py.File(path, "r") as f:
        for attribute in ("format", "format_version", "program_version", "command_line", "seed", "replicates",
                          "family_records"):
            require(attribute in f.attrs, f"the root has no '{attribute}' attribute")
        require(text(f.attrs["format"]) == "jimsim-results", f"format is {f.attrs['format']!r}")
        require(int(f.attrs["format_version"]) == FORMAT_VERSION,
                f"format_version is {f.attrs['format_version']}, this script reads {FORMAT_VERSION}")
        require(f.attrs["seed"].dtype == np.uint64, f"seed is {f.attrs['seed'].dtype}, not uint64")
        replicates = int(f.attrs["replicates"])
        family_records = int(f.attrs["family_records"])
        require(replicates >= 0, "replicates is negative")
        require(family_records in (0, 1), f"family_records is {family_records}")
        require("scenarios" in f, "there is no /scenarios group")

        print(f"{path}: jimsim results format {int(f.attrs['format_version'])}, "
              f"written by jimsim {text(f.attrs['program_version'])}")
        print(f"  command: {text(f.attrs['command_line'])}")
        print(f"  seed {int(f.attrs['seed'])}, {replicates} replicates per scenario, "
              f"family records {'yes' if family_records else 'no'}, {len(f['scenarios'])} scenarios")
        indexes = [check_scenario(name, group, replicates, family_records)
                   for name, group in f["scenarios"].items()]
        require(indexes == list(range(len(indexes))),
                f"scenarios are not listed in run order (indexes {indexes})")


def main(argv):
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    try:
        check_file(argv[1])
    except (LayoutError, KeyError, OSError) as error:
        print(f"{argv[1]}: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
