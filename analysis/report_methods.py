"""Methods and run information of the policy report: the run (program version, command line, seed,
replicates, scenarios), the two kinds of interval, the decision analysis and what its uncertainty
covers, and how to reproduce every number."""
import os

from report_html import esc


def amount(value):
    text = repr(float(value))
    return text[:-2] if text.endswith(".0") else text


def compare_command(r):
    """The `jimsim compare` command that writes this comparison again, from what the file records."""
    parts = [f"jimsim compare {os.path.basename(r.path)} --baseline {r.baseline}"]
    effect = r.decision.get("effect", "placements")
    if effect != "placements":
        parts.append(f"--effect {effect}")
    grid = sorted({row["wtp"] for row in r.tables["acceptability"].rows})
    steps = {round(b - a, 9) for a, b in zip(grid, grid[1:])}
    default = [150000.0 * i / 60.0 for i in range(61)] if effect == "placements" else None
    if grid != default and len(grid) > 2 and len(steps) == 1:
        parts.append(f"--wtp {amount(grid[0])}:{amount(grid[-1])}:{amount(grid[1] - grid[0])}")
    elif grid != default:
        parts.append("--wtp " + ",".join(amount(w) for w in grid))
    if float(r.decision.get("decision_wtp", 0.0)) != 0:
        parts.append(f"--decision-wtp {amount(r.decision['decision_wtp'])}")
    if "budget_impact" in r.tables:
        a = r.tables["budget_impact"].attrs
        parts.append(f"--population {amount(a.get('population', 100))} --years {int(a.get('years', 5))}")
    parts += [f"--price {c}" for c in r.price_changes]
    return " ".join(parts)


def run_info(r):
    a = r.comparison_attrs
    scenario_rows = "\n".join(
        f'<tr data-scenario="{esc(s)}"><th scope="row">{esc(s)}{" (baseline)" if s == r.baseline else ""}</th>'
        f'<td class="description">{esc(r.descriptions[s]) or "<em>no description</em>"}</td></tr>'
        for s in r.scenarios)
    changes = r.price_changes
    repriced = ("<dt>Prices changed by compare</dt><dd data-run=\"price_changes\">"
                + ", ".join(f"<code>{esc(c)}</code>" for c in changes) + "</dd>") if changes else ""
    return f"""
<dl class="run">
<dt>Results file</dt><dd><code>{esc(os.path.basename(r.path))}</code> (results format {r.format_version})</dd>
<dt>Program version</dt><dd data-run="program_version">{esc(r.program_version)}</dd>
<dt>Command line of the run</dt><dd data-run="command_line"><code>{esc(r.command_line)}</code></dd>
<dt>Seed</dt><dd data-run="seed">{r.seed}</dd>
<dt>Replicates per policy</dt><dd data-run="replicates">{r.replicates}</dd>
<dt>Baseline</dt><dd data-run="baseline">{esc(r.baseline)}</dd>
<dt>Effect decided on</dt><dd data-run="effect">{esc(r.decision.get("effect", ""))} ({esc(r.effect_unit)})</dd>
<dt>Calibration posterior</dt><dd data-run="posterior">{esc(r.posterior) if r.posterior else "none"}</dd>
{repriced}
<dt>Intervals</dt><dd>{100 * float(a.get("interval_level", 0.95)):g}%; ratios: bootstrap with
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
They never cover the model's structure. Until then, read the numbers as a comparison of policies under stated
assumptions, not as a forecast for a municipality.</p>"""


def methods_note(r):
    a = r.comparison_attrs
    level = f"{100 * float(a.get('interval_level', 0.95)):g}%"
    unit = esc(r.effect_unit)
    return f"""
<p><strong>Common random numbers and pairing.</strong> All policies in one run are simulated with common random
numbers: in replicate <em>r</em>, family <em>k</em> meets the same random draws for the same events under every
policy. A difference between two policies therefore comes from the policy, not from chance. Differences are
computed per replicate (policy replicate <em>r</em> minus baseline replicate <em>r</em>) and then averaged;
pairing removes most of the noise, which is why the intervals of differences are much narrower than the spread of
the outcomes themselves.</p>
<p><strong>Two kinds of interval.</strong> Every interval on this page says which it is. The <em>range of {level}
of replicates</em> (2.5th to 97.5th percentile over replicates) says what one cohort of this size could see: it
does not shrink with more replicates. The <em>{level} interval of the mean</em> (Student t over the N replicates)
says how precisely the simulation pins down the expected value: it shrinks with more replicates. Two policies are
"not distinguishable" on a measure when the interval of the mean paired difference contains 0. Ratios get a
<em>bootstrap</em> interval over replicates ({int(a.get("bootstrap_resamples", 0))} resamples, effect and cost of a
replicate kept together), given only where nearly every resample has a positive effect.</p>
<p><strong>The decision analysis.</strong> Policies are ordered by mean cost per family. A policy is
<em>dominated</em> when another costs no more and achieves at least as much; <em>extendedly dominated</em> when a
mix of two others would achieve as much for less. The rest form the <em>efficiency frontier</em>; along it, each
step's ratio (extra cost per {unit}) is the willingness to pay above which the more effective policy becomes the
better choice. The <em>net monetary benefit</em> of a policy is willingness to pay &times; effect &minus; cost per
family; the best policy at a willingness to pay has the highest mean net benefit (ties: the cheaper, then the
earlier in the run). The <em>acceptability curve</em> gives the share of replicates in which each policy has the
strictly highest net benefit (ties go to the earlier policy); the <em>expected value of perfect information</em>
(EVPI) is the mean over replicates of the highest net benefit minus the highest mean net benefit: what knowing
the outcome beforehand would be worth per family. Negative ratios (a policy that saves money and averts
placements) are never ranked: such a policy dominates, and the table says so.</p>
<p><strong>Budget impact</strong> multiplies each referral's resource use by year since intake by the referrals a
year (<code>jimsim compare --population</code>), referrals arriving evenly through each year, and adds up the
referrals still followed in each calendar year; undiscounted, at each policy's prices.</p>
{uncertainty_note(r)}
<p><strong>Reproducing.</strong> The numbers in the tables are the group <code>/comparison</code> of the results file,
written by <code data-run="compare_command">{esc(compare_command(r))}</code>. The results file records the seed, the
program version, the command line and every resolved parameter, so each number can be reproduced.</p>
"""
