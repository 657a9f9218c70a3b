#!/usr/bin/python3
"""Checks an HTML report written by analysis/report.py against the results file it was made from.

Usage: /usr/bin/python3 tests/check_report.py RESULTS.h5 REPORT.html

Parses the page with the standard library's html.parser (tests/check_report_page.py) and checks that
- the page is self-contained: scripts only inline (no src), no stylesheet links, no external sources;
  every image is an inline PNG that decodes to a real PNG;
- the page opens with the 30-second summary (its key sentence names the stored best policy) and has
  its sections in order; a decision table the file lacks (budget_impact, tornado) is replaced by a
  sentence naming the `jimsim compare` option that produces it, never silently left out;
- the figures are there, each with alt text, a title and a plain-language caption;
- the tables are there with the rows they must have: scenarios, outcomes, against the baseline, one
  per subgroup, the frontier (cheapest first), acceptability, budget impact and tornado;
- every element with a data-value attribute (every number shown from the file) is the stored value
  of the table, row and column (or group attribute) it names, exactly (data-value is the repr of the
  stored double), and its text is that value (times data-scale) formatted with data-format; every
  stored text (verdict, note, policy name) equals the file's; data-flag columns are 1;
- the calculator's embedded data are the file's per-replicate values; its price declarations are
  the file's table /comparison/decision/prices (in order; the cost fields in their order of first
  appearance there); re-pricing its counts gives the stored cost_total of every replicate bit for
  bit; and the decision re-implemented from them
  (tests/check_report_page.py) gives the stored best policy and probability at the decision's willingness
  to pay and the stored acceptability frontier at every amount of the grid;
- the run information (program version, seed, replicates, baseline, command line) is the file's.

Exit status: 0 everything matches; 1 problems (listed on stdout) or an unreadable input.
"""
import argparse
import base64
import math
import struct
import sys

import h5py
import numpy as np
from h5_text import print_problems
from check_report_page import Stored, calculator_data, decide, parse, replicate_costs, shown

SECTIONS = ["summary", "calculator", "frontier", "plane", "acceptability", "budget", "tornado", "survival",
            "outcomes", "subgroups", "methods"]
FIGURES = ["fig-ce-plane", "fig-acceptability", "fig-budget", "fig-tornado", "fig-survival",
           "fig-survival-difference"]
OPTIONAL = {"budget_impact": ("budget", "fig-budget", "--population"), "tornado": ("tornado", "fig-tornado", "--")}
SUBGROUP_COUNT = 9
# How the page's calculator data encode the `applies` column of /comparison/decision/prices.
BASIS = {"always": "always", "when costs.staff_employed is false": "hours",
         "when costs.staff_employed is true": "employed"}


class Report:
    def __init__(self):
        self.problems = []

    def require(self, condition, message):
        if not condition:
            self.problems.append(message)
        return condition


def png_size(data):
    if len(data) < 24 or data[:8] != b"\x89PNG\r\n\x1a\n" or data[12:16] != b"IHDR":
        return None
    return struct.unpack(">II", data[16:24])


def check_self_contained(doc, r):
    for script in doc.find_all("script"):
        r.require("src" not in script.attrs, f"a <script> loads {script.attrs.get('src')}")
    for link in doc.find_all("link"):
        r.problems.append(f"the page links an external resource: <link {link.attrs}>")
    for e in doc.iter():
        for name in ("src", "href", "data", "poster"):
            value = e.attrs.get(name)
            if value is None or (name == "href" and value.startswith("#")):
                continue
            r.require(value.startswith("data:"), f"<{e.tag} {name}=...> is not inline: {value[:80]}")
    for style in doc.find_all("style"):
        r.require("url(" not in style.text() and "@import" not in style.text(), "a stylesheet loads a resource")


