#!/usr/bin/python3
"""Reads a jimsim results file with h5py and numpy alone, checks its layout (docs/results-format.md,
format version 4) and prints a summary. Shows that the file needs none of jimsim's code to be read.

Usage: read_results_with_h5py.py RESULTS.h5

Checks:
- the root attributes, with their types (seed and the unit counts uint64, the layout counts int32);
- every group of the layout, present exactly when it should be (families with --families, failures
  when a unit failed, design for a sweep);
- every axis (point, replicate, subgroup, step, factor, row, failure) is a one-dimensional HDF5
  dimension scale in the group that uses it, attached to every dataset along it, of the length of
  that dimension; shapes follow the root attributes points (P) and replicates (R);
- types: numbers little-endian doubles, layout indexes <i4, unit_status <i1, text variable-length
  UTF-8; every data variable has the attributes units and long_name;
- when docs/results-format.md is found beside this script (../docs), the outcome, series, resource
  use by year and family datasets are exactly the fields of its tables, with the units and meanings
  given there;
- consistency: unit_status against units_done/units_failed, NaN outcomes for units not done, weeks
  and series NaN past each point's last step, resource use NaN past each point's last year and its
  years adding up to the outcome totals, family indexes in range and ordered, every parameter within
  its range.

When the file is the fixture of the C++ test "a results file reads with h5py and numpy alone"
(tests/test_results_file.cpp: program_version 0.1.0+test), it also checks that every number is where
make_result() and make_scenarios() put it: each value encodes its point, replicate, subgroup (or
step, or family) and field, so a transposed axis or a shifted column shows.

Exit status 0 when the file has the documented layout, 1 with a message naming what is wrong.
"""
import os
import re
import sys

import h5py
import numpy as np

FORMAT_VERSION = 4
WEEKS_PER_YEAR = 52.1775
DOCS = os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir, "docs", "results-format.md")
SUBGROUPS = ["all", "age 12-15", "age 16-17", "age 18-23", "severity tertile 1 (lowest)", "severity tertile 2",
             "severity tertile 3 (highest)", "at risk at intake", "placement indicated at intake"]
FIXTURE_VERSION = "0.1.0+test"


class LayoutError(Exception):
    pass


def require(condition, message):
    if not condition:
        raise LayoutError(message)


def strings(dataset):
    require(h5py.check_string_dtype(dataset.dtype) is not None, f"{dataset.name} is not text")
    return [str(v) for v in dataset.asstr()[()]]


def documented_fields():
    """{heading: [(name, unit, meaning)]} of the field tables in docs/results-format.md, or None
    when the docs are not beside this script (a copy of the script on its own)."""
    if not os.path.exists(DOCS):
        return None
    with open(DOCS, encoding="utf-8") as f:
        docs = f.read()
    tables = {}
    for heading in ("### Outcome fields", "### Time series", "### Resource use by year", "### Family record fields"):
        start = docs.index("\n" + heading + "\n")
        end = docs.find("\n#", start + len(heading) + 2)
        rows = []
        for line in docs[start:end].splitlines():
            m = re.match(r"^\| `([^`]+)` \| (.*?) \| (.*) \|$", line)
            if m:
                rows.append(m.groups())
        tables[heading] = rows
    return tables


