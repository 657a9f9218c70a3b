#!/usr/bin/python3
"""Policy report: one self-contained HTML page from a jimsim results file with a stored comparison.

Usage: /usr/bin/python3 analysis/report.py RESULTS.h5 -o REPORT.html [--force]

The page is for a municipal policymaker: what each policy achieves, what it changes against the
baseline (placements averted, residential days, cost, cost per placement averted), the same per age
band and severity tertile, four figures with a plain-language reading guide, and a methods note.

Every number in a table comes from the /comparison group that `jimsim compare` stores in the results
file (layout: docs/results-format.md, results format version 3, comparison version 2); the report
computes no statistics of its own, so it can never disagree with `jimsim compare`. Only the figures
use the raw per-replicate data (/series, and the whole-cohort /outcomes behind the replicate clouds
of the cost-effectiveness plane). The policies are the points of /outcomes/point, in plan order.
Each displayed stored number is an element with data-table, data-scenario, data-subgroup,
data-column (and data-measure where the table has one), data-value (Python repr of the stored value,
exact) and data-format (the Python format spec used to display it), so tests/check_report.py can
check the page against the file.

The output is deterministic: the same results file gives a byte-identical page (no dates; PNGs are
written without software/date metadata).

Exit status: 0 written; 2 bad command line; 3 bad input file (missing, not HDF5, not a jimsim
results file, a results file of another format version, no /comparison or one of another version);
4 output not written (exists without --force, cannot be written).
"""
import argparse
import base64
import html
import io
import math
import os
import sys
import warnings

try:
    import h5py
    import matplotlib
    import numpy as np

    matplotlib.use("Agg")  # no display needed; the only backend whose output the report relies on
    import matplotlib.pyplot as plt
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch
except ImportError as missing:
    sys.exit(f"report.py: needs numpy, h5py and matplotlib ({missing}); on Debian: "
             "apt-get install python3-numpy python3-h5py python3-matplotlib")

EXIT_BAD_INPUT = 3
EXIT_BAD_OUTPUT = 4
RESULTS_FORMAT_VERSION = 3
COMPARISON_FORMAT_VERSION = 3
NAN_TEXT = "\u2013"  # en dash: how a stored NaN (undefined value) is displayed


class ReportError(Exception):
    """A one-line message for stderr and the exit status that goes with it."""

    def __init__(self, message, status):
        super().__init__(message)
        self.status = status


# ---------------------------------------------------------------------------------------------
# Reading the results file
# ---------------------------------------------------------------------------------------------


def text(value):
    """An attribute or column value as str: h5py gives variable-length string attributes as str and
    string datasets as bytes (unless read with .asstr())."""
    if isinstance(value, bytes):
        return value.decode("utf-8")
    if hasattr(value, "shape") and value.shape == ():
        return text(value[()])
    return str(value)


def column_values(dataset):
    """A one-dimensional column as a list of str, int or float (Python types, so a stored number's
    repr is exact and ints stay ints)."""
    if h5py.check_string_dtype(dataset.dtype) is not None:
        return [str(v) for v in dataset.asstr()[()]]
    values = dataset[()]
    if values.ndim != 1:
        raise ValueError(f"{dataset.name} is not a column (shape {values.shape})")
    if values.dtype.kind in "iu":
        return [int(v) for v in values]
    return [float(v) for v in values]


def table_rows(group):
    """A table (a group of one-dimensional columns along a `row` dimension scale) as a list of dicts
    with str / float / int values, in stored order. The scale itself is not a column."""
    columns = {name: column_values(d) for name, d in group.items()
               if isinstance(d, h5py.Dataset) and name != "row"}
    lengths = {len(v) for v in columns.values()}
    if len(lengths) > 1:
        raise ValueError(f"the columns of {group.name} differ in length ({sorted(lengths)})")
    names = list(columns)
    return [dict(zip(names, values)) for values in zip(*columns.values())]


class Results:
    """Everything the report needs, read once so the HDF5 file is closed before rendering."""

    def __init__(self):
        self.path = ""
        self.program_version = ""
        self.seed = 0
        self.replicates = 0
        self.command_line = ""
        self.scenarios = []      # names, in run order
        self.descriptions = {}   # name -> description
        self.baseline = ""
        self.comparison_attrs = {}
        self.subgroups = []      # subgroup names in index order
        self.outcomes = {}       # (scenario, subgroup, measure) -> row
        self.differences = {}    # (scenario, subgroup, measure) -> row
        self.cost_effectiveness = {}  # (scenario, subgroup) -> row
        self.replicate_tables = {}    # name -> {column: numpy array over replicates} (placed, families,
                                      # cost_total), subgroup "all"
        self.series = {}              # (name, series) -> (values (R, steps), weeks at the end of each step)

    @property
    def policies(self):
        """The scenarios compared against the baseline, in run order."""
        return [s for s in self.scenarios if s != self.baseline]


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


