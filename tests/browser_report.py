#!/usr/bin/python3
"""Opens a report of analysis/report.py in headless Chromium and checks that it renders and that
its calculator recomputes the decision as `jimsim compare` does.

Usage: /usr/bin/python3 tests/browser_report.py RESULTS.h5 REPORT.html WORKDIR

- `chromium --headless --screenshot` of the page at 1280x4000: the PNG exists and is not blank
  (many distinct colours);
- `chromium --headless --dump-dom` of the page: the scripts ran without breaking the DOM, the
  summary's key sentence names the stored best policy, and the calculator's answer at the file's
  willingness to pay is the stored best policy and probability;
- the same with inputs in the address's fragment (#wtp=...&costs....=...), which the page reads
  through the same code path as a change of the inputs: at amounts of the willingness-to-pay grid
  the answer is the stored acceptability frontier and probability, and with a changed price it is
  what an independent re-implementation (tests/check_report_page.py) computes from the file;
- when Debian's python3-selenium and chromium-driver are installed, the same by typing into the
  page's inputs.

Exit status: 0 passed; 1 problems (listed); 77 skipped (no chromium).
"""
import argparse
import os
import shutil
import subprocess
import sys

import numpy as np
from h5_text import print_problems
from matplotlib import image
from check_report_page import Stored, calculator_data, decide, parse

TIMEOUT = 180
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--mute-audio", "--no-first-run"]


def chromium(workdir, *args):
    profile = os.path.join(workdir, "chromium-profile")
    command = [shutil.which("chromium"), *FLAGS, f"--user-data-dir={profile}", *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT)


def url(path, fragment=""):
    return "file://" + os.path.abspath(path) + (f"#{fragment}" if fragment else "")


def answer(doc):
    """(best policy, wins, replicates) the calculator shows."""
    def text(element_id):
        e = doc.by_id(element_id)
        return e.words() if e is not None else None
    return text("calc-best"), text("calc-wins"), text("calc-n")


def expected_answer(best, wins, n, names):
    return best, str(wins[names.index(best)]), str(n)


def check_screenshot(workdir, report, problems):
    shot = os.path.join(workdir, "report-screenshot.png")
    if os.path.exists(shot):
        os.remove(shot)
    p = chromium(workdir, f"--screenshot={shot}", "--window-size=1280,4000", url(report))
    if not os.path.exists(shot):
        problems.append(f"no screenshot written (exit {p.returncode}): {p.stderr[-500:]}")
        return
    pixels = image.imread(shot)
    rgb = (np.asarray(pixels[..., :3]) * 255).astype(np.uint8).reshape(-1, 3)
    colours = len(np.unique(rgb, axis=0))
    if pixels.shape[0] < 3000 or pixels.shape[1] < 1200:
        problems.append(f"the screenshot is {pixels.shape[1]}x{pixels.shape[0]}, expected 1280x4000")
    if colours < 500:
        problems.append(f"the screenshot has {colours} distinct colours: blank or unrendered")
    print(f"screenshot {shot}: {pixels.shape[1]}x{pixels.shape[0]}, {colours} distinct colours")


def dump(workdir, report, fragment=""):
    p = chromium(workdir, "--dump-dom", url(report, fragment))
    doc, _ = parse(p.stdout)
    return doc, p


