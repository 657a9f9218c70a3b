#!/usr/bin/python3
"""analysis/report.py refuses a results file of any format version but the one jimsim writes, as
`jimsim compare` does: a copy of a compared results file with its root format_version one below and
one above results_format_version (read from io/results_file.hpp, so the check follows the C++ code)
must make both exit 3, and the report must name the file, the version found and the one expected.

Usage: check_report_format_version.py RESULTS.h5 REPORT.py JIMSIM RESULTS_FILE.hpp WORK_DIR
"""
import os
import re
import shutil
import subprocess
import sys

import h5py

results, report, jimsim, header, work = sys.argv[1:6]
with open(header, encoding="utf-8") as f:
    expected = int(re.search(r"results_format_version\s*=\s*(\d+)", f.read()).group(1))
os.makedirs(work, exist_ok=True)
problems = []
for version in (expected - 1, expected + 1):
    copy = os.path.join(work, f"format-{version}.h5")
    page = os.path.join(work, f"format-{version}.html")
    shutil.copyfile(results, copy)
    with h5py.File(copy, "r+") as f:
        f.attrs.create("format_version", version, dtype="<i4")
    if os.path.exists(page):
        os.remove(page)
    compare = subprocess.run([jimsim, "compare", copy, "--no-store"], capture_output=True, text=True)
    if compare.returncode != 3:
        problems.append(f"jimsim compare of format {version}: exit {compare.returncode}, expected 3 "
                        "(this check assumes compare refuses it)")
    p = subprocess.run([sys.executable, report, copy, "-o", page, "--force"], capture_output=True, text=True)
    print(p.stderr, end="")
    if p.returncode != 3:
        problems.append(f"report of format {version}: exit {p.returncode}, expected 3")
    for needed in (copy, f"format version {version}", f"reads version {expected}"):
        if needed not in p.stderr:
            problems.append(f"report of format {version}: the message does not say {needed!r}")
    if os.path.exists(page):
        problems.append(f"report of format {version}: {page} was written")
for problem in problems:
    print("FAILED:", problem)
sys.exit(1 if problems else 0)
