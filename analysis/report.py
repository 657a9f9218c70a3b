#!/usr/bin/python3
"""Policy report: one self-contained HTML page from a jimsim results file with a stored comparison.

Usage: /usr/bin/python3 analysis/report.py RESULTS.h5 -o REPORT.html [--force]

The page is for a municipal policymaker: what each policy achieves, what it changes against the
baseline (placements averted, residential days, cost, cost per placement averted), the same per age
band and severity tertile, four figures with a plain-language reading guide, and a methods note.

Every number in a table comes from the /comparison group that `jimsim compare` stores in the results
file (layout: docs/results-format.md); the report computes no statistics of its own, so it can never
disagree with `jimsim compare`. Only the figures use the raw per-replicate data (time series and the
replicate clouds of the cost-effectiveness plane). Each displayed stored number is an element with
data-table, data-scenario, data-subgroup, data-column (and data-measure where the table has one),
data-value (Python repr of the stored value, exact) and data-format (the Python format spec used to
display it), so tests/check_report.py can check the page against the file.

The output is deterministic: the same results file gives a byte-identical page (no dates; PNGs are
written without software/date metadata).

Exit status: 0 written; 2 bad command line; 3 bad input file (missing, not HDF5, not a jimsim
results file, no /comparison); 4 output not written (exists without --force, cannot be written).
"""
import argparse
import base64
import html
import io
import math
import os
import sys

EXIT_BAD_INPUT = 3
EXIT_BAD_OUTPUT = 4
COMPARISON_FORMAT_VERSION = 1
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
    """An attribute or table value as str: h5py gives variable-length strings as str, fixed-length
    ones (the table columns) as bytes."""
    if isinstance(value, bytes):
        return value.decode("utf-8")
    if hasattr(value, "shape") and value.shape == ():
        return text(value[()])
    return str(value)


def table_rows(dataset):
    """A compound dataset as a list of dicts with str / float / int values, in stored order."""
    import numpy as np

    data = dataset[()]
    rows = []
    for record in data:
        row = {}
        for name in data.dtype.names:
            v = record[name]
            if isinstance(v, bytes):
                row[name] = v.decode("utf-8")
            elif isinstance(v, np.integer):
                row[name] = int(v)
            else:
                row[name] = float(v)
        rows.append(row)
    return rows


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
        self.replicate_tables = {}    # name -> {column: numpy array} (placed, families, cost_total)
        self.series = {}              # (name, series) -> (values (R, T), time_step_weeks)

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
    import h5py

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
    import numpy as np

    r = Results()
    r.path = path
    if text(f.attrs.get("format", "")) != "jimsim-results" or "scenarios" not in f:
        raise ReportError(f"{path} is not a jimsim results file (no format = jimsim-results attribute)",
                          EXIT_BAD_INPUT)
    if "comparison" not in f:
        raise ReportError(f"{path} has no comparison: run `jimsim compare {path} --baseline NAME` first",
                          EXIT_BAD_INPUT)
    r.program_version = text(f.attrs["program_version"])
    r.seed = int(f.attrs["seed"])
    r.replicates = int(f.attrs["replicates"])
    r.command_line = text(f.attrs.get("command_line", ""))
    r.scenarios = list(f["scenarios"].keys())  # h5py iterates in creation (= run) order
    for name in r.scenarios:
        r.descriptions[name] = text(f["scenarios"][name].attrs.get("description", ""))

    c = f["comparison"]
    version = int(c.attrs.get("format_version", -1))
    if version != COMPARISON_FORMAT_VERSION:
        raise ReportError(f"{path}: /comparison has format version {version}; this report reads version "
                          f"{COMPARISON_FORMAT_VERSION}", EXIT_BAD_INPUT)
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

    for name in r.scenarios:
        s = f["scenarios"][name]
        reps = s["replicates"][()]
        r.replicate_tables[name] = {k: np.asarray(reps[k], dtype=float) for k in ("placed", "families", "cost_total")}
        for series in ("placement_free_survival", "in_residential"):
            d = s["timeseries"][series]
            r.series[(name, series)] = (np.asarray(d[()], dtype=float), float(d.attrs["time_step_weeks"]))
    return r


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


