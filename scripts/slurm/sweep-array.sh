#!/bin/bash
# One task of a Slurm job array runs one share of a sweep (or of a run of scenario files):
#
#   sbatch --array=0-99 scripts/slurm/sweep-array.sh sweep.toml
#   # ... when every task is done:
#   jimsim merge shards/part-*.h5 -o sweep.h5
#
# Task i of n writes shards/part-i.h5 with `--shard i/n`: the units u with u mod n = i. Shards are
# safe to re-run: a task that was killed (walltime, node failure, preemption) and requeued continues
# from its journal (--resume), and a task whose shard is complete does nothing. More arguments are
# passed on to jimsim (e.g. --set group.key=value). Environment:
#   JIMSIM            the jimsim executable (default: jimsim on PATH)
#   JIMSIM_SHARD_DIR  where the shards go (default: shards, created if missing)
#   JIMSIM_COMMAND    sweep (default) or run (then the first argument is a scenario file; give
#                     more scenario files and --replicates after it)
#SBATCH --job-name=jimsim-sweep
#SBATCH --cpus-per-task=1
#SBATCH --output=jimsim-sweep-%A_%a.log
#SBATCH --requeue
set -euo pipefail

if [ $# -lt 1 ]; then
  echo "usage: sbatch --array=0-(N-1) $0 SWEEP.toml [jimsim options]" >&2
  exit 2
fi
if [ -z "${SLURM_ARRAY_TASK_ID:-}" ]; then
  echo "$0: not a task of a job array: submit it with sbatch --array=0-(N-1)" >&2
  exit 2
fi

jimsim=${JIMSIM:-jimsim}
shard_dir=${JIMSIM_SHARD_DIR:-shards}
command=${JIMSIM_COMMAND:-sweep}
# Arrays may start at 1 (--array=1-100): shards are numbered from 0.
index=$((SLURM_ARRAY_TASK_ID - ${SLURM_ARRAY_TASK_MIN:-0}))
count=${SLURM_ARRAY_TASK_COUNT}

mkdir -p "$shard_dir"
exec "$jimsim" "$command" "$@" --shard "$index/$count" --resume -t "${SLURM_CPUS_PER_TASK:-1}" \
  -o "$shard_dir/part-$index.h5"
