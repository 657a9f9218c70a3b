#!/usr/bin/python3
"""Reads a jimsim posterior file with h5py, xarray, pandas and R (hdf5r), none of them using
jimsim's code, and checks that they all see the layout docs/posterior-format.md promises, with the
same numbers in the same orientation.

Usage:
  read_posterior_everywhere.py xarray POSTERIOR.h5
      h5py: the root attributes and their types; exactly the documented groups; every table a group
      of one-dimensional columns along its `row` dimension scale, in the documented order, with
      units and long_name, text variable-length UTF-8; /particles with one column per parameter of
      /posterior, weights summing to 1 per generation, row counts agreeing with /generations;
      /correlation along the scales parameter and other_parameter; nothing per youth.
      xarray and pandas: xr.open_dataset(POSTERIOR, group=G, engine="h5netcdf") of every group gives
      h5py's columns and values; /correlation is labelled by parameter name on both axes.
  read_posterior_everywhere.py r POSTERIOR.h5 R_SCRIPT
      Runs R_SCRIPT (tests/read_posterior_with_r.R) and compares what R read with h5py: every table
      as a data.frame (same columns, order and values), the correlation matrix (axes reversed), the
      inputs and the root attributes.
  read_posterior_everywhere.py snippets POSTERIOR.h5 DOCS.md {python,r}
      Runs the Python or R examples of "Reading a posterior file" in DOCS.md verbatim, in a scratch
      directory where posterior.h5 is POSTERIOR.h5.

Exit status: 0 everything agrees; 1 problems (listed); 2 bad command line; 77 skipped because a
reader is not installed (ctest reports it as skipped).
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile

SKIP = 77
try:
    import h5py
    import numpy as np
except ImportError as missing:
    print(f"SKIPPED: needs numpy and h5py ({missing})")
    sys.exit(SKIP)

TABLES = {
    "generations": ["row", "generation", "tolerance", "acceptance_rate", "effective_sample_size", "proposals",
                    "simulations", "particles"],
    "particles": ["row", "generation", "particle", "proposal", "weight", "distance", "accepted_share"],
    "posterior": ["row", "parameter", "prior", "unit", "mean", "median", "lower_90", "upper_90", "prior_mean",
                  "prior_lower_90", "prior_upper_90"],
    "statistics": ["row", "statistic", "unit", "meaning", "observed", "scale"],
    "predictive_check": ["row", "statistic", "unit", "observed", "mean", "lower_90", "upper_90", "tail_probability",
                         "reproduced", "draws"],
}
GROUPS = ["inputs", "generations", "particles", "posterior", "correlation", "statistics", "predictive_check"]
ATTRIBUTES = {"format": str, "format_version": "<i4", "program_version": str, "fingerprint": str, "calibration": str,
              "description": str, "command_line": str, "evidence": str, "evidence_file": str, "youths": "<u8",
              "seed": "<u8", "stop_reason": str, "simulations": "<u8", "generations": "<i4"}
# Names that would mean records of individuals had been written.
PERSONAL = re.compile(r"(^|_)(id|ids|youth|youths|family|families|record|records|person|persons)($|_)")


class Problems(list):
    def require(self, condition, message):
        if not condition:
            self.append(message)
        return bool(condition)


def values_of(d):
    return np.array(d.asstr()[()], dtype=object) if h5py.check_string_dtype(d.dtype) else d[()]


def same(a, b):
    a, b = np.asarray(a), np.asarray(b)
    if a.shape != b.shape:
        return False
    if a.dtype == object or b.dtype == object or a.dtype.kind in "US" or b.dtype.kind in "US":
        return [str(x) for x in a.ravel()] == [str(x) for x in b.ravel()]
    return bool(np.array_equal(a.astype(float), b.astype(float), equal_nan=True))


def members(g):
    """Names in creation order. h5py lists a group whose creation order is tracked in that order, but
    the root only when opened as f["/"]: a File asks its file creation list, which does not say."""
    return list(g["/"].keys()) if isinstance(g, h5py.File) else list(g.keys())


def read_h5py(path, problems):
    """The reference: root attributes and every dataset's values, by path."""
    data = {}
    with h5py.File(path, "r") as f:
        root = dict(f.attrs)
        problems.require(members(f) == GROUPS, f"the root holds {members(f)}, expected {GROUPS}")
        for name, kind in ATTRIBUTES.items():
            if not problems.require(name in f.attrs, f"no root attribute {name}"):
                continue
            if kind is str:
                problems.require(isinstance(root[name], str), f"root attribute {name} is not text")
            else:
                problems.require(f.attrs.get_id(name).dtype.str == kind, f"root attribute {name} is not {kind}")
        problems.require(root.get("format") == "jimsim posterior" and root.get("format_version") == 1,
                         "not a jimsim posterior file of version 1")
        problems.require(root.get("evidence") in ("cohort", "targets"), f"evidence is {root.get('evidence')!r}")
        problems.require("/" not in root.get("evidence_file", "/"), "evidence_file has a directory")
        for gname in (n for n in GROUPS if n in f):
            for name, d in f[gname].items():
                path_ = f"/{gname}/{name}"
                data[path_] = values_of(d)
                problems.require(not PERSONAL.search(name), f"{path_}: a name that suggests individual records")
                if h5py.check_string_dtype(d.dtype):
                    info = h5py.check_string_dtype(d.dtype)
                    problems.require(info.encoding == "utf-8" and info.length is None, f"{path_}: not vlen UTF-8")
                else:
                    problems.require(d.dtype.str in ("<f8", "<i4"), f"{path_} is {d.dtype.str}")
                if h5py.h5ds.is_scale(d.id):
                    continue
                for attribute in ("units", "long_name"):
                    problems.require(isinstance(d.attrs.get(attribute), str) and d.attrs[attribute],
                                     f"{path_} has no {attribute}")
        check_tables(f, problems)
        check_correlation(f, problems)
        check_contents(f, root, problems)
    return root, data