def check_dom(workdir, report, stored, data, problems):
    decision = stored.attrs["decision"]
    names = [p["name"] for p in data["policies"]]
    doc, p = dump(workdir, report)
    key = doc.by_id("summary-key")
    sentence = f"{decision['best_scenario']} is the best choice"
    if key is None or sentence not in key.words():
        problems.append(f"--dump-dom: no key sentence '{sentence}' (exit {p.returncode}; {len(p.stdout)} bytes)")
        return
    n = decision["replicates_used"]
    wins = round(decision["best_probability"] * n)
    shown = answer(doc)
    if shown != (decision["best_scenario"], str(wins), str(n)):
        problems.append(f"at the file's willingness to pay the calculator shows {shown}, the file "
                        f"{decision['best_scenario']} in {wins} of {n}")
    rows = stored.rows("decision/acceptability")
    grid = sorted({row["wtp"] for row in rows})
    # Amounts where the answer differs from the decision's first, then the grid's ends and middle.
    changing = [w for w in grid if any(row["best_expected"] and row["scenario"] != decision["best_scenario"]
                                       for row in rows if row["wtp"] == w)]
    amounts = sorted(set(changing[:2] + [grid[-1], grid[len(grid) // 2]]))
    for wtp in amounts:
        doc, _ = dump(workdir, report, f"wtp={wtp!r}")
        at = {row["scenario"]: row for row in rows if row["wtp"] == wtp}
        best = [s for s, row in at.items() if row["best_expected"]][0]
        expected = (best, str(round(at[best]["probability_best"] * n)), str(n))
        if answer(doc) != expected:
            problems.append(f"#wtp={wtp!r}: the calculator shows {answer(doc)}, the file {expected}")
        else:
            print(f"#wtp={wtp!r}: {expected[0]} best in {expected[1]} of {n}, as stored")
    if data["counts_available"]:
        prices = stored.rows("decision/tornado")
        key = prices[0]["price"] if prices else "costs.residential_day"
        value = prices[0]["high"] if prices else 2 * data["policies"][0]["prices"][key]
        wtp = grid[len(grid) // 2]
        doc, _ = dump(workdir, report, f"wtp={wtp!r}&{key}={value!r}")
        expected = expected_answer(*decide(data, wtp, {key: value}), names)
        if answer(doc) != expected:
            problems.append(f"#wtp={wtp!r}&{key}={value!r}: the calculator shows {answer(doc)}, expected {expected}")
        else:
            print(f"#wtp={wtp!r}&{key}={value!r}: {expected[0]} best in {expected[1]} of {n}, as recomputed")


def check_selenium(report, stored, data, problems):
    """Types into the page's inputs, when Debian's python3-selenium and chromium-driver are there."""
    driver_path = shutil.which("chromedriver")
    try:
        from selenium import webdriver  # noqa: PLC0415 (optional)
        from selenium.webdriver.chrome.service import Service  # noqa: PLC0415
    except ImportError:
        driver_path = None
    if driver_path is None:
        print("selenium or chromedriver not installed: the inputs were checked through the address's fragment only")
        return
    options = webdriver.ChromeOptions()
    for flag in FLAGS + ["--window-size=1280,2000"]:
        options.add_argument(flag)
    options.binary_location = shutil.which("chromium")
    try:
        driver = webdriver.Chrome(service=Service(driver_path), options=options)
    except Exception as failure:  # noqa: BLE001 (any start-up failure of the driver)
        # Seen in a bare chroot: chromedriver installed but unable to serve. The same inputs were
        # already driven through the address's fragment, the page's own code path for them.
        print(f"warning: chromedriver could not start ({type(failure).__name__}: {str(failure).strip()}); the inputs "
              "were checked through the address's fragment only")
        return
    try:
        driver.get(url(report))
        names = [p["name"] for p in data["policies"]]
        rows = stored.rows("decision/acceptability")
        wtp = max(row["wtp"] for row in rows)

        def shown():
            return tuple(driver.find_element("id", i).text for i in ("calc-best", "calc-wins", "calc-n"))
        field = driver.find_element("id", "input-wtp")
        field.clear()
        field.send_keys(repr(wtp))
        expected = expected_answer(*decide(data, wtp), names)
        if shown() != expected:
            problems.append(f"selenium: typing {wtp!r} shows {shown()}, expected {expected}")
        if data["counts_available"]:
            price = driver.find_elements("css selector", "input[data-price]")[0]
            key = price.get_attribute("data-price")
            driver.execute_script("arguments[0].closest('details').open = true", price)
            value = 3 * float(price.get_attribute("value")) + 1
            price.clear()
            price.send_keys(repr(value))
            expected = expected_answer(*decide(data, wtp, {key: value}), names)
            if shown() != expected:
                problems.append(f"selenium: {key}={value!r} shows {shown()}, expected {expected}")
        print(f"selenium: typed into the inputs; the answers match ({shown()})")
    finally:
        driver.quit()


def main(argv=None):
    parser = argparse.ArgumentParser(description="Check a report.py page in headless Chromium.")
    parser.add_argument("results")
    parser.add_argument("report")
    parser.add_argument("workdir", help="where the screenshot and Chromium's profile go")
    args = parser.parse_args(argv)
    if shutil.which("chromium") is None:
        print("browser_report.py: skipped: chromium is not installed (Debian: apt-get install chromium)")
        return 77
    os.makedirs(args.workdir, exist_ok=True)
    stored = Stored(args.results)
    with open(args.report, encoding="utf-8") as f:
        data = calculator_data(parse(f.read())[0])
    problems = []
    if data is None:
        problems.append("the page has no calculator data")
    else:
        check_screenshot(args.workdir, args.report, problems)
        check_dom(args.workdir, args.report, stored, data, problems)
        check_selenium(args.report, stored, data, problems)
    if problems:
        print_problems(f"{args.report}: {len(problems)} problems in the browser:", problems)
        return 1
    print(f"{args.report}: renders in headless Chromium; the calculator agrees with {args.results}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
