#!/usr/bin/python3
"""Checks an HTML report written by analysis/report.py against the results file it was made from.

Usage: /usr/bin/python3 tests/check_report.py RESULTS.h5 REPORT.html

Parses the page with the standard library's html.parser and checks that
- the page is self-contained: no scripts, no stylesheet links, no external sources; every image is
  an inline PNG (data:image/png;base64) that decodes to a real PNG;
- the four figures are there (survival curves, placements averted / cost per placement averted,
  cost-effectiveness plane, residential care over time), each with alt text, a title and a
  plain-language caption;
- the tables are there: the scenario list and the outcome table with one row per scenario (the
  points of /outcomes/point, in plan order), the table against the baseline with one row per policy,
  and one subgroup table per subgroup (all 9), each with one row per policy and the numbers it must
  show;
- every element with a data-value attribute matches the stored number of the /comparison table it
  names (a group of columns, comparison format version 2) exactly (data-value is the repr of the
  stored double), and its text is that number formatted with its data-format spec (an en dash for
  NaN); every verdict equals the stored one;
- the run information (program version, seed, replicates, baseline) is the file's.

Exit status: 0 everything matches; 1 problems (listed on stdout) or an unreadable input.
"""
import argparse
import base64
import math
import struct
import sys
from html.parser import HTMLParser

import h5py
import numpy as np
from h5_text import print_problems, text

NAN_TEXT = "\u2013"
FIGURES = ["fig-survival", "fig-averted", "fig-ce-plane", "fig-residential"]
SUBGROUP_COUNT = 9
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
# Numbers the tables must show, per row: (table, column, measure or None).
OUTCOME_CELLS = [("outcomes", "mean", m) for m in ("placed_12_months", "placed_24_months", "residential_days",
                                                   "cost_total")]
VERSUS_CELLS = [("cost_effectiveness", "placements_averted_per_100_mean", None),
                ("cost_effectiveness", "placements_averted_per_100_mean_lower", None),
                ("cost_effectiveness", "placements_averted_per_100_mean_upper", None),
                ("cost_effectiveness", "cost_difference_per_family_mean", None),
                ("differences", "mean", "residential_days")]
SUBGROUP_CELLS = [("cost_effectiveness", "placements_averted_per_100_mean", None),
                  ("cost_effectiveness", "cost_difference_per_family_mean", None)]


class Element:
    def __init__(self, tag, attrs, parent):
        self.tag, self.attrs, self.parent = tag, dict(attrs), parent
        self.children = []  # Elements and str

    def text(self):
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)

    def iter(self):
        yield self
        for c in self.children:
            if isinstance(c, Element):
                yield from c.iter()

    def find_all(self, tag=None, **attrs):
        return [e for e in self.iter() if (tag is None or e.tag == tag)
                and all(e.attrs.get(k.rstrip("_").replace("_", "-")) == v for k, v in attrs.items())]

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


def strings(dataset):
    return [str(v) for v in dataset.asstr()[()]]


def read_table(group):
    """A table (a group of one-dimensional columns along a `row` dimension scale) as a list of row
    dicts with str, int or float values; the scale itself is not a column."""
    columns = {name: (strings(d) if h5py.check_string_dtype(d.dtype) is not None else [v.item() for v in d[()]])
               for name, d in group.items() if isinstance(d, h5py.Dataset) and name != "row"}
    if len({len(v) for v in columns.values()}) > 1:
        raise ValueError(f"the columns of {group.name} differ in length")
    return [dict(zip(columns, values)) for values in zip(*columns.values())]


def read_comparison(path):
    """{(table, scenario, subgroup name, measure or None): row dict} and the run attributes."""
    stored = {}
    with h5py.File(path, "r") as f:
        c = f["comparison"]
        for table in ("outcomes", "differences", "cost_effectiveness"):
            for row in read_table(c[table]):
                stored[(table, row["scenario"], row["subgroup"], row.get("measure"))] = row
        run = {"program_version": text(f.attrs["program_version"]), "seed": str(int(f.attrs["seed"])),
               "replicates": str(int(f.attrs["replicates"])), "baseline": text(c.attrs["baseline"])}
        scenarios = strings(f["outcomes/point"])  # the points, in plan order
        subgroups = strings(f["outcomes/subgroup"])
    return stored, run, scenarios, subgroups


def png_size(data):
    """Width and height of a PNG, or None when the bytes are not a PNG."""
    if len(data) < 24 or data[:8] != b"\x89PNG\r\n\x1a\n" or data[12:16] != b"IHDR":
        return None
    return struct.unpack(">II", data[16:24])


