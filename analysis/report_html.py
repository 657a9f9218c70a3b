"""HTML building blocks of the policy report: stored numbers a test can trace to the file, tables,
figures and the page's style.

A number taken from the file is a <span> with
- data-table: the table under /comparison ("outcomes", "decision/frontier", ...), "decision" for the
  attributes of /comparison/decision, or "/parameters" for a point's parameter;
- the key columns that find its row: data-scenario, data-subgroup, data-measure, data-wtp, data-year,
  data-item, data-price (each as stored; numbers as their Python repr);
- data-column (a column of that row) or data-attribute (an attribute of the table's group);
- data-value: the exact stored value (Python repr round-trips a double);
- data-format: the Python format spec of the text shown, and data-scale when the text shows the value
  times a constant (e.g. -100: minus placements per family shown as placements averted per 100 families).
A text taken from the file (a verdict, a note, a policy's name) has the same attributes without
data-value and data-format; its text is the stored text, and data-flag names a column that must be 1
in its row (e.g. best_expected). tests/check_report.py reads every such element back from the file.
"""
import html
import math

NAN_TEXT = "\u2013"  # en dash: how a stored NaN (undefined value) is displayed
KEY_ORDER = ("scenario", "subgroup", "measure", "wtp", "year", "item", "price")


def esc(s):
    return html.escape(str(s), quote=True)


def is_finite(v):
    return isinstance(v, (int, float)) and math.isfinite(v)


def exact(value):
    return repr(int(value)) if isinstance(value, int) else repr(float(value))


def shown_text(value, spec, scale=None):
    if not is_finite(value):
        return NAN_TEXT
    return format(value * scale if scale is not None else value, spec)


def number(value, spec, table, column=None, attribute=None, css="num", scale=None, **keys):
    """One stored number (a column of a row, or an attribute of a table's group) as a <span>."""
    attributes = [("data-table", table)]
    for k in KEY_ORDER:
        if k in keys:
            v = keys[k]
            attributes.append((f"data-{k}", v if isinstance(v, str) else exact(v)))
    attributes.append(("data-attribute", attribute) if attribute is not None else ("data-column", column))
    attributes += [("data-value", exact(value)), ("data-format", spec)]
    if scale is not None:
        attributes.append(("data-scale", exact(float(scale))))
    attrs = " ".join(f'{k}="{esc(v)}"' for k, v in attributes)
    return f'<span class="{css}" {attrs}>{esc(shown_text(value, spec, scale))}</span>'


def stored_text(value, table, column=None, attribute=None, css="", tag="span", flag=None, **keys):
    """A stored text (a column of a row, or an attribute of a table's group) as an element the test
    compares with the file; with flag, the test also requires that row's column `flag` to be 1."""
    attributes = [("data-table", table)]
    attributes += [(f"data-{k}", keys[k] if isinstance(keys[k], str) else exact(keys[k])) for k in KEY_ORDER if k in keys]
    attributes.append(("data-attribute", attribute) if attribute is not None else ("data-column", column))
    if flag is not None:
        attributes.append(("data-flag", flag))
    attrs = " ".join(f'{k}="{esc(v)}"' for k, v in attributes)
    cls = f' class="{css}"' if css else ""
    return f"<{tag}{cls} {attrs}>{esc(value)}</{tag}>"


def stored_number(value, spec, table, scenario, subgroup, column, measure=None, css="num"):
    """A number of the comparison tables keyed by scenario, subgroup (and measure)."""
    keys = {"scenario": scenario, "subgroup": subgroup}
    if measure is not None:
        keys["measure"] = measure
    return number(value, spec, table, column, css=css, **keys)


def estimate_spans(row, prefix, spec, table, kind="mean", scale=None, **keys):
    """(mean, lower, upper) spans of an estimate's columns; with a negative scale the interval's ends
    swap so lower stays lower."""
    lower, upper = ("range_lower", "range_upper") if kind == "range" else ("mean_lower", "mean_upper")
    if scale is not None and scale < 0:
        lower, upper = upper, lower

    def n(col, css="num"):
        return number(row[prefix + col], spec, table, prefix + col, css=css, scale=scale, **keys)

    return n("mean", "num mean"), n(lower), n(upper), (is_finite(row[prefix + lower]) and is_finite(row[prefix + upper]))


def estimate_block(row, prefix, spec, table, kind="mean", scale=None, **keys):
    """Mean on the first line, the interval beneath it."""
    mean, lo, hi, defined = estimate_spans(row, prefix, spec, table, kind, scale, **keys)
    if not is_finite(row[prefix + "mean"]):
        return mean
    if not defined:
        return f'{mean}<br><span class="interval">no interval</span>'
    return f'{mean}<br><span class="interval">({lo} to {hi})</span>'


