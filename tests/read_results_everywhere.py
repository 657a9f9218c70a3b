#!/usr/bin/python3
"""Opens every group and dataset of a jimsim results file with h5py, xarray, pandas and R (hdf5r),
none of them using jimsim's code, and checks that they all see the layout docs/results-format.md
promises, with the same numbers in the same orientation.

Usage:
  read_results_everywhere.py xarray RESULTS.h5
      h5py: every dataset reads; every axis is a one-dimensional dimension scale in its group,
      attached to every dataset along it, of that dimension's length (point P and replicate R as the
      root attributes say); every data variable has the attributes units and long_name; text is
      variable-length UTF-8.
      xarray: xr.open_dataset(RESULTS, group=G, engine="h5netcdf") for every group G that holds
      datasets: the same variables, dimensions, values and attributes as h5py; axes are labelled
      coordinates (point and subgroup by name, as str); .sel(point=name, subgroup=name) picks what
      h5py's [p, :, g] does.
      pandas: ds.to_dataframe() of every group: a table (points, parameters, design, families,
      failures, the comparison's tables) has one row per point (or row) with named columns in
      creation order and text as str; an array group has a (point, replicate, ...) MultiIndex;
      selecting by a scenario name (df.xs(name, level="point"), df.loc[name],
      df[df.scenario == name]) needs no decoding of bytes and gives h5py's numbers.
  read_results_everywhere.py r RESULTS.h5 R_SCRIPT
      Runs R_SCRIPT (tests/read_results_with_r.R) on the file and checks what R's hdf5r read: every
      dataset, arrays with their dimensions reversed (R's a[g, r, p] is Python's a[p, r, g], checked
      value by value), every table group as a data.frame with named columns, one row per point (or
      row), in the same orientation and with the same values as pandas; the root and /comparison
      attributes.
  read_results_everywhere.py snippets RESULTS.h5 DOCS.md {python,r}
      Runs the Python or R examples of the sections "Reading a results file" and "Reading the
      comparison" of DOCS.md (docs/results-format.md) verbatim, in a scratch directory where
      results.h5 is RESULTS.h5, plus the inline h5py and R expressions of "Reading the comparison".

Exit status: 0 everything agrees; 1 problems (listed on stdout); 2 bad command line; 77 skipped
because a reader is not installed (the message says which), which ctest reports as skipped.
"""
import math
import os
import re
import shutil
import subprocess
import sys
import tempfile
import warnings

SKIP = 77

try:
    import h5py
    import numpy as np
except ImportError as missing:
    print(f"SKIPPED: needs numpy and h5py ({missing})")
    sys.exit(SKIP)


# ---------------------------------------------------------------------------------------------
# The file as h5py sees it: the reference every other reader is compared with
# ---------------------------------------------------------------------------------------------


class Problems:
    def __init__(self):
        self.list = []
        self.notes = []
        self.checks = 0

    def require(self, condition, message):
        self.checks += 1
        if not condition:
            self.list.append(message)
        return bool(condition)