def html_table(table_id, headers, rows, caption=None, css=""):
    """rows: (scenario, [cell html]) pairs. Each <tr> carries data-scenario so a test can count rows."""
    out = [f'<table id="{esc(table_id)}" class="{css}">']
    if caption:
        out.append(f"<caption>{caption}</caption>")
    out.append("<thead><tr>" + "".join(f"<th>{h}</th>" for h in headers) + "</tr></thead><tbody>")
    for scenario, cells in rows:
        out.append(f'<tr data-scenario="{esc(scenario)}"><th scope="row">{esc(scenario)}</th>'
                   + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
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


def icer_html(ce, scenario, subgroup):
    """Cost per placement averted, shown only where it means something (see `jimsim compare`)."""
    averted = ce["placements_averted_per_100_mean"]
    cost = ce["cost_difference_per_family_mean"]
    icer = ce["cost_per_placement_averted"]
    table = "cost_effectiveness"
    if not (is_finite(icer) and is_finite(averted) and is_finite(cost)):
        return f'<span class="note">{NAN_TEXT}</span>'
    if averted <= 0:
        # A ratio with a negative denominator reads as a saving when it is a loss: do not show it.
        return '<span class="note">not meaningful: no placements averted on average</span>'
    if cost < 0:
        share = stored_number(ce["share_dominant"], ".0%", table, scenario, subgroup, "share_dominant")
        return (f'<span class="good">saves money</span><br><span class="interval">averts placements and saves '
                f'money in {share} of bootstrap resamples</span>')
    value = stored_number(icer, ",.0f", table, scenario, subgroup, "cost_per_placement_averted", css="num mean")
    if ce["interval_defined"]:
        lo = stored_number(ce["cost_per_placement_averted_lower"], ",.0f", table, scenario, subgroup,
                           "cost_per_placement_averted_lower")
        hi = stored_number(ce["cost_per_placement_averted_upper"], ",.0f", table, scenario, subgroup,
                           "cost_per_placement_averted_upper")
        return f'{value}<br><span class="interval">({lo} to {hi})</span>'
    return (f'{value}<br><span class="interval">no interval: placements averted are not clearly above 0 in the '
            f'bootstrap</span>')


def verdict_html(ce, scenario, subgroup):
    return (f'<span class="verdict" data-table="cost_effectiveness" data-scenario="{esc(scenario)}" '
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
            icer_html(ce, s, "all"),
            verdict_html(ce, s, "all"),
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
    empty = all(r.cost_effectiveness[(s, name)]["placements_averted_per_100_replicates"] == 0 for s in r.policies)
    rows = []
    for s in r.policies:
        ce = r.cost_effectiveness[(s, name)]
        cells = [
            estimate_html(ce, "cost_effectiveness", s, name, ".1f", "mean", prefix="placements_averted_per_100_"),
            estimate_html(ce, "cost_effectiveness", s, name, ",.0f", "mean", prefix="cost_difference_per_family_"),
            verdict_html(ce, s, name),
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
               "Verdict"]
    return (f'<h3 id="subgroup-{index}-title">{esc(subgroup_title(name))}</h3>\n'
            + html_table(f"table-subgroup-{index}", headers, rows, caption, css="versus subgroup")
            .replace("<table ", f'<table data-subgroup="{esc(name)}" ', 1))


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
    return "<ul class=\"findings\">" + "\n".join(items) + "</ul>"


# ---------------------------------------------------------------------------------------------
# Figures
# ---------------------------------------------------------------------------------------------


def scenario_colours(r):
    """One colour per scenario, the same in every figure: the baseline dark grey, policies tab10."""
    import matplotlib

    palette = matplotlib.colormaps["tab10"].colors
    colours = {r.baseline: "#333333"}
    for i, s in enumerate(r.policies):
        colours[s] = palette[i % len(palette)]
    return colours


def png_data_uri(fig):
    """The figure as a base64 PNG data URI. metadata={'Software': None} drops the only
    non-reproducible PNG chunk matplotlib writes, so the same data give the same bytes."""
    import matplotlib.pyplot as plt

    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=100, metadata={"Software": None})
    plt.close(fig)
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def band(values):
    """Mean and 2.5-97.5 percentile band over replicates per step, ignoring NaN (a survival curve is
    NaN past the last time anyone was at risk); steps where every replicate is NaN stay NaN."""
    import warnings

    import numpy as np

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # all-NaN columns: NaN is the right answer
        return (np.nanmean(values, axis=0), np.nanpercentile(values, 2.5, axis=0),
                np.nanpercentile(values, 97.5, axis=0))


def figure_survival(r, colours):
    import matplotlib.pyplot as plt
    import numpy as np

    fig, ax = plt.subplots(figsize=(11, 5.6), layout="constrained")
    for s in r.scenarios:
        values, dt = r.series[(s, "placement_free_survival")]
        mean, low, high = band(values)
        # Index t is (t + 1) steps after intake; at intake itself nobody has been placed yet.
        weeks = np.concatenate([[0.0], (np.arange(values.shape[1]) + 1) * dt])
        mean, low, high = (np.concatenate([[1.0], a]) * 100 for a in (mean, low, high))
        baseline = s == r.baseline
        ax.fill_between(weeks, low, high, color=colours[s], alpha=0.10 if not baseline else 0.15, linewidth=0)
        ax.plot(weeks, mean, color=colours[s], linewidth=2.6 if baseline else 1.6,
                linestyle="--" if baseline else "-", label=f"{s} (baseline)" if baseline else s)
    ax.set_title("Share of youths never placed, by time since intake")
    ax.set_xlabel("weeks since intake")
    ax.set_ylabel("youths never placed in residential care (%)")
    ax.set_xlim(left=0)
    ax.grid(alpha=0.3)
    ax.legend(title="Policy (line: mean; band: 95% of replicates)", loc="lower left", fontsize=9, ncol=2)
    return png_data_uri(fig)


def figure_residential(r, colours):
    import matplotlib.pyplot as plt
    import numpy as np

    fig, ax = plt.subplots(figsize=(11, 5.6), layout="constrained")
    for s in r.scenarios:
        values, dt = r.series[(s, "in_residential")]
        mean, low, high = band(values)
        weeks = (np.arange(values.shape[1]) + 1) * dt  # value t is the state at the end of step t
        baseline = s == r.baseline
        ax.fill_between(weeks, low, high, color=colours[s], alpha=0.10 if not baseline else 0.15, linewidth=0)
        ax.plot(weeks, mean, color=colours[s], linewidth=2.6 if baseline else 1.6,
                linestyle="--" if baseline else "-", label=f"{s} (baseline)" if baseline else s)
    ax.set_title("Youths in residential care over time")
    ax.set_xlabel("weeks since the start of the run")
    ax.set_ylabel("youths in residential care (number)")
    ax.set_xlim(left=0)
    ax.set_ylim(bottom=0)
    ax.grid(alpha=0.3)
    ax.legend(title="Policy (line: mean; band: 95% of replicates)", loc="upper left", fontsize=9, ncol=2)
    return png_data_uri(fig)


def figure_averted(r, colours):
    """Two panels from the stored comparison: placements averted per 100 families, and cost per
    placement averted (only where the policy averts placements on average)."""
    import matplotlib.pyplot as plt
    from matplotlib.lines import Line2D

    policies = r.policies
    y = list(range(len(policies)))[::-1]  # first policy on top
    fig, (left, right) = plt.subplots(1, 2, figsize=(12, 1.2 + 0.55 * len(policies) + 1.6), sharey=True,
                                      layout="constrained")
    for yi, s in zip(y, policies):
        ce = r.cost_effectiveness[(s, "all")]
        p = "placements_averted_per_100_"
        if is_finite(ce[p + "mean"]):
            if is_finite(ce[p + "range_lower"]):
                left.plot([ce[p + "range_lower"], ce[p + "range_upper"]], [yi, yi], color=colours[s], linewidth=1.2,
                          alpha=0.6)
            if is_finite(ce[p + "mean_lower"]):
                left.plot([ce[p + "mean_lower"], ce[p + "mean_upper"]], [yi, yi], color=colours[s], linewidth=5,
                          solid_capstyle="butt")
            left.plot(ce[p + "mean"], yi, "o", color="white", markeredgecolor=colours[s], markersize=7,
                      markeredgewidth=2)
        icer = ce["cost_per_placement_averted"]
        averted = ce[p + "mean"]
        if is_finite(icer) and is_finite(averted) and averted > 0:
            if ce["interval_defined"]:
                right.plot([ce["cost_per_placement_averted_lower"], ce["cost_per_placement_averted_upper"]], [yi, yi],
                           color=colours[s], linewidth=5, solid_capstyle="butt")
                right.plot(icer, yi, "o", color="white", markeredgecolor=colours[s], markersize=7, markeredgewidth=2)
            else:
                right.plot(icer, yi, "o", color="white", markeredgecolor=colours[s], markersize=7, markeredgewidth=2)
                right.annotate("no interval", (icer, yi), textcoords="offset points", xytext=(8, -3), fontsize=8)
        else:
            right.annotate("no placements averted on average: no ratio", (0.02, yi),
                           xycoords=("axes fraction", "data"), fontsize=8, va="center", color="#555555")
    for ax in (left, right):
        ax.axvline(0, color="black", linewidth=0.8)
        ax.grid(axis="x", alpha=0.3)
    left.set_yticks(y, policies)
    left.set_ylim(-0.7, len(policies) - 0.3)
    left.set_title("Placements averted per 100 families")
    left.set_xlabel("placements averted per 100 families (below 0: more placements)")
    right.set_title("Cost per placement averted")
    right.set_xlabel("euro per placement averted (below 0: the policy saves money)")
    lo, hi = right.get_xlim()
    if lo < 0:
        right.axvspan(lo, 0, color="#2ca02c", alpha=0.07, linewidth=0)
        right.set_xlim(lo, max(hi, 0))
    right.ticklabel_format(axis="x", style="plain")
    right.xaxis.set_major_formatter(plt.FuncFormatter(lambda v, _: f"{v:,.0f}"))
    handles = [
        Line2D([], [], marker="o", color="white", markeredgecolor="#333333", markeredgewidth=2, linestyle="none",
               label="mean"),
        Line2D([], [], color="#333333", linewidth=5, label="95% interval of the mean (ratio: bootstrap)"),
        Line2D([], [], color="#333333", linewidth=1.2, alpha=0.6, label="range of 95% of replicates"),
    ]
    # Below the left panel's axis label (constrained layout makes room for it; matplotlib 3.6 has no
    # "outside" figure legends).
    left.legend(handles=handles, loc="upper left", bbox_to_anchor=(0.0, -0.16), ncol=3, fontsize=9, frameon=False)
    fig.suptitle(f"Effect and cost-effectiveness against {r.baseline}, whole cohort")
    return png_data_uri(fig)


def paired_effects(r, s):
    """Per replicate, placements averted per 100 families and cost difference per family against
    the baseline's same replicate (common random numbers), skipping replicates without families."""
    import numpy as np

    b, o = r.replicate_tables[r.baseline], r.replicate_tables[s]
    ok = (b["families"] > 0) & (o["families"] > 0)
    averted = 100 * (b["placed"][ok] / b["families"][ok] - o["placed"][ok] / o["families"][ok])
    cost = o["cost_total"][ok] / o["families"][ok] - b["cost_total"][ok] / b["families"][ok]
    return np.asarray(averted), np.asarray(cost)


def figure_ce_plane(r, colours):
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(11, 7), layout="constrained")
    xs, ys = [0.0], [0.0]
    for s in r.policies:
        x, y = paired_effects(r, s)
        ax.scatter(x, y, s=12, color=colours[s], alpha=0.45, linewidths=0, label=s)
        ce = r.cost_effectiveness[(s, "all")]
        mx, my = ce["placements_averted_per_100_mean"], ce["cost_difference_per_family_mean"]
        if is_finite(mx) and is_finite(my):
            ax.plot(mx, my, marker="D", markersize=9, color=colours[s], markeredgecolor="black", markeredgewidth=1.2)
        xs += list(x)
        ys += list(y)
    # Both axes include 0 so the four quadrants are always visible.
    xlo, xhi = min(xs), max(xs)
    ylo, yhi = min(ys), max(ys)
    xpad, ypad = 0.08 * (xhi - xlo or 1), 0.08 * (yhi - ylo or 1)
    ax.set_xlim(xlo - xpad, xhi + xpad)
    ax.set_ylim(ylo - ypad, yhi + ypad)
    ax.axhline(0, color="black", linewidth=0.9)
    ax.axvline(0, color="black", linewidth=0.9)
    quadrant = dict(fontsize=9, color="#555555", alpha=0.9)
    ax.text(0.99, 0.99, "averts placements,\ncosts more", transform=ax.transAxes, ha="right", va="top", **quadrant)
    ax.text(0.99, 0.01, "averts placements,\nsaves money", transform=ax.transAxes, ha="right", va="bottom",
            **quadrant)
    ax.text(0.01, 0.99, "more placements,\ncosts more", transform=ax.transAxes, ha="left", va="top", **quadrant)
    ax.text(0.01, 0.01, "more placements,\nsaves money", transform=ax.transAxes, ha="left", va="bottom", **quadrant)
    ax.yaxis.set_major_formatter(plt.FuncFormatter(lambda v, _: f"{v:,.0f}"))
    ax.set_title(f"Cost-effectiveness plane against {r.baseline}: one dot per replicate")
    ax.set_xlabel("placements averted per 100 families")
    ax.set_ylabel("cost difference per family (euro; below 0: saves money)")
    ax.grid(alpha=0.3)
    legend = ax.legend(title="Policy (diamond: mean)", loc="upper center", fontsize=9, ncol=3, markerscale=2.5,
                       framealpha=0.9)
    # Legend dots opaque, though the clouds are translucent (legend_handles is the 3.7+ name).
    for handle in getattr(legend, "legend_handles", None) or legend.legendHandles:
        handle.set_alpha(1)
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
td:last-child { white-space: normal; }
table.versus td:last-child { text-align: left; min-width: 16em; }
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
<style>table.scenarios td {{ text-align: left; white-space: normal; }}</style>
"""


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
<p><strong>Assumptions.</strong> Most parameter defaults of the model are assumptions, not measurements (see
<code>jimsim params</code> and docs/parameters.md). Until the model is calibrated against observed cohorts, read
the numbers as a comparison of policies under stated assumptions, not as a forecast for a municipality.</p>
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
            "Share of youths never placed in residential care against weeks since intake, per policy",
            "Each line is the share of youths who have not (yet) been placed in residential care, counted from "
            "their own intake (a Kaplan-Meier curve), averaged over replicates; the shaded band holds 95% of "
            "replicates. A line that stays higher means fewer youths are placed. The gap between a policy and "
            f"the dashed {esc(r.baseline)} line at a given week is the difference in the share placed by then."),
        figure_html(
            "fig-averted", averted, "Figure 2. Placements averted and cost per placement averted",
            "Horizontal interval plots of placements averted per 100 families and euro per placement averted",
            "Left: how many placements each policy averts per 100 families compared with "
            f"{esc(r.baseline)}. The thick bar is the 95% interval of the mean (how precisely the simulation "
            "knows the average), the thin line the range of 95% of replicates (what one cohort could see). A bar "
            "entirely right of 0 means the policy clearly averts placements. Right: extra cost per placement "
            "averted; a value below 0 (shaded) means the policy averts placements and saves money at the same "
            "time. The bar is a bootstrap interval, shown only when it is meaningful."),
        figure_html(
            "fig-ce-plane", plane, "Figure 3. Cost-effectiveness plane",
            "Scatter of placements averted per 100 families against cost difference per family, one dot per "
            "replicate",
            "Each dot is one replicate: a policy compared with the same cohort under "
            f"{esc(r.baseline)}. Right of the vertical line the policy averts placements; below the horizontal "
            "line it costs less. A cloud entirely in the lower right averts placements and saves money; a cloud "
            "in the upper right buys fewer placements at extra cost. The diamond is the mean; the spread of the "
            "cloud shows how much one cohort's result can vary."),
        figure_html(
            "fig-residential", residential, "Figure 4. Youths in residential care over time",
            "Number of youths in residential care against weeks since the start, per policy",
            "Each line is the average number of youths in residential care at the end of each week, counted "
            "from the start of the run; the shaded band holds 95% of replicates. A lower line means fewer "
            "residential beds are in use. The area between two lines is the difference in residential weeks "
            "(and so in residential cost)."),
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
    import matplotlib

    matplotlib.use("Agg")  # no display; also the only backend whose output we rely on
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
        try:
            import h5py  # noqa: F401
            import matplotlib  # noqa: F401
            import numpy  # noqa: F401
        except ImportError as e:
            raise ReportError(f"needs numpy, h5py and matplotlib: {e}", 1) from e
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
