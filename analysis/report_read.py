"""Reading a jimsim results file for the policy report (analysis/report.py).

Everything the page needs is read once into a Results object, so the HDF5 file is closed before
rendering. Tables are groups of one-dimensional columns along a `row` dimension scale
(docs/results-format.md); a table is read as a list of dicts with Python str / int / float values,
so a stored double's repr is exact and ints stay ints.
"""
import os

import h5py
import numpy as np

from report_pricing import cost_fields, read_price_specs

EXIT_BAD_INPUT = 3
EXIT_BAD_OUTPUT = 4
# The results format jimsim writes (results_format_version in io/results_file.hpp): `jimsim compare`
# refuses any other, so a /comparison in a file of another version did not come from this jimsim.
RESULTS_FORMAT_VERSION = 4
COMPARISON_FORMAT_VERSION = 3
# Outcome measures the report's tables show (/comparison/outcomes rows it needs).
NEEDED_MEASURES = ("placed_12_months", "placed_24_months", "residential_days", "crises", "mentors_found",
                   "professional_hours", "waiting_weeks", "cost_total", "placed_ever")
# The decision tables written by `jimsim compare` (comparison format 3), and the two that a newer
# compare adds; a file without one of the optional ones gets a sentence instead of the section. The
# price declarations (/comparison/decision/prices) are required too, and read into
# Results.price_specs (report_pricing.read_price_specs).
DECISION_TABLES = ("frontier", "acceptability", "value_of_information")
OPTIONAL_DECISION_TABLES = ("budget_impact", "tornado")
# Whole-cohort per-replicate outcome fields the figures and the page's own calculator use.
REPLICATE_FIELDS = ("families", "placed", "residential_days", "placement_free_weeks", "cost_total")


class ReportError(Exception):
    """A one-line message for stderr and the exit status that goes with it."""

    def __init__(self, message, status):
        super().__init__(message)
        self.status = status


def text(value):
    """An attribute or column value as str: h5py gives variable-length string attributes as str and
    string datasets as bytes (unless read with .asstr())."""
    if isinstance(value, bytes):
        return value.decode("utf-8")
    if hasattr(value, "shape") and value.shape == ():
        return text(value[()])
    return str(value)


def attribute_value(value):
    """An HDF5 attribute as str, int or float (Python types: repr is exact)."""
    if isinstance(value, (str, bytes)):
        return text(value)
    if np.ndim(value) == 0:
        value = np.asarray(value)[()]
        if isinstance(value, (bytes, str)):
            return text(value)
        return int(value) if np.issubdtype(type(value), np.integer) else float(value)
    return [attribute_value(v) for v in value]


def column_values(dataset):
    """A one-dimensional column as a list of str, int or float."""
    if h5py.check_string_dtype(dataset.dtype) is not None:
        return [str(v) for v in dataset.asstr()[()]]
    values = dataset[()]
    if values.ndim != 1:
        raise ValueError(f"{dataset.name} is not a column (shape {values.shape})")
    if values.dtype.kind in "iu":
        return [int(v) for v in values]
    return [float(v) for v in values]


def table_rows(group):
    """A table as a list of dicts in stored order. The `row` scale itself is not a column."""
    columns = {name: column_values(d) for name, d in group.items()
               if isinstance(d, h5py.Dataset) and name != "row"}
    lengths = {len(v) for v in columns.values()}
    if len(lengths) > 1:
        raise ValueError(f"the columns of {group.name} differ in length ({sorted(lengths)})")
    names = list(columns)
    return [dict(zip(names, values)) for values in zip(*columns.values())]


class Table:
    """A stored table: its rows and the attributes of its group."""

    def __init__(self, group):
        self.rows = table_rows(group)
        self.attrs = {k: attribute_value(v) for k, v in group.attrs.items()}


class Results:
    """Everything the report needs."""

    def __init__(self):
        self.path = ""
        self.program_version = ""
        self.seed = 0
        self.replicates = 0
        self.command_line = ""
        self.posterior = ""
        self.format_version = 0
        self.scenarios = []      # names, in run order
        self.descriptions = {}   # name -> description
        self.baseline = ""
        self.comparison_attrs = {}
        self.subgroups = []      # subgroup names in index order
        self.outcomes = {}       # (scenario, subgroup, measure) -> row
        self.differences = {}    # (scenario, subgroup, measure) -> row
        self.cost_effectiveness = {}  # (scenario, subgroup) -> row
        self.decision = {}       # attributes of /comparison/decision
        self.tables = {}         # decision table name -> Table (only those in the file)
        self.price_specs = []    # report_pricing.Price per row of /comparison/decision/prices, in pricing order
        self.replicate_tables = {}    # name -> {field: numpy array over replicates}, subgroup "all"
        self.series = {}              # (name, series) -> (values (R, steps), weeks at the end of each step)
        self.prices = {}         # name -> {price key (costs.x): value}; the point's parameters
        self.parameters = {}     # name -> {parameter: value} (all parameters, for the run information)

    @property
    def policies(self):
        """The scenarios compared against the baseline, in run order."""
        return [s for s in self.scenarios if s != self.baseline]

    def frontier(self, subgroup="all"):
        """Frontier rows of one subgroup, in stored (run) order."""
        return [row for row in self.tables["frontier"].rows if row["subgroup"] == subgroup]

    @property
    def price_changes(self):
        """The `jimsim compare --price` changes, as given ("costs.x=value"); [] when none. The attribute
        is one string, the changes separated by spaces (an older compare wrote a list)."""
        value = self.comparison_attrs.get("price_changes", "")
        return value.split() if isinstance(value, str) else [str(v) for v in value if str(v)]

    @property
    def effect_unit(self):
        return self.decision.get("effect_unit", "unit of effect")