def read_open_file(path, f):
    r = Results()
    r.path = path
    if text(f.attrs.get("format", "")) != "jimsim-results":
        raise ReportError(f"{path} is not a jimsim results file (no format = jimsim-results attribute)",
                          EXIT_BAD_INPUT)
    version = f.attrs.get("format_version")
    version = int(version) if version is not None and np.ndim(version) == 0 else None
    if version != RESULTS_FORMAT_VERSION:
        hint = ("run its scenarios again with this jimsim, or use the report.py of the jimsim that wrote it"
                if version is not None and version < RESULTS_FORMAT_VERSION else "use a newer report.py")
        raise ReportError(f"{path} is a jimsim results file of format version {version}; this report reads "
                          f"version {RESULTS_FORMAT_VERSION}: {hint}", EXIT_BAD_INPUT)
    for group in ("points", "outcomes"):
        if group not in f:
            raise ReportError(f"{path} is not a complete jimsim results file (no /{group})", EXIT_BAD_INPUT)
    if "comparison" not in f:
        raise ReportError(f"{path} has no comparison: run `jimsim compare {path} --baseline NAME` first",
                          EXIT_BAD_INPUT)
    if "series" not in f:
        raise ReportError(f"{path} has no time series (/series): the report's figures need them; run the "
                          "scenarios with series kept", EXIT_BAD_INPUT)
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

    c = f["comparison"]
    version = int(c.attrs.get("format_version", -1))
    if version != COMPARISON_FORMAT_VERSION:
        raise ReportError(f"{path}: /comparison has format version {version}; this report reads version "
                          f"{COMPARISON_FORMAT_VERSION}: run `jimsim compare {path} --baseline NAME` again",
                          EXIT_BAD_INPUT)
    r.comparison_attrs = {k: (text(v) if isinstance(v, (str, bytes)) else v) for k, v in c.attrs.items()}
    r.baseline = text(c.attrs["baseline"])
    stored = [text(s) for s in c.attrs["scenarios"]]
    # A comparison of another run (e.g. a results file re-written without re-running compare)
    # would silently pair the wrong numbers: refuse it.
    if stored != r.scenarios or int(c.attrs["replicates"]) != r.replicates or r.baseline not in r.scenarios:
        raise ReportError(f"{path}: /comparison does not match the scenarios or replicates of this run: run "
                          f"`jimsim compare {path} --baseline NAME` again", EXIT_BAD_INPUT)

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

    missing = missing_rows(r)
    if missing:
        raise ReportError(f"{path}: /comparison is incomplete (no row for {missing}): run "
                          f"`jimsim compare {path} --baseline NAME` again", EXIT_BAD_INPUT)

    # The figures' raw data: outcomes/<field>[point, replicate, subgroup] of the whole cohort, and
    # series/<series>[point, replicate, step] up to each point's last step.
    outcomes = f["outcomes"]
    subgroups = column_values(outcomes["subgroup"])
    if "all" not in subgroups:
        raise ReportError(f"{path}: /outcomes has no subgroup 'all' (the whole cohort)", EXIT_BAD_INPUT)
    whole = subgroups.index("all")
    fields = ("placed", "families", "cost_total")
    for field in fields:
        if field not in outcomes:
            raise ReportError(f"{path}: /outcomes has no '{field}' (the cost-effectiveness plane needs it)",
                              EXIT_BAD_INPUT)
    whole_cohort = {field: np.asarray(outcomes[field][:, :, whole], dtype=float) for field in fields}
    steps = column_values(points["steps"])
    series = f["series"]
    weeks = np.asarray(series["week"][()], dtype=float)
    for p, name in enumerate(r.scenarios):
        r.replicate_tables[name] = {field: whole_cohort[field][p] for field in fields}
        for s in ("placement_free_survival", "in_residential"):
            r.series[(name, s)] = (np.asarray(series[s][p, :, :steps[p]], dtype=float), weeks[p, :steps[p]])
    return r


def missing_rows(r):
    """The first row the report needs that the comparison lacks, or None."""
    for s in r.scenarios:
        for g in r.subgroups:
            for m in [m for m, _, _ in OUTCOME_COLUMNS] + ["placed_ever"]:
                if (s, g, m) not in r.outcomes:
                    return f"outcomes {s}/{g}/{m}"
    for s in r.policies:
        if (s, "all", "residential_days") not in r.differences:
            return f"differences {s}/all/residential_days"
        for g in r.subgroups:
            if (s, g) not in r.cost_effectiveness:
                return f"cost_effectiveness {s}/{g}"
    if "all" not in r.subgroups:
        return "subgroup all"
    return None


# ---------------------------------------------------------------------------------------------
# HTML helpers
# ---------------------------------------------------------------------------------------------


def esc(s):
    return html.escape(str(s), quote=True)


def is_finite(v):
    return isinstance(v, (int, float)) and math.isfinite(v)


def stored_number(value, spec, table, scenario, subgroup, column, measure=None, css="num"):
    """One stored number as a <span> with the data attributes a test needs to find it in the file:
    data-value is the exact value (Python repr round-trips a double), data-format the format spec
    that produced the text. NaN (undefined) is shown as an en dash."""
    shown = format(value, spec) if is_finite(value) else NAN_TEXT
    exact = repr(int(value)) if isinstance(value, int) else repr(float(value))
    attributes = [("data-table", table), ("data-scenario", scenario), ("data-subgroup", subgroup)]
    if measure is not None:
        attributes.append(("data-measure", measure))
    attributes += [("data-column", column), ("data-value", exact), ("data-format", spec)]
    attrs = " ".join(f'{k}="{esc(v)}"' for k, v in attributes)
    return f'<span class="{css}" {attrs}>{esc(shown)}</span>'


def estimate_html(row, table, scenario, subgroup, spec, kind, prefix="", measure=None):
    """Mean on the first line, the interval beneath it. kind 'range' shows the replicate range,
    'mean' the interval of the mean (see the methods note for the difference)."""
    lower, upper = ("range_lower", "range_upper") if kind == "range" else ("mean_lower", "mean_upper")

    def n(col, css="num"):
        return stored_number(row[prefix + col], spec, table, scenario, subgroup, prefix + col, measure, css)

    mean = n("mean", "num mean")
    if not is_finite(row[prefix + "mean"]):
        return mean
    if not (is_finite(row[prefix + lower]) and is_finite(row[prefix + upper])):
        return f'{mean}<br><span class="interval">no interval</span>'
    return f'{mean}<br><span class="interval">({n(lower)} to {n(upper)})</span>'


def text_cell(content):
    """A cell of words rather than a number: left-aligned and wrapped (see html_table)."""
    return (content, "text")


def html_table(table_id, headers, rows, caption=None, css="", subgroup=None):
    """rows: (scenario, cells) pairs; a cell is HTML (a number: right-aligned, not wrapped) or a
    text_cell. Each <tr> carries data-scenario, and a subgroup table data-subgroup, so a test can
    find them."""
    extra = f' data-subgroup="{esc(subgroup)}"' if subgroup is not None else ""
    out = [f'<table id="{esc(table_id)}" class="{css}"{extra}>']
    if caption:
        out.append(f"<caption>{caption}</caption>")
    out.append("<thead><tr>" + "".join(f"<th>{h}</th>" for h in headers) + "</tr></thead><tbody>")
    for scenario, cells in rows:
        out.append(f'<tr data-scenario="{esc(scenario)}"><th scope="row">{esc(scenario)}</th>'
                   + "".join(f'<td class="{c[1]}">{c[0]}</td>' if isinstance(c, tuple) else f"<td>{c}</td>"
                             for c in cells) + "</tr>")
    out.append("</tbody></table>")
    return "\n".join(out)