class Dataset:
    """One dataset, read completely: values (a numpy array, or a numpy array of str for text), its
    dimension names (from the attached scales) and attributes."""

    def __init__(self, d, group, name, problems):
        # h5py's .name costs an HDF5 call: paths are built from the group's instead.
        self.path, self.name, self.shape, self.dtype = f"{group}/{name}", name, d.shape, d.dtype
        self.is_text = h5py.check_string_dtype(d.dtype) is not None
        try:
            self.values = np.array(d.asstr()[()], dtype=object) if self.is_text else d[()]
        except Exception as e:  # noqa: BLE001 - any failure to read is the finding
            problems.require(False, f"h5py cannot read {self.path}: {e}")
            self.values = None
        if self.is_text:
            info = h5py.check_string_dtype(d.dtype)
            problems.require(info.encoding == "utf-8" and info.length is None,
                             f"{self.path}: text is not variable-length UTF-8 ({info})")
        self.is_scale = bool(h5py.h5ds.is_scale(d.id))
        self.attrs = {k: v for k, v in d.attrs.items() if k not in ("DIMENSION_LIST", "REFERENCE_LIST", "CLASS", "NAME")}
        self.dims = []
        if self.is_scale:
            name = h5py.h5ds.get_scale_name(d.id).decode("utf-8")
            problems.require(name == self.name, f"{self.path} is a dimension scale named {name!r}, not {self.name!r}")
            problems.require(d.ndim == 1, f"the dimension scale {self.path} is not one-dimensional")
            self.dims = [self.name]
        else:
            for i in range(d.ndim):
                scales = [d.dims[i][j] for j in range(len(d.dims[i]))]
                if not problems.require(len(scales) == 1, f"{self.path}: dimension {i} has {len(scales)} dimension "
                                                          "scales, expected one"):
                    self.dims.append(f"?{i}")
                    continue
                scale, scale_path = scales[0], scales[0].name
                problems.require(scale_path.rsplit("/", 1)[0] == group,
                                 f"{self.path}: dimension {i} is {scale_path}, a scale outside its group")
                problems.require(scale.shape == (d.shape[i],),
                                 f"{self.path}: dimension {i} ({scale_path}) has {scale.shape}, the dataset {d.shape[i]}")
                self.dims.append(scale_path.rsplit("/", 1)[1])
        self.dims = tuple(self.dims)

    def kind(self):
        return "text" if self.is_text else ("int" if self.dtype.kind in "iu" else "float")


class Group:
    def __init__(self, g, path, problems):
        self.path = path
        self.datasets = {}  # creation order (h5py lists members in creation order when it is tracked)
        self.subgroups = []
        for name, d in g.items():
            if isinstance(d, h5py.Dataset):
                self.datasets[name] = Dataset(d, path, name, problems)
            elif isinstance(d, h5py.Group):
                self.subgroups.append(name)
        self.attrs = dict(g.attrs)

    def scales(self):
        return [d for d in self.datasets.values() if d.is_scale]

    def variables(self):
        return [d for d in self.datasets.values() if not d.is_scale]

    def is_table(self):
        """A group of one-dimensional columns along one dimension scale."""
        scales = self.scales()
        return len(scales) == 1 and all(d.dims == (scales[0].name,) for d in self.variables())


def read_with_h5py(path, problems):
    """Every group holding datasets, read completely, and the root attributes."""
    groups = {}
    with h5py.File(path, "r") as f:
        root = dict(f.attrs)
        pending = [(f"/{name}", f[name]) for name in f if isinstance(f[name], h5py.Group)]
        while pending:
            gpath, g = pending.pop(0)
            groups[gpath] = group = Group(g, gpath, problems)
            pending += [(f"{gpath}/{name}", g[name]) for name in group.subgroups]
        problems.require(all(isinstance(f[name], h5py.Group) for name in f), "the root holds a dataset")
    groups = {k: g for k, g in groups.items() if g.datasets}
    return root, groups


