"""Budget impact (/comparison/decision/budget_impact): what each policy costs and averts for the
user's population (referrals a year, `jimsim compare --population`), per calendar year and by cost
item, against the baseline; a figure and tables with the 95% interval of the mean."""
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from report_figures import euro_ticks, nothing_to_compare, panel_grid, png_data_uri
from report_html import esc, estimate_block, figure_html, html_table, is_finite, missing_section, number

TABLE = "decision/budget_impact"
COST_ITEMS = [("cost_professional", "professional time"), ("cost_residential", "residential care"),
              ("cost_respite", "respite with the mentor"), ("cost_parent_group", "parent groups"),
              ("cost_training", "training"), ("cost_role_meetings", "role-clarity meetings"),
              ("cost_mentor_expenses", "mentors' expenses")]
ITEM_COLOURS = ["#4c72b0", "#c44e52", "#55a868", "#8172b2", "#ccb974", "#64b5cd", "#937860"]


def missing_budget(path, baseline):
    return missing_section(
        "budget", "Budget impact",
        "This results file has no budget impact (<code>/comparison/decision/budget_impact</code>), so this section "
        "is left out. It is written by <code>jimsim compare</code> of a jimsim that has the options "
        f"<code>--population</code> and <code>--years</code>: run <code>jimsim compare {esc(path)} --baseline "
        f"{esc(baseline)} --population REFERRALS_A_YEAR --years 5</code>, then this report again.")


class Budget:
    def __init__(self, r):
        table = r.tables["budget_impact"]
        self.population = table.attrs.get("population", float("nan"))
        self.years = int(table.attrs.get("years", 0))
        self.horizon = int(table.attrs.get("horizon_years", 0))
        self.rows = {(row["scenario"], row["year"], row["item"]): row for row in table.rows}

    def row(self, scenario, year, item):
        return self.rows.get((scenario, year, item))

    def population_span(self):
        return number(self.population, ",.0f", TABLE, attribute="population", css="num mean")

    def years_span(self):
        return number(self.years, "d", TABLE, attribute="years", css="num mean")


def figure_budget(r, colours):
    """Per policy: the difference against the baseline per year, stacked by cost item, and the total."""
    b = Budget(r)
    title = f"Budget impact against {r.baseline}: difference per year, by cost item"
    if not r.policies:
        return nothing_to_compare(r, title)
    fig, axes, legend_ax, label = panel_grid(len(r.policies), 3.0, legend_height=0.6)
    years = list(range(1, b.years + 1))
    for ax, s in zip(axes, r.policies):
        up, down = np.zeros(len(years)), np.zeros(len(years))
        for (item, _), colour in zip(COST_ITEMS, ITEM_COLOURS):
            values = np.array([b.row(s, y, item)["difference_mean"] if b.row(s, y, item) else np.nan for y in years])
            values = np.nan_to_num(values)
            positive, negative = np.clip(values, 0, None), np.clip(values, None, 0)
            ax.bar(years, positive, bottom=up, color=colour, width=0.7)
            ax.bar(years, negative, bottom=down, color=colour, width=0.7)
            up, down = up + positive, down + negative
        total = [b.row(s, y, "cost_total") for y in years]
        mean = np.array([t["difference_mean"] if t else np.nan for t in total])
        low = np.array([t["difference_mean_lower"] if t else np.nan for t in total])
        high = np.array([t["difference_mean_upper"] if t else np.nan for t in total])
        ax.errorbar(years, mean, yerr=[np.nan_to_num(mean - low), np.nan_to_num(high - mean)], fmt="D", color="black",
                    markersize=6, capsize=3, zorder=3)
        ax.axhline(0, color="black", linewidth=0.9)
        ax.set_title(s, color=colours[s], fontweight="bold", fontsize=11)
        ax.grid(axis="y", alpha=0.3)
        ax.set_xticks(years)
        ax.yaxis.set_major_formatter(plt.FuncFormatter(euro_ticks))
    label("calendar year of the policy", "difference (euro a year)")
    handles = [Patch(color=c, label=name) for (_, name), c in zip(COST_ITEMS, ITEM_COLOURS)]
    handles.append(Line2D([], [], marker="D", color="black", linestyle="none",
                          label="total difference, 95% interval of the mean"))
    legend_ax.legend(handles=handles, loc="center", ncol=4, fontsize=9, frameon=False)
    fig.suptitle(title, fontsize=13)
    return png_data_uri(fig)


def year_table(r, b, table_id, item, column, spec, scale, caption, scenarios):
    years = list(range(1, b.years + 1)) + [0]
    body = []
    for s in scenarios:
        cells = []
        for y in years:
            row = b.row(s, y, item)
            cells.append(estimate_block(row, column, spec, TABLE, scale=scale, scenario=s, year=y, item=item)
                         if row else "")
        body.append((s, cells))
    headers = ["Policy"] + [f"Year {y}" for y in years[:-1]] + [f"Total, {b.years} years"]
    return html_table(table_id, headers, body, caption, css="budget")


