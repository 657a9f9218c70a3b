#!/usr/bin/python3
"""Policy report: one self-contained HTML page from a jimsim results file with a stored comparison.

Usage: /usr/bin/python3 analysis/report.py RESULTS.h5 -o REPORT.html [--force] [--no-plotly]

The page is for a municipal policymaker and says it in 30 seconds: first a short plain-language
summary (the best policy at the stated willingness to pay, what it averts and costs for the user's
population, how sure we are and what that uncertainty covers, the frontier's thresholds), then the
decision analysis: the ranking and efficiency frontier, the cost-effectiveness plane of all policies,
acceptability curves and the value of information, the budget impact per year by cost item, the
tornado of prices, placement-free survival with the paired difference, subgroups, and methods. A
calculator recomputes the decision in the browser for another willingness to pay or prices.

Every number in the text and tables comes from the /comparison group that `jimsim compare` stores
in the results file (layout: docs/results-format.md; comparison format 3 with /comparison/decision);
the report computes no statistics of its own for them, so it can never disagree with `jimsim
compare`. Each displayed stored number carries data attributes that tie it to its table, row and
column (report_html.py), so tests/check_report.py can check the page against the file. Only the
figures use the raw per-replicate data (/series, /outcomes). The modules beside this file hold one
part of the page each (report_*.py).

The output is deterministic: the same results file gives a byte-identical page (no dates; PNGs are
written without software/date metadata).

Exit status: 0 written; 2 bad command line; 3 bad input file (missing, not HDF5, not a jimsim
results file, a results file of another format version, no /comparison or one of another version);
4 output not written (exists without --force, cannot be written).
"""
import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))  # the report_*.py modules beside this file

try:
    import h5py  # noqa: F401
    import matplotlib  # noqa: F401
    import numpy  # noqa: F401
    import scipy  # noqa: F401
except ImportError as missing:
    sys.exit(f"report.py: needs numpy, scipy, h5py and matplotlib ({missing}); on Debian: "
             "apt-get install python3-numpy python3-scipy python3-h5py python3-matplotlib")

from report_acceptability import acceptability_table, figure_acceptability  # noqa: E402
from report_budget import budget_section  # noqa: E402
from report_calculator import calculator_section  # noqa: E402
from report_figures import (configure_matplotlib, figure_survival, figure_survival_difference,  # noqa: E402
                            scenario_colours)
from report_frontier import figure_plane, frontier_table, subgroup_frontier_table  # noqa: E402
from report_html import STYLE, esc, figure_html  # noqa: E402
from report_methods import methods_note, run_info  # noqa: E402
from report_read import EXIT_BAD_OUTPUT, ReportError, read_results  # noqa: E402
from report_summary import summary_section  # noqa: E402
from report_tables import outcome_table, subgroup_table, versus_baseline_table  # noqa: E402
from report_tornado import tornado_section  # noqa: E402

CONTENTS = [("summary", "In 30 seconds"), ("calculator", "Try your own numbers"), ("frontier", "Ranking and frontier"),
            ("plane", "Cost-effectiveness plane"), ("acceptability", "How sure is the choice"),
            ("budget", "Budget impact"), ("tornado", "Which prices matter"), ("survival", "Placements over time"),
            ("outcomes", "All outcomes"), ("subgroups", "Subgroups"), ("methods", "Methods and the run")]


def frontier_section(r):
    return f"""<section id="frontier">
<h2>Ranking and efficiency frontier</h2>
<p>Every policy, cheapest first, for the whole cohort. A policy is <em>on the frontier</em> when no other policy,
nor a mix of two, achieves as much for less; the others are <em>dominated</em> (another policy costs no more and
achieves at least as much) or <em>extendedly dominated</em> (a mix of two frontier policies would do better). Along
the frontier, each step's ratio is the price per {esc(r.effect_unit)} at which the more effective policy becomes
the better choice.</p>
{frontier_table(r)}
</section>"""


def plane_section(r, colours, number):
    reading = ("Each dot is one replicate: a simulated cohort of the run's size under one policy, at its cost per family "
               "(up) and effect (along). The large markers are the means over replicates; the black line joins the "
               "policies on the efficiency frontier, cheapest first. A policy below and to the right of another is "
               "cheaper and better; a steep segment of the frontier means much extra cost for a little more effect. "
               "The spread of a cloud shows how much one cohort's result can vary (the range of replicates), not "
               "how precisely the mean is known.")
    return ('<section id="plane">\n<h2>Cost-effectiveness plane</h2>\n'
            + figure_html("fig-ce-plane", figure_plane(r, colours), f"Figure {number}. Cost-effectiveness plane",
                          "Scatter of cost per family against effect per family, one cloud of replicates per policy, "
                          "means marked, the efficiency frontier drawn as a line", reading) + "\n</section>")


def acceptability_section(r, colours, number):
    reading = (f"Left: for each willingness to pay per {esc(r.effect_unit)} (along), the share of replicates in which "
               "each policy has the highest net monetary benefit (willingness to pay &times; effect &minus; cost): "
               "the acceptability curves. The circled points mark the acceptability frontier, the policy with the "
               "highest expected net benefit, which is the one to choose at that amount; its curve need not be the "
               "highest. Right: the expected value of perfect information per family: what removing the uncertainty "
               "the replicates show would be worth. The dotted line is the willingness to pay decided at. The shares "
               "come from the spread across replicates (cohorts of the run's size).")
    return ('<section id="acceptability">\n<h2>How sure is the choice?</h2>\n'
            + figure_html("fig-acceptability", figure_acceptability(r, colours),
                          f"Figure {number}. Acceptability curves and the value of information",
                          "Line plots of the probability that each policy is best, and of the expected value of "
                          "perfect information, against the willingness to pay", reading)
            + "\n" + acceptability_table(r) + "\n</section>")