# ---------------------------------------------------------------------------------------------
# Tables
# ---------------------------------------------------------------------------------------------

# The main measures of the outcome table: (measure id, header, format). Decimals follow
# `jimsim compare`'s terminal table where it has the measure.
OUTCOME_COLUMNS = [
    ("placed_12_months", "Placed within 12 months<br>(% of youths)", ".1f"),
    ("placed_24_months", "Placed within 24 months<br>(% of youths)", ".1f"),
    ("residential_days", "Residential days<br>(per youth)", ".1f"),
    ("crises", "Crises<br>(per youth)", ".2f"),
    ("mentors_found", "Found a mentor<br>(% of youths)", ".0f"),
    ("professional_hours", "Professional hours<br>(per family)", ".0f"),
    ("waiting_weeks", "Waiting weeks<br>(per family)", ".1f"),
    ("cost_total", "Total cost<br>(&euro; per family)", ",.0f"),
]


def outcome_table(r):
    rows = []
    for s in r.scenarios:
        cells = [estimate_html(r.outcomes[(s, "all", m)], "outcomes", s, "all", spec, "range", measure=m)
                 for m, _, spec in OUTCOME_COLUMNS]
        rows.append((s, cells))
    caption = (f"Mean over {r.replicates} replicates; beneath it the range of 95% of replicates (what one cohort "
               "of this size could see).")
    return html_table("table-outcomes", ["Policy"] + [h for _, h, _ in OUTCOME_COLUMNS], rows, caption)


def icer_cell(ce, scenario, subgroup):
    """Cost per placement averted, shown only where it means something: 'saves money' when the
    policy averts placements at lower cost, a note when it averts none, else the ratio with its
    bootstrap interval or 'no interval' (as `jimsim compare` does)."""
    averted = ce["placements_averted_per_100_mean"]
    cost = ce["cost_difference_per_family_mean"]
    icer = ce["cost_per_placement_averted"]
    table = "cost_effectiveness"
    if not (is_finite(icer) and is_finite(averted) and is_finite(cost)):
        return text_cell(f'<span class="note">{NAN_TEXT}</span>')
    if averted <= 0:
        # A ratio with a negative denominator reads as a saving when it is a loss: do not show it.
        return text_cell('<span class="note">not meaningful: no placements averted on average</span>')
    if cost < 0:
        share = stored_number(ce["share_dominant"], ".0%", table, scenario, subgroup, "share_dominant")
        # Green only when both differences are distinguishable from 0: a point estimate in the
        # dominant quadrant with intervals across 0 is not a finding.
        clear = ce["placements_averted_per_100_mean_lower"] > 0 and ce["cost_difference_per_family_mean_upper"] < 0
        label = '<span class="good">saves money</span>' if clear else '<span class="mean">saves money on average</span>'
        return f'{label}<br><span class="interval">(dominant in {share} of bootstrap resamples)</span>'
    value = stored_number(icer, ",.0f", table, scenario, subgroup, "cost_per_placement_averted", css="num mean")
    if ce["interval_defined"]:
        lo = stored_number(ce["cost_per_placement_averted_lower"], ",.0f", table, scenario, subgroup,
                           "cost_per_placement_averted_lower")
        hi = stored_number(ce["cost_per_placement_averted_upper"], ",.0f", table, scenario, subgroup,
                           "cost_per_placement_averted_upper")
        return f'{value}<br><span class="interval">({lo} to {hi})</span>'
    return f'{value}<br><span class="interval">no interval</span>'


def verdict_cell(ce, scenario, subgroup):
    """The stored verdict sentence, marked so a test can compare it with the file."""
    return text_cell(f'<span class="verdict" data-table="cost_effectiveness" data-scenario="{esc(scenario)}" '
                     f'data-subgroup="{esc(subgroup)}" data-column="verdict">{esc(ce["verdict"])}</span>')


def versus_baseline_table(r):
    rows = []
    for s in r.policies:
        ce = r.cost_effectiveness[(s, "all")]
        days = r.differences[(s, "all", "residential_days")]
        cells = [
            estimate_html(ce, "cost_effectiveness", s, "all", ".1f", "mean", prefix="placements_averted_per_100_"),
            estimate_html(days, "differences", s, "all", ".1f", "mean", measure="residential_days"),
            estimate_html(ce, "cost_effectiveness", s, "all", ",.0f", "mean", prefix="cost_difference_per_family_"),
            icer_cell(ce, s, "all"),
            verdict_cell(ce, s, "all"),
        ]
        rows.append((s, cells))
    headers = ["Policy", "Placements averted<br>(per 100 families)", "Change in residential days<br>(per youth)",
               "Cost difference<br>(&euro; per family)", "Cost per placement averted<br>(&euro;)", "Verdict"]
    caption = (f"Against <strong>{esc(r.baseline)}</strong>, whole cohort: mean paired difference; beneath it the "
               "95% interval of the mean. A negative cost difference is a saving; a negative change in "
               "residential days is fewer days.")
    return html_table("table-versus-baseline", headers, rows, caption, css="versus")


def subgroup_title(name):
    """A heading for a subgroup name as stored ('age 12-15', 'severity tertile 1 (lowest)')."""
    if name == "all":
        return "Whole cohort"
    if name.startswith("age "):
        return f"Age {name[4:]} at intake"
    if name.startswith("severity tertile"):
        return "Intake severity: t" + name[len("severity t"):]
    return name[:1].upper() + name[1:]


