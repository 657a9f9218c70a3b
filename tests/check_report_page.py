"""Helpers shared by tests/check_report.py and tests/browser_report.py: a small DOM of an HTML page,
the stored values of a results file that the report's data attributes point at, and an
independent re-implementation of the decision the report's calculator recomputes in the browser
(best policy and its probability, as analysis/decision_analysis.cpp does)."""
import json
import math
from html.parser import HTMLParser

import h5py
import numpy as np
from h5_text import text

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
# The columns that find a row in each table, as data-<column> attributes of a stored number.
KEYS = ("scenario", "subgroup", "measure", "wtp", "year", "item", "price")


class Element:
    def __init__(self, tag, attrs, parent):
        self.tag, self.attrs, self.parent = tag, dict(attrs), parent
        self.children = []  # Elements and str

    def text(self):
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)

    def words(self):
        return " ".join(self.text().split())

    def iter(self):
        yield self
        for c in self.children:
            if isinstance(c, Element):
                yield from c.iter()

    def find_all(self, tag=None, **attrs):
        return [e for e in self.iter() if (tag is None or e.tag == tag)
                and all(e.attrs.get(k.rstrip("_").replace("_", "-")) == v for k, v in attrs.items())]

    def by_id(self, element_id):
        found = [e for e in self.iter() if e.attrs.get("id") == element_id]
        return found[0] if found else None

    def ancestors(self):
        e = self.parent
        while e is not None:
            yield e
            e = e.parent


class TreeBuilder(HTMLParser):
    """A small DOM: enough for a page we write ourselves (well nested, void elements unclosed)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Element("#document", [], None)
        self.current = self.root
        self.problems = []

    def handle_starttag(self, tag, attrs):
        element = Element(tag, attrs, self.current)
        self.current.children.append(element)
        if tag not in VOID:
            self.current = element

    def handle_startendtag(self, tag, attrs):
        self.current.children.append(Element(tag, attrs, self.current))

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if self.current.tag != tag:
            self.problems.append(f"HTML: </{tag}> closes <{self.current.tag}>")
            for e in [self.current, *self.current.ancestors()]:
                if e.tag == tag:
                    self.current = e.parent
                    return
            return
        self.current = self.current.parent

    def handle_data(self, data):
        self.current.children.append(data)


def parse(page):
    builder = TreeBuilder()
    builder.feed(page)
    builder.close()
    return builder.root, builder.problems


def column(dataset):
    if h5py.check_string_dtype(dataset.dtype) is not None:
        return [str(v) for v in dataset.asstr()[()]]
    return [v.item() for v in dataset[()]]


def read_table(group):
    columns = {name: column(d) for name, d in group.items() if isinstance(d, h5py.Dataset) and name != "row"}
    if len({len(v) for v in columns.values()}) > 1:
        raise ValueError(f"the columns of {group.name} differ in length")
    return [dict(zip(columns, values)) for values in zip(*columns.values())]


def attribute(value):
    if isinstance(value, (str, bytes)):
        return text(value)
    if np.ndim(value) == 0:
        value = np.asarray(value)[()]
        return int(value) if np.issubdtype(type(value), np.integer) else float(value)
    return [attribute(v) for v in value]


def key_of(row, names):
    return tuple(repr(float(row[k])) if isinstance(row[k], float) else str(row[k]) for k in names)


class Stored:
    """The values a page may show: every table under /comparison (by key columns), the attributes
    of their groups, and /parameters (a table keyed by scenario)."""

    def __init__(self, path):
        self.tables, self.keys, self.attrs = {}, {}, {}
        with h5py.File(path, "r") as f:
            c = f["comparison"]
            self.attrs["comparison"] = {k: attribute(v) for k, v in c.attrs.items()}

            def visit(name, obj):
                if isinstance(obj, h5py.Group):
                    self.attrs[name] = {k: attribute(v) for k, v in obj.attrs.items()}
                    if "row" in obj:
                        self.add(name, read_table(obj))
            c.visititems(visit)
            parameters = f["parameters"]
            names = column(parameters["point"])
            rows = [{"scenario": n} for n in names]
            for k, d in parameters.items():
                if isinstance(d, h5py.Dataset) and k != "point":
                    for row, v in zip(rows, column(d)):
                        row[k] = v
            self.add("/parameters", rows)
            self.run = {"program_version": text(f.attrs["program_version"]), "seed": str(int(f.attrs["seed"])),
                        "replicates": str(int(f.attrs["replicates"])), "baseline": text(c.attrs["baseline"]),
                        "command_line": text(f.attrs.get("command_line", ""))}
            self.scenarios = column(f["outcomes/point"])
            self.subgroups = column(f["outcomes/subgroup"])

    def add(self, name, rows):
        names = [k for k in KEYS if rows and k in rows[0]]
        self.keys[name] = names
        self.tables[name] = {key_of(row, names): row for row in rows}

    def rows(self, name):
        return list(self.tables.get(name, {}).values())

    def lookup(self, attrs):
        """(value, where) of the stored number an element's data attributes name, or (None, problem)."""
        table = attrs.get("data-table")
        where = f"{table}{[attrs.get('data-' + k) for k in KEYS if 'data-' + k in attrs]}"
        if "data-attribute" in attrs:
            group = self.attrs.get(table)
            if group is None or attrs["data-attribute"] not in group:
                return None, f"{where}: no attribute {attrs['data-attribute']}"
            return group[attrs["data-attribute"]], f"{where}@{attrs['data-attribute']}"
        if table not in self.tables:
            return None, f"{where}: no such table"
        names = self.keys[table]
        key = tuple(attrs.get(f"data-{k}") for k in names)
        row = self.tables[table].get(key)
        if row is None:
            return None, f"{where}: no such row (key {dict(zip(names, key))})"
        col = attrs.get("data-column")
        if col not in row:
            return None, f"{where}: no column {col}"
        return row[col], f"{where}.{col}"


