#!/usr/bin/python3
"""Calibration report: one self-contained HTML page from a jimsim posterior file.

Usage: /usr/bin/python3 analysis/calibration_report.py POSTERIOR.h5 -o calibration.html [--force]

What a researcher looks at after `jimsim calibrate`: what was fitted and how the run stopped, how far
the evidence narrowed each free parameter (prior against posterior), how the ABC-SMC generations
went, and whether the posterior reproduces the observed statistics (the posterior predictive check).
The file is read with h5py only (layout: docs/posterior-format.md, format version 1); the figures are
inline SVG, so the page loads nothing from elsewhere and needs no JavaScript. No dates are written:
the same posterior file gives the same page.

Exit status: 0 written; 2 bad command line; 3 bad input file (missing, not HDF5, not a jimsim
posterior file of format version 1); 4 output not written (exists without --force, cannot be written).
"""
import argparse
import html
import io
import math
import os
import re
import sys
from types import SimpleNamespace

try:
    import h5py
    import matplotlib
    import numpy as np

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch
    from matplotlib.ticker import FuncFormatter, NullFormatter
except ImportError as missing:
    sys.exit(f"calibration_report.py: needs numpy, h5py and matplotlib ({missing}); on Debian: "
             "apt-get install python3-numpy python3-h5py python3-matplotlib")

EXIT_BAD_INPUT = 3
EXIT_BAD_OUTPUT = 4
POSTERIOR_FORMAT = "jimsim posterior"
POSTERIOR_FORMAT_VERSION = 1
PRIOR_COLOUR, POSTERIOR_COLOUR, MISS_COLOUR = "#8c8c8c", "#1f5fa8", "#c0392b"


class ReportError(Exception):
    def __init__(self, message, status):
        super().__init__(message)
        self.status = status


# --- Reading the posterior file ---------------------------------------------------------------


def text(value):
    return value.decode("utf-8") if isinstance(value, bytes) else str(value)


def read_table(group):
    """A table group (one-dimensional columns along the `row` scale) as {column: list or array}, in
    the order written."""
    table = {}
    for name, column in group.items():
        if name == "row" or not isinstance(column, h5py.Dataset):
            continue
        is_text = h5py.check_string_dtype(column.dtype) is not None
        table[name] = [str(v) for v in column.asstr()[()]] if is_text else column[()]
    return table


def read_posterior(path):
    if not os.path.exists(path):
        raise ReportError(f"{path}: no such file", EXIT_BAD_INPUT)
    if os.path.isdir(path):
        raise ReportError(f"{path} is a directory, not a posterior file", EXIT_BAD_INPUT)
    try:
        if not h5py.is_hdf5(path):
            raise ReportError(f"{path} is not an HDF5 file (expected a posterior file written by "
                              "`jimsim calibrate`)", EXIT_BAD_INPUT)
        with h5py.File(path, "r") as f:
            if text(f.attrs.get("format", "")) != POSTERIOR_FORMAT:
                raise ReportError(f"{path} is an HDF5 file but not a jimsim posterior file (its root attribute "
                                  f"format is not \"{POSTERIOR_FORMAT}\")", EXIT_BAD_INPUT)
            version = f.attrs.get("format_version")
            if version is None or np.ndim(version) != 0 or int(version) != POSTERIOR_FORMAT_VERSION:
                raise ReportError(f"{path} is a jimsim posterior file of format version {version}; this report "
                                  f"reads version {POSTERIOR_FORMAT_VERSION}", EXIT_BAD_INPUT)
            p = SimpleNamespace(path=path)
            p.attrs = {k: (text(v) if isinstance(v, (str, bytes)) else v.item()) for k, v in f.attrs.items()}
            p.generations = read_table(f["generations"])
            p.particles = read_table(f["particles"])
            p.posterior = read_table(f["posterior"])
            p.keys = p.posterior["parameter"]
            p.units = {k: text(f["particles"][k].attrs.get("units", "")) for k in p.keys}
            p.correlation = f["correlation/correlation"][()]
            p.check = read_table(f["predictive_check"])
            p.inputs = {name: text(f["inputs"][name].asstr()[()]) for name in ("calibration", "targets")}
            return p
    except ReportError:
        raise
    except (OSError, KeyError, ValueError, TypeError, IndexError) as e:
        raise ReportError(f"{path}: cannot read the posterior file: {e}", EXIT_BAD_INPUT) from e