class Report:
    def __init__(self):
        self.problems = []

    def require(self, condition, message):
        if not condition:
            self.problems.append(message)
        return condition


def check_self_contained(doc, r):
    r.require(not doc.find_all("script"), "the page has a <script>")
    for link in doc.find_all("link"):
        r.problems.append(f"the page links an external resource: <link {link.attrs}>")
    for e in doc.iter():
        for attribute in ("src", "href", "data", "poster"):
            value = e.attrs.get(attribute)
            if value is None or (attribute == "href" and value.startswith("#")):
                continue
            r.require(value.startswith("data:"), f"<{e.tag} {attribute}=...> is not inline: {value[:80]}")
    for style in doc.find_all("style"):
        r.require("url(" not in style.text() and "@import" not in style.text(), "a stylesheet loads a resource")


def check_figures(doc, r):
    images = doc.find_all("img")
    r.require(len(images) == len(FIGURES), f"{len(images)} images, expected {len(FIGURES)}")
    for image in images:
        src = image.attrs.get("src", "")
        if not r.require(src.startswith("data:image/png;base64,"), f"an image is not an inline PNG: {src[:60]}"):
            continue
        try:
            data = base64.b64decode(src.split(",", 1)[1], validate=True)
        except ValueError as e:
            r.problems.append(f"an image's base64 does not decode: {e}")
            continue
        size = png_size(data)
        r.require(size is not None and size[0] > 100 and size[1] > 100, f"an image is not a PNG of a plot: {size}")
    for fig_id in FIGURES:
        figures = doc.find_all("figure", id=fig_id)
        if not r.require(len(figures) == 1, f"figure '{fig_id}' is missing"):
            continue
        figure = figures[0]
        r.require(len(figure.find_all("img")) == 1, f"figure '{fig_id}' has no image")
        for image in figure.find_all("img"):
            r.require(len(image.attrs.get("alt", "")) > 10, f"figure '{fig_id}': the image has no alt text")
        captions = figure.find_all("figcaption")
        if not r.require(len(captions) == 1, f"figure '{fig_id}' has no caption"):
            continue
        titles = captions[0].find_all(class_="figure-title")
        r.require(len(titles) == 1 and titles[0].text().strip(), f"figure '{fig_id}' has no title")
        reading = captions[0].text()
        r.require(len(reading.split()) >= 30, f"figure '{fig_id}': the caption is too short to explain the plot")


def rows_of(table):
    return [tr for tr in table.find_all("tr") if "data-scenario" in tr.attrs]


def numbers_in(element):
    """{(table, column, measure): element} of the stored numbers inside an element."""
    return {(e.attrs["data-table"], e.attrs["data-column"], e.attrs.get("data-measure")): e
            for e in element.iter() if "data-value" in e.attrs}


def check_table(doc, r, table_id, scenarios, expected_cells, subgroup="all", verdicts=False):
    tables = doc.find_all("table", id=table_id)
    if not r.require(len(tables) == 1, f"table '{table_id}' is missing"):
        return
    table = tables[0]
    rows = rows_of(table)
    names = [tr.attrs["data-scenario"] for tr in rows]
    r.require(names == scenarios, f"table '{table_id}' has rows {names}, expected {scenarios}")
    for tr in rows:
        s = tr.attrs["data-scenario"]
        cells = numbers_in(tr)
        for table_name, column, measure in expected_cells:
            e = cells.get((table_name, column, measure))
            if r.require(e is not None, f"table '{table_id}', row {s}: no {table_name}.{column}"
                                        f"{f' ({measure})' if measure else ''}"):
                r.require(e.attrs.get("data-scenario") == s and e.attrs.get("data-subgroup") == subgroup,
                          f"table '{table_id}', row {s}: {column} is for {e.attrs.get('data-scenario')}/"
                          f"{e.attrs.get('data-subgroup')}")
        if verdicts:
            found = [e for e in tr.iter() if e.attrs.get("data-column") == "verdict"]
            r.require(len(found) == 1, f"table '{table_id}', row {s}: no verdict")