def subgroup_table(r, index, name):
    baseline_placed = r.outcomes[(r.baseline, name, "placed_ever")]
    # No replicate defines the baseline's placement share: no youth of any replicate is in the subgroup.
    empty = baseline_placed["replicates"] == 0
    rows = []
    for s in r.policies:
        ce = r.cost_effectiveness[(s, name)]
        cells = [
            estimate_html(ce, "cost_effectiveness", s, name, ".1f", "mean", prefix="placements_averted_per_100_"),
            estimate_html(ce, "cost_effectiveness", s, name, ",.0f", "mean", prefix="cost_difference_per_family_"),
            icer_cell(ce, s, name),
            verdict_cell(ce, s, name),
        ]
        rows.append((s, cells))
    if empty:
        # Happens when the intake ages do not reach the band (e.g. ages 12-18 and the 18-23 band).
        caption = ("<strong>No youths in this subgroup in this run</strong> (with the run's intake ages or "
                   "severities no family falls in it), so there is nothing to compare.")
    else:
        placed = stored_number(baseline_placed["mean"], ".1f", "outcomes", r.baseline, name, "mean", "placed_ever")
        caption = (f"Under {esc(r.baseline)}, {placed}% of these youths were placed during follow-up. Mean paired "
                   "difference; beneath it the 95% interval of the mean.")
    headers = ["Policy", "Placements averted<br>(per 100 families)", "Cost difference<br>(&euro; per family)",
               "Cost per placement averted<br>(&euro;)", "Verdict"]
    return (f'<h3 id="subgroup-{index}-title">{esc(subgroup_title(name))}</h3>\n'
            + html_table(f"table-subgroup-{index}", headers, rows, caption, css="versus subgroup", subgroup=name))


def key_findings(r):
    """A few sentences at the top, each number taken from the stored comparison."""
    items = []
    for s in r.policies:
        ce = r.cost_effectiveness[(s, "all")]
        averted = stored_number(ce["placements_averted_per_100_mean"], ".1f", "cost_effectiveness", s, "all",
                                "placements_averted_per_100_mean")
        cost = stored_number(ce["cost_difference_per_family_mean"], ",.0f", "cost_effectiveness", s, "all",
                             "cost_difference_per_family_mean")
        items.append(f"<li><strong>{esc(s)}</strong>: {esc(ce['verdict'])} &mdash; {averted} placements averted "
                     f"per 100 families, cost difference {cost} &euro; per family.</li>")
    if not items:
        return f"<p>The run has no policy besides the baseline {esc(r.baseline)}: nothing to compare.</p>"
    return "<ul class=\"findings\">" + "\n".join(items) + "</ul>"


# ---------------------------------------------------------------------------------------------
# Figures
# ---------------------------------------------------------------------------------------------


BASELINE_COLOUR = "#333333"


def scenario_colours(r):
    """One colour per scenario, the same in every figure: the baseline dark grey, policies tab10."""
    palette = matplotlib.colormaps["tab10"].colors
    colours = {r.baseline: BASELINE_COLOUR}
    for i, s in enumerate(r.policies):
        colours[s] = palette[i % len(palette)]
    return colours


def png_data_uri(fig):
    """The figure as a base64 PNG data URI. metadata={'Software': None} drops the only
    non-reproducible PNG chunk matplotlib writes, so the same data give the same bytes."""

    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=100, metadata={"Software": None})
    plt.close(fig)
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def euro_ticks(value, _position):
    """Thousands separators, and the same minus sign as matplotlib's own tick labels."""
    return f"{value:,.0f}".replace("-", "\u2212")