def check_tables(f, problems):
    keys = list(values_of(f["posterior/parameter"])) if "posterior/parameter" in f else []
    for gname, columns in TABLES.items():
        if not problems.require(gname in f, f"no table /{gname}"):
            continue
        g = f[gname]
        expected = columns + keys if gname == "particles" else columns
        problems.require(members(g) == expected, f"/{gname} has columns {members(g)}, expected {expected}")
        scale = g.get("row")
        if not problems.require(scale is not None and h5py.h5ds.is_scale(scale.id), f"/{gname}/row is no scale"):
            continue
        problems.require(same(scale[()], np.arange(len(scale))), f"/{gname}/row is not 0, 1, 2, ...")
        for name, d in g.items():
            if name == "row":
                continue
            problems.require(d.ndim == 1 and len(d.dims[0]) == 1 and d.dims[0][0].name == scale.name,
                             f"/{gname}/{name} is not a column along /{gname}/row")
            problems.require(d.shape == scale.shape, f"/{gname}/{name} has {d.shape}, the table {scale.shape}")


def check_correlation(f, problems):
    g = f["correlation"]
    problems.require(members(g) == ["parameter", "other_parameter", "correlation"], f"/correlation: {members(g)}")
    c = g["correlation"]
    keys = list(values_of(f["posterior/parameter"]))
    for axis, scale in enumerate(("parameter", "other_parameter")):
        attached = [c.dims[axis][k].name for k in range(len(c.dims[axis]))]
        problems.require(attached == [f"/correlation/{scale}"], f"/correlation axis {axis} is {attached}")
        problems.require(list(values_of(g[scale])) == keys, f"/correlation/{scale} differs from /posterior/parameter")
    m = c[()]
    problems.require(m.shape == (len(keys), len(keys)), f"/correlation/correlation is {m.shape}")
    if m.shape == (len(keys), len(keys)) and not np.isnan(m).all():
        problems.require(np.allclose(m, m.T) and np.allclose(np.diag(m), 1.0), "the correlation is not one")


