"""Coverage of calibrations' 90% credible intervals: reads posterior files (h5py only, no jimsim
code) and the true parameter values (a full scenario as `jimsim params --format toml` writes it),
and prints, per free parameter, how many intervals hold the truth, with the simulations used.

    /usr/bin/python3 scripts/calibration_coverage.py TRUTH.toml POSTERIOR.h5 ...
"""
import math
import sys
import tomllib

import h5py
import numpy as np


def text(values):
    return [v.decode() if isinstance(v, bytes) else str(v) for v in values]


def main():
    if len(sys.argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    with open(sys.argv[1], "rb") as f:
        truth = tomllib.load(f)
    hits, totals, widths, simulations = {}, {}, {}, []
    for name in sys.argv[2:]:
        with h5py.File(name, "r") as f:
            post = f["posterior"]
            for key, lo, hi, plo, phi in zip(text(post["parameter"][()]), post["lower_90"][()], post["upper_90"][()],
                                             post["prior_lower_90"][()], post["prior_upper_90"][()]):
                group, parameter = key.split(".", 1)
                value = float(truth[group][parameter])
                hits[key] = hits.get(key, 0) + (lo <= value <= hi)
                totals[key] = totals.get(key, 0) + 1
                widths.setdefault(key, []).append((hi - lo) / (phi - plo))
            simulations.append(int(f.attrs["simulations"]))
    print(f"{len(sys.argv) - 2} calibrations; simulations each: median {int(np.median(simulations))}, "
          f"range {min(simulations)}-{max(simulations)}")
    print(f"{'parameter':40s} {'coverage of 90% intervals':>26s} {'width / prior width':>20s}")
    all_hits = all_totals = 0
    for key in hits:
        n, k = totals[key], hits[key]
        all_hits, all_totals = all_hits + k, all_totals + n
        print(f"{key:40s} {f'{k}/{n} = {100 * k / n:.0f}%':>26s} {np.median(widths[key]):20.2f}")
    share = all_hits / all_totals
    half = 1.96 * math.sqrt(share * (1 - share) / all_totals)
    print(f"{'all parameters':40s} {f'{all_hits}/{all_totals} = {100 * share:.1f}% (+-{100 * half:.1f})':>26s}")
    verdict = "within" if 0.85 <= share <= 0.95 else "OUTSIDE"
    print(f"Coverage is {verdict} the 85-95% a calibrated 90% interval should have.")
    return 0 if 0.85 <= share <= 0.95 else 1


if __name__ == "__main__":
    sys.exit(main())
