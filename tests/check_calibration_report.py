#!/usr/bin/python3
"""Checks analysis/calibration_report.py on a posterior file written by `jimsim calibrate`.

Usage: /usr/bin/python3 tests/check_calibration_report.py POSTERIOR.h5 [calibration_report.py]

In a temporary directory it runs the report and checks that
- it exits 0 and writes one file, the page, and nothing else (no leftover temporary file);
- the opening summary names every free parameter of /posterior/parameter, each with its
  "narrowed it to N% of the prior's width" line;
- the three figure sections (prior against posterior, generations, predictive check) are there, each
  with an inline <svg> and a caption; the /posterior, /predictive_check and correlation tables are there,
  with one row per parameter or statistic;
- the page is self-contained: no <script>, <link>, <iframe> or <object>, and no attribute or CSS that
  refers to an http:// or https:// resource (the SVG namespace declarations, xmlns, are names, not
  resources);
- a second run without --force fails with a message on stderr and leaves the page byte for byte as it
  was, and no partial file beside it;
- a missing file, a text file and an HDF5 file that is not a jimsim posterior each fail with a message
  naming the problem, and write no page.

Exit status: 0 everything holds; 1 problems (listed on stdout).
"""
import os
import re
import subprocess
import sys
import tempfile
from html.parser import HTMLParser

import h5py

HERE = os.path.dirname(os.path.abspath(__file__))
FIGURES = ["fig-prior-posterior", "fig-generations", "fig-predictive-check"]
TABLES = ["table-posterior", "table-predictive-check", "table-correlation"]
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
REMOTE = re.compile(r"https?://", re.I)