def check_contents(f, root, problems):
    generation = f["particles/generation"][()]
    counts = f["generations/particles"][()]
    problems.require(int(root["generations"]) == len(counts), "generations differs from /generations")
    problems.require(same(f["generations/generation"][()], np.arange(len(counts))), "generations not 0, 1, ...")
    weight = f["particles/weight"][()]
    for t, n in enumerate(counts):
        rows = generation == t
        problems.require(rows.sum() == n, f"generation {t}: {rows.sum()} particles, /generations says {n}")
        problems.require(same(f["particles/particle"][rows], np.arange(n)), f"generation {t}: particles not 0, 1, ...")
        if n:
            problems.require(abs(weight[rows].sum() - 1) < 1e-9, f"generation {t}: weights sum to {weight[rows].sum()}")
    problems.require(len(generation) == counts.sum(), "particles outside the generations")
    statistics = list(values_of(f["statistics/statistic"]))
    check = list(values_of(f["predictive_check/statistic"]))
    problems.require(all(s in statistics for s in check), "the predictive check names an unmatched statistic")
    targets = f["inputs/targets"].asstr()[()]
    if root.get("evidence") == "cohort":
        problems.require(len(targets.strip().splitlines()) <= 1, "a cohort's inputs/targets is more than a digest line")


def check_xarray(path, data, problems):
    import xarray as xr

    for gname in GROUPS:
        with xr.open_dataset(path, group=gname, engine="h5netcdf") as ds:
            where = f"xarray /{gname}"
            names = [n for n in data if n.startswith(f"/{gname}/")]
            seen = set(ds.variables)
            problems.require(seen == {n.rsplit("/", 1)[1] for n in names}, f"{where}: variables {sorted(seen)}")
            for n in names:
                name = n.rsplit("/", 1)[1]
                if name in ds.variables:
                    problems.require(same(ds[name].values, data[n]), f"{where}: {name} differs from h5py")
            if gname in TABLES:
                df = ds.to_dataframe()
                columns = [n.rsplit("/", 1)[1] for n in names if not n.endswith("/row")]
                problems.require(list(df.columns) == columns, f"pandas /{gname}: columns {list(df.columns)}")
                problems.require(list(df.index) == list(range(len(df))), f"pandas /{gname}: index is not the row")
                for column in df.columns:
                    if df[column].dtype == object:
                        problems.require(all(isinstance(v, str) for v in df[column]), f"pandas /{gname}.{column}: not str")
            if gname == "correlation":
                c, m = ds.correlation, data["/correlation/correlation"]
                problems.require(c.dims == ("parameter", "other_parameter"), f"{where}: dims {c.dims}")
                keys = [str(k) for k in data["/posterior/parameter"]]
                for i, a in enumerate(keys):
                    for j, b in enumerate(keys):
                        problems.require(same(c.sel(parameter=a, other_parameter=b).values, m[i, j]),
                                         f"{where}: .sel(parameter={a!r}, other_parameter={b!r}) is not h5py's [{i}, {j}]")
    return 0


def r_number(text):
    return float(text)  # "NaN", "Inf" and "-Inf" included


def check_r(path, script, data, root, problems):
    import pandas as pd

    rscript = shutil.which("Rscript")
    if rscript is None:
        print("SKIPPED: Rscript is not installed (Debian: apt-get install r-base-core r-cran-hdf5r)")
        return SKIP
    with tempfile.TemporaryDirectory(prefix="jimsim-r-") as out:
        run = subprocess.run([rscript, script, path, out], capture_output=True, text=True)
        if run.returncode != 0 and re.search(r"there is no package called .hdf5r.", run.stderr):
            print("SKIPPED: R lacks the package hdf5r (Debian: apt-get install r-cran-hdf5r)")
            return SKIP
        if not problems.require(run.returncode == 0 and not run.stderr.strip(), f"R failed: {run.stderr.strip()}"):
            return 1

        def csv(name):
            return pd.read_csv(os.path.join(out, name), dtype=str, keep_default_na=False, encoding="utf-8")

        for gname in TABLES:
            r = csv(f"table-{gname}.csv")
            names = [n.rsplit("/", 1)[1] for n in data if n.startswith(f"/{gname}/")]
            problems.require(list(r.columns) == names, f"R /{gname}: columns {list(r.columns)}, expected {names}")
            for name in names:
                ours = data[f"/{gname}/{name}"]
                theirs = list(r[name]) if ours.dtype == object else [r_number(v) for v in r[name]]
                problems.require(name in r and same(np.array(theirs, dtype=ours.dtype), ours),
                                 f"R /{gname}.{name} differs from h5py")
        m = data["/correlation/correlation"]
        for row in csv("correlation.csv").itertuples():
            i, j = int(row.i), int(row.j)  # R's [i, j], 1-based, is Python's [j - 1, i - 1]
            problems.require(same(r_number(row.value), m[j - 1, i - 1]), f"R correlation[{i}, {j}] = {row.value}")
            problems.require(row.row_name == data["/correlation/other_parameter"][i - 1]
                             and row.column_name == data["/correlation/parameter"][j - 1],
                             f"R correlation[{i}, {j}] is named {row.row_name}, {row.column_name}")
        for row in csv("inputs.csv").itertuples():
            problems.require(row.value == data[f"/inputs/{row.name}"], f"R /inputs/{row.name} differs")
        attributes = csv("attributes.csv").set_index("name")
        problems.require(set(attributes.index) == set(root), f"R root attributes {sorted(attributes.index)}")
        for name, value in root.items():
            if name in attributes.index:
                text = attributes.loc[name, "value"]
                problems.require(text == value if isinstance(value, str) else int(text) == int(value),
                                 f"R root attribute {name} = {text!r}, h5py {value!r}")
    return 0