def band(values):
    """Mean and 2.5-97.5 percentile band over replicates per step, ignoring NaN (a survival curve is
    NaN past the last time anyone was at risk); steps where every replicate is NaN stay NaN."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # all-NaN columns: NaN is the right answer
        return (np.nanmean(values, axis=0), np.nanpercentile(values, 2.5, axis=0),
                np.nanpercentile(values, 97.5, axis=0))


def panel_grid(n, row_height, legend_height=0.45, width=12.5):
    """One panel per policy (shared axes, at most three a row) and a row beneath for one shared
    legend. Seven overlapping curves with bands are unreadable; a policy beside the baseline is not.
    Returns the figure, the panels and a function that labels the outer axes."""

    ncols = max(1, min(3, n))
    nrows = max(1, -(-n // ncols))
    fig = plt.figure(figsize=(width, row_height * nrows + legend_height + 0.7), layout="constrained")
    grid = fig.add_gridspec(nrows + 1, ncols, height_ratios=[row_height] * nrows + [legend_height])
    axes = []
    for i in range(n):
        share = axes[0] if axes else None
        axes.append(fig.add_subplot(grid[i // ncols, i % ncols], sharex=share, sharey=share))
    legend_ax = fig.add_subplot(grid[nrows, :])
    legend_ax.axis("off")

    def label(xlabel, ylabel):
        # Tick labels and axis labels only on the outer panels: those with no panel beneath
        # (the last row may be incomplete) and those in the first column.
        for i, ax in enumerate(axes):
            if i + ncols < n:
                ax.tick_params(labelbottom=False)
            else:
                ax.set_xlabel(xlabel)
            if i % ncols:
                ax.tick_params(labelleft=False)
            else:
                ax.set_ylabel(ylabel)

    return fig, axes, legend_ax, label


def series_figure(r, colours, series, title, xlabel, ylabel, since_intake):
    """Mean and 95% band over replicates of one time series: per panel one policy beside the
    baseline. For placement-free survival the index counts steps since each family's intake and
    the curve starts at 100% at intake; otherwise value t is the state at the end of step t."""

    def curve(s):
        values, weeks = r.series[(s, series)]
        mean, low, high = band(values)
        if since_intake:
            weeks = np.concatenate([[0.0], weeks])
            mean, low, high = (np.concatenate([[1.0], a]) * 100 for a in (mean, low, high))
        return weeks, mean, low, high

    base = curve(r.baseline)
    panels = r.policies or [r.baseline]  # a run of the baseline alone still shows its curve
    fig, axes, legend_ax, label = panel_grid(len(panels), 3.3)
    for ax, s in zip(axes, panels):
        weeks, mean, low, high = base
        ax.fill_between(weeks, low, high, color="#999999", alpha=0.25, linewidth=0)
        ax.plot(weeks, mean, color=BASELINE_COLOUR, linewidth=1.8, linestyle="--")
        if s != r.baseline:
            weeks, mean, low, high = curve(s)
            ax.fill_between(weeks, low, high, color=colours[s], alpha=0.25, linewidth=0)
            ax.plot(weeks, mean, color=colours[s], linewidth=2.2)
        ax.set_title(s, color=colours[s], fontweight="bold", fontsize=11)
        ax.grid(alpha=0.3)
        ax.set_xlim(left=0)
    if not since_intake:
        axes[0].set_ylim(bottom=0)
    label(xlabel, ylabel)
    handles = [
        Line2D([], [], color=BASELINE_COLOUR, linestyle="--", linewidth=1.8, label=f"{r.baseline} (baseline): mean"),
        Patch(color="#999999", alpha=0.25, label=f"{r.baseline}: 95% of replicates"),
    ]
    if r.policies:
        handles += [Line2D([], [], color="#1f77b4", linewidth=2.2, label="policy named above the panel: mean"),
                    Patch(color="#1f77b4", alpha=0.25, label="policy: 95% of replicates")]
    legend_ax.legend(handles=handles, loc="center", ncol=4, fontsize=9.5, frameon=False)
    fig.suptitle(title, fontsize=13)
    return png_data_uri(fig)


def figure_survival(r, colours):
    return series_figure(r, colours, "placement_free_survival", "Youths never placed, by time since intake",
                         "weeks since intake", "never placed (% of youths)", since_intake=True)


def figure_residential(r, colours):
    return series_figure(r, colours, "in_residential", "Youths in residential care over time",
                         "weeks since the start of the run", "youths in residential care (number)",
                         since_intake=False)


def nothing_to_compare(r, title):
    """The figure for a run with the baseline alone: nothing to set against it."""
    fig, ax = plt.subplots(figsize=(12.5, 2.0), layout="constrained")
    ax.axis("off")
    ax.text(0.5, 0.5, f"The run has no policy besides the baseline {r.baseline}: nothing to compare.",
            ha="center", va="center", fontsize=12)
    fig.suptitle(title, fontsize=13)
    return png_data_uri(fig)


def figure_averted(r, colours):
    """Two panels from the stored comparison: placements averted per 100 families, and cost per
    placement averted (only where the policy averts placements on average: a ratio with a negative
    denominator would read as a saving)."""
    title = f"Effect and cost-effectiveness against {r.baseline}, whole cohort"
    if not r.policies:
        return nothing_to_compare(r, title)

    policies = r.policies
    y = list(range(len(policies)))[::-1]  # first policy on top
    fig = plt.figure(figsize=(12.5, 1.6 + 0.55 * len(policies) + 0.9), layout="constrained")
    grid = fig.add_gridspec(2, 2, height_ratios=[1.0 + 0.55 * len(policies), 0.4])
    left = fig.add_subplot(grid[0, 0])
    right = fig.add_subplot(grid[0, 1], sharey=left)
    legend_ax = fig.add_subplot(grid[1, :])
    legend_ax.axis("off")
    marker = dict(marker="o", color="white", markersize=8, markeredgewidth=2.2, linestyle="none", zorder=3)
    no_ratio = []
    for yi, s in zip(y, policies):
        ce = r.cost_effectiveness[(s, "all")]
        p = "placements_averted_per_100_"
        if is_finite(ce[p + "mean"]):
            if is_finite(ce[p + "range_lower"]):
                left.plot([ce[p + "range_lower"], ce[p + "range_upper"]], [yi, yi], color=colours[s], linewidth=1.3,
                          alpha=0.7)
            if is_finite(ce[p + "mean_lower"]):
                left.plot([ce[p + "mean_lower"], ce[p + "mean_upper"]], [yi, yi], color=colours[s], linewidth=6,
                          solid_capstyle="butt")
            left.plot(ce[p + "mean"], yi, markeredgecolor=colours[s], **marker)
        icer, averted = ce["cost_per_placement_averted"], ce[p + "mean"]
        if is_finite(icer) and is_finite(averted) and averted > 0:
            if ce["interval_defined"]:
                right.plot([ce["cost_per_placement_averted_lower"], ce["cost_per_placement_averted_upper"]], [yi, yi],
                           color=colours[s], linewidth=6, solid_capstyle="butt")
            else:
                right.annotate("no interval", (icer, yi), textcoords="offset points", xytext=(9, -4), fontsize=8.5)
            right.plot(icer, yi, markeredgecolor=colours[s], **marker)
        else:
            no_ratio.append(yi)
    left.axvline(0, color="black", linewidth=0.9)
    left.grid(axis="x", alpha=0.3)
    if len(no_ratio) < len(policies):
        right.axvline(0, color="black", linewidth=0.9)
        right.grid(axis="x", alpha=0.3)
        lo, hi = right.get_xlim()
        lo, hi = min(lo, 0), max(hi, 0)
        span = hi - lo
        right.set_xlim(lo - 0.02 * span, hi + 0.02 * span)
        right.axvspan(right.get_xlim()[0], 0, color="#2ca02c", alpha=0.08, linewidth=0)
    else:
        right.set_xticks([])  # no ratio anywhere: an empty scale would only mislead
    for yi in no_ratio:
        right.annotate("no placements averted on average: no ratio", (0.03, yi), xycoords=("axes fraction", "data"),
                       fontsize=8.5, va="center", color="#555555")
    left.set_yticks(y, policies)
    left.set_ylim(-0.7, len(policies) - 0.3)
    right.tick_params(labelleft=False)
    left.set_title("Placements averted per 100 families")
    left.set_xlabel("placements averted per 100 families (below 0: more placements)")
    right.set_title("Cost per placement averted")
    right.set_xlabel("euro per placement averted (below 0: saves money)")
    right.xaxis.set_major_formatter(plt.FuncFormatter(euro_ticks))
    handles = [
        Line2D([], [], markeredgecolor=BASELINE_COLOUR, label="mean", **marker),
        Line2D([], [], color=BASELINE_COLOUR, linewidth=6, label="95% interval of the mean (right: bootstrap)"),
        Line2D([], [], color=BASELINE_COLOUR, linewidth=1.3, alpha=0.7, label="range of 95% of replicates"),
        Patch(color="#2ca02c", alpha=0.15, label="averts placements and saves money"),
    ]
    legend_ax.legend(handles=handles, loc="center", ncol=4, fontsize=9.5, frameon=False)
    fig.suptitle(title, fontsize=13)
    return png_data_uri(fig)


def paired_effects(r, s):
    """Per replicate, placements averted per 100 families and cost difference per family against
    the baseline's same replicate (common random numbers), skipping replicates without families."""
    b, o = r.replicate_tables[r.baseline], r.replicate_tables[s]
    ok = (b["families"] > 0) & (o["families"] > 0)
    averted = 100 * (b["placed"][ok] / b["families"][ok] - o["placed"][ok] / o["families"][ok])
    cost = o["cost_total"][ok] / o["families"][ok] - b["cost_total"][ok] / b["families"][ok]
    return np.asarray(averted), np.asarray(cost)