def check_numbers(doc, r, stored):
    count = 0
    for e in doc.iter():
        if "data-value" not in e.attrs:
            continue
        count += 1
        a = e.attrs
        key = (a.get("data-table"), a.get("data-scenario"), a.get("data-subgroup"), a.get("data-measure"))
        where = f"{key[0]}[{key[1]}, {key[2]}{', ' + key[3] if key[3] else ''}].{a.get('data-column')}"
        row = stored.get(key)
        if not r.require(row is not None, f"{where}: no such row in /comparison"):
            continue
        column = a.get("data-column")
        if not r.require(column in row, f"{where}: no such column"):
            continue
        value = row[column]
        exact = repr(value) if isinstance(value, int) else repr(float(value))
        r.require(a["data-value"] == exact, f"{where}: data-value {a['data-value']} but the file has {exact}")
        spec = a.get("data-format", "")
        try:
            expected = format(value, spec) if math.isfinite(value) else NAN_TEXT
        except ValueError:
            r.problems.append(f"{where}: bad data-format {spec!r}")
            continue
        shown = e.text().strip()
        r.require(shown == expected, f"{where}: shows {shown!r}, expected {expected!r} ({value!r} with {spec!r})")
    r.require(count > 0, "no stored numbers (data-value) in the page")
    for e in doc.iter():
        if e.attrs.get("data-column") != "verdict":
            continue
        row = stored.get(("cost_effectiveness", e.attrs.get("data-scenario"), e.attrs.get("data-subgroup"), None))
        if r.require(row is not None, f"verdict for {e.attrs.get('data-scenario')}/{e.attrs.get('data-subgroup')}: "
                                      "no such row"):
            r.require(e.text().strip() == row["verdict"],
                      f"verdict for {e.attrs['data-scenario']}/{e.attrs['data-subgroup']}: {e.text().strip()!r}, "
                      f"file has {row['verdict']!r}")
    return count


def check_page(results, page):
    r = Report()
    stored, run, scenarios, subgroups = read_comparison(results)
    builder = TreeBuilder()
    builder.feed(page)
    builder.close()
    r.problems += builder.problems
    doc = builder.root
    titles = doc.find_all("title")
    r.require(titles and titles[0].text().strip(), "the page has no <title>")
    r.require(doc.find_all("h1"), "the page has no heading")
    check_self_contained(doc, r)
    check_figures(doc, r)

    for key, value in run.items():
        found = doc.find_all(data_run=key)
        if r.require(len(found) == 1, f"run information '{key}' is missing"):
            r.require(found[0].text().strip() == value, f"run information '{key}': {found[0].text().strip()!r}, "
                                                       f"file has {value!r}")
    baseline = run["baseline"]
    policies = [s for s in scenarios if s != baseline]
    check_table(doc, r, "table-scenarios", scenarios, [])
    check_table(doc, r, "table-outcomes", scenarios, OUTCOME_CELLS)
    check_table(doc, r, "table-versus-baseline", policies, VERSUS_CELLS, verdicts=True)
    r.require(len(subgroups) == SUBGROUP_COUNT, f"the file has {len(subgroups)} subgroups, expected {SUBGROUP_COUNT}")
    for g, name in enumerate(subgroups):
        table_id = f"table-subgroup-{g}"
        check_table(doc, r, table_id, policies, SUBGROUP_CELLS, subgroup=name, verdicts=True)
        for table in doc.find_all("table", id=table_id):
            r.require(table.attrs.get("data-subgroup") == name,
                      f"table '{table_id}' is for subgroup {table.attrs.get('data-subgroup')!r}, expected {name!r}")
    count = check_numbers(doc, r, stored)

    methods = doc.find_all("section", id="methods")
    if r.require(len(methods) == 1, "the methods note is missing"):
        note = " ".join(methods[0].text().split()).lower()
        for phrase in ("common random numbers", "interval of the mean", "replicates", "assumptions"):
            r.require(phrase in note, f"the methods note does not mention '{phrase}'")
    return r, count


def main(argv=None):
    parser = argparse.ArgumentParser(description="Check a report.py HTML page against its results file.")
    parser.add_argument("results", help="results file with a /comparison group")
    parser.add_argument("report", help="HTML report written by analysis/report.py")
    args = parser.parse_args(argv)
    try:
        with open(args.report, encoding="utf-8") as f:
            page = f.read()
        if not h5py.is_hdf5(args.results):
            print(f"check_report.py: {args.results} is not an HDF5 file", file=sys.stderr)
            return 1
        r, count = check_page(args.results, page)
    except (OSError, KeyError, ValueError, UnicodeDecodeError) as e:
        print(f"check_report.py: cannot read the inputs: {e}", file=sys.stderr)
        return 1
    if r.problems:
        print_problems(f"{args.report}: {len(r.problems)} problems:", r.problems)
        return 1
    print(f"{args.report}: matches {args.results} ({count} stored numbers, {len(FIGURES)} figures, "
          f"{SUBGROUP_COUNT} subgroup tables)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
