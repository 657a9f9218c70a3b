#!/usr/bin/python3
"""jimsim against its NumPy reference implementation (bench/numpy_reference/), on the bundled scenarios.

    /usr/bin/python3 tests/check_numpy_reference.py JIMSIM [--replicates R] [--families N] [--seed S]
        [--scenarios FILE ...] [--set GROUP.NAME=VALUE ...] [--workdir DIR]

Runs every bundled scenario (scenarios/*.toml, scenarios/referred/*.toml, scenarios/region/*.toml)
with jimsim (`jimsim run ... -q`, read from /outcomes) and with the reference (its own random
numbers: the same distributions, not the same values), R replicates each, and checks that each
outcome's per-family replicate mean agrees within 4 combined standard errors,
|mean_jimsim - mean_numpy| <= 4 sqrt(se_jimsim^2 + se_numpy^2). Every field of /outcomes (subgroup
"all") is compared, per family; placed_within_X_weeks as a share of the youths followed X weeks.
A measure that is the same in every replicate on both sides (the cohort size, the professionals
trained per family) must agree to rounding. Seeds are fixed on both sides, so the check is
deterministic. Prints a table of every measure (both means, the difference in standard errors) and
exits 1 listing the failures; known disagreements (KNOWN below, each with its explanation) are
reported but do not fail the check.

First, the one order-dependent rule of the reference, its vectorised allocation of professionals, is
checked against the rule served one family at a time (random caseloads, caps, queues and
collaborative handovers): the assignments must be identical.
"""

from __future__ import annotations

import argparse
import math
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import h5py
import numpy as np

SOURCE = Path(__file__).resolve().parents[1]
REFERENCE = SOURCE / "bench" / "numpy_reference" / "run.py"
TOLERANCE_SE = 4.0

# The main outcomes of the issue, first in the table; every other field of /outcomes follows.
MAIN = ["placed_within_26_weeks", "placed_within_52_weeks", "placed_within_104_weeks", "placed", "residential_days",
        "mentors_found", "mentors_active_at_end", "crises", "professional_hours", "cost_professional",
        "cost_residential", "cost_respite", "cost_parent_group", "cost_training", "cost_role_meetings",
        "cost_mentor_expenses", "cost_total"]
SHARE_OF_FOLLOWED = {f"placed_within_{w}_weeks": f"followed_{w}_weeks" for w in (26, 52, 104)}

# Measures where the two implementations are known to disagree, with why: (scenario or "*", field)
# -> explanation. Reported in the table, not counted as failures. Empty: no known disagreement.
KNOWN: dict[tuple[str, str], str] = {}


def bundled_scenarios() -> list[Path]:
    top = sorted((SOURCE / "scenarios").glob("*.toml"))
    # care-as-usual and jim first: the pair the report quotes.
    top.sort(key=lambda p: (p.stem not in ("care-as-usual", "jim"), p.stem != "jim", p.stem))
    return top + sorted((SOURCE / "scenarios" / "referred").glob("*.toml")) + \
        sorted((SOURCE / "scenarios" / "region").glob("*.toml"))


def run(command: list[str], what: str) -> float:
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        sys.stdout.write(done.stdout + done.stderr)
        raise SystemExit(f"{what} failed with exit status {done.returncode}: {' '.join(command)}")
    return time.perf_counter() - start


def per_family(totals: dict, field: str) -> np.ndarray:
    denominator = totals[SHARE_OF_FOLLOWED.get(field, "families")]
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.asarray(totals[field], dtype=float) / denominator


def compare(a: np.ndarray, b: np.ndarray):
    """(mean a, mean b, difference in combined standard errors, agrees)."""
    a, b = a[np.isfinite(a)], b[np.isfinite(b)]
    if a.size < 2 or b.size < 2:
        # Undefined (e.g. nobody followed 104 weeks): it must be undefined on both sides.
        same = a.size == b.size == 0
        return (float(a.mean()) if a.size else math.nan, float(b.mean()) if b.size else math.nan,
                0.0 if same else math.nan, same)
    mean_a, mean_b = float(a.mean()), float(b.mean())
    se = math.sqrt(a.var(ddof=1) / a.size + b.var(ddof=1) / b.size)
    difference = mean_b - mean_a
    # The same value in every replicate on both sides, up to rounding: it must agree to rounding.
    rounding = 1e-9 * max(abs(mean_a), abs(mean_b), 1e-300)
    if abs(difference) <= rounding:
        return mean_a, mean_b, 0.0, True
    z = difference / se if se > rounding else math.copysign(math.inf, difference)
    return mean_a, mean_b, z, abs(z) <= TOLERANCE_SE