def check_h5py(path, root, groups, problems):
    """The conventions of docs/results-format.md, as h5py sees them."""
    P, R = int(root["points"]), int(root["replicates"])
    problems.require(int(root["format_version"]) == 4, f"format_version is {root['format_version']}, expected 4")
    names = list(groups["/points"].datasets["point"].values)
    comparison_version = None
    with h5py.File(path, "r") as f:
        if "comparison" in f:
            comparison_version = int(f["comparison"].attrs.get("format_version", -1))
    for g in groups.values():
        for d in g.datasets.values():
            if d.values is None:
                continue
            for axis, dim in enumerate(d.dims):
                if dim == "point":
                    problems.require(d.shape[axis] == P, f"{d.path}: {d.shape[axis]} points, the root says {P}")
                if dim == "replicate":
                    problems.require(d.shape[axis] == R, f"{d.path}: {d.shape[axis]} replicates, the root says {R}")
            if d.is_scale:
                problems.require(len(set(d.values.tolist())) == len(d.values), f"the axis {d.path} has a value twice")
                if d.name == "point":
                    problems.require(list(d.values) == names, f"{d.path} differs from /points/point")
                elif not d.is_text:
                    problems.require(np.array_equal(d.values, np.arange(len(d.values))),
                                     f"the axis {d.path} is not 0, 1, 2, ...")
                problems.require(any(d.name in v.dims for v in g.variables()),
                                 f"the axis {d.path} is attached to no dataset")
                continue
            described = all(isinstance(d.attrs.get(a), str) and d.attrs[a] for a in ("units", "long_name"))
            problems.require(described, f"{d.path} has no units and long_name attributes")
            if not d.is_text:
                expected = "|i1" if d.name == "unit_status" else ("<i4" if d.dtype.kind in "iu" else "<f8")
                problems.require(d.dtype.str == expected, f"{d.path} is {d.dtype.str}, expected {expected}")
    # The shapes the layout promises.
    outcomes = groups["/outcomes"]
    for d in outcomes.variables():
        expected = ("point", "replicate") if d.name == "unit_status" else ("point", "replicate", "subgroup")
        problems.require(d.dims == expected, f"{d.path} has dimensions {d.dims}, expected {expected}")
    if "/series" in groups:
        for d in groups["/series"].variables():
            expected = ("point", "step") if d.name == "week" else ("point", "replicate", "step")
            problems.require(d.dims == expected, f"{d.path} has dimensions {d.dims}, expected {expected}")
    problems.require(("/series" in groups) == ("/resource_use_by_year" in groups),
                     "the file has one of /series and /resource_use_by_year without the other")
    if "/resource_use_by_year" in groups:
        for d in groups["/resource_use_by_year"].variables():
            expected = ("point", "replicate", "year")
            problems.require(d.dims == expected, f"{d.path} has dimensions {d.dims}, expected {expected}")
    tables = {"/points": "point", "/parameters": "point", "/families": "row", "/failures": "failure",
              "/comparison/outcomes": "row", "/comparison/differences": "row", "/comparison/cost_effectiveness": "row"}
    for path, dim in tables.items():
        if path in groups:
            g = groups[path]
            problems.require(g.is_table() and g.scales()[0].name == dim, f"{path} is not a table along '{dim}'")
    for path in ("/points", "/parameters", "/outcomes"):
        problems.require(path in groups, f"the file has no {path}")
    if int(root["family_records"]):
        problems.require("/families" in groups, "family_records is 1 but there is no /families")


class Rounded:
    """Numbers that went through xarray's timedelta64[ns] decoding: rounded to 1e-9 of their unit
    (pandas' float-to-timedelta conversion), and garbage past 2^63 ns (106,751 days)."""

    def __init__(self, values):
        self.values = values


def equal_values(a, b):
    """Equal element by element, NaN equal to NaN; text compared as str; Rounded numbers up to their
    rounding (1e-9 of the unit)."""
    if isinstance(a, Rounded) or isinstance(b, Rounded):
        a, b = (np.asarray(x.values if isinstance(x, Rounded) else x, dtype=float) for x in (a, b))
        return a.shape == b.shape and bool(np.allclose(a, b, rtol=1e-12, atol=1e-9, equal_nan=True))
    a, b = np.asarray(a), np.asarray(b)
    if a.shape != b.shape:
        return False
    if a.dtype == object or b.dtype == object or a.dtype.kind in "US" or b.dtype.kind in "US":
        return [str(x) for x in a.ravel()] == [str(x) for x in b.ravel()]
    return bool(np.array_equal(a.astype(float), b.astype(float), equal_nan=True))


# ---------------------------------------------------------------------------------------------
# xarray and pandas
# ---------------------------------------------------------------------------------------------


# xarray's CF decoding turns a variable whose units are one of these into timedelta64 (NaN into NaT).
TIMEDELTA_UNITS = {"days": "D", "hours": "h", "minutes": "m", "seconds": "s", "milliseconds": "ms",
                   "microseconds": "us", "nanoseconds": "ns"}


