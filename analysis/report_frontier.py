"""The ranking and efficiency frontier of the policy report (/comparison/decision/frontier): the
table for the whole cohort and per subgroup, and the cost-effectiveness plane of all policies.

Ratios are shown only where `jimsim compare` stored one: along the frontier, where a step's effect is
distinguishable from 0, and then they are positive. No negative ratio is ever ranked or plotted."""
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.lines import Line2D

from report_figures import BASELINE_COLOUR, euro_ticks, png_data_uri
from report_html import NAN_TEXT, esc, estimate_block, html_table, is_finite, number, stored_text, text_cell

TABLE = "decision/frontier"
ON_FRONTIER = ("reference", "frontier", "dominant")
STATUS_WORDS = {
    "reference": "on the frontier (its cheapest end)",
    "frontier": "on the frontier",
    "dominant": "dominant: best at any willingness to pay",
    "dominated": "dominated",
    "extendedly dominated": "extendedly dominated",
    "duplicate": "same as another policy",
}


class EffectDisplay:
    """How the page shows an effect per family (stored with higher = better)."""

    def __init__(self, effect, unit):
        # scale: shown = stored x scale; incremental: the same for differences (higher is better).
        known = {
            "placements": (-100, "youths placed per 100 families", 100, "placements averted per 100 families",
                           "per 100 families"),
            "residential_days": (-1, "residential days per youth", 1, "residential days avoided per youth",
                                 "per youth"),
            "placement_free_weeks": (1, "placement-free weeks per youth", 1, "placement-free weeks gained per youth",
                                     "per youth"),
        }
        default = (1, f"effect per family ({unit}s)", 1, f"{unit}s per family", "per family")
        self.scale, self.label, self.increment_scale, self.increment_label, self.per = known.get(effect, default)
        self.field, self.sign = {"placements": ("placed", -1), "residential_days": ("residential_days", -1),
                                 "placement_free_weeks": ("placement_free_weeks", 1)}.get(effect, ("placed", -1))
        self.lower_is_shown_better = self.scale < 0

    def per_replicate(self, table):
        """Effect per family of each replicate (as stored: higher is better) from raw outcomes."""
        families = table["families"]
        with np.errstate(divide="ignore", invalid="ignore"):
            return self.sign * table[self.field] / families


def effect_display(r):
    return EffectDisplay(r.decision.get("effect", "placements"), r.effect_unit)


def status_cell(row):
    words = STATUS_WORDS.get(row["status"], row["status"])
    note = stored_text(row["note"], TABLE, "note", css="note", scenario=row["scenario"], subgroup=row["subgroup"])
    return text_cell(f"{status_span(row, words)}<br>{note}")


def ratio_cell(row, unit):
    keys = dict(scenario=row["scenario"], subgroup=row["subgroup"])
    if not is_finite(row["ratio"]):
        return text_cell(f'<span class="note">{NAN_TEXT}</span>')
    value = number(row["ratio"], ",.0f", TABLE, "ratio", css="num mean", **keys)
    if is_finite(row["ratio_lower"]) and is_finite(row["ratio_upper"]):
        lo = number(row["ratio_lower"], ",.0f", TABLE, "ratio_lower", **keys)
        hi = number(row["ratio_upper"], ",.0f", TABLE, "ratio_upper", **keys)
        return f'{value}<br><span class="interval">(bootstrap {lo} to {hi})</span>'
    return f'{value}<br><span class="interval">no interval</span>'