def estimate_html(row, table, scenario, subgroup, spec, kind, prefix="", measure=None):
    """The comparison tables' estimate cell (keyed by scenario, subgroup and measure)."""
    keys = {"scenario": scenario, "subgroup": subgroup}
    if measure is not None:
        keys["measure"] = measure
    return estimate_block(row, prefix, spec, table, kind, **keys)


def text_cell(content):
    """A cell of words rather than a number: left-aligned and wrapped (see html_table)."""
    return (content, "text")


def html_table(table_id, headers, rows, caption=None, css="", subgroup=None, row_key="scenario"):
    """rows: (key, cells) pairs; a cell is HTML (a number: right-aligned, not wrapped) or a
    text_cell. Each <tr> carries data-<row_key> (data-scenario by default), and a subgroup table
    data-subgroup, so a test can find them."""
    extra = f' data-subgroup="{esc(subgroup)}"' if subgroup is not None else ""
    out = [f'<table id="{esc(table_id)}" class="{css}"{extra}>']
    if caption:
        out.append(f"<caption>{caption}</caption>")
    out.append("<thead><tr>" + "".join(f"<th>{h}</th>" for h in headers) + "</tr></thead><tbody>")
    for key, cells in rows:
        label, value = key if isinstance(key, tuple) else (esc(key), key)
        out.append(f'<tr data-{row_key}="{esc(value)}"><th scope="row">{label}</th>'
                   + "".join(f'<td class="{c[1]}">{c[0]}</td>' if isinstance(c, tuple) else f"<td>{c}</td>"
                             for c in cells) + "</tr>")
    out.append("</tbody></table>")
    return "\n".join(out)


def figure_html(fig_id, uri, title, alt, reading):
    return (f'<figure id="{esc(fig_id)}">\n<img src="{uri}" alt="{esc(alt)}">\n'
            f'<figcaption><strong class="figure-title">{esc(title)}</strong> {reading}</figcaption>\n</figure>')


def missing_section(section_id, title, sentence):
    """A section the file cannot fill: its heading and a sentence saying how to get it."""
    return (f'<section id="{esc(section_id)}">\n<h2>{esc(title)}</h2>\n'
            f'<p class="missing" data-missing="{esc(section_id)}">{sentence}</p>\n</section>')


STYLE = """
body { font-family: "DejaVu Sans", Arial, Helvetica, sans-serif; color: #222; max-width: 1250px;
       margin: 1.5em auto; padding: 0 1em; line-height: 1.45; font-size: 15px; }
h1 { font-size: 1.7em; margin-bottom: 0.2em; }
h2 { border-bottom: 2px solid #ddd; padding-bottom: 0.2em; margin-top: 2em; }
h3 { margin-bottom: 0.3em; margin-top: 1.4em; }
.subtitle { color: #555; margin-top: 0; }
.warning { background: #fff6e0; border-left: 4px solid #e0a000; padding: 0.5em 0.9em; }
.missing { background: #f3f3f3; border-left: 4px solid #999; padding: 0.5em 0.9em; }
#summary { background: #eef5fb; border: 1px solid #c5dcef; border-radius: 6px; padding: 0.3em 1.2em 0.8em 1.2em; }
#summary h2 { border-bottom: none; margin-top: 0.6em; }
#summary p.lead { font-size: 1.12em; }
#summary ul li { margin-bottom: 0.45em; }
table { border-collapse: collapse; margin: 0.5em 0 1em 0; font-size: 13.5px; }
caption { caption-side: top; text-align: left; color: #444; padding-bottom: 0.4em; max-width: 1200px; }
th, td { border-bottom: 1px solid #ddd; padding: 0.35em 0.6em; vertical-align: top; }
thead th { background: #f2f2f2; text-align: center; font-weight: 600; border-bottom: 2px solid #bbb; }
tbody th { text-align: left; font-weight: 600; white-space: nowrap; }
td { text-align: right; white-space: nowrap; }
td.text { text-align: left; white-space: normal; min-width: 14em; max-width: 24em; }
td.status { text-align: left; white-space: normal; min-width: 6.5em; }
tr.best th, tr.best td { background: #eaf6ec; }
tr.changes th, tr.changes td { background: #fdeeee; }
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
table.scenarios td { text-align: left; white-space: normal; }
nav.contents ol { columns: 2; max-width: 900px; }
#calculator { border: 1px solid #ccc; border-radius: 6px; padding: 0.3em 1.2em 1em 1.2em; background: #fafafa; }
#calculator h2 { margin-top: 0.6em; }
#calculator label { display: inline-block; min-width: 19em; }
#calculator input { width: 9em; font-size: 1em; padding: 0.15em 0.3em; }
#calculator .prices { columns: 2; max-width: 1100px; }
#calculator .prices div { margin-bottom: 0.25em; break-inside: avoid; }
#calculator .answer { font-size: 1.1em; background: #eef5fb; padding: 0.4em 0.8em; border-left: 4px solid #1f77b4; }
#calculator-plot { width: 100%; max-width: 1150px; height: 470px; }
"""