def as_numbers(values, units, where=None, problems=None):
    """Values as xarray or pandas give them; a timedelta (see TIMEDELTA_UNITS) back as a number of
    its units, with a note when `where` is given: the file's `units` make xarray decode it."""
    if hasattr(values, "to_timedelta64"):
        values = values.to_timedelta64()
    values = np.asarray(values)
    if values.dtype.kind != "m":
        return values
    if where is not None:
        problems.list.append(f"{where}: xarray decodes it as timedelta64[ns] (rounded to 1e-9 {units[:-1]}, NaN "
                              f"as NaT, garbage past 2^63 ns = 106,751 days) because its units are {units!r}, a CF "
                              f"time unit; units {units[:-1]!r} would keep it a number (or open with "
                              "decode_timedelta=False)")
    return Rounded(values / np.timedelta64(1, TIMEDELTA_UNITS.get(units, "ns")))


def all_str(values):
    return all(type(v) is str for v in np.asarray(values, dtype=object).ravel())


def check_xarray_pandas(path, root, groups, problems):
    import xarray as xr

    names = list(groups["/points"].datasets["point"].values)
    for gpath, g in groups.items():
        try:
            ds = xr.open_dataset(path, group=gpath, engine="h5netcdf")
        except Exception as e:  # noqa: BLE001
            problems.require(False, f"xarray cannot open {gpath}: {type(e).__name__}: {e}")
            continue
        with ds:
            variables = [d.name for d in g.datasets.values()]
            problems.require(set(ds.variables) == set(variables),
                             f"xarray {gpath}: variables {sorted(ds.variables)}, h5py {sorted(variables)}")
            for d in g.datasets.values():
                if d.name not in ds.variables or d.values is None:
                    continue
                v = ds[d.name]
                where = f"xarray {gpath}/{d.name}"
                problems.require(v.dims == d.dims, f"{where}: dimensions {v.dims}, h5py {d.dims}")
                units = d.attrs.get("units")
                problems.require(equal_values(as_numbers(v.values, units, f"{gpath}/{d.name}", problems), d.values),
                                 f"{where}: values differ from h5py's")
                if d.is_text:
                    problems.require(all_str(v.values), f"{where}: text is not str")
                if d.is_scale:
                    problems.require(d.name in ds.indexes, f"{where}: the axis is not an indexed coordinate")
                else:
                    for a in ("units", "long_name"):
                        if a in d.attrs:
                            seen = v.encoding.get(a) if v.dtype.kind == "m" and a == "units" else v.attrs.get(a)
                            problems.require(seen == d.attrs[a], f"{where}: attribute {a} differs")
            check_pandas(ds, g, names, problems)
            if gpath == "/outcomes":
                check_outcomes_labels(ds, g, names, problems)


def check_outcomes_labels(ds, g, names, problems):
    """outcomes has dims (point, replicate, subgroup), labelled by name: .sel by names equals h5py."""
    problems.require(list(ds.indexes["point"]) == names and all_str(ds.point.values),
                     f"xarray /outcomes: point coordinate {list(ds.point.values)}, expected {names} as str")
    subgroups = list(g.datasets["subgroup"].values)
    problems.require(list(ds.indexes["subgroup"]) == subgroups and all_str(ds.subgroup.values),
                     "xarray /outcomes: subgroup coordinate is not the subgroup names as str")
    for field in ("placed", "families", "cost_total"):
        if field not in g.datasets:
            continue
        raw = g.datasets[field].values
        problems.require(ds[field].dims == ("point", "replicate", "subgroup"),
                         f"xarray /outcomes/{field}: dimensions {ds[field].dims}")
        for p, name in enumerate(names):
            for k, subgroup in enumerate(subgroups):
                picked = as_numbers(ds[field].sel(point=name, subgroup=subgroup).values,
                                    g.datasets[field].attrs.get("units"))
                problems.require(equal_values(picked, raw[p, :, k]),
                                 f"xarray /outcomes/{field}.sel(point={name!r}, subgroup={subgroup!r}) differs from "
                                 f"h5py's [{p}, :, {k}]")


