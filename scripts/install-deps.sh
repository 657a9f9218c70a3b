#!/bin/sh
# Installs the Debian 12 packages jimsim needs to build, test and report, skipping what is
# already installed. Run as root or with sudo available.
set -eu

packages="build-essential cmake git pkg-config
libeigen3-dev libboost-random-dev libhdf5-dev libdeflate-dev zlib1g-dev libcli11-dev catch2 libtomlplusplus-dev libfmt-dev
python3 python3-numpy python3-h5py python3-matplotlib python3-scipy python3-pandas
python3-xarray python3-h5netcdf r-cran-hdf5r python3-plotly chromium python3-selenium chromium-driver
libopenmpi-dev openmpi-bin slurm-wlm munge"

missing=""
for p in $packages; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed"; then
    missing="$missing $p"
  fi
done

if [ -z "$missing" ]; then
  echo "install-deps: all packages present"
  exit 0
fi

if [ "$(id -u)" -eq 0 ]; then sudo=""; else sudo="sudo"; fi
echo "install-deps: installing$missing"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
# shellcheck disable=SC2086
$sudo apt-get install -y -qq --no-install-recommends $missing >/dev/null
