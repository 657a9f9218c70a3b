#!/usr/bin/python3
"""The report of a results file whose comparison lacks the optional decision tables (budget_impact
and tornado, as a `jimsim compare` older than them writes): the page is still written, and says for
each missing section which `jimsim compare` option produces it (tests/check_report.py checks the
sentences and everything else on the page).

Usage: /usr/bin/python3 tests/check_report_missing_tables.py RESULTS.h5 REPORT_SCRIPT WORKDIR

Copies RESULTS.h5 into WORKDIR, deletes /comparison/decision/budget_impact and .../tornado from the
copy, writes its report with REPORT_SCRIPT and checks it. A second copy without
/comparison/decision/prices (the price declarations, which an older compare did not write) must be
refused: exit 3 and one line on stderr naming the file and saying to run jimsim compare again.
Exit status: 0 passed; 1 problems.
"""
import argparse
import os
import shutil
import subprocess
import sys

import h5py
from check_report import check_page
from h5_text import print_problems
from check_report_page import parse

REMOVED = ("budget_impact", "tornado")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("results")
    parser.add_argument("report_script")
    parser.add_argument("workdir")
    args = parser.parse_args(argv)
    os.makedirs(args.workdir, exist_ok=True)
    copy = os.path.join(args.workdir, "without-budget-and-tornado.h5")
    page_path = os.path.join(args.workdir, "without-budget-and-tornado.html")
    shutil.copyfile(args.results, copy)
    with h5py.File(copy, "r+") as f:
        for name in REMOVED:
            if f"comparison/decision/{name}" in f:
                del f[f"comparison/decision/{name}"]
    p = subprocess.run([sys.executable, args.report_script, copy, "-o", page_path, "--force", "--no-plotly"],
                       capture_output=True, text=True)
    if p.returncode != 0:
        print(f"report.py failed (exit {p.returncode}): {p.stderr}")
        return 1
    with open(page_path, encoding="utf-8") as f:
        page = f.read()
    r, count, figures = check_page(copy, page)
    no_prices = os.path.join(args.workdir, "without-prices.h5")
    shutil.copyfile(args.results, no_prices)
    with h5py.File(no_prices, "r+") as f:
        del f["comparison/decision/prices"]
    p = subprocess.run([sys.executable, args.report_script, no_prices, "-o", os.path.join(args.workdir, "x.html"),
                        "--force", "--no-plotly"], capture_output=True, text=True)
    r.require(p.returncode == 3 and p.stderr.count("\n") == 1 and no_prices in p.stderr
              and "/comparison/decision has no table 'prices'" in p.stderr and "jimsim compare" in p.stderr
              and "again" in p.stderr,
              f"a file without /comparison/decision/prices: exit {p.returncode}, stderr {p.stderr!r}; expected exit 3 "
              "and one line naming the file and saying to run jimsim compare again")
    doc, _ = parse(page)
    for section in ("budget", "tornado"):
        missing = doc.find_all(data_missing=section)
        r.require(len(missing) == 1, f"no sentence for the missing section {section}")
        r.require(not doc.find_all("figure", id=f"fig-{section}"), f"a figure for the missing section {section}")
    if r.problems:
        print_problems(f"{page_path}: {len(r.problems)} problems:", r.problems)
        return 1
    print(f"{page_path}: without {', '.join(REMOVED)} the page says how to get them; {count} stored numbers and "
          f"{figures} figures match; without the price table the report refuses the file")
    return 0


if __name__ == "__main__":
    sys.exit(main())