def check_pandas(ds, g, names, problems):
    where = f"pandas {g.path}"
    try:
        df = ds.to_dataframe()
    except Exception as e:  # noqa: BLE001
        problems.require(False, f"{where}: to_dataframe() fails: {type(e).__name__}: {e}")
        return
    if g.is_table():
        scale = g.scales()[0]
        columns = [d.name for d in g.variables()]
        problems.require(df.index.name == scale.name and len(df) == len(scale.values),
                         f"{where}: index {df.index.name!r} with {len(df)} rows, expected one row per {scale.name}")
        problems.require(list(df.columns) == columns, f"{where}: columns {list(df.columns)}, expected {columns} "
                                                      "(creation order)")
        problems.require(equal_values(df.index.values, scale.values), f"{where}: the index is not {scale.path}")
        for d in g.variables():
            if d.name not in df.columns:
                continue
            column = as_numbers(df[d.name].values, d.attrs.get("units"), f"{g.path}/{d.name}", problems)
            problems.require(equal_values(column, d.values), f"{where}: column {d.name} differs from h5py")
            if d.is_text:
                problems.require(all_str(df[d.name].values), f"{where}: column {d.name} is not str")
        if scale.name == "point":
            problems.require(all_str(df.index.values), f"{where}: the point index is not str")
            for p, name in enumerate(names):
                row = df.loc[name]
                for d in g.variables():
                    value = as_numbers(row[d.name], d.attrs.get("units"))
                    problems.require(equal_values(value, d.values[p]), f"{where}: df.loc[{name!r}, {d.name!r}] "
                                                                      "differs from h5py")
        for key in ("scenario", "point_name"):
            if key in df.columns:
                for name in names:
                    rows = df[df[key] == name]
                    mask = g.datasets[key].values == name
                    problems.require(len(rows) == int(mask.sum()),
                                     f"{where}: df[df.{key} == {name!r}] has {len(rows)} rows, h5py {int(mask.sum())}")
                    for d in g.variables():
                        value = as_numbers(rows[d.name].values, d.attrs.get("units"))
                        problems.require(equal_values(value, d.values[mask]),
                                         f"{where}: df[df.{key} == {name!r}].{d.name} differs from h5py")
        return
    # An array group: one MultiIndex level per axis; selecting a point by name gives h5py's numbers.
    for dims in sorted({d.dims for d in g.variables()}, key=len, reverse=True):
        if "point" not in dims:
            continue
        members = [d for d in g.variables() if d.dims == dims]
        sub = ds[[d.name for d in members]].to_dataframe()
        problems.require(list(sub.index.names) == list(dims), f"{where}: index levels {sub.index.names}, expected {dims}")
        for level in dims:
            values = sub.index.get_level_values(level)
            if g.datasets[level].is_text:
                problems.require(all_str(values), f"{where}: index level {level} is not str")
        for p, name in enumerate(names):
            part = sub.xs(name, level="point") if sub.index.nlevels > 1 else sub.loc[[name]]
            for d in members:
                value = as_numbers(part[d.name].values, d.attrs.get("units"))
                problems.require(equal_values(value, d.values[p].ravel()),
                                 f"{where}: df.xs({name!r}, level='point').{d.name} differs from h5py's [{p}]")
    if g.path == "/outcomes":
        problems.require(list(df.index.names) == ["point", "replicate", "subgroup"],
                         f"{where}: index levels {df.index.names}")


# ---------------------------------------------------------------------------------------------
# R (hdf5r)
# ---------------------------------------------------------------------------------------------


NO_HDF5R = re.compile(r"there is no package called .hdf5r.")  # R's message (quotes depend on the locale)


def r_value(text, kind):
    if kind == "text":
        return text
    if kind == "int":
        return int(text)
    return float(text)  # "NaN", "Inf" and "-Inf" included