def check_attribute_types(f):
    expected = {"format": str, "format_version": np.int32, "program_version": str, "command_line": str,
                "plan_fingerprint": str, "seed": np.uint64, "replicates": np.int32, "points": np.int32,
                "family_records": np.int32, "overrides": str, "design": str, "shard": str, "units": np.uint64,
                "units_done": np.uint64, "units_failed": np.uint64}
    for name, kind in expected.items():
        require(name in f.attrs, f"the root has no '{name}' attribute")
        value = f.attrs[name]
        if kind is str:
            require(isinstance(value, str), f"root attribute {name} is {type(value).__name__}, not a UTF-8 string")
        else:
            require(np.asarray(value).dtype == kind and np.ndim(value) == 0,
                    f"root attribute {name} is {np.asarray(value).dtype}, not {np.dtype(kind)}")
    require(f.attrs["format"] == "jimsim-results", f"format is {f.attrs['format']!r}")
    require(int(f.attrs["format_version"]) == FORMAT_VERSION,
            f"format_version is {f.attrs['format_version']}, this script reads {FORMAT_VERSION}")
    require(re.fullmatch(r"[0-9a-f]{16}", f.attrs["plan_fingerprint"]) is not None,
            f"plan_fingerprint {f.attrs['plan_fingerprint']!r} is not 16 hex digits")
    shard = re.fullmatch(r"(\d+)/(\d+)", f.attrs["shard"])
    require(shard is not None and int(shard[1]) < int(shard[2]), f"shard {f.attrs['shard']!r} is not i/n")
    overrides = f.attrs["overrides"]
    require(overrides == "" or overrides.endswith("\n"), "overrides does not end in a newline")


def is_scale(dataset):
    return h5py.h5ds.is_scale(dataset.id)  # Dataset.is_scale needs h5py 3.8; Debian 12 has 3.7


def scale_name(dataset):
    return h5py.h5ds.get_scale_name(dataset.id).decode("utf-8")


def check_dataset(dataset, dims, sizes, kind=None):
    """The dataset is along the named dimensions: each a dimension scale of this group, attached,
    of the right length. kind: the expected numpy dtype string ('<f8', '<i4', '|i1') or 'text'."""
    where = dataset.name
    require(dataset.ndim == len(dims), f"{where} has {dataset.ndim} dimensions, expected {len(dims)} {dims}")
    shape = tuple(sizes[d] for d in dims)
    require(dataset.shape == shape, f"{where} has shape {dataset.shape}, expected {shape} ({', '.join(dims)})")
    if kind == "text":
        info = h5py.check_string_dtype(dataset.dtype)
        require(info is not None and info.encoding == "utf-8" and info.length is None,
                f"{where} is not variable-length UTF-8 text")
    elif kind is not None:
        require(dataset.dtype.str == kind, f"{where} is {dataset.dtype.str}, expected {kind}")
    group = dataset.parent
    for i, dim in enumerate(dims):
        require(len(dataset.dims[i]) == 1, f"{where}: dimension {i} ({dim}) has {len(dataset.dims[i])} scales")
        scale = dataset.dims[i][0]
        require(scale.name == f"{group.name}/{dim}",
                f"{where}: dimension {i} is attached to {scale.name}, expected {group.name}/{dim}")
        require(scale_name(scale) == dim, f"{scale.name} is a dimension scale named {scale_name(scale)!r}")
    if not is_scale(dataset):
        for attribute in ("units", "long_name"):
            value = dataset.attrs.get(attribute)
            require(isinstance(value, str) and value != "",
                    f"{where} has no '{attribute}' attribute (a non-empty UTF-8 string)")


def check_scale(group, name, length, kind=None):
    require(name in group, f"{group.name} has no '{name}' axis")
    scale = group[name]
    require(is_scale(scale), f"{scale.name} is not a dimension scale")
    require(scale_name(scale) == name, f"{scale.name} is a dimension scale named {scale_name(scale)!r}")
    require(scale.ndim == 1 and scale.shape[0] == length, f"{scale.name} has shape {scale.shape}, expected ({length},)")
    if kind == "text":
        require(h5py.check_string_dtype(scale.dtype) is not None, f"{scale.name} is not text")
        values = strings(scale)
        require(len(set(values)) == len(values), f"{scale.name} has a name twice")
    elif kind == "index":
        require(scale.dtype.kind == "i", f"{scale.name} is {scale.dtype}, not an integer")
        require(np.array_equal(scale[()], np.arange(length)), f"{scale.name} is not 0, 1, ..., {length - 1}")
    return scale


def members(group):
    """The datasets of a group that are not its axes, in creation order."""
    return [(name, d) for name, d in group.items() if isinstance(d, h5py.Dataset) and not is_scale(d)]


