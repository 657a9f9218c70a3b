"""The page's calculator: the willingness to pay and the prices as inputs that recompute the
decision in the browser (report_calculator.js), from the per-replicate counts of every policy
embedded as JSON; with Debian's python3-plotly, an interactive cost-effectiveness plane (plotly.js
inlined, so the page stays one offline file).

The JSON holds exact doubles (Python's repr round-trips; so does JavaScript's number parsing), so
the browser's answer at the file's willingness to pay and prices is the stored one bit for bit;
tests/browser_report.py checks that in headless Chromium."""
import json
import os

import numpy as np

from report_frontier import effect_display
from report_html import esc, number, stored_text
from report_pricing import STAFF_EMPLOYED, cost_fields, has_counts

HERE = os.path.dirname(os.path.abspath(__file__))


def plotly_js():
    """plotly.js from Debian's python3-plotly, or None when it is not installed."""
    try:
        from plotly.offline import get_plotlyjs  # noqa: PLC0415 (optional)
    except ImportError:
        return None
    return get_plotlyjs()


def as_list(values):
    return [float(v) if np.isfinite(v) else None for v in np.asarray(values, dtype=float)]


def plain(value):
    """An input's value: the exact number, without a trailing '.0' (what a user would type)."""
    text = repr(float(value))
    return text[:-2] if text.endswith(".0") else text


def price_changes(r):
    """{price key: value} that `jimsim compare --price` applied to every policy."""
    out = {}
    for change in r.price_changes:
        key, _, value = change.partition("=")
        key = key if key.startswith("costs.") else "costs." + key
        try:
            out[key] = float(value)
        except ValueError:
            continue
    return out


def calculator_data(r, colours):
    d = effect_display(r)
    specs = r.price_specs  # /comparison/decision/prices, in pricing order
    counts = all(has_counts(r.replicate_tables[s], specs) for s in r.scenarios) and \
        all(r.prices.get(s) for s in r.scenarios)
    changes = price_changes(r)
    policies = []
    for s in r.scenarios:
        t = r.replicate_tables[s]
        prices = dict(r.prices.get(s, {}))  # the point's own prices, which priced /outcomes
        entry = {"name": s, "colour": "#%02x%02x%02x" % tuple(int(round(255 * c)) for c in colours[s][:3])
                 if not isinstance(colours[s], str) else colours[s],
                 "families": as_list(t["families"]), "effect_numerator": as_list(t[d.field]),
                 "cost_total": as_list(t["cost_total"]), "prices": prices}
        if counts:
            entry["counts"] = {p.count: as_list(t[p.count]) for p in specs}
        policies.append(entry)
    return {
        "baseline_index": r.scenarios.index(r.baseline), "decision_wtp": float(r.decision["decision_wtp"]),
        "effect_sign": float(d.sign), "effect_scale": float(d.scale), "effect_label": d.label,
        "counts_available": counts, "staff_employed": STAFF_EMPLOYED, "cost_fields": cost_fields(specs),
        "price_changes": changes,  # `jimsim compare --price`: applied to every policy before the inputs
        "prices": [{"key": p.key, "count": p.count, "cost": p.cost, "basis": p.basis} for p in specs],
        "policies": policies,
    }


def price_inputs(r, data):
    if not data["counts_available"]:
        return ('<p class="note">This results file does not record the counts every cost is priced from (results '
                "format 4 does), so prices cannot be changed here.</p>")
    base = dict(data["policies"][data["baseline_index"]]["prices"], **data["price_changes"])
    employed = bool(base.get(STAFF_EMPLOYED, 0.0))
    ranges = {row["price"]: row for row in r.tables["tornado"].rows} if "tornado" in r.tables else {}
    items = []
    for p in r.price_specs:
        if p.basis != "always" and (p.basis == "employed") != employed:
            continue
        hint = ""
        if p.key in ranges:
            hint = f' <span class="interval">(plausible {ranges[p.key]["low"]:,.6g} to {ranges[p.key]["high"]:,.6g})</span>'
        items.append(f'<div><label for="input-{esc(p.key)}">{esc(p.label)} (<code>{esc(p.key)}</code>)</label> '
                     f'<input id="input-{esc(p.key)}" type="number" min="0" step="any" data-price="{esc(p.key)}" '
                     f'value="{esc(plain(base[p.key]))}">{hint}</div>')
    return ("<details><summary>Prices (euro; as the baseline's in the run; a changed price applies to every "
            'policy)</summary><div class="prices">' + "\n".join(items) + "</div></details>")


def calculator_section(r, colours, with_plotly=True):
    data = calculator_data(r, colours)
    d = effect_display(r)
    dec = r.decision
    wtp = float(dec["decision_wtp"])
    rows = "\n".join(
        f'<tr data-index="{i}" data-scenario="{esc(p["name"])}"><th scope="row">{esc(p["name"])}</th>'
        '<td class="calc-cost"></td><td class="calc-effect"></td><td class="calc-nmb"></td><td class="calc-wins"></td></tr>'
        for i, p in enumerate(data["policies"]))
    best = stored_text(dec["best_scenario"], "decision", attribute="best_scenario", tag="strong")
    probability = number(dec["best_probability"], ".0%", "decision", attribute="best_probability")
    script = open(os.path.join(HERE, "report_calculator.js"), encoding="utf-8").read()
    plotly = plotly_js() if with_plotly else None
    plot = ('<div id="calculator-plot"></div>\n<script>\n' + plotly + "\n</script>") if plotly else \
        '<p class="note">The interactive plot needs python3-plotly where the report is made.</p>'
    payload = json.dumps(data, separators=(",", ":"), allow_nan=False).replace("</", "<\\/")
    return f"""<section id="calculator">
<h2>Try your own willingness to pay and prices</h2>
<p>Change the amount a {esc(r.effect_unit)} is worth to you, or a price, and the page recomputes in your browser which
policy is best, from the {int(dec["replicates_used"])} simulated replicates of every policy, the way
<code>jimsim compare</code> does. The rest of the page stays at the file's willingness to pay
({wtp:,.0f} euro) and prices. The address can carry the inputs: add <code>#wtp=50000</code> (and
<code>&amp;costs.residential_day=300</code>) to the page's address.</p>
<form id="calculator-form" onsubmit="return false">
<div><label for="input-wtp">Willingness to pay (euro per {esc(r.effect_unit)})</label>
<input id="input-wtp" type="number" min="0" step="any" value="{esc(plain(wtp))}"></div>
{price_inputs(r, data)}
</form>
<p class="answer" id="calculator-answer">At <span id="calc-wtp">{wtp:,.0f}</span> euro per {esc(r.effect_unit)},
<span id="calc-best">{best}</span> is the best choice: the best in <span id="calc-wins">{int(round(dec["best_probability"] * dec["replicates_used"]))}</span>
of <span id="calc-n">{int(dec["replicates_used"])}</span> replicates (<span id="calc-probability">{probability}</span>).</p>
<table id="calculator-table"><thead><tr><th>Policy</th><th>Cost<br>(&euro; per family)</th>
<th>{esc(d.label[:1].upper() + d.label[1:])}</th><th>Net benefit against {esc(r.baseline)}<br>(&euro; per family)</th>
<th>Best in<br>(replicates)</th></tr></thead>
<tbody>
{rows}
</tbody></table>
{plot}
<script type="application/json" id="calculator-data">{payload}</script>
<script>
{script}
</script>
</section>"""