# --- Numbers and small helpers -----------------------------------------------------------------


def number(x, digits=3):
    """A number as short text: integers as they are, NaN as an en dash."""
    if isinstance(x, (int, np.integer)):
        return str(int(x))
    if math.isnan(x):
        return "\u2013"
    if math.isinf(x):
        return "\u221e" if x > 0 else "\u2212\u221e"
    return f"{x:.{digits}g}"


def span(lower, upper):
    return f"{number(lower)}\u2013{number(upper)}"


def with_unit(unit):
    return "" if unit in ("", "1") else f" ({unit})"


def narrowing(row):
    """Posterior 90% width as a percentage of the prior's, or NaN."""
    prior_width = row["prior_upper_90"] - row["prior_lower_90"]
    return 100.0 * (row["upper_90"] - row["lower_90"]) / prior_width if prior_width > 0 else math.nan


def rows(table):
    names = list(table)
    return [dict(zip(names, values)) for values in zip(*table.values())]


def weighted_kde(x, w, grid):
    """Gaussian kernel density of weighted particles; bandwidth by Silverman's rule with the
    effective sample size."""
    w = w / w.sum()
    mean = np.sum(w * x)
    sd = math.sqrt(max(np.sum(w * (x - mean) ** 2), 0.0))
    bandwidth = 1.06 * sd * (1.0 / np.sum(w ** 2)) ** -0.2
    if not bandwidth > 0:  # every particle at one value
        bandwidth = max((grid[-1] - grid[0]) / 100, abs(mean) * 1e-3, 1e-12)
    z = (grid[:, None] - x[None, :]) / bandwidth
    return np.exp(-0.5 * z * z) @ w / (bandwidth * math.sqrt(2 * math.pi))


def svg_markup(fig, name):
    """The figure as inline SVG markup: no XML prolog, DOCTYPE or metadata (dates, links)."""
    matplotlib.rcParams["svg.hashsalt"] = f"jimsim-calibration-{name}"  # distinct, stable ids per figure
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None, "Creator": None})
    plt.close(fig)
    svg = buffer.getvalue()
    svg = svg[svg.index("<svg"):]
    return re.sub(r"\s*<metadata>.*?</metadata>", "", svg, flags=re.S)


# --- Figures -----------------------------------------------------------------------------------


def draw_prior_and_posterior(p):
    generation = p.particles["generation"]
    prior, final = generation == 0, generation == generation.max()
    weight = p.particles["weight"]
    columns = min(len(p.keys), 2)
    lines = math.ceil(len(p.keys) / columns)
    fig, axes = plt.subplots(lines, columns, figsize=(5.2 * columns, 3.0 * lines + 0.6), squeeze=False)
    for ax in axes.flat[len(p.keys):]:
        ax.set_visible(False)
    for ax, row in zip(axes.flat, rows(p.posterior)):
        key, unit = row["parameter"], p.units[row["parameter"]]
        values = p.particles[key]
        both = values[prior | final]
        grid = np.linspace(both.min(), both.max(), 400) if both.max() > both.min() else \
            np.linspace(both.min() - 0.5, both.max() + 0.5, 400)
        ax.fill_between(grid, weighted_kde(values[prior], weight[prior], grid), color=PRIOR_COLOUR, alpha=0.3, lw=0)
        ax.plot(grid, weighted_kde(values[final], weight[final], grid), color=POSTERIOR_COLOUR, lw=2)
        ax.axvspan(row["lower_90"], row["upper_90"], color=POSTERIOR_COLOUR, alpha=0.12, lw=0)
        ax.axvline(row["median"], color=POSTERIOR_COLOUR, ls="--", lw=1.2)
        for end in (row["prior_lower_90"], row["prior_upper_90"]):
            ax.axvline(end, color=PRIOR_COLOUR, ls=":", lw=1.2)
        ax.set_xlabel(f"{key} ({unit or '1'})")
        ax.set_ylabel(f"density (per {unit or 'unit'})")
        ax.set_ylim(bottom=0)
    handles = [Patch(color=PRIOR_COLOUR, alpha=0.3, label="prior (generation 0)"),
               Line2D([], [], color=POSTERIOR_COLOUR, lw=2, label="posterior (final generation)"),
               Line2D([], [], color=POSTERIOR_COLOUR, ls="--", label="posterior median"),
               Patch(color=POSTERIOR_COLOUR, alpha=0.12, label="posterior 90% credible interval"),
               Line2D([], [], color=PRIOR_COLOUR, ls=":", label="prior 90% interval")]
    fig.legend(handles=handles, loc="upper center", ncol=3, frameon=False, bbox_to_anchor=(0.5, 1.0))
    fig.tight_layout(rect=(0, 0, 1, 1 - 0.6 / (3.0 * lines + 0.6)))
    return svg_markup(fig, "prior-posterior")