def plane_limits(values, least):
    """Axis limits that include 0 and give each side of 0 at least the share `least` of the axis,
    so all four quadrants and their labels stay visible even when every replicate is in one."""
    finite = [v for v in values if np.isfinite(v)]
    lo, hi = min(finite + [0.0]), max(finite + [0.0])
    pad = 0.06 * ((hi - lo) or 1.0)
    lo, hi = lo - pad, hi + pad
    # Stretch the smaller side until it is `least` of the whole: side = least / (1 - least) * other.
    ratio = least / (1 - least)
    lo = min(lo, -ratio * hi)
    hi = max(hi, -ratio * lo)
    return lo, hi


def figure_ce_plane(r, colours):
    """Per policy a panel with its cloud of replicates, the other policies' clouds in light grey
    behind it for comparison, and the mean."""

    title = f"Cost-effectiveness plane against {r.baseline}: one dot per replicate"
    if not r.policies:
        return nothing_to_compare(r, title)
    clouds = {s: paired_effects(r, s) for s in r.policies}
    fig, axes, legend_ax, label = panel_grid(len(r.policies), 3.6)
    xlim = plane_limits([v for x, _ in clouds.values() for v in x], 0.22)
    ylim = plane_limits([v for _, y in clouds.values() for v in y], 0.16)
    for ax, s in zip(axes, r.policies):
        for other in r.policies:
            if other != s:
                ax.scatter(*clouds[other], s=6, color="#cccccc", linewidths=0, zorder=1)
        ax.scatter(*clouds[s], s=11, color=colours[s], alpha=0.6, linewidths=0, zorder=2)
        ce = r.cost_effectiveness[(s, "all")]
        mx, my = ce["placements_averted_per_100_mean"], ce["cost_difference_per_family_mean"]
        if is_finite(mx) and is_finite(my):
            ax.plot(mx, my, marker="D", markersize=8, color=colours[s], markeredgecolor="black", markeredgewidth=1.2,
                    zorder=3)
        ax.axhline(0, color="black", linewidth=0.9)
        ax.axvline(0, color="black", linewidth=0.9)
        ax.set_title(s, color=colours[s], fontweight="bold", fontsize=11)
        ax.grid(alpha=0.3)
        # On a light box, so a dot under a label does not make it unreadable.
        quadrant = dict(transform=ax.transAxes, fontsize=7.5, color="#555555", zorder=4,
                        bbox=dict(facecolor="white", alpha=0.75, edgecolor="none", pad=1.0))
        ax.text(0.98, 0.97, "averts placements,\ncosts more", ha="right", va="top", **quadrant)
        ax.text(0.98, 0.03, "averts placements,\nsaves money", ha="right", va="bottom", **quadrant)
        ax.text(0.02, 0.97, "more placements,\ncosts more", ha="left", va="top", **quadrant)
        ax.text(0.02, 0.03, "more placements,\nsaves money", ha="left", va="bottom", **quadrant)
    axes[0].set_xlim(*xlim)
    axes[0].set_ylim(*ylim)
    axes[0].yaxis.set_major_formatter(plt.FuncFormatter(euro_ticks))
    label("placements averted per 100 families", "cost difference per family (euro)")
    handles = [
        Line2D([], [], marker="o", color="#1f77b4", alpha=0.6, linestyle="none", markersize=5,
               label="one replicate of the policy named above the panel"),
        Line2D([], [], marker="D", color="#1f77b4", markeredgecolor="black", linestyle="none", markersize=8,
               label="mean over replicates"),
        Line2D([], [], marker="o", color="#cccccc", linestyle="none", markersize=5, label="the other policies"),
    ]
    legend_ax.legend(handles=handles, loc="center", ncol=3, fontsize=9.5, frameon=False)
    fig.suptitle(title, fontsize=13)
    return png_data_uri(fig)


def figure_html(fig_id, uri, title, alt, reading):
    return (f'<figure id="{esc(fig_id)}">\n<img src="{uri}" alt="{esc(alt)}">\n'
            f'<figcaption><strong class="figure-title">{esc(title)}</strong> {reading}</figcaption>\n</figure>')


# ---------------------------------------------------------------------------------------------
# The page
# ---------------------------------------------------------------------------------------------