def check_against_docs(group, fields, skip=()):
    """The group's datasets are exactly the documented fields, in order, with their units and meanings."""
    if fields is None:
        return
    names = [name for name, _ in members(group) if name not in skip]
    require(names == [n for n, _, _ in fields],
            f"{group.name} has the datasets {names}, the docs list {[n for n, _, _ in fields]}")
    for name, unit, meaning in fields:
        d = group[name]
        require(d.attrs["units"] == unit and d.attrs["long_name"] == meaning,
                f"{d.name}: units/long_name {d.attrs['units']!r}/{d.attrs['long_name']!r}, the docs say "
                f"{unit!r}/{meaning!r}")


def check_file(path):
    docs = documented_fields()
    with h5py.File(path, "r") as f:
        check_attribute_types(f)
        P, R = int(f.attrs["points"]), int(f.attrs["replicates"])
        family_records = int(f.attrs["family_records"])
        require(P > 0 and R > 0, f"points {P}, replicates {R}")
        require(family_records in (0, 1), f"family_records is {family_records}")
        require(int(f.attrs["units"]) == P * R, f"units is {f.attrs['units']}, expected points x replicates = {P * R}")
        sweep = f.attrs["design"] != "scenarios"
        expected_groups = {"points", "parameters", "outcomes"}
        optional = {"series", "resource_use_by_year", "comparison"}
        if family_records:
            expected_groups.add("families")
        if int(f.attrs["units_failed"]) > 0:
            expected_groups.add("failures")
        if sweep:
            expected_groups.add("design")
        else:
            expected_groups.add("series")
        groups = set(f.keys())
        require(expected_groups <= groups, f"the file lacks {sorted(expected_groups - groups)}")
        require(groups <= expected_groups | optional, f"unexpected groups {sorted(groups - expected_groups - optional)}")
        require(("series" in groups) == ("resource_use_by_year" in groups),
                "the file has one of /series and /resource_use_by_year without the other")

        print(f"{path}: jimsim results format {int(f.attrs['format_version'])}, "
              f"written by jimsim {f.attrs['program_version']}")
        print(f"  command: {f.attrs['command_line']}")
        print(f"  seed {int(f.attrs['seed'])}, {P} points x {R} replicates, design {f.attrs['design']}, "
              f"shard {f.attrs['shard']}, {int(f.attrs['units_done'])} units done, "
              f"{int(f.attrs['units_failed'])} failed, family records {'yes' if family_records else 'no'}")

        # /points
        points = f["points"]
        sizes = {"point": P, "replicate": R}
        check_scale(points, "point", P, "text")
        names = strings(points["point"])
        for name, kind in (("description", "text"), ("source", "text"), ("steps", "<i4")):
            require(name in points, f"/points has no '{name}'")
            check_dataset(points[name], ("point",), sizes, kind)
        require([n for n, _ in members(points)] == ["description", "source", "steps"],
                f"/points has the columns {[n for n, _ in members(points)]}")
        steps = points["steps"][()]
        require(bool((steps > 0).all()), "/points/steps has a point without steps")

        # /parameters: one column per declared parameter, within its range
        parameters = f["parameters"]
        check_scale(parameters, "point", P, "text")
        require(strings(parameters["point"]) == names, "/parameters/point differs from /points/point")
        values = {}
        for name, d in members(parameters):
            check_dataset(d, ("point",), sizes, "<f8")
            for attribute in ("default", "minimum", "maximum"):
                require(np.asarray(d.attrs.get(attribute)).dtype == np.float64, f"{d.name} has no <f8 '{attribute}'")
            for attribute in ("source", "kind"):
                require(isinstance(d.attrs.get(attribute), str), f"{d.name} has no text '{attribute}'")
            require(d.attrs["kind"] in ("real", "integer", "flag"), f"{d.name}: kind {d.attrs['kind']!r}")
            v = d[()]
            require(bool(((v >= d.attrs["minimum"]) & (v <= d.attrs["maximum"])).all()),
                    f"{d.name}: a value outside its range")
            if d.attrs["kind"] != "real":
                require(bool((v == np.round(v)).all()), f"{d.name}: a non-integer value of an {d.attrs['kind']}")
            values[name] = v
        for key in ("simulation.time_step_weeks", "simulation.horizon_weeks", "intake.cohort_size"):
            require(key in values, f"/parameters has no '{key}'")
        expected_steps = np.ceil(values["simulation.horizon_weeks"] / values["simulation.time_step_weeks"] - 1e-9)
        require(np.array_equal(steps, expected_steps), f"/points/steps {steps} is not horizon / time step {expected_steps}")

        # /design (sweeps)
        if "design" in f:
            design = f["design"]
            factors = strings(check_scale(design, "factor", len(design["factor"]), "text"))
            check_scale(design, "point", P, "text")
            sizes["factor"] = len(factors)
            check_dataset(design["unit_coordinate"], ("point", "factor"), sizes, "<f8")
            u = design["unit_coordinate"][()]
            require(bool(((u >= 0) & (u <= 1)).all()), "/design/unit_coordinate is outside the unit cube")
            for factor in factors:
                require(factor in design, f"/design has no column for the factor {factor}")
                check_dataset(design[factor], ("point",), sizes, "<f8")
                require(np.array_equal(design[factor][()], values[factor]), f"/design/{factor} differs from /parameters")

        # /outcomes
        outcomes = f["outcomes"]
        check_scale(outcomes, "point", P, "text")
        require(strings(outcomes["point"]) == names, "/outcomes/point differs from /points/point")
        check_scale(outcomes, "replicate", R, "index")
        subgroup_scale = outcomes["subgroup"]
        sizes["subgroup"] = G = subgroup_scale.shape[0]
        check_scale(outcomes, "subgroup", G, "text")
        subgroups = strings(subgroup_scale)
        require(all(s in SUBGROUPS for s in subgroups) and subgroups == sorted(subgroups, key=SUBGROUPS.index),
                f"/outcomes/subgroup is {subgroups}: not the documented subgroups in their order")
        require("unit_status" in outcomes, "/outcomes has no unit_status")
        check_dataset(outcomes["unit_status"], ("point", "replicate"), sizes, "|i1")
        status = outcomes["unit_status"][()]
        require(bool(np.isin(status, (0, 1, 2)).all()), "/outcomes/unit_status has a code other than 0, 1, 2")
        require(np.count_nonzero(status == 1) == int(f.attrs["units_done"]), "units_done differs from unit_status")
        require(np.count_nonzero(status == 2) == int(f.attrs["units_failed"]), "units_failed differs from unit_status")
        fields = [(name, d) for name, d in members(outcomes) if name != "unit_status"]
        require(fields, "/outcomes has no outcome field")
        for name, d in fields:
            check_dataset(d, ("point", "replicate", "subgroup"), sizes, "<f8")
            v = d[()]
            require(bool(np.isnan(v[status != 1]).all()), f"{d.name}: a unit not done has a value")
            require(bool(np.isfinite(v[status == 1]).all()), f"{d.name}: a unit done has NaN")
        if not sweep and docs is not None:
            check_against_docs(outcomes, docs["### Outcome fields"], skip=("unit_status",))

        # /series
        S = 0
        if "series" in f:
            series = f["series"]
            check_scale(series, "point", P, "text")
            require(strings(series["point"]) == names, "/series/point differs from /points/point")
            check_scale(series, "replicate", R, "index")
            sizes["step"] = S = series["step"].shape[0]
            check_scale(series, "step", S, "index")
            require(S == int(steps.max()), f"/series has {S} steps, the longest point {int(steps.max())}")
            check_dataset(series["week"], ("point", "step"), sizes, "<f8")
            week = series["week"][()]
            for p in range(P):
                expected = np.full(S, np.nan)
                expected[:steps[p]] = (np.arange(steps[p]) + 1) * values["simulation.time_step_weeks"][p]
                require(np.allclose(week[p], expected, rtol=1e-12, atol=0, equal_nan=True),
                        f"/series/week of point {names[p]} is not the end of each step, NaN past its last")
            for name, d in members(series):
                if name == "week":
                    continue
                check_dataset(d, ("point", "replicate", "step"), sizes, "<f8")
                v = d[()]
                for p in range(P):
                    require(bool(np.isnan(v[p, :, steps[p]:]).all()),
                            f"{d.name}: point {names[p]} has a value past its last step")
                    require(bool(np.isnan(v[p][status[p] != 1]).all()), f"{d.name}: a unit not done has a value")
            if docs is not None:
                check_against_docs(series, docs["### Time series"], skip=("week",))

        # /resource_use_by_year
        if "resource_use_by_year" in f:
            check_resource_use_by_year(f["resource_use_by_year"], names, sizes, values, status, docs,
                                       outcomes if "all" in subgroups else None, subgroups)

        # /families
        family_rows = None
        if family_records:
            families = f["families"]
            sizes["row"] = N = families["row"].shape[0]
            check_scale(families, "row", N, "index")
            for name, d in members(families):
                check_dataset(d, ("row",), sizes, "<i4" if name in ("point", "replicate", "family") else "<f8")
            require([n for n, _ in members(families)][:3] == ["point", "replicate", "family"],
                    "/families does not start with the point, replicate and family columns")
            p, r, k = (families[c][()] for c in ("point", "replicate", "family"))
            require(bool(((p >= 0) & (p < P) & (r >= 0) & (r < R) & (k >= 0)).all()), "/families has an index out of range")
            require(bool((status[p, r] == 1).all()), "/families has a record of a unit not done")
            order = np.lexsort((k, r, p))
            require(np.array_equal(order, np.arange(N)), "/families is not ordered by point, replicate and family")
            family_rows = N
            if docs is not None:
                check_against_docs(families, docs["### Family record fields"])

        # /failures
        if "failures" in f:
            failures = f["failures"]
            sizes["failure"] = n = failures["failure"].shape[0]
            check_scale(failures, "failure", n, "index")
            require(n == int(f.attrs["units_failed"]), f"/failures has {n} rows, units_failed is {f.attrs['units_failed']}")
            for name, kind in (("point", "<i4"), ("point_name", "text"), ("replicate", "<i4"), ("message", "text")):
                require(name in failures, f"/failures has no '{name}'")
                check_dataset(failures[name], ("failure",), sizes, kind)
            fp, fr = failures["point"][()], failures["replicate"][()]
            require(bool((status[fp, fr] == 2).all()), "/failures lists a unit whose status is not 'failed'")
            require(strings(failures["point_name"]) == [names[i] for i in fp], "/failures: point_name differs from point")

        for p, name in enumerate(names):
            done = status[p] == 1
            summary = f"  [{p}] {name}: {steps[p]} steps of {values['simulation.time_step_weeks'][p]:g} weeks"
            if done.any() and "families" in outcomes and "all" in subgroups:
                g = subgroups.index("all")
                fam = outcomes["families"][p, done, g]
                summary += f"; {fam.mean():g} families per replicate"
                for field, what in (("placed", "placed"), ("cost_total", "cost_total")):
                    if field in outcomes:
                        total = outcomes[field][p, done, g].sum() / max(fam.sum(), 1.0)
                        summary += (f", {100 * total:.1f}% placed" if field == "placed" else
                                    f", {total:.0f} {outcomes[field].attrs['units']} per family")
            if family_rows is not None:
                summary += f"; {np.count_nonzero(f['families/point'][()] == p)} family records"
            print(summary)

        if f.attrs["program_version"] == FIXTURE_VERSION:
            check_fixture(f, docs)
            print("  the fixture of tests/test_results_file.cpp: every number is where make_result() put it")
        elif family_records and "families" in outcomes and "all" in subgroups:
            # A real run: a unit's family records are its families.
            counts = np.zeros((P, R))
            np.add.at(counts, (f["families/point"][()], f["families/replicate"][()]), 1)
            whole = outcomes["families"][:, :, subgroups.index("all")]
            require(np.array_equal(counts[status == 1], whole[status == 1]),
                    "/families: the records of a unit are not as many as its outcome 'families'")


