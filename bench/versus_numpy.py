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
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
NUMPY_RUN = os.path.join(REPO, "bench", "numpy_reference", "run.py")
SEED = 1

# Run in a separate Python (see Bench.helper): the results file's horizon, cohort size, mean
# families per replicate (subgroup "all") and point name; the NumPy reference's simulation time.
READ_RESULTS = """
import json, sys, h5py
with h5py.File(sys.argv[1], "r") as f:
    name = f["points/point"][0]
    print(json.dumps([float(f["parameters/simulation.horizon_weeks"][0]),
                      int(round(float(f["parameters/intake.cohort_size"][0]))),
                      float(f["outcomes/families"][0, :, 0].mean()),
                      name.decode() if isinstance(name, bytes) else str(name)]))
"""
READ_NPZ = """
import json, sys, numpy
with numpy.load(sys.argv[1]) as data:
    name = str(data["scenarios"][0])
    print(json.dumps(float(data[name + "/wall_time_s"])))
"""


def log(message):
    print(message, file=sys.stderr, flush=True)


class Child:
    """A finished child process: wall time, peak RSS and CPU time from os.wait4."""

    def __init__(self, command, env, workdir, label):
        out_path = os.path.join(workdir, "child.out")
        err_path = os.path.join(workdir, "child.err")
        with open(out_path, "wb") as out, open(err_path, "wb") as err:
            start = time.perf_counter()
            process = subprocess.Popen(command, stdout=out, stderr=err, env=env, cwd=workdir)
            _, status, usage = os.wait4(process.pid, 0)
            self.wall = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        with open(out_path, encoding="utf-8", errors="replace") as f:
            self.stdout = f.read()
        with open(err_path, encoding="utf-8", errors="replace") as f:
            self.stderr = f.read()
        if process.returncode != 0:
            raise SystemExit(f"versus_numpy: {label} failed (exit {process.returncode}):\n  {' '.join(command)}\n"
                             f"{self.stdout}{self.stderr}")
        # Linux: KiB, the most of the child (and any children it waited for) and of this process's
        # resident memory when it forked (kept small for that reason: see Bench.helper).
        self.max_rss_kib = usage.ru_maxrss
        self.cpu = usage.ru_utime + usage.ru_stime


def median(values):
    return statistics.median(values)


def shown_path(path):
    """A path inside the repository relative to it, else as it is."""
    inside = os.path.relpath(path, REPO)
    return path if inside.startswith("..") else inside


def thousands(n):
    return f"{n:,}"


# glibc's allocator for the NumPy reference, as exec/memory_reuse.cpp sets it for jimsim.
NUMPY_MALLOC_TUNABLES = ["glibc.malloc.mmap_threshold=16777216", "glibc.malloc.trim_threshold=1073741824"]