STYLE = """
body { font-family: "DejaVu Sans", Arial, Helvetica, sans-serif; color: #222; max-width: 1250px;
       margin: 1.5em auto; padding: 0 1em; line-height: 1.45; font-size: 15px; }
h1 { font-size: 1.7em; margin-bottom: 0.2em; }
h2 { border-bottom: 2px solid #ddd; padding-bottom: 0.2em; margin-top: 2em; }
h3 { margin-bottom: 0.3em; margin-top: 1.4em; }
.subtitle { color: #555; margin-top: 0; }
.warning { background: #fff6e0; border-left: 4px solid #e0a000; padding: 0.5em 0.9em; }
table { border-collapse: collapse; margin: 0.5em 0 1em 0; font-size: 13.5px; }
caption { caption-side: top; text-align: left; color: #444; padding-bottom: 0.4em; max-width: 1200px; }
th, td { border-bottom: 1px solid #ddd; padding: 0.35em 0.6em; vertical-align: top; }
thead th { background: #f2f2f2; text-align: center; font-weight: 600; border-bottom: 2px solid #bbb; }
tbody th { text-align: left; font-weight: 600; white-space: nowrap; }
td { text-align: right; white-space: nowrap; }
td.text { text-align: left; white-space: normal; min-width: 14em; max-width: 24em; }
.mean { font-weight: 600; }
.interval { color: #666; font-size: 0.88em; }
.good { color: #1a7f37; font-weight: 600; }
.note { color: #666; font-style: italic; white-space: normal; }
figure { margin: 1.5em 0 2em 0; }
figure img { max-width: 100%; height: auto; border: 1px solid #eee; }
figcaption { max-width: 1100px; margin-top: 0.4em; }
.figure-title { display: block; font-size: 1.05em; margin-bottom: 0.2em; }
dl.run { display: grid; grid-template-columns: max-content auto; gap: 0.2em 1em; }
dl.run dt { font-weight: 600; }
dl.run dd { margin: 0; }
code { background: #f4f4f4; padding: 0 0.2em; }
ul.findings li { margin-bottom: 0.3em; }
table.scenarios td { text-align: left; white-space: normal; }
"""


def run_info(r):
    a = r.comparison_attrs
    scenario_rows = "\n".join(
        f'<tr data-scenario="{esc(s)}"><th scope="row">{esc(s)}{" (baseline)" if s == r.baseline else ""}</th>'
        f'<td class="description">{esc(r.descriptions[s]) or "<em>no description</em>"}</td></tr>'
        for s in r.scenarios)
    return f"""
<dl class="run">
<dt>Results file</dt><dd><code>{esc(os.path.basename(r.path))}</code></dd>
<dt>Program version</dt><dd data-run="program_version">{esc(r.program_version)}</dd>
<dt>Seed</dt><dd data-run="seed">{r.seed}</dd>
<dt>Replicates per policy</dt><dd data-run="replicates">{r.replicates}</dd>
<dt>Baseline</dt><dd data-run="baseline">{esc(r.baseline)}</dd>
<dt>Intervals</dt><dd>{100 * float(a.get("interval_level", 0.95)):g}%; cost per placement averted: bootstrap with
{int(a.get("bootstrap_resamples", 0))} resamples (seed {int(a.get("bootstrap_seed", 0))})</dd>
</dl>
<table id="table-scenarios" class="scenarios">
<thead><tr><th>Policy (scenario)</th><th>Description</th></tr></thead>
<tbody>
{scenario_rows}
</tbody></table>
"""


def uncertainty_note(r):
    if r.posterior:
        return f"""<p><strong>Parameter uncertainty is included.</strong> Each replicate ran with one draw of the
calibrated parameters from the posterior <code>{esc(r.posterior)}</code> (the same draw for every policy, so the
comparison stays paired; <code>/posterior_draws</code> in the results file lists them). The intervals therefore
cover both chance and what the calibration's evidence leaves uncertain about those parameters. They do not cover
the other parameters' assumptions or the model's structure.</p>"""
    return """<p><strong>Assumptions.</strong> Most parameter defaults of the model are assumptions, not measurements
(see <code>jimsim params</code> and docs/parameters.md). The intervals cover chance only, not uncertainty in the
parameters: run with <code>--posterior</code> from a calibration (<code>jimsim calibrate</code>) to include it.
Until then, read the numbers as a comparison of policies under stated assumptions, not as a forecast for a
municipality.</p>"""


def methods_note(r):
    a = r.comparison_attrs
    level = f"{100 * float(a.get('interval_level', 0.95)):g}%"
    return f"""
<p><strong>Common random numbers and pairing.</strong> All policies in one run are simulated with common random
numbers: in replicate <em>r</em>, family <em>k</em> meets the same random draws for the same events under every
policy. A difference between two policies therefore comes from the policy, not from chance. Differences against
{esc(r.baseline)} are computed per replicate (policy replicate <em>r</em> minus baseline replicate <em>r</em>)
and then averaged; pairing removes most of the noise, which is why the intervals of differences are much
narrower than the spread of the outcomes themselves.</p>
<p><strong>Two kinds of interval.</strong> The <em>range of {level} of replicates</em> (2.5th to 97.5th
percentile over replicates) says what one cohort of this size could see: it does not shrink with more
replicates. The <em>{level} interval of the mean</em> (Student t over replicates) says how precisely the
simulation pins down the expected value: it shrinks with more replicates. Two policies are "not
distinguishable" on a measure when the interval of the mean paired difference contains 0.</p>
<p><strong>Cost per placement averted</strong> is the mean cost difference divided by the mean number of placements
averted per family. Its interval is a bootstrap over replicates ({int(a.get("bootstrap_resamples", 0))} resamples,
effect and cost of a replicate kept together), given only when nearly every resample averts placements; otherwise
the ratio has no meaningful interval. When a policy averts placements and saves money the ratio is not needed:
the table says "saves money".</p>
{uncertainty_note(r)}
<p><strong>Reproducing.</strong> The numbers in the tables are the group <code>/comparison</code> of the results file,
written by <code>jimsim compare {esc(os.path.basename(r.path))} --baseline {esc(r.baseline)}</code>. The results file
records the seed, the program version and every resolved parameter, so each number can be reproduced.</p>
"""