def check_r(path, r_script, root, groups, problems):
    import pandas as pd

    rscript = shutil.which("Rscript")
    if rscript is None:
        print("SKIPPED: Rscript is not installed (Debian: apt-get install r-base-core r-cran-hdf5r)")
        return SKIP
    with tempfile.TemporaryDirectory(prefix="jimsim-r-") as out:
        run = subprocess.run([rscript, r_script, path, out], capture_output=True, text=True)
        if run.returncode != 0 and NO_HDF5R.search(run.stderr):
            print("SKIPPED: R lacks the package hdf5r (Debian: apt-get install r-cran-hdf5r)")
            return SKIP
        if not problems.require(run.returncode == 0, f"{r_script} failed ({run.returncode}): {run.stderr.strip()}"):
            return 1
        if run.stderr.strip():
            problems.require(False, f"R printed on stderr: {run.stderr.strip()[:2000]}")

        def csv(name):
            return pd.read_csv(os.path.join(out, name), dtype=str, keep_default_na=False, encoding="utf-8")

        manifest = csv("manifest.csv").set_index("path")
        every = {d.path: d for g in groups.values() for d in g.datasets.values()}
        problems.require(set(manifest.index) == set(every),
                         f"R read {sorted(set(manifest.index) ^ set(every))[:10]} differently from h5py "
                         "(datasets seen by only one of them)")
        for dpath, d in every.items():
            if dpath not in manifest.index or d.values is None:
                continue
            m = manifest.loc[dpath]
            where = f"R {dpath}"
            expected_type = {"text": "character", "int": "integer", "float": "double"}[d.kind()]
            problems.require(m.r_type == expected_type or (d.dtype.itemsize == 8 and m.r_class == "integer64"),
                             f"{where}: R type {m.r_type} ({m.r_class}), expected {expected_type}")
            dims = "x".join(str(n) for n in reversed(d.shape))
            problems.require(m.dims == dims, f"{where}: R dimensions {m.dims}, expected {dims} (h5py {d.shape} reversed)")
            for attribute, column in (("units", "has_units"), ("long_name", "has_long_name")):
                problems.require((m[column] == "TRUE") == (attribute in d.attrs),
                                 f"{where}: R and h5py disagree whether it has '{attribute}'")

        for gpath, g in groups.items():
            if g.is_table():
                check_r_table(csv(f"table-{gpath.strip('/').replace('/', '__')}.csv"), path, g, problems)
                continue
            for d in g.datasets.values():
                values = csv(f"array-{d.path.strip('/').replace('/', '__')}.csv")["value"]
                r = np.array([r_value(v, d.kind()) for v in values], dtype=object if d.is_text else float)
                # R is column-major and has the dimensions reversed: its as.vector() is h5py's C order.
                problems.require(equal_values(r, np.asarray(d.values).ravel()),
                                 f"R {d.path}: as.vector() differs from h5py's values in C order")
        probes = csv("probes.csv")
        for row in probes.itertuples():
            d = every[row.path]
            i, j, k = int(row.i), int(row.j), int(row.k)
            python = d.values[k - 1, j - 1, i - 1]
            problems.require(equal_values(r_value(row.value, d.kind()), python),
                             f"R {row.path}[{i}, {j}, {k}] = {row.value}, Python's [{k - 1}, {j - 1}, {i - 1}] = {python!r}")
        problems.require(len(probes) > 0, "R probed no three-dimensional array")
        check_r_attributes(csv("attributes.csv"), path, problems)
    return 0