def survival_section(r, colours, number):
    first = figure_html(
        "fig-survival", figure_survival(r, colours), f"Figure {number}. Youths never placed, by time since intake",
        "Share of youths never placed in residential care against weeks since intake: one panel per policy, each "
        "beside the baseline",
        "One panel per policy. The solid line is the share of youths who have not (yet) been placed in residential "
        "care, counted from each youth's own intake (a Kaplan-Meier curve), averaged over replicates; the dashed line "
        f"is the same for {esc(r.baseline)}. The shaded bands are the range of 95% of replicates: what one cohort of "
        "this size could see. A line that stays higher means fewer youths are placed.")
    second = figure_html(
        "fig-survival-difference", figure_survival_difference(r, colours),
        f"Figure {number + 1}. Difference in youths never placed, against {r.baseline}",
        "The paired difference in the share never placed against weeks since intake, one panel per policy, with "
        "bands",
        f"One panel per policy: its share of youths never placed minus that of {esc(r.baseline)}, in percentage "
        "points, replicate by replicate (both met the same families and chance events), then averaged. Above 0 the "
        "policy has placed fewer youths by that week. The dark band is the 95% interval of the mean (Student t over "
        "replicates): where it lies clear of 0 the difference is distinguishable. The light band is the range of 95% "
        "of replicates: what one cohort could see.")
    return f'<section id="survival">\n<h2>Placements over time</h2>\n{first}\n{second}\n</section>'


def outcomes_section(r):
    return f"""<section id="outcomes">
<h2>What each policy achieves</h2>
{outcome_table(r)}
<h3>Against {esc(r.baseline)}</h3>
{versus_baseline_table(r)}
</section>"""


def subgroups_section(r):
    tables = "\n".join(subgroup_table(r, i, name) for i, name in enumerate(r.subgroups))
    return f"""<section id="subgroups">
<h2>Subgroups</h2>
<p>The same comparison within age bands (age at intake), tertiles of problem severity at intake (within each
replicate's cohort) and the youths at risk or with a placement indicated at intake. Subgroups are smaller than the
whole cohort, so their intervals are wider.</p>
<h3>Frontier per subgroup</h3>
{subgroup_frontier_table(r)}
<h3>Against {esc(r.baseline)}, per subgroup</h3>
{tables}
</section>"""


def render(r, with_plotly=True):
    colours = scenario_colours(r)
    numbers = iter(range(1, 100))
    sections = [
        summary_section(r),
        calculator_section(r, colours, with_plotly),
        frontier_section(r),
        plane_section(r, colours, next(numbers)),
        acceptability_section(r, colours, next(numbers)),
    ]
    budget_number = next(numbers) if "budget_impact" in r.tables else 0
    sections.append(budget_section(r, colours, budget_number))
    tornado_number = next(numbers) if "tornado" in r.tables else 0
    sections.append(tornado_section(r, tornado_number))
    survival_number = next(numbers)
    next(numbers)
    sections += [survival_section(r, colours, survival_number), outcomes_section(r), subgroups_section(r),
                 f'<section id="methods">\n<h2>Methods and the run</h2>\n{methods_note(r)}\n{run_info(r)}\n</section>']
    contents = "".join(f'<li><a href="#{key}">{esc(title)}</a></li>' for key, title in CONTENTS)
    body = "\n\n".join(sections)
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
<h1>Youth-initiated mentoring (JIM) and out-of-home placement: which policy?</h1>
<p class="subtitle">Simulated with jimsim, an agent-based model of youths aged 12-23 at risk of residential care.
{len(r.scenarios)} policies, compared with <strong>{esc(r.baseline)}</strong> as the baseline.</p>
</header>
<nav class="contents"><ol>{contents}</ol></nav>

{body}
</body>
</html>
"""


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


def main(argv=None):
    parser = argparse.ArgumentParser(
        description="Write a self-contained HTML policy report from a jimsim results file that holds a "
                    "comparison (run `jimsim compare RESULTS --baseline NAME` first).")
    parser.add_argument("results", help="results file written by `jimsim run` and `jimsim compare`")
    parser.add_argument("-o", "--output", default="report.html", help="HTML file to write (default: report.html)")
    parser.add_argument("-f", "--force", action="store_true", help="overwrite an existing output file")
    parser.add_argument("--no-plotly", action="store_true",
                        help="leave out the interactive plot (plotly.js, about 8.6 MB); the calculator still works")
    args = parser.parse_args(argv)
    try:
        results = read_results(args.results)
        # Refuse early, before the (slower) rendering, when the output would not be written anyway.
        if os.path.exists(args.output) and not args.force:
            raise ReportError(f"{args.output} exists; use --force to overwrite it", EXIT_BAD_OUTPUT)
        configure_matplotlib()
        page = render(results, with_plotly=not args.no_plotly)
        write_atomically(args.output, page, args.force)
    except ReportError as e:
        print(f"report.py: {e}", file=sys.stderr)
        return e.status
    return 0


if __name__ == "__main__":
    sys.exit(main())
