#!/bin/sh
# The README's main command: installs what is missing, builds jimsim (Release), runs every bundled
# at-risk scenario with common random numbers, compares them against care as usual and writes the
# report; then the same for the referred-for-placement pair; then screens the care-side levers
# with the bundled Morris sweep; then calibrates to the bundled synthetic cohort and runs the
# policy pair with the posterior's uncertainty.
# Outputs: results.h5 (with the comparison in /comparison), comparison.csv, report.html;
#          referred.h5, referred-comparison.csv, referred-report.html;
#          screening.h5 (with the analysis in /sensitivity), screening.svg;
#          posterior.h5, calibration-report.html (the calibration to the bundled synthetic cohort),
#          with-uncertainty.h5 (care as usual against JIM, one posterior draw per replicate).
set -eu
cd "$(dirname "$0")/.."
sh scripts/install-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j "$(nproc)"
build/jimsim run scenarios/*.toml --output results.h5 --replicates 100 --seed 1 --force
build/jimsim compare results.h5 --baseline care-as-usual --csv comparison.csv --force
/usr/bin/python3 analysis/report.py results.h5 -o report.html --force
build/jimsim run scenarios/referred/care-as-usual.toml scenarios/referred/jim.toml --output referred.h5 \
  --replicates 100 --seed 1 --force
build/jimsim compare referred.h5 --baseline referred-care-as-usual --csv referred-comparison.csv --force
/usr/bin/python3 analysis/report.py referred.h5 -o referred-report.html --force
build/jimsim sweep scenarios/sweeps/caseload-and-mentor-support-morris.toml --output screening.h5 --force
build/jimsim sensitivity screening.h5 --plot screening.svg --force
build/jimsim calibrate scenarios/calibration/jim-mentor-search.toml --cohort scenarios/calibration/synthetic-cohort.csv \
  --output posterior.h5 --force
/usr/bin/python3 analysis/calibration_report.py posterior.h5 -o calibration-report.html --force
build/jimsim run scenarios/care-as-usual.toml scenarios/jim.toml --posterior posterior.h5 --output with-uncertainty.h5 \
  --replicates 100 --seed 1 --force
build/jimsim compare with-uncertainty.h5 --baseline care-as-usual --no-store
echo "Reports written to report.html and referred-report.html; the screening's chart to screening.svg;"
echo "the calibration's report to calibration-report.html"