def frontier_table(r, subgroup="all", table_id="table-frontier"):
    d = effect_display(r)
    rows = sorted(r.frontier(subgroup), key=lambda row: row["rank"])
    body = []
    for row in rows:
        keys = dict(scenario=row["scenario"], subgroup=subgroup)
        comparator = row["comparator"]
        dash = f'<span class="note">{NAN_TEXT}</span>'
        against = f'<br><span class="interval">against {esc(comparator)}</span>' if comparator else ""
        incremental = estimate_block(row, "incremental_cost_", ",.0f", TABLE, **keys) + against if comparator else dash
        incremental_effect = (estimate_block(row, "incremental_effect_", ".1f", TABLE, scale=d.increment_scale, **keys)
                              if comparator else dash)
        body.append(((f'{row["rank"]}. {esc(row["scenario"])}', row["scenario"]), [
            status_cell(row),
            estimate_block(row, "cost_per_family_", ",.0f", TABLE, **keys),
            estimate_block(row, "effect_per_family_", ".1f", TABLE, scale=d.scale, **keys),
            incremental, incremental_effect, ratio_cell(row, r.effect_unit)]))
    headers = ["Policy, by cost<br>(1 = cheapest)", "Status", "Cost<br>(&euro; per family)",
               f"{esc(d.label[:1].upper() + d.label[1:])}", "Extra cost<br>(&euro; per family)",
               f"Extra effect<br>({esc(d.increment_label)})", f"Ratio<br>(&euro; per {esc(r.effect_unit)})"]
    caption = (f"Every policy in order of mean cost per family. Mean over the {int(r.decision['replicates_used'])} "
               "replicates that define every policy; beneath it the 95% interval of the mean (Student t over those "
               "replicates). Extra cost and effect are paired differences against the policy named beneath the extra "
               "cost (for a frontier policy the previous one on the frontier, for a dominated one a policy that "
               "dominates it); "
               f"the ratio is the extra cost per {esc(r.effect_unit)}, with its bootstrap 95% interval, given only "
               "along the frontier where the extra effect is distinguishable from 0.")
    return html_table(table_id, headers, body, caption, css="frontier", subgroup=subgroup)


def threshold_sentences(r, subgroup="all"):
    """The frontier's thresholds in words: 'X becomes the better choice once ...'. HTML list items."""
    items = []
    for row in sorted(r.frontier(subgroup), key=lambda row: row["rank"]):
        keys = dict(scenario=row["scenario"], subgroup=subgroup)
        if row["status"] == "dominant":
            items.append(f"<strong>{esc(row['scenario'])}</strong> costs less and achieves more than every other "
                         "policy: it is the better choice at any willingness to pay.")
        if row["status"] != "frontier":
            continue
        if is_finite(row["ratio"]):
            ratio = number(row["ratio"], ",.0f", TABLE, "ratio", **keys)
            interval = ""
            if is_finite(row["ratio_lower"]) and is_finite(row["ratio_upper"]):
                interval = (f" (bootstrap 95% interval {number(row['ratio_lower'], ',.0f', TABLE, 'ratio_lower', **keys)}"
                            f" to {number(row['ratio_upper'], ',.0f', TABLE, 'ratio_upper', **keys)} euro)")
            items.append(f'<span class="threshold"><strong>{esc(row["scenario"])}</strong> becomes the better choice '
                         f'(over {esc(row["comparator"])}) once a {esc(r.effect_unit)} is worth more than {ratio} '
                         f'euro</span>{interval}.')
        else:
            items.append(f"<strong>{esc(row['scenario'])}</strong> achieves more than {esc(row['comparator'])} on "
                         "average, but the difference is not distinguishable from 0, so no threshold is given.")
    return items