def item_table(r, b):
    body = []
    for s in r.policies:
        cells = [estimate_block(b.row(s, 0, item), "difference_", ",.0f", TABLE, scale=0.001, scenario=s, year=0,
                                item=item)
                 if b.row(s, 0, item) else "" for item, _ in COST_ITEMS + [("cost_total", "total")]]
        body.append((s, cells))
    headers = ["Policy"] + [f"{esc(name[:1].upper() + name[1:])}" for _, name in COST_ITEMS] + ["All costs"]
    caption = (f"Difference against {esc(r.baseline)} over all {b.years} years, by cost item, for the whole "
               "population, in <strong>thousand euro</strong>: mean paired difference; beneath it the 95% interval of the mean (Student t over "
               "replicates). Negative is a saving.")
    return html_table("table-budget-items", headers, body, caption, css="budget")


def budget_section(r, colours, figure_number):
    if "budget_impact" not in r.tables:
        return missing_budget(r.path, r.baseline)
    b = Budget(r)
    interval = "mean; beneath it the 95% interval of the mean (Student t over replicates)"
    tables = "\n".join([
        year_table(r, b, "table-budget-cost", "cost_total", "value_", ",.0f", None,
                   f"All costs per calendar year for the whole population (euro): {interval}.", r.scenarios),
        year_table(r, b, "table-budget-cost-difference", "cost_total", "difference_", ",.0f", None,
                   f"Cost difference against {esc(r.baseline)} per calendar year (euro; negative is a saving): paired "
                   f"{interval}.", r.policies),
        year_table(r, b, "table-budget-placements", "placements", "difference_", ",.1f", -1.0,
                   f"Placements averted against {esc(r.baseline)} per calendar year (placements started; negative: "
                   f"more placements): paired {interval}.", r.policies),
        item_table(r, b),
    ])
    reading = (f"One panel per policy. Each bar is a calendar year after the policy starts, for a population of "
               f"{b.population_span()} referrals a year followed for up to {b.horizon} years each. The coloured parts "
               f"are the difference against {esc(r.baseline)} by cost item (above 0: the policy spends more on it; "
               "below 0: it saves), in euro a year for the whole population. The black diamond is the total "
               "difference with its 95% interval of the mean (Student t over replicates). The first years are lower "
               "because the population builds up: each year's referrals add to those still followed.")
    figure = figure_html("fig-budget", figure_budget(r, colours),
                         f"Figure {figure_number}. Budget impact per year, by cost item",
                         "Stacked bars per policy and calendar year of the cost difference against the baseline by "
                         "cost item, with the total difference marked", reading)
    intro = (f"<p>For {b.population_span()} referrals a year over {b.years_span()} years, priced at each policy's "
             "prices. A referral arriving in a year is followed for the simulated horizon; a calendar year holds "
             "the use of every referral still followed in it.</p>")
    return f'<section id="budget">\n<h2>Budget impact</h2>\n{intro}\n{figure}\n{tables}\n</section>'


def budget_summary(r, scenario):
    """(placements averted, cost difference) over all years and per year on average, as HTML, or None."""
    if "budget_impact" not in r.tables or scenario == r.baseline:
        return None
    b = Budget(r)
    placements, cost = b.row(scenario, 0, "placements"), b.row(scenario, 0, "cost_total")
    if not placements or not cost or not is_finite(cost["difference_mean"]):
        return None
    saves = cost["difference_mean"] < 0
    sign = -1.0 if saves else 1.0  # a saving is shown as a positive amount saved
    per_year = 1.0 / b.years
    keys = dict(scenario=scenario, year=0)

    def n(row, column, spec, scale, item, css="num"):
        return number(row[column], spec, TABLE, column, css=css, scale=scale, item=item, **keys)

    lower, upper = ("difference_mean_upper", "difference_mean_lower") if saves else \
        ("difference_mean_lower", "difference_mean_upper")
    return {
        "averted_total": n(placements, "difference_mean", ",.1f", -1.0, "placements", "num mean"),
        "averted_year": n(placements, "difference_mean", ",.1f", -per_year, "placements", "num mean"),
        "cost_total": n(cost, "difference_mean", ",.0f", sign, "cost_total", "num mean"),
        "cost_year": n(cost, "difference_mean", ",.0f", sign * per_year, "cost_total", "num mean"),
        "cost_lower": n(cost, lower, ",.0f", sign, "cost_total"),
        "cost_upper": n(cost, upper, ",.0f", sign, "cost_total"),
        "saves": saves,
        "population": b.population_span(),
        "years": b.years_span(),
    }