def check_resource_use_by_year(group, names, sizes, values, status, docs, outcomes, subgroups):
    P, R = len(names), sizes["replicate"]
    check_scale(group, "point", P, "text")
    require(strings(group["point"]) == names, f"{group.name}/point differs from /points/point")
    check_scale(group, "replicate", R, "index")
    sizes["year"] = Y = group["year"].shape[0]
    check_scale(group, "year", Y, "index")
    years = np.maximum(1, np.ceil(values["simulation.horizon_weeks"] / WEEKS_PER_YEAR - 1e-9)).astype(int)
    require(Y == int(years.max()), f"{group.name} has {Y} years, the longest point {int(years.max())}")
    fields = members(group)
    for name, d in fields:
        check_dataset(d, ("point", "replicate", "year"), sizes, "<f8")
        v = d[()]
        for p in range(P):
            require(bool(np.isnan(v[p, :, years[p]:]).all()), f"{d.name}: point {names[p]} has a value past its last year")
            require(bool(np.isnan(v[p][status[p] != 1]).all()), f"{d.name}: a unit not done has a value")
            require(bool(np.isfinite(v[p][status[p] == 1][:, :years[p]]).all()), f"{d.name}: a unit done has NaN")
    if docs is not None:
        check_against_docs(group, docs["### Resource use by year"])
    # The years add up to the whole cohort's totals (not in the fixture, whose numbers only say where they are).
    if outcomes is not None and group.file.attrs["program_version"] != FIXTURE_VERSION:
        g = subgroups.index("all")
        for name, d in fields:
            if name not in outcomes:
                continue
            done = status == 1
            total = outcomes[name][:, :, g][done]
            summed = np.nansum(d[()], axis=2)[done]
            require(np.allclose(summed, total, rtol=1e-9, atol=1e-6),
                    f"{d.name}: the years do not add up to /outcomes/{name} of subgroup 'all'")