def figure_plane(r, colours):
    """All policies on one cost-effectiveness plane: replicate clouds, means, the frontier line."""
    d = effect_display(r)
    rows = {row["scenario"]: row for row in r.frontier("all")}
    fig = plt.figure(figsize=(12.5, 6.6), layout="constrained")
    grid = fig.add_gridspec(1, 2, width_ratios=[4.2, 1.3])
    ax = fig.add_subplot(grid[0, 0])
    legend_ax = fig.add_subplot(grid[0, 1])
    legend_ax.axis("off")
    for s in r.scenarios:
        table = r.replicate_tables[s]
        with np.errstate(divide="ignore", invalid="ignore"):
            cost = table["cost_total"] / table["families"]
        ax.scatter(d.per_replicate(table) * d.scale, cost, s=13, color=colours[s], alpha=0.4, linewidths=0, zorder=1)
    frontier = sorted((row for row in rows.values() if row["status"] in ON_FRONTIER),
                      key=lambda row: row["rank"])
    ax.plot([row["effect_per_family_mean"] * d.scale for row in frontier],
            [row["cost_per_family_mean"] for row in frontier], color="black", linewidth=1.6, zorder=2)
    handles = []
    for s in r.scenarios:
        row = rows[s]
        on = row["status"] in ON_FRONTIER
        marker = "o" if on else ("X" if row["status"] == "dominated" else "s")
        ax.plot(row["effect_per_family_mean"] * d.scale, row["cost_per_family_mean"], marker=marker, markersize=10,
                color=colours[s], markeredgecolor="black", markeredgewidth=1.2, linestyle="none", zorder=3)
        label = f"{s}{' (baseline)' if s == r.baseline else ''}: {STATUS_WORDS.get(row['status'], row['status'])}"
        handles.append(Line2D([], [], marker=marker, color=colours[s], markeredgecolor="black", linestyle="none",
                              markersize=9, label=label))
    if d.lower_is_shown_better:
        ax.invert_xaxis()
    ax.grid(alpha=0.3)
    ax.yaxis.set_major_formatter(plt.FuncFormatter(euro_ticks))
    better = "fewer, to the right" if d.lower_is_shown_better else "more, to the right"
    ax.set_xlabel(f"{d.label} ({better})")
    ax.set_ylabel("cost per family (euro)")
    handles += [Line2D([], [], color="black", linewidth=1.6, label="efficiency frontier"),
                Line2D([], [], marker="o", color="#888888", alpha=0.4, linestyle="none", markersize=5,
                       label="one replicate (a cohort of the run's size)"),
                Line2D([], [], marker="o", color=BASELINE_COLOUR, linestyle="none", markersize=9,
                       label="mean: on the frontier"),
                Line2D([], [], marker="X", color=BASELINE_COLOUR, linestyle="none", markersize=9, label="mean: dominated"),
                Line2D([], [], marker="s", color=BASELINE_COLOUR, linestyle="none", markersize=9,
                       label="mean: extendedly dominated or same")]
    legend_ax.legend(handles=handles, loc="upper left", fontsize=9, frameon=False)
    fig.suptitle("Cost-effectiveness plane: every policy, whole cohort", fontsize=13)
    return png_data_uri(fig)


SHORT_STATUS = {"reference": "frontier (cheapest)", "frontier": "frontier", "dominant": "dominant",
                "dominated": "dominated", "extendedly dominated": "ext. dominated", "duplicate": "duplicate"}


def status_span(row, words):
    css = "good" if row["status"] in ON_FRONTIER else "mean"
    return (f'<span class="{css}" data-status="{esc(row["status"])}" data-scenario="{esc(row["scenario"])}" '
            f'data-subgroup="{esc(row["subgroup"])}">{esc(words)}</span>')


def subgroup_frontier_table(r):
    """One table: each policy's place on the frontier of each subgroup with families (rank by cost,
    status, and the ratio where one is stored)."""
    groups = [g for g in r.subgroups if r.frontier(g)]
    rows = {(row["scenario"], row["subgroup"]): row for row in r.tables["frontier"].rows}
    body = []
    for s in r.scenarios:
        cells = []
        for g in groups:
            row = rows.get((s, g))
            if row is None:
                cells.append("")
                continue
            cell = f'{row["rank"]}. {status_span(row, SHORT_STATUS.get(row["status"], row["status"]))}'
            if is_finite(row["ratio"]):
                ratio = number(row["ratio"], ",.0f", TABLE, "ratio", scenario=s, subgroup=g)
                cell += f'<br><span class="interval">{ratio} &euro; per {esc(r.effect_unit)}</span>'
            cells.append((cell, "status"))
        body.append((s, cells))
    empty = [g for g in r.subgroups if not r.frontier(g)]
    caption = ("Per subgroup: the policy's rank by mean cost per family (1 = cheapest), its status on that subgroup's "
               f"efficiency frontier and, along the frontier, the ratio (extra cost per {esc(r.effect_unit)} against "
               "the previous frontier policy, given where the extra effect is distinguishable from 0).")
    if empty:
        caption += " No families in this run, so no frontier: " + ", ".join(esc(g) for g in empty) + "."
    headers = ["Policy"] + [esc(g) for g in groups]
    return html_table("table-frontier-subgroups", headers, body, caption, css="frontier subgroups")