def shown(value, spec, scale):
    """The text report_html shows for a stored value."""
    if not (isinstance(value, (int, float)) and math.isfinite(value)):
        return "\u2013"
    return format(value * scale if scale is not None else value, spec)


def calculator_data(doc):
    e = doc.by_id("calculator-data")
    return json.loads(e.text()) if e is not None else None


def replicate_costs(policy, data, overrides=None):
    """cost_total per replicate from the embedded counts and prices, in sim/pricing.cpp's order."""
    prices = dict(policy["prices"], **(overrides or {}))
    employed = bool(prices.get(data["staff_employed"], 0.0))
    totals = []
    for r in range(len(policy["families"])):
        costs = {c: 0.0 for c in data["cost_fields"]}
        for p in data["prices"]:
            if p["basis"] == "always" or (p["basis"] == "employed") == employed:
                costs[p["cost"]] = costs[p["cost"]] + policy["counts"][p["count"]][r] * prices[p["key"]]
        total = 0.0
        for c in data["cost_fields"]:
            total = total + costs[c]
        totals.append(total)
    return totals


def decide(data, wtp, overrides=None):
    """(best policy, wins of each policy, replicates used): analysis/decision_analysis.cpp's rules on
    the embedded per-replicate data, in plain Python (sequential sums, like std::accumulate)."""
    policies = data["policies"]
    overrides = dict(data.get("price_changes", {}), **(overrides or {}))  # compare --price, then the inputs
    cost, effect = [], []
    for p in policies:
        totals = replicate_costs(p, data, overrides) if data["counts_available"] else p["cost_total"]
        fam = p["families"]
        cost.append([t / n if n and n > 0 else math.nan for t, n in zip(totals, fam)])
        effect.append([data["effect_sign"] * (e / n) if n and n > 0 else math.nan
                       for e, n in zip(p["effect_numerator"], fam)])
    used = [r for r in range(len(policies[0]["families"]))
            if all(math.isfinite(cost[s][r]) and math.isfinite(effect[s][r]) for s in range(len(policies)))]

    def mean(values):
        total = 0.0
        for v in values:
            total += v
        return total / len(values)

    means = [(mean([cost[s][r] for r in used]), mean([effect[s][r] for r in used])) for s in range(len(policies))]
    order = sorted(range(len(policies)), key=lambda s: (means[s][0], -means[s][1], s))
    best, best_value = -1, 0.0
    for s in order:
        value = wtp * means[s][1] - means[s][0]
        if best < 0 or value > best_value:
            best, best_value = s, value
    wins = [0] * len(policies)
    for r in used:
        b = 0
        for s in range(1, len(policies)):
            if wtp * effect[s][r] - cost[s][r] > wtp * effect[b][r] - cost[b][r]:
                b = s
        wins[b] += 1
    return policies[best]["name"], wins, len(used)
