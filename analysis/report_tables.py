"""The comparison tables of the policy report: what each policy achieves, its differences against
the baseline, and the same per subgroup. Every number is a stored number of /comparison
(report_html.number), so the page cannot disagree with `jimsim compare`."""
from report_html import NAN_TEXT, esc, estimate_html, html_table, is_finite, stored_number, text_cell

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
    if not (is_finite(averted) and is_finite(cost)):
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
    if not is_finite(icer):
        return text_cell(f'<span class="note">{NAN_TEXT}</span>')
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


