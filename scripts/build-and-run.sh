#!/bin/sh
# The README's main command: installs what is missing, builds jimsim (Release), runs every bundled
# scenario with common random numbers and prints the summary. Results go to results.h5.
set -eu
cd "$(dirname "$0")/.."
sh scripts/install-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j "$(nproc)"
build/jimsim run scenarios/*.toml --output results.h5 --replicates 100 --seed 1 --force