class Page(HTMLParser):
    """Collects, per section id, its text and the tags inside it; per table id, its body rows; and
    every attribute that names a remote resource."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.open = []            # stack of (tag, section id or None, table id or None)
        self.sections = {}        # id -> {"text": str, "tags": set}
        self.table_rows = {}      # id -> number of <tr> in <tbody>
        self.forbidden = []
        self.remote = []
        self.styles = ""

    def where(self, index):
        return next((entry[index] for entry in reversed(self.open) if entry[index]), None)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("script", "link", "iframe", "object", "embed", "base"):
            self.forbidden.append(tag)
        for name, value in attrs.items():
            if value and REMOTE.search(value) and not name.startswith("xmlns"):
                self.remote.append(f"<{tag} {name}={value!r}>")
        section = attrs.get("id") if tag == "section" else None
        table = attrs.get("id") if tag == "table" else None
        if section:
            self.sections[section] = {"text": "", "tags": set()}
        if table:
            self.table_rows[table] = 0
        current = self.where(1)
        if current:
            self.sections[current]["tags"].add(tag)
        if tag == "tr" and any(entry[0] == "tbody" for entry in self.open) and self.where(2):
            self.table_rows[self.where(2)] += 1
        if tag not in VOID:
            self.open.append((tag, section, table))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag):
        for i in range(len(self.open) - 1, -1, -1):
            if self.open[i][0] == tag:
                del self.open[i:]
                break

    def handle_data(self, data):
        if self.open and self.open[-1][0] == "style":
            self.styles += data
        current = self.where(1)
        if current:
            self.sections[current]["text"] += data


def run(script, *args):
    return subprocess.run([sys.executable, script, *args], capture_output=True, text=True)


def check_refusal(problems, what, result, pattern, page=None):
    if result.returncode == 0:
        problems.append(f"{what}: exit status 0, expected a failure")
    if not re.search(pattern, result.stderr, re.I):
        problems.append(f"{what}: stderr {result.stderr.strip()!r} does not match {pattern!r}")
    if page and os.path.exists(page):
        problems.append(f"{what}: wrote {page}")


def main():
    if len(sys.argv) not in (2, 3):
        sys.exit(__doc__)
    posterior = os.path.abspath(sys.argv[1])
    script = sys.argv[2] if len(sys.argv) == 3 else os.path.join(HERE, "..", "analysis", "calibration_report.py")
    with h5py.File(posterior, "r") as f:
        keys = [str(k) for k in f["posterior/parameter"].asstr()[()]]
        statistics = len(f["predictive_check/statistic"])
    problems = []
    with tempfile.TemporaryDirectory() as folder:
        page = os.path.join(folder, "calibration.html")
        first = run(script, posterior, "-o", page)
        if first.returncode != 0:
            print(f"FAILED: the report exited {first.returncode}: {first.stderr.strip()}")
            return 1
        if os.listdir(folder) != ["calibration.html"]:
            problems.append(f"the report left {sorted(os.listdir(folder))}, expected only calibration.html")
        with open(page, "rb") as f:
            content = f.read()
        parser = Page()
        parser.feed(content.decode("utf-8"))

        summary = parser.sections.get("summary", {}).get("text", "")
        if not summary:
            problems.append("no opening summary (section id=summary)")
        for key in keys:
            if key not in summary:
                problems.append(f"the summary does not name the parameter {key}")
        if summary.count("of the prior's width") != len(keys):
            problems.append(f"the summary has {summary.count('of the prior' + chr(39) + 's width')} "
                            f"'narrowed it to' lines, expected {len(keys)}")
        if "predictive interval" not in summary:
            problems.append("the summary does not report the posterior predictive check")
        for figure in FIGURES:
            section = parser.sections.get(figure)
            if section is None:
                problems.append(f"no figure section {figure}")
            elif not {"svg", "figcaption"} <= section["tags"]:
                problems.append(f"figure section {figure} lacks an inline <svg> or a <figcaption>")
        expected_rows = {"table-posterior": len(keys), "table-predictive-check": statistics,
                         "table-correlation": len(keys)}
        for table in TABLES:
            if table not in parser.table_rows:
                problems.append(f"no table {table}")
            elif parser.table_rows[table] != expected_rows[table]:
                problems.append(f"table {table} has {parser.table_rows[table]} rows, expected {expected_rows[table]}")
        if parser.forbidden:
            problems.append(f"the page has external-loading elements: {sorted(set(parser.forbidden))}")
        if parser.remote:
            problems.append(f"the page refers to remote resources: {parser.remote[:3]}")
        if re.search(r"url\(\s*['\"]?https?:|@import", parser.styles, re.I):
            problems.append("the page's CSS loads a remote resource")

        again = run(script, posterior, "-o", page)
        check_refusal(problems, "a second run without --force", again, r"exists.*--force")
        with open(page, "rb") as f:
            if f.read() != content:
                problems.append("a second run without --force changed the page")
        if os.listdir(folder) != ["calibration.html"]:
            problems.append(f"after the refused run the folder holds {sorted(os.listdir(folder))}")

        missing = os.path.join(folder, "no-such-posterior.h5")
        check_refusal(problems, "a missing file", run(script, missing, "-o", os.path.join(folder, "m.html")),
                      r"no such file", os.path.join(folder, "m.html"))
        text_file = os.path.join(folder, "text.h5")
        with open(text_file, "w") as f:
            f.write("a text file, not HDF5\n")
        check_refusal(problems, "a text file", run(script, text_file, "-o", os.path.join(folder, "t.html")),
                      r"not an HDF5 file", os.path.join(folder, "t.html"))
        plain = os.path.join(folder, "plain.h5")
        with h5py.File(plain, "w") as f:
            f.attrs["format"] = "jimsim-results"
            f.create_dataset("numbers", data=[1.0, 2.0])
        check_refusal(problems, "an HDF5 file that is not a posterior",
                      run(script, plain, "-o", os.path.join(folder, "p.html")),
                      r"not a jimsim posterior", os.path.join(folder, "p.html"))
    for problem in problems:
        print("FAILED:", problem)
    if not problems:
        print(f"calibration report of {posterior}: {len(keys)} parameters, {statistics} statistics: all checks passed")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
