#!/usr/bin/python3
"""jimsim against the NumPy reference: ns per family-week, write share, peak memory, scaling.

Run from the repository root after a Release build (build/jimsim and build/jimsim_bench):

    /usr/bin/python3 bench/versus_numpy.py                       # the default workloads: minutes
    /usr/bin/python3 bench/versus_numpy.py --scale               # also 1,000,000 families (1 replicate)
    /usr/bin/python3 bench/versus_numpy.py --quick               # tiny workloads: a smoke test, seconds
    /usr/bin/python3 bench/versus_numpy.py --jimsim other/jimsim --bench other/jimsim_bench \
        --scenario scenarios/care-as-usual.toml --json figures.json

It prints, at 500 and at 50,000 families per replicate (--set intake.cohort_size=N):
- ns per family-week of `jimsim run` on 1 and on 2 threads (-t 1, -t 2), each timed as a whole
  process including writing its HDF5 results file (to a temporary directory removed afterwards),
  median of --repeats runs; and of the NumPy reference (bench/numpy_reference/run.py) on one core
  (OMP/OPENBLAS/MKL_NUM_THREADS=1), its glibc allocator keeping freed memory as jimsim's does;
  the ratio NumPy / jimsim -t 1 and the speed-up -t 1 -> -t 2.
  Family-weeks = cohort_size x horizon_weeks x replicates, both read back from the results file.
- the share of time spent writing results (jimsim_bench --write-share: the same run in one process
  with and without writing its results file, alternated; and `jimsim run` against the simulation
  alone);
- peak memory (ru_maxrss of each child, from os.wait4): per family (slope between 500 and 50,000
  families, same replicate count, -t 1), per replicate in flight (-t 2 minus -t 1 at 50,000), and
  NumPy's per family (slope between 1-replicate runs);
- with --scale, ns per family-week of `jimsim run -t 1` at 500, 50,000 and 1,000,000 families per
  replicate and the max/min ratio (the goal: flat within 1.5x).

Timings are wall-clock on a possibly shared machine: compare figures from the same run. Only the
standard library, numpy (to read the reference's .npz) and h5py (to read a results file) are used:
Debian's /usr/bin/python3 has them. ctest -L bench_smoke runs this with --quick.
The child processes and their timing are in versus_numpy_runs.py, the printed report in
versus_numpy_report.py.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time

from versus_numpy_report import report
from versus_numpy_runs import NUMPY_MALLOC_TUNABLES, REPO, SEED, Bench, log, median, thousands


def parse_pair(text, name):
    try:
        values = [int(v.replace("_", "")) for v in text.split(",")]
    except ValueError:
        raise argparse.ArgumentTypeError(f"{name}: expected two whole numbers A,B, got {text!r}")
    if len(values) != 2 or min(values) < 1:
        raise argparse.ArgumentTypeError(f"{name}: expected two positive whole numbers A,B, got {text!r}")
    return values


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter,
                                     epilog="\n".join(__doc__.splitlines()[2:]))
    parser.add_argument("--jimsim", default=os.path.join(REPO, "build", "jimsim"), help="jimsim binary (build/jimsim)")
    parser.add_argument("--bench", default=None,
                        help="jimsim_bench binary (default: jimsim_bench beside --jimsim)")
    parser.add_argument("--scenario", default=os.path.join(REPO, "scenarios", "jim.toml"),
                        help="scenario file (default scenarios/jim.toml)")
    parser.add_argument("--families", type=lambda t: parse_pair(t, "--families"), default=None,
                        help="the two families-per-replicate sizes, SMALL,LARGE (default 500,50000)")
    parser.add_argument("--replicates", type=lambda t: parse_pair(t, "--replicates"), default=None,
                        help="jimsim replicates at the two sizes (default 1000,10)")
    parser.add_argument("--numpy-replicates", type=lambda t: parse_pair(t, "--numpy-replicates"), default=None,
                        help="NumPy reference replicates at the two sizes (default 200,4)")
    parser.add_argument("--repeats", type=int, default=None, help="runs of each jimsim measurement, median (3)")
    parser.add_argument("--scale", action="store_true",
                        help="also 1,000,000 families (1 replicate, -t 1): cost per family-week against size")
    parser.add_argument("--scale-families", type=int, default=None, help="largest size of --scale (1000000)")
    parser.add_argument("--python", default="/usr/bin/python3" if os.path.exists("/usr/bin/python3") else sys.executable,
                        help="Python for the NumPy reference (default /usr/bin/python3: Debian's, with numpy)")
    parser.add_argument("--no-numpy", action="store_true", help="skip the NumPy reference")
    parser.add_argument("--quick", action="store_true", help="tiny workloads, 1 repeat: a smoke test")
    parser.add_argument("--json", metavar="FILE", help="also write the figures as JSON")
    args = parser.parse_args(argv)

    quick = args.quick
    args.families = args.families or ([500, 5000] if quick else [500, 50000])
    args.replicates = args.replicates or ([4, 2] if quick else [1000, 10])
    args.numpy_replicates = args.numpy_replicates or ([2, 1] if quick else [200, 4])
    args.repeats = args.repeats or (1 if quick else 3)
    args.scale_families = args.scale_families or (20000 if quick else 1000000)
    if args.repeats < 1:
        parser.error("--repeats must be at least 1")
    if args.families[0] >= args.families[1]:
        parser.error("--families: SMALL must be less than LARGE")
    args.jimsim = os.path.abspath(args.jimsim)
    args.bench = os.path.abspath(args.bench or os.path.join(os.path.dirname(args.jimsim), "jimsim_bench"))
    args.scenario = os.path.abspath(args.scenario)
    for path, what in ((args.jimsim, "--jimsim"), (args.bench, "--bench"), (args.scenario, "--scenario")):
        if not os.path.isfile(path):
            parser.error(f"{what}: no such file: {path}")

    workdir = tempfile.mkdtemp(prefix="versus_numpy_")
    try:
        started = time.perf_counter()
        figures = measure(args, Bench(args, workdir))
        figures["driver_wall_s"] = time.perf_counter() - started
        report(args, figures)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    if args.json:
        with open(args.json, "w") as f:
            json.dump(figures, f, indent=2)
            f.write("\n")
    return 0


def measure(args, bench):
    small, large = args.families
    sizes = {small: args.replicates[0], large: args.replicates[1]}
    figures = {
        "scenario": args.scenario, "jimsim": args.jimsim, "seed": SEED, "repeats": args.repeats,
        "machine": {"cores": os.cpu_count(), "load_average_at_start": os.getloadavg()[0],
                    "platform": platform.platform()},
        "quick": args.quick,
    }

    version = subprocess.run([args.jimsim, "--version"], capture_output=True, text=True).stdout.strip()
    figures["jimsim_version"] = version

    # A first small run: warms the page cache, and tells the horizon and the scenario's name.
    log("versus_numpy: probe run")
    bench.jimsim(small, 2, 1)
    horizon, cohort, families, name = bench.read_run()
    if cohort != small or abs(families - small) > 0.5:
        log(f"versus_numpy: warning: cohort_size {cohort}, {families:g} families per replicate in the results, "
            f"{small} asked for; family-weeks use cohort_size")
    figures.update(scenario_name=name, horizon_weeks=horizon)

    def family_weeks(n, replicates):
        return n * horizon * replicates

    # jimsim run, -t 1 and -t 2, and the NumPy reference, each size, repeated and interleaved: the
    # runs of one repeat are back to back, so the ratio of each repeat's pair is the least hit by the
    # machine's drift (on a shared virtual machine the same run varies by a quarter within minutes).
    runs = {(n, t): [] for n in sizes for t in (1, 2)}
    numpy_runs = {n: [] for n in sizes}
    numpy_replicates = dict(zip(args.families, args.numpy_replicates))
    for k in range(args.repeats):
        bench.fresh_copy()
        for n, replicates in sizes.items():
            for t in (1, 2):
                log(f"versus_numpy: jimsim run {thousands(n)} families x {replicates}, -t {t} ({k + 1}/{args.repeats})")
                runs[(n, t)].append(bench.jimsim(n, replicates, t))
            if not args.no_numpy:
                log(f"versus_numpy: NumPy reference {thousands(n)} families x {numpy_replicates[n]} "
                    f"({k + 1}/{args.repeats})")
                numpy_runs[n].append(bench.numpy(n, numpy_replicates[n]))
    jimsim = {}
    for (n, t), children in runs.items():
        wall = median([c.wall for c in children])
        jimsim[f"{n}/t{t}"] = {
            "families": n, "replicates": sizes[n], "threads": t, "family_weeks": family_weeks(n, sizes[n]),
            "wall_s": [c.wall for c in children], "cpu_s": [c.cpu for c in children],
            "max_rss_kib": [c.max_rss_kib for c in children], "median_wall_s": wall,
            "ns_per_family_week": wall / family_weeks(n, sizes[n]) * 1e9,
            "ns_per_family_week_fastest": min(c.wall for c in children) / family_weeks(n, sizes[n]) * 1e9,
            "cores_used": median([c.cpu / c.wall for c in children]),
        }
    figures["jimsim_run"] = jimsim

    # The NumPy reference (its own simulation time, and the whole process), medians of its runs.
    numpy = {}
    for n, children in numpy_runs.items():
        if not children:
            continue
        fw = family_weeks(n, numpy_replicates[n])
        simulation = [c.simulation_wall for c in children]
        process = [c.wall for c in children]
        numpy[str(n)] = {
            "families": n, "replicates": numpy_replicates[n], "family_weeks": fw,
            "process_wall_s": process, "simulation_wall_s": simulation,
            "max_rss_kib": median([c.max_rss_kib for c in children]),
            "ns_per_family_week": median(simulation) / fw * 1e9,
            "ns_per_family_week_process": median(process) / fw * 1e9,
        }
    figures["numpy"] = numpy
    figures["numpy_glibc_tunables"] = ":".join(NUMPY_MALLOC_TUNABLES)

    comparison = {}
    for n in sizes:
        one, two = jimsim[f"{n}/t1"], jimsim[f"{n}/t2"]
        row = {"speed_up_2_threads": one["median_wall_s"] / two["median_wall_s"]}
        if str(n) in numpy:
            r = numpy[str(n)]

            def ratios(numpy_walls, jimsim_walls):
                """NumPy's ns per family-week over jimsim's, each repeat's pair run back to back."""
                return [(w / r["family_weeks"]) / (j / one["family_weeks"]) for w, j in zip(numpy_walls, jimsim_walls)]

            # The median, and every repeat's ratio: their spread is the machine's noise.
            for key, numpy_walls, jimsim_run in (("numpy_over_jimsim_1_thread", r["simulation_wall_s"], one),
                                                 ("numpy_over_jimsim_2_threads", r["simulation_wall_s"], two),
                                                 ("numpy_process_over_jimsim_1_thread", r["process_wall_s"], one)):
                each = ratios(numpy_walls, jimsim_run["wall_s"])
                row[key] = median(each)
                row[key + "_each"] = each
        comparison[str(n)] = row
    figures["comparison"] = comparison

    # Share of time spent writing: the same simulation in one process with and without the results file.
    share = {}
    for n, replicates in sizes.items():
        log(f"versus_numpy: jimsim_bench --write-share {thousands(n)} families x {replicates}, 1 thread "
            f"({args.repeats} alternated pairs)")
        b = bench.write_share(n, replicates, 1)
        process = jimsim[f"{n}/t1"]["median_wall_s"]
        pairs = list(zip(b["each_with_results"], b["each_without_results"]))
        fastest_with, fastest_without = min(b["each_with_results"]), min(b["each_without_results"])
        share[str(n)] = {
            "families": n, "replicates": replicates, "threads": 1, "bench": b,
            # Each pair ran back to back: the median of the pairs' shares is the least hit by load.
            "in_process_share": median([(w - wo) / w for w, wo in pairs]),
            "writing_adds": median([w / wo - 1 for w, wo in pairs]),
            "in_process_share_fastest": (fastest_with - fastest_without) / fastest_with,
            "write_calls_share": b["seconds_in_write_calls"] / b["seconds_with_results"],
            "jimsim_run_wall_s": process,
            "process_share": (process - b["seconds_without_results"]) / process,
        }
    figures["write_share"] = share
    figures["bench_version"] = b["program_version"]

    # Peak memory: per family at -t 1 (same replicate count at both sizes, so the results kept for
    # the file weigh alike), per replicate in flight (-t 2 minus -t 1 at the large size).
    log(f"versus_numpy: memory run {thousands(small)} families x {sizes[large]}, -t 1")
    small_same = [bench.jimsim(small, sizes[large], 1).max_rss_kib for _ in range(args.repeats)]
    rss_small = median(small_same)
    ranges = {"jimsim_t1_small_kib": small_same, "jimsim_t1_large_kib": jimsim[f"{large}/t1"]["max_rss_kib"],
              "jimsim_t2_large_kib": jimsim[f"{large}/t2"]["max_rss_kib"]}
    rss_large_1 = median(jimsim[f"{large}/t1"]["max_rss_kib"])
    rss_large_2 = median(jimsim[f"{large}/t2"]["max_rss_kib"])
    memory = {
        "replicates": sizes[large],
        "jimsim_t1_small_kib": rss_small, "jimsim_t1_large_kib": rss_large_1, "jimsim_t2_large_kib": rss_large_2,
        "jimsim_bytes_per_family": (rss_large_1 - rss_small) * 1024 / (large - small),
        "jimsim_bytes_per_replicate_in_flight": (rss_large_2 - rss_large_1) * 1024,
        "each_kib": ranges,
    }
    if not args.no_numpy:
        log(f"versus_numpy: NumPy memory runs {thousands(small)} and {thousands(large)} families x 1")
        np_small = bench.numpy(small, 1).max_rss_kib
        np_large = bench.numpy(large, 1).max_rss_kib
        memory.update(numpy_small_kib=np_small, numpy_large_kib=np_large,
                      numpy_bytes_per_family=(np_large - np_small) * 1024 / (large - small))
    # A child's ru_maxrss includes this process's resident memory at the fork: the figures are only
    # the children's own above it.
    memory["driver_floor_kib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    figures["memory"] = memory

    if args.scale:
        biggest = args.scale_families
        children = []
        for k in range(args.repeats):
            log(f"versus_numpy: --scale jimsim run {thousands(biggest)} families x 1, -t 1 ({k + 1}/{args.repeats})")
            bench.fresh_copy()
            children.append(bench.jimsim(biggest, 1, 1))
        wall = median([c.wall for c in children])
        points = {str(n): jimsim[f"{n}/t1"]["ns_per_family_week"] for n in sizes}
        points[str(biggest)] = wall / family_weeks(biggest, 1) * 1e9
        figures["scale"] = {
            "ns_per_family_week": points,
            "largest": {"families": biggest, "replicates": 1, "wall_s": [c.wall for c in children],
                        "max_rss_kib": [c.max_rss_kib for c in children]},
            "max_over_min": max(points.values()) / min(points.values()),
        }
    return figures


if __name__ == "__main__":
    sys.exit(main())