def check_r_table(r, path, g, problems):
    """R's data.frame of a table group: the same columns (the axis first, then creation order), one
    row per point or row, the same values and orientation as pandas."""
    import xarray as xr

    where = f"R {g.path}"
    columns = list(g.datasets)
    problems.require(list(r.columns) == columns, f"{where}: data.frame columns {list(r.columns)}, expected {columns}")
    scale = g.scales()[0]
    problems.require(len(r) == len(scale.values), f"{where}: {len(r)} rows, expected one per {scale.name}")
    with xr.open_dataset(path, group=g.path, engine="h5netcdf") as ds:
        df = ds.to_dataframe()
    for d in g.datasets.values():
        if d.name not in r.columns or len(r) != len(scale.values):
            continue
        values = np.array([r_value(v, d.kind()) for v in r[d.name]], dtype=object if d.is_text else float)
        problems.require(equal_values(values, d.values), f"{where}: column {d.name} differs from h5py")
        theirs = (df.index.values if d.is_scale
                  else as_numbers(df[d.name].values, d.attrs.get("units"), d.path, problems))
        problems.require(equal_values(values, theirs), f"{where}: column {d.name} differs from pandas' (orientation)")


def check_r_attributes(r, path, problems):
    with h5py.File(path, "r") as f:
        for row in r.itertuples():
            obj = f[row.object]
            where = f"R attribute {row.object} {row.name}"
            if not problems.require(row.name in obj.attrs, f"{where}: h5py does not see it"):
                continue
            value = obj.attrs[row.name]
            if isinstance(value, str):
                problems.require(row.value == value, f"{where}: {row.value!r}, h5py {value!r}")
            elif isinstance(value, np.ndarray) and value.dtype == object:
                problems.require(row.value.split("\n") == [str(v) for v in value], f"{where}: {row.value!r}")
            elif np.asarray(value).dtype.kind in "iu":
                if int(value) < 2**63:
                    problems.require(int(row.value) == int(value), f"{where}: {row.value}, h5py {value}")
                else:
                    problems.notes.append(f"{where}: {value} arrives in R as {row.value} ({row.r_class}): hdf5r "
                                          "clamps unsigned 64-bit values above 2^63 - 1")
            else:
                problems.require(float(row.value) == float(value), f"{where}: {row.value}, h5py {value}")


# ---------------------------------------------------------------------------------------------
# The documented examples
# ---------------------------------------------------------------------------------------------


def docs_section(docs, heading):
    start = docs.index("\n" + heading + "\n")
    level = heading.split(" ")[0]
    ends = [m.start() for m in re.finditer(r"\n#{1,%d} " % len(level), docs[start + 1:])]
    return docs[start: start + 1 + ends[0]] if ends else docs[start:]


def code_blocks(section, language):
    return re.findall(r"```%s\n(.*?)```" % language, section, flags=re.S)


