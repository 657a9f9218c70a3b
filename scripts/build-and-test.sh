#!/bin/sh
# The README's test command (and CI's): installs what is missing, builds with warnings as errors
# under AddressSanitizer and UndefinedBehaviorSanitizer, and runs the whole test suite.
set -eu
cd "$(dirname "$0")/.."
sh scripts/install-deps.sh
cmake -S . -B build-test -DCMAKE_BUILD_TYPE=RelWithDebInfo -DJIMSIM_WARNINGS_AS_ERRORS=ON -DJIMSIM_SANITIZERS=ON >/dev/null
cmake --build build-test -j "$(nproc)"
ctest --test-dir build-test --output-on-failure -j "$(nproc)"