def draw_generations(p):
    g = p.generations
    generation = g["generation"]
    fig, axes = plt.subplots(1, 3, figsize=(13, 3.6))
    panels = [(axes[0], g["tolerance"], "tolerance: largest distance accepted", "tolerance (scaled distance, 1)"),
              (axes[1], g["acceptance_rate"], "particles kept per proposal", "acceptance rate (share)")]
    for ax, values, label, ylabel in panels:
        shown = np.isfinite(values) & (values > 0)  # generation 0's tolerance is inf
        ax.plot(generation[shown], values[shown], "o-", color=POSTERIOR_COLOUR, label=label)
        if not shown.any():
            ax.text(0.5, 0.5, "no generation after the prior", transform=ax.transAxes, ha="center")
        else:
            ax.set_yscale("log")
            plain = FuncFormatter(lambda v, _: f"{v:g}")
            ax.yaxis.set_major_formatter(plain)  # minor ticks labelled only within one decade
            one_decade = shown.sum() > 1 and values[shown].max() < 10 * values[shown].min()
            ax.yaxis.set_minor_formatter(plain if one_decade else NullFormatter())
        ax.set_ylabel(ylabel)
    axes[2].plot(generation, g["effective_sample_size"], "o-", color=POSTERIOR_COLOUR, label="effective sample size")
    axes[2].plot(generation, g["particles"], "s--", color=PRIOR_COLOUR, label="particles kept")
    axes[2].set_ylabel("particles")
    axes[2].set_ylim(bottom=0)
    for ax in axes:
        ax.set_xlabel("generation (index; 0 = prior)")
        ax.set_xticks(generation[::max(1, len(generation) // 12)])
        ax.set_xlim(-0.5, generation.max() + 0.5)
        ax.legend(fontsize=9, loc="best")
        ax.grid(alpha=0.3)
    fig.tight_layout()
    return svg_markup(fig, "generations")


def standardised(row):
    """The row's interval ends and observed value as (value - predictive mean) / half-width."""
    half = (row["upper_90"] - row["lower_90"]) / 2
    if not half > 0:
        half = abs(row["observed"] - row["mean"]) or 1.0
    return [(row[c] - row["mean"]) / half for c in ("lower_90", "upper_90", "observed")]


def draw_predictive_check(p):
    check = rows(p.check)
    fig, ax = plt.subplots(figsize=(8.5, 0.45 * len(check) + 1.6))
    drawn = [r["draws"] > 0 and np.isfinite([r[c] for c in ("observed", "mean", "lower_90", "upper_90")]).all()
             for r in check]
    zs = [standardised(r) for r, d in zip(check, drawn) if d]
    limit = min(6.0, max([1.6] + [abs(z) + 0.4 for row in zs for z in row]))
    for i, (row, has_values) in enumerate(zip(check, drawn)):
        y = len(check) - 1 - i
        missed = not row["reproduced"]
        colour = MISS_COLOUR if missed else POSTERIOR_COLOUR
        unit = with_unit(row["unit"])
        if missed:
            ax.axhspan(y - 0.5, y + 0.5, color=MISS_COLOUR, alpha=0.08, lw=0)
        if has_values:
            low, high, observed = standardised(row)
            ax.plot([low, high], [y, y], color=colour, lw=7, alpha=0.45, solid_capstyle="butt")
            inside = -limit <= observed <= limit
            marker = "D" if inside else (">" if observed > 0 else "<")
            ax.plot(np.clip(observed, -limit, limit), y, marker, mfc="white", mec=colour, mew=2, ms=8)
            ax.plot(0, y, "o", color="black", ms=4)
            note = f"observed {number(row['observed'])}; interval {span(row['lower_90'], row['upper_90'])}{unit}"
        else:
            note = "no value to compare"
        ax.annotate(note, (1.02, y), xycoords=ax.get_yaxis_transform(), va="center", fontsize=8.5,
                    color=colour, fontweight="bold" if missed else "normal")
    if not check:
        ax.text(0, 0, "this file holds no posterior predictive check", ha="center")
    ax.axvline(0, color="black", lw=0.6)
    ax.set_xlim(-limit, limit)
    ax.set_ylim(-0.7, len(check) - 0.3)
    ax.set_yticks(range(len(check)))
    ax.set_yticklabels([r["statistic"] for r in reversed(check)])
    for label, row in zip(ax.get_yticklabels(), reversed(check)):
        if not row["reproduced"]:
            label.set_color(MISS_COLOUR)
            label.set_fontweight("bold")
    ax.set_xlabel("(value \u2212 predictive mean) / half-width of the 90% predictive interval (1)")
    ax.grid(axis="x", alpha=0.3)
    handles = [Line2D([], [], color=POSTERIOR_COLOUR, lw=7, alpha=0.45, label="90% predictive interval"),
               Line2D([], [], color=MISS_COLOUR, lw=7, alpha=0.45, label="90% interval, not reproduced"),
               Line2D([], [], marker="o", color="black", ls="", label="predictive mean"),
               Line2D([], [], marker="D", mfc="white", mec=POSTERIOR_COLOUR, mew=2, ls="", label="observed value")]
    ax.legend(handles=handles, loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=2, fontsize=9, frameon=False)
    fig.tight_layout()
    return svg_markup(fig, "predictive-check")


# --- Page --------------------------------------------------------------------------------------


def esc(s):
    return html.escape(str(s), quote=True)


def html_table(table_id, headers, body, caption):
    head = "".join(f"<th>{esc(h)}</th>" for h in headers)
    lines = [f'<table id="{table_id}"><caption>{esc(caption)}</caption><thead><tr>{head}</tr></thead><tbody>']
    for cells, css in body:
        tds = "".join(f'<td class="num">{esc(number(c, 4))}</td>' if not isinstance(c, str) else f"<td>{esc(c)}</td>"
                      for c in cells)
        lines.append(f'<tr class="{css}">{tds}</tr>' if css else f"<tr>{tds}</tr>")
    return "\n".join(lines + ["</tbody></table>"])


def table_of(table, table_id, caption, flag=None):
    body = [(list(row.values()), "missed" if flag and not row[flag] else "") for row in rows(table)]
    return html_table(table_id, list(table), body, caption)


def correlation_table(p):
    body = [([key] + [float(v) for v in p.correlation[i]], "") for i, key in enumerate(p.keys)]
    return html_table("table-correlation", ["parameter"] + list(p.keys), body,
                      "Weighted Pearson correlation of the parameters over the final generation")


def evidence_phrase(a):
    if a["evidence"] == "cohort":
        return f"the cohort file <code>{esc(a['evidence_file'])}</code> ({a['youths']} youths)"
    return (f"the targets file <code>{esc(a['evidence_file'])}</code> (its largest target counts "
            f"{a['youths']} youths)")


def parameter_line(row, unit):
    key = f"<code>{esc(row['parameter'])}</code>{esc(with_unit(unit))}"
    if math.isnan(row["median"]):
        return f"<li>{key}: no posterior (the calibration stopped before its first generation).</li>"
    return (f"<li>{key}: posterior median {number(row['median'])} (90% credible interval "
            f"{span(row['lower_90'], row['upper_90'])}), prior 90% interval "
            f"{span(row['prior_lower_90'], row['prior_upper_90'])}: the evidence narrowed it to "
            f"{number(narrowing(row), 2)}% of the prior's width.</li>")


def check_sentences(p):
    check = rows(p.check)
    if not check:
        return "<p>No posterior predictive check was run.</p>"
    missed = [r for r in check if not r["reproduced"]]
    if not missed:
        return "<p>Every observed statistic lies inside its 90% posterior predictive interval.</p>"
    lines = []
    for r in missed:
        name = f"<code>{esc(r['statistic'])}</code>{esc(with_unit(r['unit']))}"
        if r["draws"] == 0 or not np.isfinite([r["observed"], r["mean"]]).all():
            lines.append(f"<li>{name}: no observed or simulated value to compare, so it cannot be checked.</li>")
            continue
        side = "above" if r["observed"] > r["mean"] else "below"
        lines.append(f"<li>{name} is not reproduced: the observed {number(r['observed'])} lies {side} the 90% "
                     f"posterior predictive interval {span(r['lower_90'], r['upper_90'])} (predictive mean "
                     f"{number(r['mean'])}, tail probability {number(r['tail_probability'], 2)}).</li>")
    return ("<p>The posterior predictive check did not reproduce these statistics:</p>\n<ul class=\"missed\">"
            + "\n".join(lines) + "</ul>")


def opening(p):
    a = p.attrs
    params = "\n".join(parameter_line(r, p.units[r["parameter"]]) for r in rows(p.posterior))
    return f"""<section id="summary"><h2>Summary</h2>
<p>The calibration <b>{esc(a['calibration'])}</b> ({esc(a['description'])}) fitted {len(p.keys)} free
parameter{'s' if len(p.keys) != 1 else ''} of the model to {evidence_phrase(a)} by approximate Bayesian
computation (ABC-SMC). It kept {a['generations']} generation{'s' if a['generations'] != 1 else ''}, counting
generation 0 (the draws from the prior), and used {a['simulations']} simulations before it stopped:
{esc(a['stop_reason'])}.</p>
<ul class="parameters">{params}</ul>
{check_sentences(p)}</section>"""


def figure(section_id, title, svg, reading):
    return (f'<section id="{section_id}" class="figure"><h2>{esc(title)}</h2>\n<figure>{svg}\n'
            f"<figcaption>{reading}</figcaption></figure></section>")


def figures(p):
    if p.attrs["generations"] < 1 or len(p.particles["generation"]) == 0:
        return ('<section id="no-figures"><h2>Figures</h2><p>The file holds no generation, so there is nothing '
                "to draw.</p></section>")
    prior_posterior = figure("fig-prior-posterior", "Prior against posterior", draw_prior_and_posterior(p), """
One panel per free parameter. The grey area is the prior (the particles of generation 0); the blue
curve is the posterior (the particles of the final generation); both are weighted Gaussian kernel
density estimates using the particles' importance weights. The dashed blue line is the posterior
median and the blue band its 90% credible interval; the dotted grey lines are the prior's 90%
interval. Where the blue curve is much narrower than the grey area, the evidence pinned the
parameter down; where the two look alike, the statistics say little about it.""")
    generations = figure("fig-generations", "The ABC-SMC generations", draw_generations(p), """
Left: the tolerance of each generation, the largest distance between simulated and observed
statistics it accepted (log scale; generation 0 keeps every prior draw, its tolerance is infinite and
not drawn). Middle: the acceptance rate, the particles kept per proposal made (log scale): each
generation is harder to fill than the last. Right: the effective sample size of the weights against
the particles kept; a small effective sample size means a few particles carry most of the weight.
A tolerance that has stopped falling suggests further generations would gain little.""")
    check = figure("fig-predictive-check", "Posterior predictive check", draw_predictive_check(p), """
One row per statistic, simulated with parameter values drawn from the posterior. Because the
statistics have different units and scales, each row is normalised to its own predictive
distribution: the horizontal axis is (value &minus; predictive mean) divided by half the width of the
90% predictive interval, so the interval is the bar (length 2), the predictive mean the dot at 0 and
the diamond the observed value; the values in their own units are written to the right. A
statistic whose observed value lies outside its interval (tail probability below 0.1) is not
reproduced and is drawn in red; an arrow at the edge marks an observed value beyond the axis.""")
    return "\n".join([prior_posterior, generations, check])


STYLE = """body{font-family:'DejaVu Sans',Arial,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;
line-height:1.45;color:#222}h1{font-size:1.6em}h2{font-size:1.25em;margin-top:2em;border-bottom:1px solid #ccc}
figure{margin:1em 0}figure svg{max-width:100%;height:auto}figcaption{font-size:.95em;color:#333}
table{border-collapse:collapse;margin:1em 0;font-size:.9em}caption{text-align:left;font-weight:bold;padding:.3em 0}
th,td{border:1px solid #ccc;padding:.25em .5em}th{background:#f2f2f2}td.num{text-align:right}
tr.missed td,ul.missed li{color:#c0392b}pre{background:#f7f7f7;padding:.8em;overflow-x:auto;font-size:.85em}
code{font-size:.95em}"""


def render(p):
    a = p.attrs
    tables = "\n".join([
        '<section id="tables"><h2>Tables</h2>',
        table_of(p.posterior, "table-posterior", "Posterior summary per free parameter (/posterior)"),
        table_of(p.check, "table-predictive-check", "Posterior predictive check (/predictive_check); rows "
                 "not reproduced in red", flag="reproduced"),
        correlation_table(p) if len(p.keys) and p.correlation.size else "",
        table_of(p.generations, "table-generations", "Generations (/generations)"),
        "</section>"])
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Calibration report: {esc(a['calibration'])}</title>
<style>{STYLE}</style></head>
<body>
<h1>Calibration report: {esc(a['calibration'])}</h1>
{opening(p)}
{figures(p)}
{tables}
<section id="notes"><h2>What these intervals mean</h2>
<p>The credible and predictive intervals cover what the evidence leaves uncertain <em>under this
model</em>: the parameters held fixed, the processes the model includes and the way it represents
them are taken as given, and the intervals say nothing about whether that structure is right. A
statistic the model cannot reproduce is a hint that the structure, not only the parameter values,
needs a look. The posterior file holds aggregates only: no youth or family records, no rows of the
cohort file, so neither does this page.</p>
<h2>Run</h2>
<p>Program {esc(a['program_version'])}; fingerprint <code>{esc(a['fingerprint'])}</code>; seed {a['seed']};
posterior file <code>{esc(os.path.basename(p.path))}</code>.<br>Command line: <code>{esc(a['command_line'])}</code></p>
<details><summary>The calibration file and its scenario files, verbatim</summary><pre>{esc(p.inputs['calibration'])}</pre></details>
<details><summary>The evidence: {'targets file, verbatim' if a['evidence'] == 'targets' else 'cohort digest'}</summary>
<pre>{esc(p.inputs['targets'])}</pre></details>
</section>
</body></html>
"""


# --- Command line ------------------------------------------------------------------------------


def write_atomically(path, content, force):
    """Writes a hidden temporary file beside the target and renames it into place."""
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
    except BaseException as e:
        if os.path.exists(temporary):
            os.remove(temporary)
        if isinstance(e, OSError):
            raise ReportError(f"{path}: cannot write the report: {e.strerror or e}", EXIT_BAD_OUTPUT) from e
        raise


def main(argv=None):
    parser = argparse.ArgumentParser(description="Write a self-contained HTML page about a calibration from the "
                                                 "posterior file `jimsim calibrate` wrote.")
    parser.add_argument("posterior", help="posterior file written by `jimsim calibrate`")
    parser.add_argument("-o", "--output", default="calibration.html", help="HTML file to write "
                                                                           "(default: calibration.html)")
    parser.add_argument("-f", "--force", action="store_true", help="overwrite an existing output file")
    args = parser.parse_args(argv)
    try:
        posterior = read_posterior(args.posterior)
        if os.path.exists(args.output) and not args.force:  # refuse before the slower drawing
            raise ReportError(f"{args.output} exists; use --force to overwrite it", EXIT_BAD_OUTPUT)
        matplotlib.rcdefaults()
        matplotlib.rcParams["font.family"] = "DejaVu Sans"
        write_atomically(args.output, render(posterior), args.force)
    except ReportError as e:
        print(f"calibration_report.py: {e}", file=sys.stderr)
        return e.status
    return 0


if __name__ == "__main__":
    sys.exit(main())
