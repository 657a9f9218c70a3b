"""The tornado of prices (/comparison/decision/tornado): how the net monetary benefit of the policy
examined against the baseline moves when one price at a time goes to the low or high end of its
plausible range, and whether the best policy changes."""
import matplotlib.pyplot as plt
from matplotlib.patches import Patch

from report_figures import euro_ticks, png_data_uri
from report_html import esc, figure_html, html_table, missing_section, number, stored_text, text_cell

TABLE = "decision/tornado"
LOW_COLOUR, HIGH_COLOUR, CHANGE_COLOUR = "#4c72b0", "#dd8452", "#c0392b"


def missing_tornado(path, baseline):
    return missing_section(
        "tornado", "Which prices matter",
        "This results file has no tornado of prices (<code>/comparison/decision/tornado</code>), so this section is "
        "left out. It is written by <code>jimsim compare</code> of a jimsim that re-prices the recorded counts "
        f"(the one with the option <code>--price</code>): run <code>jimsim compare {esc(path)} --baseline "
        f"{esc(baseline)} --decision-wtp AMOUNT</code> (the tornado is taken at that willingness to pay), then this "
        "report again.")


def short_price(key):
    return key[len("costs."):] if key.startswith("costs.") else key


def figure_tornado(r, table):
    rows = table.rows
    attrs = table.attrs
    fig, ax = plt.subplots(figsize=(12.5, 1.4 + 0.48 * max(1, len(rows))), layout="constrained")
    y = list(range(len(rows)))[::-1]  # widest swing on top
    for yi, row in zip(y, rows):
        ax.barh(yi, row["value_low"] - row["value_default"], left=row["value_default"], color=LOW_COLOUR, height=0.6)
        ax.barh(yi, row["value_high"] - row["value_default"], left=row["value_default"], color=HIGH_COLOUR,
                height=0.6)
    if rows:
        ax.axvline(rows[0]["value_default"], color="black", linewidth=1.2)
    ax.axvline(0, color="#888888", linewidth=0.9, linestyle="--")
    labels = [f"{short_price(row['price'])}: {row['low']:,.4g} to {row['high']:,.4g} {row['unit']}" for row in rows]
    ax.set_yticks(y, labels)
    for tick, row in zip(ax.get_yticklabels(), rows):
        if row["decision_changes"]:
            tick.set_color(CHANGE_COLOUR)
            tick.set_fontweight("bold")
    ax.xaxis.set_major_formatter(plt.FuncFormatter(euro_ticks))
    ax.set_xlabel(f"net monetary benefit of {attrs.get('scenario', '')} against {attrs.get('baseline', '')} "
                  "(euro per family)")
    ax.grid(axis="x", alpha=0.3)
    handles = [Patch(color=LOW_COLOUR, label="price at the low end of its range"),
               Patch(color=HIGH_COLOUR, label="price at the high end"),
               Patch(color="black", label="at the prices of the run"),
               Patch(color=CHANGE_COLOUR, label="price name in red: the best policy changes within its range")]
    ax.legend(handles=handles, loc="lower right", fontsize=9, framealpha=0.9)
    ax.set_title(f"Which prices matter: one price at a time over its plausible range\n"
                 f"(willingness to pay {float(attrs.get('wtp', 0)):,.0f} euro per {r.effect_unit})", fontsize=12)
    return png_data_uri(fig)


def tornado_table(r, table):
    body = []
    for row in table.rows:
        keys = dict(price=row["price"])
        best_low = stored_text(row["best_low"], TABLE, "best_low", **keys)
        best_high = stored_text(row["best_high"], TABLE, "best_high", **keys)
        changes = ('<span class="good">no</span>' if not row["decision_changes"] else
                   f'<strong style="color:{CHANGE_COLOUR}">yes</strong>')
        body.append(((esc(short_price(row["price"])), row["price"]), [
            esc(row["unit"]),
            number(row["low"], ",.6g", TABLE, "low", **keys),
            number(row["default_value"], ",.6g", TABLE, "default_value", css="num mean", **keys),
            number(row["high"], ",.6g", TABLE, "high", **keys),
            number(row["value_low"], ",.0f", TABLE, "value_low", **keys),
            number(row["value_default"], ",.0f", TABLE, "value_default", css="num mean", **keys),
            number(row["value_high"], ",.0f", TABLE, "value_high", **keys),
            text_cell(f'{changes}<br><span class="interval">low: {best_low}; high: {best_high}</span>'),
            text_cell(f'<span class="note">{esc(row["source"])}</span>'),
        ]))
    headers = ["Price", "Unit", "Low", "In the run", "High", "Net benefit, low<br>(&euro; per family)",
               "Net benefit, as run<br>(&euro; per family)", "Net benefit, high<br>(&euro; per family)",
               "Best policy changes?", "Source of the range"]
    caption = (f"Net monetary benefit per family of {esc(table.attrs.get('scenario', ''))} against "
               f"{esc(table.attrs.get('baseline', ''))} (mean over replicates; willingness to pay times effect minus "
               "cost) with each price at its low and high end, the others as run. Prices are re-applied to the "
               "counts the run recorded, so no rerun is needed; the model's behaviour does not depend on prices.")
    return html_table("table-tornado", headers, body, caption, css="tornado", row_key="price")


def tornado_section(r, figure_number):
    if "tornado" not in r.tables:
        return missing_tornado(r.path, r.baseline)
    table = r.tables["tornado"]
    a = table.attrs
    changing = [row for row in table.rows if row["decision_changes"]]
    if changing:
        verdict = ("<p><strong>The choice depends on prices:</strong> with "
                   + ", ".join(f"<code>{esc(short_price(row['price']))}</code>" for row in changing)
                   + " at an end of its range, another policy becomes the best.</p>")
    else:
        verdict = (f"<p><strong>No single price changes the choice:</strong> {esc(a.get('best', ''))} stays the best "
                   "policy with every price anywhere in its range (one price at a time).</p>")
    wtp = number(float(a.get("wtp", 0.0)), ",.0f", TABLE, attribute="wtp")
    reading = (f"Each bar shows how the net monetary benefit per family of {esc(a.get('scenario', ''))} against "
               f"{esc(a.get('baseline', ''))} (at {wtp} euro per {esc(r.effect_unit)}) moves when one price goes to "
               "the low (blue) or high (orange) end of its plausible range, the others kept as run; the black line "
               "is the value at the run's prices, the dashed line 0 (right of it the policy is worth more than it "
               "costs). The widest bars are the prices the result depends on most. A price named in red changes "
               "which policy is best somewhere in its range. These are means over replicates: the bars show "
               "sensitivity to prices, not chance.")
    figure = figure_html("fig-tornado", figure_tornado(r, table), f"Figure {figure_number}. Which prices matter",
                         "Horizontal bars per price of the net monetary benefit at the low and high end of the "
                         "price's range", reading)
    return (f'<section id="tornado">\n<h2>Which prices matter</h2>\n{verdict}\n{figure}\n{tornado_table(r, table)}\n'
            "</section>")