def check_figures(doc, r, figures):
    for image in doc.find_all("img"):
        src = image.attrs.get("src", "")
        if not r.require(src.startswith("data:image/png;base64,"), f"an image is not an inline PNG: {src[:60]}"):
            continue
        size = png_size(base64.b64decode(src.split(",", 1)[1]))
        r.require(size is not None and size[0] > 100 and size[1] > 100, f"an image is not a PNG of a plot: {size}")
    r.require(len(doc.find_all("img")) == len(figures), f"{len(doc.find_all('img'))} images, expected {len(figures)}")
    for fig_id in figures:
        found = doc.find_all("figure", id=fig_id)
        if not r.require(len(found) == 1, f"figure '{fig_id}' is missing"):
            continue
        images, captions = found[0].find_all("img"), found[0].find_all("figcaption")
        r.require(len(images) == 1 and len(images[0].attrs.get("alt", "")) > 10, f"figure '{fig_id}': no image/alt")
        if r.require(len(captions) == 1, f"figure '{fig_id}' has no caption"):
            r.require(captions[0].find_all(class_="figure-title"), f"figure '{fig_id}' has no title")
            r.require(len(captions[0].text().split()) >= 30, f"figure '{fig_id}': the caption is too short")


def check_rows(doc, r, table_id, expected, key="data-scenario", subgroup=None, numbers=True):
    tables = doc.find_all("table", id=table_id)
    if not r.require(len(tables) == 1, f"table '{table_id}' is missing"):
        return None
    rows = [tr.attrs[key] for tr in tables[0].find_all("tr") if key in tr.attrs]
    r.require(rows == expected, f"table '{table_id}' has rows {rows}, expected {expected}")
    if subgroup is not None:
        r.require(tables[0].attrs.get("data-subgroup") == subgroup, f"table '{table_id}' is not for {subgroup!r}")
    r.require(any("data-value" in e.attrs for e in tables[0].iter()) or not expected or not numbers,
              f"table '{table_id}' shows no stored number")
    return tables[0]


def check_tables(doc, r, stored):
    baseline = stored.run["baseline"]
    policies = [s for s in stored.scenarios if s != baseline]
    check_rows(doc, r, "table-scenarios", stored.scenarios, numbers=False)
    check_rows(doc, r, "table-outcomes", stored.scenarios)
    check_rows(doc, r, "table-versus-baseline", policies)
    r.require(len(stored.subgroups) == SUBGROUP_COUNT, f"{len(stored.subgroups)} subgroups, expected {SUBGROUP_COUNT}")
    for g, name in enumerate(stored.subgroups):
        check_rows(doc, r, f"table-subgroup-{g}", policies, subgroup=name)
    frontier = stored.rows("decision/frontier")
    by_rank = [row["scenario"] for row in sorted((x for x in frontier if x["subgroup"] == "all"),
                                                 key=lambda x: x["rank"])]
    check_rows(doc, r, "table-frontier", by_rank, subgroup="all")
    check_rows(doc, r, "table-frontier-subgroups", stored.scenarios, numbers=False)  # ratios only where stored
    statuses = {(row["scenario"], row["subgroup"]): row["status"] for row in frontier}
    shown = [e for e in doc.iter() if "data-status" in e.attrs]
    r.require(len(shown) == len(frontier) + len(by_rank), f"{len(shown)} frontier statuses shown, expected "
                                                           f"{len(frontier) + len(by_rank)}")
    for e in shown:
        key = (e.attrs.get("data-scenario"), e.attrs.get("data-subgroup"))
        r.require(e.attrs["data-status"] == statuses.get(key), f"frontier status of {key}: {e.attrs['data-status']}, "
                                                               f"file has {statuses.get(key)}")
    check_rows(doc, r, "table-acceptability", [e.attrs["data-wtp"] for e in doc.find_all("tr") if "data-wtp" in e.attrs],
               key="data-wtp")
    if stored.rows("decision/budget_impact"):
        for table_id, rows in (("table-budget-cost", stored.scenarios), ("table-budget-cost-difference", policies),
                               ("table-budget-placements", policies), ("table-budget-items", policies)):
            check_rows(doc, r, table_id, rows)
    if stored.rows("decision/tornado"):
        check_rows(doc, r, "table-tornado", [row["price"] for row in stored.rows("decision/tornado")], key="data-price")