def run_snippets(path, docs_path, language, problems):
    with open(docs_path, encoding="utf-8") as f:
        docs = f.read()
    start = docs.index("\n## Reading a posterior file\n")
    end = docs.find("\n## ", start + 1)
    section = docs[start:end if end > 0 else len(docs)]
    blocks = re.findall(r"```%s\n(.*?)```" % language, section, flags=re.S)
    problems.require(blocks, f"no {language} examples in 'Reading a posterior file'")
    if language == "python":
        command = [sys.executable]
    else:
        command = [shutil.which("Rscript")]
        if command[0] is None:
            print("SKIPPED: the R examples need Rscript and hdf5r (Debian: apt-get install r-cran-hdf5r)")
            return SKIP
    with tempfile.TemporaryDirectory(prefix="jimsim-docs-") as scratch:
        os.symlink(os.path.abspath(path), os.path.join(scratch, "posterior.h5"))
        for i, code in enumerate(blocks):
            name = f"example-{i}.{'py' if language == 'python' else 'R'}"
            with open(os.path.join(scratch, name), "w", encoding="utf-8") as f:
                f.write(code)
            run = subprocess.run(command + [name], cwd=scratch, capture_output=True, text=True)
            if language == "r" and re.search(r"there is no package called .hdf5r.", run.stderr):
                print("SKIPPED: the R examples need the R package hdf5r (Debian: apt-get install r-cran-hdf5r)")
                return SKIP
            print(f"--- {name}:\n" + "\n".join("    " + line for line in (run.stdout + run.stderr).strip().splitlines()[:30]))
            problems.require(run.returncode == 0, f"the documented example {name} fails: {run.stderr.strip()[-1500:]}")
            problems.require("Warning" not in run.stderr, f"the documented example {name} warns: {run.stderr.strip()}")
    return 0


def main(argv):
    modes = {"xarray": 3, "r": 4, "snippets": 5}
    if len(argv) < 2 or argv[1] not in modes or len(argv) != modes[argv[1]]:
        print(__doc__, file=sys.stderr)
        return 2
    mode, path = argv[1], argv[2]
    problems = Problems()
    try:
        if mode == "snippets":
            if argv[4] not in ("python", "r"):
                print(__doc__, file=sys.stderr)
                return 2
            status = run_snippets(path, argv[3], argv[4], problems)
        else:
            try:
                import xarray  # noqa: F401
                import h5netcdf  # noqa: F401
                import pandas  # noqa: F401
            except ImportError as missing:
                print(f"SKIPPED: needs xarray, h5netcdf and pandas ({missing}); Debian: apt-get install "
                      "python3-xarray python3-h5netcdf python3-pandas")
                return SKIP
            root, data = read_h5py(path, problems)
            status = check_xarray(path, data, problems) if mode == "xarray" else check_r(path, argv[3], data, root, problems)
    except OSError as e:
        print(f"{path}: cannot read: {e}")
        return 1
    if status == SKIP:
        return SKIP
    if problems:
        print(f"{path}: {len(problems)} problems:")
        for p in problems[:200]:
            print(f"  {p}")
        return 1
    print(f"{path}: read alike ({mode})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