def check_fixture(f, docs):
    """The file written by tests/test_results_file.cpp (make_scenarios, make_result, family_count,
    make_run(3, true), units in order): every value encodes where it belongs."""
    require(docs is not None, f"the fixture check needs {DOCS}")
    names = strings(f["points/point"])
    require(names == ["zeta-care-as-usual", "alpha-jim"], f"points are {names}: not in run order")
    require(strings(f["points/description"]) == ["care as usual: no mentor (ü for UTF-8)", ""],
            f"descriptions are {strings(f['points/description'])}")
    sources = strings(f["points/source"])
    require(sources[0] == "# file: scenarios/care-as-usual.toml\n[mentor_search]\nenabled = false\n",
            f"the source of {names[0]} is {sources[0]!r}")
    require(sources[1].startswith("# file: scenarios/base.toml\n"), f"the source of {names[1]} is {sources[1]!r}")
    require(int(f.attrs["seed"]) == 2**64 - 1, f"seed is {f.attrs['seed']}, expected 2^64 - 1")
    require((int(f.attrs["replicates"]), int(f.attrs["points"]), int(f.attrs["units_done"])) == (3, 2, 6),
            "replicates, points or units_done are not 3, 2, 6")
    parameter = lambda key: f["parameters"][key][()]  # noqa: E731
    default = lambda key: f["parameters"][key].attrs["default"]  # noqa: E731
    for key, expected in (("intake.cohort_size", [7, 5]),
                          ("simulation.time_step_weeks", [2.0, default("simulation.time_step_weeks")]),
                          ("simulation.horizon_weeks", [53.0, 10.0]),
                          ("costs.basic_hour", [12.345678901234567, default("costs.basic_hour")]),
                          ("crisis.base_hazard", [0.1 + 0.2, default("crisis.base_hazard")]),
                          ("mentor_search.enabled", [0.0, default("mentor_search.enabled")]),
                          ("professionals.caseload_cap", [default("professionals.caseload_cap"), 12]),
                          ("mentor_dynamics.role_clarity_start_meeting",
                           [default("mentor_dynamics.role_clarity_start_meeting"), 1.0])):
        require(np.array_equal(parameter(key), expected), f"/parameters/{key} is {parameter(key)}, expected {expected}")
    steps = f["points/steps"][()]
    P, R = 2, 3
    p = np.arange(P)[:, None, None]
    r = np.arange(R)[None, :, None]

    subgroups = strings(f["outcomes/subgroup"])
    require(subgroups == SUBGROUPS, f"subgroups are {subgroups}")
    g = np.arange(len(SUBGROUPS))[None, None, :]
    for k, (name, _, _) in enumerate(docs["### Outcome fields"], start=1):
        expected = p * 1e6 + r * 1e4 + g * 100 + k + 0.125
        require(np.array_equal(f["outcomes"][name][()], expected),
                f"/outcomes/{name}[point, replicate, subgroup] is not "
                f"point*1e6 + replicate*1e4 + subgroup*100 + {k} + 0.125")

    t = np.arange(f["series/step"].shape[0])[None, None, :]
    for s, (name, _, _) in enumerate(docs["### Time series"], start=1):
        expected = p * 1e6 + r * 1e4 + s * 1000 + t / 7.0
        expected = np.where(t < steps[:, None, None], expected, np.nan)
        require(np.array_equal(f["series"][name][()], expected, equal_nan=True),
                f"/series/{name}[point, replicate, step] is not point*1e6 + replicate*1e4 + {s}*1000 + step/7 "
                "(NaN past the point's last step)")

    Y = f["resource_use_by_year/year"].shape[0]
    y = np.arange(Y)[None, None, :]
    years = np.maximum(1, np.ceil(f["parameters"]["simulation.horizon_weeks"][()] / WEEKS_PER_YEAR - 1e-9))
    for k, (name, _, _) in enumerate(docs["### Resource use by year"], start=1):
        expected = p * 1e6 + r * 1e4 + y * 100 + k + 0.25
        expected = np.where(y < years[:, None, None], expected, np.nan)
        require(np.array_equal(f["resource_use_by_year"][name][()], expected, equal_nan=True),
                f"/resource_use_by_year/{name}[point, replicate, year] is not point*1e6 + replicate*1e4 + year*100 "
                f"+ {k} + 0.25 (NaN past the point's last year)")

    rows = [(pi, ri, k) for pi in range(P) for ri in range(R)
            for k in range(0 if pi == 0 and ri == 1 else 3 + ri + pi)]  # family_count()
    index = np.array(rows).reshape(-1, 3)
    for c, column in enumerate(("point", "replicate", "family")):
        require(np.array_equal(f["families"][column][()], index[:, c]),
                f"/families/{column} is not the families of family_count() in unit order")
    fields = [name for name, _, _ in docs["### Family record fields"] if name not in ("point", "replicate", "family")]
    fp, fr, fk = index[:, 0], index[:, 1], index[:, 2]
    for k, name in enumerate(fields, start=1):
        expected = fp * 1e6 + fr * 1e4 + fk * 100 + k + 0.5
        if name == "first_placement_week":
            expected = np.where(fk % 2 == 0, np.nan, expected)
        require(np.array_equal(f["families"][name][()], expected, equal_nan=True),
                f"/families/{name} is not point*1e6 + replicate*1e4 + family*100 + {k} + 0.5")


def main(argv):
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    try:
        check_file(argv[1])
    except (LayoutError, KeyError, OSError, ValueError) as error:
        print(f"{argv[1]}: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