def check_numbers(doc, r, stored):
    count = 0
    for e in doc.iter():
        a = e.attrs
        if "data-table" not in a or ("data-column" not in a and "data-attribute" not in a):
            continue
        value, where = stored.lookup(a)
        if not r.require(value is not None, where):
            continue
        if "data-value" in a:
            count += 1
            exact = repr(value) if isinstance(value, int) else repr(float(value))
            r.require(a["data-value"] == exact, f"{where}: data-value {a['data-value']} but the file has {exact}")
            scale = float(a["data-scale"]) if "data-scale" in a else None
            try:
                expected = shown(value, a.get("data-format", ""), scale)
            except (ValueError, TypeError):
                r.problems.append(f"{where}: bad data-format {a.get('data-format')!r}")
                continue
            r.require(e.text().strip() == expected, f"{where}: shows {e.text().strip()!r}, expected {expected!r}")
        else:
            r.require(e.words() == " ".join(str(value).split()), f"{where}: shows {e.words()!r}, file has {value!r}")
        if "data-flag" in a:
            flag, _ = stored.lookup(dict(a, **{"data-column": a["data-flag"]}))
            r.require(flag == 1, f"{where}: {a['data-flag']} is {flag!r}, expected 1")
    r.require(count > 0, "no stored numbers (data-value) in the page")
    return count


def check_summary(doc, r, stored):
    sections = [e.attrs["id"] for e in doc.find_all("section")]
    r.require(sections == SECTIONS, f"sections {sections}, expected {SECTIONS}")
    best = stored.attrs["decision"]["best_scenario"]
    key = doc.by_id("summary-key")
    if r.require(key is not None, "the summary has no key sentence (#summary-key)"):
        r.require(f"{best} is the best choice" in key.words(), f"the key sentence does not name {best}: {key.words()}")
    summary = doc.by_id("summary")
    if summary is not None:
        words = summary.words()
        for phrase in ("95% interval of the mean", "chance across", "model's structure", "Thresholds"):
            r.require(phrase in words, f"the summary does not say '{phrase}'")
        bullets = summary.find_all("li")
        r.require(3 <= len(bullets) <= 6, f"the summary has {len(bullets)} bullet points")
        r.require(len(words.split()) < 450, f"the summary has {len(words.split())} words: not 30 seconds")
    for table, (section, figure, option) in OPTIONAL.items():
        missing = doc.find_all(data_missing=section)
        if stored.rows(f"decision/{table}"):
            r.require(not missing, f"{section}: the file has {table} but the page says it is missing")
        elif r.require(len(missing) == 1, f"{section}: the file has no {table} and the page does not say so"):
            r.require("jimsim compare" in missing[0].words() and option in missing[0].words(),
                      f"{section}: the sentence does not name the jimsim compare option")


