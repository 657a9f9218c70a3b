"""The runs bench/versus_numpy.py times: jimsim, jimsim_bench and the NumPy reference as child
processes, each with its wall time, CPU time and peak memory (`Child`, `Bench`), and the small
helpers the measuring and the report share.
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
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