class Bench:
    def __init__(self, args, workdir):
        self.args = args
        self.workdir = workdir
        self.env = dict(os.environ)
        self.env["TMPDIR"] = workdir
        # The reference on one core, and no __pycache__ left in bench/numpy_reference/. Its allocator
        # keeps freed memory as jimsim's does (exec/memory_reuse.cpp): with glibc's defaults every
        # NumPy temporary of 128 kB or more is mapped and unmapped, and on a machine where a page
        # fault is dear (a virtual machine) that doubled the reference's time, which is the
        # machine's cost and not the model's.
        tunables = [t for t in (os.environ.get("GLIBC_TUNABLES") or "").split(":") if t]
        tunables += NUMPY_MALLOC_TUNABLES
        self.numpy_env = dict(self.env, OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1", MKL_NUM_THREADS="1",
                              PYTHONDONTWRITEBYTECODE="1", GLIBC_TUNABLES=":".join(tunables))
        self.output = os.path.join(workdir, "results.h5")
        self.binary = args.jimsim  # the jimsim timed: a fresh copy per repeat (fresh_copy)
        self.copies = 0

    # --- jimsim run -------------------------------------------------------------------------------
    def fresh_copy(self):
        """Copies jimsim into the work directory and times that copy from then on. On a virtual
        machine the same binary file ran its severity loop at half speed for as long as that
        page-cache instance of the file lasted, while a copy ran at full speed: a copy per repeat
        draws the code's pages anew, so the median is not one draw's."""
        self.copies += 1
        path = os.path.join(self.workdir, f"jimsim-{self.copies}")
        shutil.copy2(self.args.jimsim, path)
        self.binary = path

    def jimsim(self, families, replicates, threads):
        command = [self.binary, "run", self.args.scenario, "-r", str(replicates), "-s", str(SEED), "-t",
                   str(threads), "--set", f"intake.cohort_size={families}", "-o", self.output, "-f", "-q"]
        return Child(command, self.env, self.workdir, f"jimsim run ({families} families x {replicates}, -t {threads})")

    def read_run(self):
        """Horizon, cohort size, mean families per replicate and point name of the last results file."""
        return self.helper(READ_RESULTS, self.output)

    def helper(self, code, *arguments):
        """Runs `code` in a separate Python (numpy, h5py) and returns the JSON it prints. The reading
        is kept out of this process so that its memory stays small: a child's ru_maxrss counts this
        process's resident memory at the fork."""
        done = subprocess.run([self.args.python, "-c", code, *arguments], capture_output=True, text=True,
                              env=self.numpy_env)
        if done.returncode != 0:
            raise SystemExit(f"versus_numpy: reading {arguments} failed:\n{done.stdout}{done.stderr}")
        return json.loads(done.stdout)

    # --- NumPy reference --------------------------------------------------------------------------
    def numpy(self, families, replicates):
        npz = os.path.join(self.workdir, "reference.npz")
        command = [self.args.python, NUMPY_RUN, self.args.scenario, "-r", str(replicates), "-s", str(SEED), "--set",
                   f"intake.cohort_size={families}", "-o", npz, "--jimsim", self.args.jimsim, "-q"]
        child = Child(command, self.numpy_env, self.workdir, f"NumPy reference ({families} families x {replicates})")
        child.simulation_wall = self.helper(READ_NPZ, npz)
        os.remove(npz)
        return child

    # --- jimsim_bench --write-share ---------------------------------------------------------------
    def write_share(self, families, replicates, threads):
        command = [self.args.bench, self.args.scenario, str(replicates), "--set", f"intake.cohort_size={families}",
                   "--threads", str(threads), "--repeats", str(self.args.repeats), "--write-share", "--machine"]
        child = Child(command, self.env, self.workdir, f"jimsim_bench ({families} families x {replicates})")
        for line in child.stdout.splitlines():
            if line.startswith("jimsim_bench-json "):
                return json.loads(line[len("jimsim_bench-json "):])
        raise SystemExit(f"versus_numpy: no jimsim_bench-json line in the output of {' '.join(command)}:\n"
                         f"{child.stdout}")


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

            def ratio(numpy_walls, jimsim_walls):
                """Median over the repeats of NumPy's ns per family-week over jimsim's, run back to back."""
                return median([(w / r["family_weeks"]) / (j / one["family_weeks"])
                               for w, j in zip(numpy_walls, jimsim_walls)])

            row["numpy_over_jimsim_1_thread"] = ratio(r["simulation_wall_s"], one["wall_s"])
            row["numpy_over_jimsim_2_threads"] = ratio(r["simulation_wall_s"], two["wall_s"])
            row["numpy_process_over_jimsim_1_thread"] = ratio(r["process_wall_s"], one["wall_s"])
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