def check_calculator(doc, r, stored, results):
    data = calculator_data(doc)
    if not r.require(data is not None, "the calculator's data are missing"):
        return
    names = [p["name"] for p in data["policies"]]
    r.require(names == stored.scenarios, f"calculator policies {names}")
    declared = stored.rows("decision/prices")
    if r.require(declared, "the file has no /comparison/decision/prices"):
        expected = [{"key": row["price"], "count": row["count"], "cost": row["cost"],
                     "basis": BASIS.get(row["applies"], row["applies"])} for row in declared]
        r.require(data["prices"] == expected, f"the calculator's prices {data['prices']} are not the file's "
                                              f"/comparison/decision/prices {expected}")
        fields = list(dict.fromkeys(row["cost"] for row in declared))
        r.require(data["cost_fields"] == fields, f"the calculator's cost fields {data['cost_fields']}, the file's "
                                                 f"price table adds {fields}")
    with h5py.File(results, "r") as f:
        subgroups = [str(s) for s in f["outcomes/subgroup"].asstr()[()]]
        whole = subgroups.index("all")
        for p, policy in zip(range(len(names)), data["policies"]):
            for field, values in (("families", policy["families"]), ("cost_total", policy["cost_total"])):
                stored_values = f[f"outcomes/{field}"][p, :, whole]
                r.require(np.array_equal(np.asarray(values, dtype=float), stored_values, equal_nan=True),
                          f"calculator {policy['name']}: {field} differs from the file")
            for count, values in policy.get("counts", {}).items():
                r.require(np.array_equal(np.asarray(values, dtype=float), f[f"outcomes/{count}"][p, :, whole]),
                          f"calculator {policy['name']}: {count} differs from the file")
            if data["counts_available"]:
                r.require(replicate_costs(policy, data) == list(policy["cost_total"]),
                          f"calculator {policy['name']}: prices x counts do not give the stored cost_total")
    decision = stored.attrs["decision"]
    best, wins, n = decide(data, decision["decision_wtp"])
    r.require(best == decision["best_scenario"] and n == decision["replicates_used"]
              and math.isclose(wins[names.index(best)] / n, decision["best_probability"], rel_tol=0, abs_tol=1e-12),
              f"the calculator's decision at {decision['decision_wtp']} is {best} ({wins}), the file's "
              f"{decision['best_scenario']} ({decision['best_probability']})")
    rows = stored.rows("decision/acceptability")
    for wtp in sorted({row["wtp"] for row in rows}):
        best, wins, n = decide(data, wtp)
        at = {row["scenario"]: row for row in rows if row["wtp"] == wtp}
        expected = [s for s, row in at.items() if row["best_expected"]]
        r.require([best] == expected, f"at {wtp}: the calculator's best is {best}, the file's {expected}")
        for s, row in at.items():
            r.require(math.isclose(wins[names.index(s)] / n, row["probability_best"], rel_tol=0, abs_tol=1e-12),
                      f"at {wtp}: {s} wins {wins[names.index(s)]} of {n}, the file's share {row['probability_best']}")


def check_page(results, page):
    r = Report()
    stored = Stored(results)
    doc, problems = parse(page)
    r.problems += problems
    r.require(doc.find_all("title") and doc.find_all("title")[0].text().strip(), "the page has no <title>")
    check_self_contained(doc, r)
    figures = [f for f in FIGURES if all(f != figure or stored.rows(f"decision/{table}")
                                         for table, (_, figure, _) in OPTIONAL.items())]
    check_figures(doc, r, figures)
    for key, value in stored.run.items():
        found = doc.find_all(data_run=key)
        if r.require(len(found) == 1, f"run information '{key}' is missing"):
            r.require(found[0].words() == " ".join(value.split()), f"run information '{key}': {found[0].words()!r}, "
                                                                   f"file has {value!r}")
    check_summary(doc, r, stored)
    check_tables(doc, r, stored)
    count = check_numbers(doc, r, stored)
    check_calculator(doc, r, stored, results)
    methods = doc.by_id("methods")
    if r.require(methods is not None, "the methods note is missing"):
        note = methods.words().lower()
        for phrase in ("common random numbers", "interval of the mean", "replicate", "assumptions", "frontier",
                       "student t", "bootstrap"):
            r.require(phrase in note, f"the methods note does not mention '{phrase}'")
    return r, count, len(figures)


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
        r, count, figures = check_page(args.results, page)
    except (OSError, KeyError, ValueError, UnicodeDecodeError) as e:
        print(f"check_report.py: cannot read the inputs: {e}", file=sys.stderr)
        return 1
    if r.problems:
        print_problems(f"{args.report}: {len(r.problems)} problems:", r.problems)
        return 1
    print(f"{args.report}: matches {args.results} ({count} stored numbers, {figures} figures)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