def check_allocation_rule(jimsim: str, trials: int = 100) -> int:
    """Mismatches between the reference's vectorised allocation and the waiting list served one
    family at a time, as professional_allocation.cpp does: first come first served, the least loaded
    professional of the kind asked for with room under the cap (lowest index on ties; the other kind
    when that kind does not exist), a family in a collaborative handover releasing its professional
    when it is served."""
    sys.path.insert(0, str(SOURCE / "bench"))
    from numpy_reference import parameters
    from numpy_reference.model import Model
    from numpy_reference.state import HOME, NOT_QUEUED

    rng = np.random.default_rng(7)
    mismatches = 0
    for _ in range(trials):
        cap = int(rng.choice([0, 2, 3, 5]))
        params = parameters.load(SOURCE / "scenarios" / "jim.toml", jimsim, [
            f"intake.cohort_size={rng.integers(20, 80)}", f"professionals.caseload_cap={cap}",
            f"professionals.specialist_per_100_families={rng.choice([0.0, 4.0, 6.0])}"])
        m = Model(params, 3, int(rng.integers(1 << 30)))
        R, N, P, s = m.R, m.N, m.P, m.s
        s.setting[...] = HOME
        s.case_open[...] = rng.random((R, N)) < 0.9
        s.needs_specialist[...] = rng.random((R, N)) < 0.5
        load = np.zeros((R, P), dtype=np.int64)
        for r, k in zip(*np.nonzero(rng.random((R, N)) < 0.5)):
            j = rng.integers(P)
            if cap == 0 or load[r, j] < cap:
                s.prof[r, k] = j
                load[r, j] += 1
        m.caseload[:] = load.reshape(-1)
        s.in_handover[...] = (s.prof >= 0) & (rng.random((R, N)) < 0.2)
        s.needs_specialist[s.in_handover] = m.prof_kind[s.prof[s.in_handover]] == 0
        queued = (s.prof < 0) | s.in_handover | (rng.random((R, N)) < 0.1)
        s.queue_key[...] = np.where(queued, rng.permutation(R * N).reshape(R, N), NOT_QUEUED)
        s.queue_from_week[...] = np.where(rng.random((R, N)) < 0.2, 5.0, 0.0)
        prof, handover = s.prof.copy(), s.in_handover.copy()
        for r in range(R):
            for k in np.argsort(s.queue_key[r]):
                if s.queue_key[r, k] == NOT_QUEUED or not s.case_open[r, k]:
                    continue
                if not (prof[r, k] < 0 or handover[r, k]) or s.queue_from_week[r, k] > 1e-9:
                    continue
                kind = int(s.needs_specialist[r, k])
                if not m.kind_exists[kind]:
                    kind = 1 - kind
                room = [(load[r, j], j) for j in range(P) if m.prof_kind[j] == kind and (cap == 0 or load[r, j] < cap)]
                if not room:
                    continue
                j = min(room)[1]
                if prof[r, k] >= 0:
                    load[r, prof[r, k]] -= 1
                prof[r, k], handover[r, k] = j, False
                load[r, j] += 1
        m.allocate_professionals(0)
        same = (np.array_equal(prof, s.prof) and np.array_equal(load.reshape(-1), m.caseload)
                and np.array_equal(handover, s.in_handover))
        mismatches += not same
    return mismatches


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("jimsim", help="the jimsim binary")
    parser.add_argument("--replicates", "-r", type=int, default=300)
    parser.add_argument("--families", type=int, default=200, help="intake.cohort_size on both sides")
    parser.add_argument("--seed", type=int, default=20240611)
    parser.add_argument("--threads", type=int, default=2, help="jimsim's worker threads")
    parser.add_argument("--scenarios", nargs="+", type=Path, help="scenario files (default: the bundled ones)")
    parser.add_argument("--set", action="append", default=[], metavar="GROUP.NAME=VALUE",
                        help="also set a parameter on both sides (repeatable), e.g. simulation.time_step_weeks=0.5")
    parser.add_argument("--workdir", type=Path, help="where to keep the two results files (default: a temporary directory)")
    args = parser.parse_args(argv)
    scenarios = args.scenarios or bundled_scenarios()
    mismatches = check_allocation_rule(args.jimsim)
    print(f"allocation of professionals: the vectorised rule and the one-family-at-a-time rule "
          f"{'agree' if mismatches == 0 else 'DIFFER'} on 100 random waiting lists")
    if mismatches:
        print(f"FAILED: the reference's allocation differs from the rule in {mismatches} of 100 cases")
        return 1
    overrides = [f"intake.cohort_size={args.families}", *args.set]

    with tempfile.TemporaryDirectory() as temporary:
        work = args.workdir or Path(temporary)
        work.mkdir(parents=True, exist_ok=True)
        cpp_file, numpy_file = work / "jimsim.h5", work / "numpy-reference.npz"
        sets = [item for o in overrides for item in ("--set", o)]
        cpp_seconds = run([args.jimsim, "run", *map(str, scenarios), *sets, "-r", str(args.replicates), "-s",
                           str(args.seed), "-t", str(args.threads), "-o", str(cpp_file), "-q", "--force"], "jimsim")
        numpy_seconds = run([sys.executable, str(REFERENCE), *map(str, scenarios), *sets, "-r", str(args.replicates),
                             "-s", str(args.seed), "--jimsim", args.jimsim, "-o", str(numpy_file), "-q"],
                            "the NumPy reference")
        with h5py.File(cpp_file, "r") as f:
            names = list(f["outcomes/point"].asstr()[()])
            subgroups = list(f["outcomes/subgroup"].asstr()[()])
            g = subgroups.index("all")
            fields = [k for k, v in f["outcomes"].items() if isinstance(v, h5py.Dataset) and v.ndim == 3]
            cpp = {name: {k: f["outcomes"][k][p, :, g] for k in fields} for p, name in enumerate(names)}
        with np.load(numpy_file) as f:
            numpy_names = [str(n) for n in f["scenarios"]]
            reference = {name: {k: f[f"{name}/{k}"] for k in fields} for name in numpy_names}
            numpy_wall = {name: float(f[f"{name}/wall_time_s"]) for name in numpy_names}
    if numpy_names != names:
        raise SystemExit(f"the two runs name the scenarios differently: {names} and {numpy_names}")

    print(f"jimsim and the NumPy reference: {len(names)} scenarios, {args.replicates} replicates of "
          f"{args.families} families each (regions: their own referrals), seed {args.seed}")
    print(f"jimsim {cpp_seconds:.1f} s ({args.threads} threads), NumPy reference {numpy_seconds:.1f} s "
          f"(simulation {sum(numpy_wall.values()):.1f} s)\n")
    order = MAIN + [k for k in fields if k not in MAIN]
    failures, known = [], []
    for name in names:
        print(f"{name}: per-family means over {args.replicates} replicates "
              f"(placed_within_X: share of the youths followed X weeks)")
        print(f"  {'measure':36s} {'jimsim':>13s} {'numpy':>13s} {'diff/SE':>8s}")
        for field in order:
            mean_a, mean_b, z, agrees = compare(per_family(cpp[name], field), per_family(reference[name], field))
            explanation = KNOWN.get((name, field)) or KNOWN.get(("*", field))
            mark = ""
            if not agrees:
                mark = "  KNOWN DISAGREEMENT" if explanation else "  FAILED"
                (known if explanation else failures).append((name, field, mean_a, mean_b, z, explanation))
            star = "*" if field in MAIN else " "
            print(f" {star}{field:36s} {mean_a:13.6g} {mean_b:13.6g} {z:8.2f}{mark}")
        print()
    for name, field, mean_a, mean_b, z, explanation in known:
        print(f"known disagreement: {name} {field}: jimsim {mean_a:.6g}, numpy {mean_b:.6g} ({z:+.1f} SE): {explanation}")
    if failures:
        print(f"FAILED: {len(failures)} measure(s) differ by more than {TOLERANCE_SE} combined standard errors:")
        for name, field, mean_a, mean_b, z, _ in failures:
            print(f"  {name} {field}: jimsim {mean_a:.6g}, numpy {mean_b:.6g} ({z:+.1f} SE)")
        return 1
    print(f"all measures agree within {TOLERANCE_SE} combined standard errors")
    return 0


if __name__ == "__main__":
    sys.exit(main())