def report(args, figures):
    small, large = args.families
    sizes = [small, large]
    jimsim, numpy, comparison = figures["jimsim_run"], figures["numpy"], figures["comparison"]
    mb = lambda kib: kib / 1024  # noqa: E731
    out = []
    p = out.append
    p(figures["jimsim_version"])
    p(f"jimsim against the NumPy reference: scenario {figures['scenario_name']} ({shown_path(args.scenario)}), "
      f"horizon {figures['horizon_weeks']:g} weeks, seed {SEED}")
    p(f"{figures['machine']['cores']} cores, load average {figures['machine']['load_average_at_start']:.2f} at start"
      f"{'; --quick: tiny workloads, figures not meaningful' if args.quick else ''}")
    p("jimsim: `jimsim run -t T` timed as a whole process (start-up, simulation, writing the HDF5 results file), "
      f"median of {args.repeats}.")
    if numpy:
        p("NumPy: bench/numpy_reference/run.py on one core (OMP/OPENBLAS/MKL_NUM_THREADS=1), median of "
          f"{args.repeats}, each run right after jimsim's of the same size; its simulation "
          "time as it reports it (without start-up and parameter loading), and the whole process; glibc's "
          "allocator keeping freed memory as jimsim's does (GLIBC_TUNABLES=" + ":".join(NUMPY_MALLOC_TUNABLES) + ").")
    p("Family-weeks = families per replicate x horizon weeks x replicates.")
    p("")
    p(f"{'':24}{'workload':>22}{'wall s':>10}{'ns/family-week':>16}{'fastest':>9}{'peak RSS MB':>13}"
      f"{'CPU/wall':>10}")
    for n in sizes:
        for t in (1, 2):
            j = jimsim[f"{n}/t{t}"]
            p(f"{'jimsim run -t ' + str(t):24}{thousands(n) + ' x ' + str(j['replicates']):>22}"
              f"{j['median_wall_s']:>10.3f}{j['ns_per_family_week']:>16.1f}{j['ns_per_family_week_fastest']:>9.1f}"
              f"{mb(median(j['max_rss_kib'])):>13.1f}"
              f"{j['cores_used']:>10.2f}")
        if str(n) in numpy:
            r = numpy[str(n)]
            work = f"{thousands(n)} x {r['replicates']}"
            p(f"{'NumPy, simulation':24}{work:>22}{median(r['simulation_wall_s']):>10.3f}"
              f"{r['ns_per_family_week']:>16.1f}{'':>9}{mb(r['max_rss_kib']):>13.1f}")
            p(f"{'NumPy, whole process':24}{work:>22}{median(r['process_wall_s']):>10.3f}"
              f"{r['ns_per_family_week_process']:>16.1f}")
    p(f"jimsim: wall s and ns/family-week are medians of {args.repeats}, 'fastest' the fastest run; CPU/wall is the "
      "cores the process kept busy")
    p("(-t 1 can exceed 1: results are written on the main thread; -t 2 well under 2: other load or serial parts).")
    p("")
    p("ns per family-week (lower is faster; medians), side by side")
    p(f"{'families per replicate':34}" + "".join(f"{thousands(n):>14}" for n in sizes))
    p(f"{'jimsim run -t 1':34}" + "".join(f"{jimsim[f'{n}/t1']['ns_per_family_week']:>14.1f}" for n in sizes))
    p(f"{'jimsim run -t 2':34}" + "".join(f"{jimsim[f'{n}/t2']['ns_per_family_week']:>14.1f}" for n in sizes))
    if numpy:
        p(f"{'NumPy (simulation)':34}" + "".join(f"{numpy[str(n)]['ns_per_family_week']:>14.1f}" for n in sizes))
        p(f"{'NumPy / jimsim -t 1 (goal >= 10)':34}"
          + "".join(f"{comparison[str(n)]['numpy_over_jimsim_1_thread']:>13.1f}x" for n in sizes))
        p(f"{'NumPy / jimsim -t 2 (goal >= 20)':34}"
          + "".join(f"{comparison[str(n)]['numpy_over_jimsim_2_threads']:>13.1f}x" for n in sizes))
        p(f"{'  NumPy whole process / jimsim -t 1':34}"
          + "".join(f"{comparison[str(n)]['numpy_process_over_jimsim_1_thread']:>13.1f}x" for n in sizes))
    p(f"{'speed-up -t 1 -> -t 2':34}" + "".join(f"{comparison[str(n)]['speed_up_2_threads']:>13.2f}x" for n in sizes))
    if numpy:
        p("The ratios are medians over the repeats of the ratio of runs made back to back (not ratios of the "
          "medians above), and use NumPy's own simulation time against jimsim's whole process: they lean towards "
          "NumPy.")
    p("")
    p(f"Share of time spent writing results, 1 thread (jimsim_bench --write-share, median of {args.repeats} "
      "alternated pairs)")
    p(f"{'families x replicates':24}{'with file s':>12}{'without s':>11}{'writing adds':>14}{'share':>8}"
      f"{'fastest':>9}{'in writes':>11}{'file MB':>9}{'run -t 1 s':>12}{'not sim.':>10}")
    for n in sizes:
        s = figures["write_share"][str(n)]
        b = s["bench"]
        p(f"{thousands(n) + ' x ' + str(s['replicates']):24}{b['seconds_with_results']:>12.3f}"
          f"{b['seconds_without_results']:>11.3f}"
          f"{100 * s['writing_adds']:>13.1f}%{100 * s['in_process_share']:>7.1f}%"
          f"{100 * s['in_process_share_fastest']:>8.1f}%{100 * s['write_calls_share']:>10.1f}%{b['file_megabytes']:>9.2f}"
          f"{s['jimsim_run_wall_s']:>12.3f}{100 * s['process_share']:>9.1f}%")
    p("  with file / without: the same plan (seed, replicates, families) in one process, writing the results")
    p("    file as `jimsim run` does (journal, sync every 2 s, commit) or keeping nothing.")
    p("  share = (with - without) / with: the part of a run's wall time that writing its results costs")
    p("    (median over the back-to-back pairs; 'fastest': from the fastest run of each kind). 'writing adds'")
    p("    = with / without - 1. with file s and without s are medians.")
    p("  in writes: main-thread time inside the write calls over the run's time; it overlaps the worker's")
    p("    simulation, so it can exceed the share.")
    p("  not sim. = (jimsim run -t 1 process time, above - without) / process time: what the whole `jimsim run`")
    p("    costs beyond the bare simulation (start-up, reading the scenario, writing results, and anything else")
    p("    the process does differently). Across processes and not alternated, so noisier than the share.")
    if figures["bench_version"] != figures["jimsim_version"]:
        p(f"  WARNING: jimsim_bench ({figures['bench_version']}) and jimsim ({figures['jimsim_version']}) were built "
          "from different sources: 'not sim.' compares different code. Build both from the same tree.")
    p("")
    m = figures["memory"]

    def spread(key):
        values = m["each_kib"][key]
        return "" if len(values) < 2 else f" (runs {mb(min(values)):.1f}-{mb(max(values)):.1f})"

    p("Peak memory (ru_maxrss of the child process; medians of the runs)")
    p(f"  jimsim run -t 1, {m['replicates']} replicates: {thousands(small)} families {mb(m['jimsim_t1_small_kib']):.1f} MB"
      f"{spread('jimsim_t1_small_kib')}, {thousands(large)} families {mb(m['jimsim_t1_large_kib']):.1f} MB"
      f"{spread('jimsim_t1_large_kib')}")
    p(f"    -> {m['jimsim_bytes_per_family']:.0f} bytes per family")
    p(f"  jimsim run -t 2 at {thousands(large)} families {mb(m['jimsim_t2_large_kib']):.1f} MB{spread('jimsim_t2_large_kib')} -> "
      f"{m['jimsim_bytes_per_replicate_in_flight'] / 1e6:.1f} MB per replicate in flight "
      f"({m['jimsim_bytes_per_replicate_in_flight'] / large:.0f} bytes per family of it)")
    if "numpy_bytes_per_family" in m:
        p(f"  NumPy reference, 1 replicate: {thousands(small)} families {mb(m['numpy_small_kib']):.1f} MB, "
          f"{thousands(large)} families {mb(m['numpy_large_kib']):.1f} MB -> "
          f"{m['numpy_bytes_per_family']:.0f} bytes per family")
    p(f"  (a child's ru_maxrss counts this driver's resident memory at the fork, {mb(m['driver_floor_kib']):.1f} MB "
      "at most: figures at that floor are not the child's own)")
    if "scale" in figures:
        s = figures["scale"]
        p("")
        p("Cost per family-week against families per replicate, jimsim run -t 1 (goal: flat within 1.5x)")
        for n, value in s["ns_per_family_week"].items():
            replicates = 1 if int(n) == s["largest"]["families"] else figures["jimsim_run"][f"{n}/t1"]["replicates"]
            p(f"  {thousands(int(n)):>10} families x {replicates:<5} {value:10.1f} ns per family-week")
        p(f"  peak RSS at {thousands(s['largest']['families'])} families: "
          f"{mb(median(s['largest']['max_rss_kib'])):.1f} MB")
        p(f"  max / min: {s['max_over_min']:.2f}")
    p("")
    p(f"Total time of this benchmark: {figures['driver_wall_s']:.0f} s")
    print("\n".join(out), flush=True)


if __name__ == "__main__":
    sys.exit(main())