def read_results(path):
    """Reads and checks the file; every problem becomes a ReportError naming the file (exit 3)."""
    if not os.path.exists(path):
        raise ReportError(f"{path}: no such file", EXIT_BAD_INPUT)
    if os.path.isdir(path):
        raise ReportError(f"{path} is a directory, not a results file", EXIT_BAD_INPUT)
    try:
        if not h5py.is_hdf5(path):
            raise ReportError(f"{path} is not an HDF5 file (expected a results file written by `jimsim run`)",
                              EXIT_BAD_INPUT)
        with h5py.File(path, "r") as f:
            return read_open_file(path, f)
    except ReportError:
        raise
    except (OSError, KeyError, ValueError, TypeError, IndexError) as e:
        # A damaged or unexpected layout: say which file, not a traceback.
        raise ReportError(f"{path}: cannot read the results file: {e}", EXIT_BAD_INPUT) from e


def check_format(path, f):
    if text(f.attrs.get("format", "")) != "jimsim-results":
        raise ReportError(f"{path} is not a jimsim results file (no format = jimsim-results attribute)",
                          EXIT_BAD_INPUT)
    version = f.attrs.get("format_version")
    version = int(version) if version is not None and np.ndim(version) == 0 else None
    if version != RESULTS_FORMAT_VERSION:
        hint = ("run its scenarios again with this jimsim, or use the report.py of the jimsim that wrote it"
                if version is not None and version < RESULTS_FORMAT_VERSION else "use a newer report.py")
        raise ReportError(f"{path} is a jimsim results file of format version {version}; this report reads "
                          f"version {RESULTS_FORMAT_VERSION}, the one this jimsim writes: {hint}", EXIT_BAD_INPUT)
    for group in ("points", "outcomes"):
        if group not in f:
            raise ReportError(f"{path} is not a complete jimsim results file (no /{group})", EXIT_BAD_INPUT)
    if "comparison" not in f:
        raise ReportError(f"{path} has no comparison: run `jimsim compare {path} --baseline NAME` first",
                          EXIT_BAD_INPUT)
    if "series" not in f:
        raise ReportError(f"{path} has no time series (/series): the report's figures need them; run the "
                          "scenarios with series kept", EXIT_BAD_INPUT)
    return version


def read_comparison(path, f, r):
    again = f"run `jimsim compare {path} --baseline NAME` again"
    c = f["comparison"]
    version = int(c.attrs.get("format_version", -1))
    if version != COMPARISON_FORMAT_VERSION:
        raise ReportError(f"{path}: /comparison has format version {version}; this report reads version "
                          f"{COMPARISON_FORMAT_VERSION}: {again}", EXIT_BAD_INPUT)
    r.comparison_attrs = {k: attribute_value(v) for k, v in c.attrs.items()}
    r.baseline = text(c.attrs["baseline"])
    stored = [text(s) for s in c.attrs["scenarios"]]
    # A comparison of another run would silently pair the wrong numbers: refuse it.
    if stored != r.scenarios or int(c.attrs["replicates"]) != r.replicates or r.baseline not in r.scenarios:
        raise ReportError(f"{path}: /comparison does not match the scenarios or replicates of this run: {again}",
                          EXIT_BAD_INPUT)
    for row in table_rows(c["outcomes"]):
        r.outcomes[(row["scenario"], row["subgroup"], row["measure"])] = row
    for row in table_rows(c["differences"]):
        r.differences[(row["scenario"], row["subgroup"], row["measure"])] = row
    names = {}
    for row in table_rows(c["cost_effectiveness"]):
        r.cost_effectiveness[(row["scenario"], row["subgroup"])] = row
        names[row["subgroup_index"]] = row["subgroup"]
    for row in r.outcomes.values():
        names[row["subgroup_index"]] = row["subgroup"]
    r.subgroups = [names[i] for i in sorted(names)]
    if "decision" not in c:
        raise ReportError(f"{path}: /comparison has no decision analysis (/comparison/decision): {again}",
                          EXIT_BAD_INPUT)
    d = c["decision"]
    r.decision = {k: attribute_value(v) for k, v in d.attrs.items()}
    for name in DECISION_TABLES + OPTIONAL_DECISION_TABLES:
        if name in d:
            r.tables[name] = Table(d[name])
        elif name in DECISION_TABLES:
            raise ReportError(f"{path}: /comparison/decision has no table '{name}': {again}", EXIT_BAD_INPUT)
    # Which count each price multiplies (sim/pricing.hpp, as `jimsim compare` writes it): the
    # calculator re-prices the stored counts with it. An older compare did not write it.
    if "prices" not in d:
        raise ReportError(f"{path}: /comparison/decision has no table 'prices' (the price declarations, written by "
                          f"a newer jimsim compare): {again}", EXIT_BAD_INPUT)
    try:
        r.price_specs = read_price_specs(table_rows(d["prices"]))
    except ValueError as e:
        raise ReportError(f"{path}: /comparison/decision/prices cannot be used: {e}: {again}", EXIT_BAD_INPUT) from e
    missing = missing_rows(r)
    if missing:
        raise ReportError(f"{path}: /comparison is incomplete (no row for {missing}): {again}", EXIT_BAD_INPUT)