def render(r):
    colours = scenario_colours(r)
    survival = figure_survival(r, colours)
    averted = figure_averted(r, colours)
    plane = figure_ce_plane(r, colours)
    residential = figure_residential(r, colours)

    subgroup_sections = "\n".join(subgroup_table(r, i, name) for i, name in enumerate(r.subgroups))
    figures = "\n".join([
        figure_html(
            "fig-survival", survival, "Figure 1. Youths never placed, by time since intake",
            "Share of youths never placed in residential care against weeks since intake: one panel per policy, "
            "each beside the baseline",
            "One panel per policy. The solid line is the share of youths who have not (yet) been placed in "
            "residential care, counted from each youth's own intake (a Kaplan-Meier curve), averaged over "
            f"replicates; the dashed line is the same for {esc(r.baseline)}. The shaded bands hold 95% of "
            "replicates: what one cohort of this size could see. A line that stays higher means fewer youths "
            "are placed; the vertical gap between the two lines at a given week is the difference in the share "
            "placed by then."),
        figure_html(
            "fig-averted", averted, "Figure 2. Placements averted and cost per placement averted",
            "Horizontal interval plots of placements averted per 100 families and euro per placement averted, "
            "one row per policy",
            f"Left: how many placements each policy averts per 100 families compared with {esc(r.baseline)}. "
            "The thick bar is the 95% interval of the mean (how precisely the simulation knows the average), "
            "the thin line the range of 95% of replicates (what one cohort could see). A thick bar entirely right "
            "of 0 means the policy clearly averts placements. Right: the extra cost per placement averted. A value "
            "in the shaded area below 0 means the policy averts placements and saves money at the same time: "
            "each placement averted comes with a net saving of that many euro. Its bar is a bootstrap interval, "
            "shown only where it is meaningful."),
        figure_html(
            "fig-ce-plane", plane, "Figure 3. Cost-effectiveness plane",
            "Scatter of placements averted per 100 families against cost difference per family, one dot per "
            "replicate, one panel per policy",
            f"One panel per policy. Each dot is one replicate: the policy compared with the same cohort under "
            f"{esc(r.baseline)}. Right of the vertical line the policy averts placements; below the horizontal "
            "line it costs less. A cloud entirely in the lower right averts placements and saves money; a cloud "
            "in the upper right averts placements at extra cost. The diamond is the mean; the spread of the cloud "
            "shows how much one cohort's result can vary. The grey dots are the other policies, for comparison."),
        figure_html(
            "fig-residential", residential, "Figure 4. Youths in residential care over time",
            "Number of youths in residential care against weeks since the start of the run: one panel per "
            "policy, each beside the baseline",
            "One panel per policy. The solid line is the average number of youths in residential care at the end "
            f"of each week, counted from the start of the run; the dashed line is the same for {esc(r.baseline)}. "
            "The shaded bands hold 95% of replicates. A lower line means fewer residential places are in use; the "
            "area between the two lines is the difference in residential weeks, and so in residential cost."),
    ])

    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>jimsim policy report: {esc(", ".join(r.scenarios))}</title>
<style>{STYLE}</style>
</head>
<body>
<header>
<h1>Youth-initiated mentoring (JIM) and out-of-home placement: policy comparison</h1>
<p class="subtitle">Simulated with jimsim, an agent-based model of youths aged 12-23 at risk of residential care.
Every policy is compared with <strong>{esc(r.baseline)}</strong>.</p>
<p class="warning">The model's parameter defaults are assumptions until calibrated against observed cohorts: read
these results as a comparison of policies under stated assumptions, not as a forecast.</p>
</header>

<section id="findings">
<h2>At a glance</h2>
{key_findings(r)}
</section>

<section id="run">
<h2>The run</h2>
{run_info(r)}
</section>

<section id="comparison">
<h2>What each policy achieves</h2>
{outcome_table(r)}
<h2>Against {esc(r.baseline)}</h2>
{versus_baseline_table(r)}
</section>

<section id="figures">
<h2>Figures</h2>
{figures}
</section>

<section id="subgroups">
<h2>Per subgroup</h2>
<p>The same comparison within age bands (age at intake) and tertiles of problem severity at intake (tertiles within
each replicate's cohort). Subgroups are smaller than the whole cohort, so their intervals are wider.</p>
{subgroup_sections}
</section>

<section id="methods">
<h2>Methods note</h2>
{methods_note(r)}
</section>
</body>
</html>
"""


# ---------------------------------------------------------------------------------------------
# Command line
# ---------------------------------------------------------------------------------------------


def write_atomically(path, content, force):
    """Writes through a hidden temporary file beside the target, then renames it into place, so a
    reader never sees a half-written report and a failure leaves no partial HTML."""
    if os.path.exists(path) and not force:
        raise ReportError(f"{path} exists; use --force to overwrite it", EXIT_BAD_OUTPUT)
    directory = os.path.dirname(os.path.abspath(path))
    temporary = os.path.join(directory, f".{os.path.basename(path)}.partial-{os.getpid()}")
    try:
        with open(temporary, "w", encoding="utf-8", newline="\n") as out:
            out.write(content)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except OSError as e:
        try:
            os.remove(temporary)
        except OSError:
            pass
        raise ReportError(f"{path}: cannot write the report: {e.strerror or e}", EXIT_BAD_OUTPUT) from e
    except BaseException:
        try:
            os.remove(temporary)
        except OSError:
            pass
        raise


def configure_matplotlib():
    # Reproducible output: a fixed hash salt (used for SVG ids) and the default style, whatever
    # the user's matplotlibrc says.
    matplotlib.rcdefaults()
    matplotlib.rcParams["svg.hashsalt"] = "jimsim-report"
    matplotlib.rcParams["font.family"] = "DejaVu Sans"
    matplotlib.rcParams["axes.titlesize"] = 12
    matplotlib.rcParams["axes.labelsize"] = 10.5


def main(argv=None):
    parser = argparse.ArgumentParser(
        description="Write a self-contained HTML policy report from a jimsim results file that holds a "
                    "comparison (run `jimsim compare RESULTS --baseline NAME` first).")
    parser.add_argument("results", help="results file written by `jimsim run` and `jimsim compare`")
    parser.add_argument("-o", "--output", default="report.html", help="HTML file to write (default: report.html)")
    parser.add_argument("-f", "--force", action="store_true", help="overwrite an existing output file")
    args = parser.parse_args(argv)
    try:
        results = read_results(args.results)
        # Refuse early, before the (slower) rendering, when the output would not be written anyway.
        if os.path.exists(args.output) and not args.force:
            raise ReportError(f"{args.output} exists; use --force to overwrite it", EXIT_BAD_OUTPUT)
        configure_matplotlib()
        page = render(results)
        write_atomically(args.output, page, args.force)
    except ReportError as e:
        print(f"report.py: {e}", file=sys.stderr)
        return e.status
    return 0


if __name__ == "__main__":
    sys.exit(main())
