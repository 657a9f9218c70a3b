"""Acceptability and the value of information (/comparison/decision/acceptability and
value_of_information): the acceptability curves with their frontier, the expected value of perfect
information, both against the willingness to pay, and a table at a few amounts."""
import matplotlib.pyplot as plt
from matplotlib.lines import Line2D
from matplotlib.ticker import MaxNLocator

from report_figures import euro_ticks, png_data_uri
from report_html import esc, estimate_block, html_table, number, stored_text, text_cell

ACCEPTABILITY = "decision/acceptability"
VOI = "decision/value_of_information"


def grid_of(r):
    return sorted({row["wtp"] for row in r.tables["acceptability"].rows})


def figure_acceptability(r, colours):
    rows = r.tables["acceptability"].rows
    voi = r.tables["value_of_information"].rows
    unit = r.effect_unit
    fig = plt.figure(figsize=(12.5, 5.6), layout="constrained")
    grid = fig.add_gridspec(2, 2, width_ratios=[1.7, 1.0], height_ratios=[5.0, 0.9])
    left, right = fig.add_subplot(grid[0, 0]), fig.add_subplot(grid[0, 1])
    legend_ax = fig.add_subplot(grid[1, :])
    legend_ax.axis("off")
    handles = []
    for s in r.scenarios:
        mine = [row for row in rows if row["scenario"] == s]
        left.plot([row["wtp"] for row in mine], [100 * row["probability_best"] for row in mine], color=colours[s],
                  linewidth=1.8)
        best = [row for row in mine if row["best_expected"]]
        left.scatter([row["wtp"] for row in best], [100 * row["probability_best"] for row in best], s=34,
                     color=colours[s], edgecolors="black", linewidths=0.8, zorder=3)
        handles.append(Line2D([], [], color=colours[s], linewidth=1.8,
                              label=f"{s}{' (baseline)' if s == r.baseline else ''}"))
    wtp = float(r.decision["decision_wtp"])
    for ax in (left, right):
        ax.axvline(wtp, color="#555555", linestyle=":", linewidth=1.4)
        ax.grid(alpha=0.3)
        ax.xaxis.set_major_formatter(plt.FuncFormatter(euro_ticks))
        ax.xaxis.set_major_locator(MaxNLocator(nbins=4 if ax is right else 8))
        ax.set_xlabel(f"willingness to pay per {unit} (euro)")
    left.set_ylim(-2, 102)
    left.set_ylabel("probability of being the best policy (%)")
    left.set_title("Acceptability curves")
    right.plot([row["wtp"] for row in voi], [row["evpi_per_family"] for row in voi], color="#444444", linewidth=2)
    right.set_ylim(bottom=0)
    right.yaxis.set_major_formatter(plt.FuncFormatter(euro_ticks))
    right.set_ylabel("EVPI (euro per family)")
    right.set_title("Expected value of perfect information")
    handles += [Line2D([], [], marker="o", color="white", markeredgecolor="black", linestyle="none", markersize=7,
                       label="acceptability frontier: the policy with the highest expected net benefit"),
                Line2D([], [], color="#555555", linestyle=":", linewidth=1.4, label="the willingness to pay decided at")]
    legend_ax.legend(handles=handles, loc="center", ncol=4, fontsize=9, frameon=False)
    fig.suptitle(f"How sure is the choice? Against the willingness to pay per {unit}", fontsize=13)
    return png_data_uri(fig)


def chosen_amounts(r):
    """A few amounts of the grid: its ends, quarters and the decision's amount when on it."""
    grid = grid_of(r)
    picks = {grid[round(i * (len(grid) - 1) / 4)] for i in range(5)}
    if float(r.decision["decision_wtp"]) in grid:
        picks.add(float(r.decision["decision_wtp"]))
    return sorted(picks)


def acceptability_table(r):
    rows = r.tables["acceptability"].rows
    evpi = {row["wtp"]: row for row in r.tables["value_of_information"].rows}
    body = []
    for wtp in chosen_amounts(r):
        best = [row for row in rows if row["wtp"] == wtp and row["best_expected"]]
        if not best:
            continue
        row = best[0]
        keys = dict(wtp=wtp, scenario=row["scenario"])
        label = number(wtp, ",.0f", ACCEPTABILITY, "wtp", **keys)
        body.append(((label, repr(float(wtp))), [
            text_cell(stored_text(row["scenario"], ACCEPTABILITY, "scenario", tag="strong", flag="best_expected",
                                  **keys)),
            number(row["probability_best"], ".0%", ACCEPTABILITY, "probability_best", css="num mean", **keys),
            estimate_block(row, "incremental_net_benefit_", ",.0f", ACCEPTABILITY, **keys),
            number(evpi[wtp]["evpi_per_family"], ",.0f", VOI, "evpi_per_family", css="num mean", wtp=wtp)
            if wtp in evpi else "",
        ]))
    headers = [f"Willingness to pay<br>(&euro; per {esc(r.effect_unit)})", "Best policy<br>(highest expected net benefit)",
               "Probability it is best<br>(share of replicates)",
               f"Its net benefit against {esc(r.baseline)}<br>(&euro; per family)",
               "Value of perfect information<br>(&euro; per family)"]
    caption = ("At a few amounts of the curves' grid. Net monetary benefit = willingness to pay &times; effect &minus; "
               f"cost, per family; against {esc(r.baseline)} it is paired by replicate: mean, beneath it the 95% "
               f"interval of the mean (Student t over {int(r.decision['replicates_used'])} replicates).")
    return html_table("table-acceptability", headers, body, caption, css="acceptability", row_key="wtp")
