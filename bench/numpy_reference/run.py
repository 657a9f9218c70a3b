#!/usr/bin/python3
"""Runs the NumPy reference model on scenario files and writes per-replicate outcome totals.

    /usr/bin/python3 bench/numpy_reference/run.py scenarios/jim.toml [more.toml ...] \
        -r 100 -s 1 --set intake.cohort_size=200 -o reference.npz [--jimsim build/jimsim]

The output (.npz, or .h5 for HDF5) holds, per scenario in the order given, each field of the
/outcomes subgroup "all" of a jimsim results file as an array over replicates, plus the wall time:
  .npz: arrays "<scenario>/<field>" and "<scenario>/wall_time_s", and "scenarios" (the names)
  .h5:  datasets /outcomes/<scenario>/<field>, attribute wall_time_s on each scenario's group
The parameter defaults come from `jimsim params --format toml` (--jimsim, else $JIMSIM, else the
repository's build/jimsim), so the declarations stay in sim/parameters.hpp only.
"""

from __future__ import annotations

import argparse
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import numpy as np  # noqa: E402

from numpy_reference import outcomes, parameters  # noqa: E402
from numpy_reference.model import simulate  # noqa: E402


def run_scenario(path, jimsim, replicates, seed, overrides):
    """(name, outcome totals per replicate, wall time in seconds, family-weeks simulated)."""
    params = parameters.load(path, jimsim, overrides)
    start = time.perf_counter()
    chunks, family_weeks = [], 0
    for model in simulate(params, replicates, seed):
        chunks.append(outcomes.summarise(model))
        family_weeks += model.R * model.N * model.steps
    totals = {field: np.concatenate([chunk[field] for chunk in chunks]) for field in chunks[0]}
    wall = time.perf_counter() - start
    return parameters.scenario_name(path), totals, wall, family_weeks


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("scenarios", nargs="+", help="scenario files (TOML)")
    parser.add_argument("-r", "--replicates", type=int, default=100)
    parser.add_argument("-s", "--seed", type=int, default=1)
    parser.add_argument("--set", action="append", default=[], metavar="GROUP.NAME=VALUE",
                        help="set a parameter for every scenario (repeatable)")
    parser.add_argument("-o", "--output", default="reference.npz", help="output file, .npz or .h5")
    parser.add_argument("--jimsim", default=parameters.default_jimsim(),
                        help="the jimsim binary whose parameter defaults to use")
    parser.add_argument("-q", "--quiet", action="store_true")
    args = parser.parse_args(argv)
    if not args.jimsim:
        parser.error("no jimsim binary: give --jimsim or set $JIMSIM")
    if args.replicates < 1:
        parser.error("--replicates must be at least 1")

    results = []
    for number, path in enumerate(args.scenarios):
        # Each scenario its own streams, fixed by the seed and its place in the list.
        seed = [args.seed, number]
        name, totals, wall, family_weeks = run_scenario(path, args.jimsim, args.replicates, seed, args.set)
        results.append((name, totals, wall))
        if not args.quiet:
            per_family = {k: float(np.mean(totals[k] / totals["families"])) for k in ("placed", "cost_total")}
            print(f"{name}: {args.replicates} replicates in {wall:.2f} s "
                  f"({wall / family_weeks * 1e9:.1f} ns per family-week); placed {per_family['placed']:.4f}, "
                  f"cost per family {per_family['cost_total']:.0f}")

    if args.output.endswith((".h5", ".hdf5")):
        import h5py
        with h5py.File(args.output, "w") as f:
            for name, totals, wall in results:
                group = f.create_group(f"outcomes/{name}")
                group.attrs["wall_time_s"] = wall
                for field, values in totals.items():
                    group.create_dataset(field, data=values)
    else:
        arrays = {"scenarios": np.array([name for name, _, _ in results])}
        for name, totals, wall in results:
            arrays[f"{name}/wall_time_s"] = np.array(wall)
            arrays.update({f"{name}/{field}": values for field, values in totals.items()})
        np.savez(args.output, **arrays)
    return 0


if __name__ == "__main__":
    sys.exit(main())
