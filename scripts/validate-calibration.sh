#!/bin/sh
# Does the calibration give honest intervals? Makes COHORTS synthetic cohorts from the JIM scenario
# (known parameters: the declared defaults), calibrates the bundled calibration file to each, and
# reports how often each parameter's 90% credible interval holds its true value (it should lie
# between 85% and 95%) and the simulations each calibration used. Too slow for CI (about half a
# minute per cohort on two cores):
#   scripts/validate-calibration.sh [cohorts] [youths] [jimsim] [calibration file]
# (defaults 40, 300, build/jimsim, scenarios/calibration/jim-mentor-search.toml; the truth is always
# the JIM scenario's parameters, so another calibration file must free parameters of it)
set -eu
cd "$(dirname "$0")/.."
cohorts=${1:-40}
youths=${2:-300}
jimsim=${3:-build/jimsim}
calibration=${4:-scenarios/calibration/jim-mentor-search.toml}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$jimsim" params --format toml > "$work/truth.toml"
for seed in $(seq 1 "$cohorts"); do
  "$jimsim" cohort scenarios/jim.toml -n "$youths" -s "$seed" -o "$work/cohort-$seed.csv" > /dev/null
  "$jimsim" calibrate "$calibration" --cohort "$work/cohort-$seed.csv" \
    -o "$work/posterior-$seed.h5" -q
  printf '.' >&2
done
printf '\n' >&2
/usr/bin/python3 scripts/calibration_coverage.py "$work/truth.toml" "$work"/posterior-*.h5