def run_snippets(path, docs_path, language, problems):
    with open(docs_path, encoding="utf-8") as f:
        docs = f.read()
    reading = docs_section(docs, "## Reading a results file")
    comparison = docs_section(docs, "### Reading the comparison")
    snippets = []
    if language == "python":
        try:
            import xarray  # noqa: F401
            import h5netcdf  # noqa: F401
        except ImportError as missing:
            print(f"SKIPPED: the Python examples need xarray and h5netcdf ({missing})")
            return SKIP
        for i, code in enumerate(code_blocks(reading, "python") + code_blocks(comparison, "python")):
            snippets.append((f"example-{i}.py", code))
        inline = re.findall(r"`(f\[\"comparison/[^`]*)`", comparison)
        problems.require(inline, "no inline h5py expressions found in 'Reading the comparison'")
        snippets.append(("comparison-inline.py", "import h5py\nwith h5py.File(\"results.h5\", \"r\") as f:\n"
                         + "".join(f"    print({e})\n" for e in inline)))
        command = [sys.executable]
    else:
        rscript = shutil.which("Rscript")
        if rscript is None:
            print("SKIPPED: the R examples need Rscript and the package hdf5r (Debian: apt-get install r-cran-hdf5r)")
            return SKIP
        blocks = code_blocks(reading, "r")
        problems.require(len(blocks) == 1, f"'Reading a results file' has {len(blocks)} R examples, expected one")
        for i, code in enumerate(blocks):
            snippets.append((f"example-{i}.R", code))
        # The comparison section's R: the read_table() helper of the example above, and an attribute.
        inline = re.findall(r"`([^`]*\$[^`]*|read_table\([^`]*\))`", comparison)
        problems.require(len(inline) >= 2, f"the inline R of 'Reading the comparison' is {inline}")
        if blocks:
            helper = blocks[0].replace("f$close_all()", "")
            snippets.append(("comparison-inline.R", helper + "".join(f"print({e})\n" for e in inline) + "f$close_all()\n"))
        command = [rscript]
    with tempfile.TemporaryDirectory(prefix="jimsim-docs-") as scratch:
        os.symlink(os.path.abspath(path), os.path.join(scratch, "results.h5"))
        for name, code in snippets:
            with open(os.path.join(scratch, name), "w", encoding="utf-8") as f:
                f.write(code)
            run = subprocess.run(command + [name], cwd=scratch, capture_output=True, text=True)
            if language == "r" and run.returncode != 0 and NO_HDF5R.search(run.stderr):
                print("SKIPPED: the R examples need the R package hdf5r (Debian: apt-get install r-cran-hdf5r)")
                return SKIP
            shown = "\n".join("    " + line for line in (run.stdout + run.stderr).strip().splitlines()[:40])
            print(f"--- {name}:\n{shown}")
            problems.require(run.returncode == 0, f"the documented example {name} fails (exit {run.returncode}):\n"
                                                  + "\n".join("    " + line for line in code.splitlines())
                                                  + f"\n  error: {run.stderr.strip()[-1500:]}")
            problems.require("Warning" not in run.stderr, f"the documented example {name} warns: {run.stderr.strip()}")
    return 0


# ---------------------------------------------------------------------------------------------


def main(argv):
    if len(argv) < 3 or argv[1] not in ("xarray", "r", "snippets"):
        print(__doc__, file=sys.stderr)
        return 2
    mode, path = argv[1], argv[2]
    problems = Problems()
    try:
        if mode == "snippets":
            if len(argv) != 5 or argv[4] not in ("python", "r"):
                print(__doc__, file=sys.stderr)
                return 2
            status = run_snippets(path, argv[3], argv[4], problems)
        else:
            if mode in ("xarray", "r"):  # the R check compares R's tables with pandas' too
                try:
                    import xarray  # noqa: F401
                    import h5netcdf  # noqa: F401
                    import pandas  # noqa: F401
                except ImportError as missing:
                    print(f"SKIPPED: needs xarray, h5netcdf and pandas ({missing}); Debian: apt-get install "
                          "python3-xarray python3-h5netcdf python3-pandas")
                    return SKIP
            elif len(argv) != 4:
                print(__doc__, file=sys.stderr)
                return 2
            # xarray decoding NaN into a timedelta (see TIMEDELTA_UNITS) warns "invalid value
            # encountered in cast"; the decoding itself is reported as a note.
            warnings.filterwarnings("ignore", "invalid value encountered in cast", RuntimeWarning)
            root, groups = read_with_h5py(path, problems)
            check_h5py(path, root, groups, problems)
            status = 0
            if mode == "xarray":
                check_xarray_pandas(path, root, groups, problems)
                read = "h5py, xarray and pandas"
            else:
                status = check_r(path, argv[3], root, groups, problems)
                read = "h5py and R (hdf5r)"
    except OSError as e:
        print(f"{path}: cannot read: {e}")
        return 1
    if status == SKIP:
        return SKIP
    for note in sorted(set(problems.notes)):
        print(f"NOTE: {note}")
    if problems.list:
        print(f"{path}: {len(problems.list)} problems ({problems.checks} checks):")
        for p in problems.list[:200]:
            print(f"  {p}")
        return 1
    if mode == "snippets":
        print(f"{path}: every documented {argv[4]} example of {argv[3]} runs")
    else:
        print(f"{path}: {len(groups)} groups, {sum(len(g.datasets) for g in groups.values())} datasets read alike "
              f"with {read} ({problems.checks} checks)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