def missing_rows(r):
    """The first row the report needs that the comparison lacks, or None."""
    if "all" not in r.subgroups:
        return "subgroup all"
    for s in r.scenarios:
        for g in r.subgroups:
            for m in NEEDED_MEASURES:
                if (s, g, m) not in r.outcomes:
                    return f"outcomes {s}/{g}/{m}"
    for s in r.policies:
        if (s, "all", "residential_days") not in r.differences:
            return f"differences {s}/all/residential_days"
        for g in r.subgroups:
            if (s, g) not in r.cost_effectiveness:
                return f"cost_effectiveness {s}/{g}"
    frontier = {row["scenario"] for row in r.tables["frontier"].rows if row["subgroup"] == "all"}
    for s in r.scenarios:
        if s not in frontier:
            return f"decision/frontier {s}/all"
    for key in ("effect", "effect_unit", "decision_wtp", "best_scenario", "best_probability", "replicates_used"):
        if key not in r.decision:
            return f"the attribute {key} of /comparison/decision"
    return None


def read_replicates(path, f, r):
    """The figures' and the calculator's raw data: outcomes/<field>[point, replicate, 'all'], the
    series up to each point's last step, and each point's prices."""
    outcomes = f["outcomes"]
    subgroups = column_values(outcomes["subgroup"])
    if "all" not in subgroups:
        raise ReportError(f"{path}: /outcomes has no subgroup 'all' (the whole cohort)", EXIT_BAD_INPUT)
    whole = subgroups.index("all")
    fields = list(REPLICATE_FIELDS)
    for field in fields:
        if field not in outcomes:
            raise ReportError(f"{path}: /outcomes has no '{field}' (the report's figures need it)", EXIT_BAD_INPUT)
    # The counts every cost is a price times (results format 4), when the file has them.
    counts = [p.count for p in r.price_specs] + cost_fields(r.price_specs)
    fields += [c for c in counts if c in outcomes and c not in fields]
    data = {field: np.asarray(outcomes[field][:, :, whole], dtype=float) for field in fields}
    points = f["points"]
    steps = column_values(points["steps"])
    series = f["series"]
    weeks = np.asarray(series["week"][()], dtype=float)
    parameters = f["parameters"] if "parameters" in f else None
    for p, name in enumerate(r.scenarios):
        r.replicate_tables[name] = {field: data[field][p] for field in fields}
        for s in ("placement_free_survival", "in_residential"):
            r.series[(name, s)] = (np.asarray(series[s][p, :, :steps[p]], dtype=float), weeks[p, :steps[p]])
        if parameters is not None:
            r.parameters[name] = {k: float(d[p]) for k, d in parameters.items()
                                  if isinstance(d, h5py.Dataset) and k != "point" and d.ndim == 1
                                  and d.dtype.kind in "fiub"}
            r.prices[name] = {k: v for k, v in r.parameters[name].items() if k.startswith("costs.")}


def read_open_file(path, f):
    r = Results()
    r.path = path
    r.format_version = check_format(path, f)
    r.program_version = text(f.attrs["program_version"])
    r.seed = int(f.attrs["seed"])
    r.replicates = int(f.attrs["replicates"])
    r.command_line = text(f.attrs.get("command_line", ""))
    # `jimsim run --posterior`: each replicate ran with one draw of the calibrated parameters.
    r.posterior = text(f.attrs.get("posterior", ""))
    r.scenarios = column_values(f["outcomes/point"])  # the points, in plan (= run) order
    points = f["points"]
    if column_values(points["point"]) != r.scenarios:
        raise ValueError("/points/point and /outcomes/point differ")
    r.descriptions = dict(zip(r.scenarios, column_values(points["description"])))
    read_comparison(path, f, r)
    read_replicates(path, f, r)
    return r
