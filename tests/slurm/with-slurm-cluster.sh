#!/bin/bash
# Starts a one-machine Slurm cluster (munged, slurmctld, slurmd) in a temporary folder, runs the
# given command with SLURM_CONF pointing at it, and stops the cluster again, whatever happens.
# For tests on machines without systemd, as root: every daemon runs in the foreground of its own
# background process, with its state, sockets, pid and log files in the folder, and is stopped by
# its process id. Needs Debian's slurm-wlm and munge.
#
#   tests/slurm/with-slurm-cluster.sh sbatch --wait --array=0-2 scripts/slurm/sweep-array.sh s.toml
#
# Exit status: the command's; 77 when Slurm or munge is not installed (a skipped test).
set -euo pipefail

for tool in munged mungekey slurmctld slurmd sinfo sbatch; do
  if ! command -v "$tool" >/dev/null 2>&1 && [ ! -x "/usr/sbin/$tool" ]; then
    echo "with-slurm-cluster: $tool not found (Debian: apt-get install slurm-wlm munge); skipped" >&2
    exit 77
  fi
done
export PATH="$PATH:/usr/sbin"

dir=$(mktemp -d /tmp/jimsim-slurm.XXXXXX)
chmod 0755 "$dir"
pids=()
stop() {
  # slurmd, slurmctld, munged: each given time to save its state.
  for ((i = ${#pids[@]} - 1; i >= 0; i--)); do
    kill -TERM "${pids[$i]}" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "${pids[$i]}" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "${pids[$i]}" 2>/dev/null || true
  done
  rm -rf "$dir"
}
trap stop EXIT

mungekey -c -k "$dir/munge.key" >/dev/null 2>&1
munged -F --key-file "$dir/munge.key" --socket "$dir/munge.socket" --pid-file "$dir/munged.pid" \
  --log-file "$dir/munged.log" --seed-file "$dir/munged.seed" >/dev/null 2>&1 &
pids+=($!)
for _ in $(seq 50); do [ -S "$dir/munge.socket" ] && break; sleep 0.1; done

host=$(hostname -s)
# Ports from the process id, so two clusters on one machine do not meet.
port=$((20000 + ($$ % 5000) * 2))
node=$(slurmd -C | head -n 1)
mkdir -p "$dir/state" "$dir/spool"
cat >"$dir/slurm.conf" <<CONF
ClusterName=jimsim-test
SlurmctldHost=$host
SlurmUser=root
SlurmctldPort=$port
SlurmdPort=$((port + 1))
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$dir/munge.socket
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
MpiDefault=none
SchedulerParameters=batch_sched_delay=0
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/slurmctld.log
SlurmdLogFile=$dir/slurmd.log
$node
PartitionName=test Nodes=ALL Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF="$dir/slurm.conf"
slurmctld -D >/dev/null 2>&1 &
pids+=($!)
slurmd -D >/dev/null 2>&1 &
slurmd_pid=$!
pids+=($slurmd_pid)
# slurmd ends at once where it cannot run: then the job would wait for a node forever.
slurmd_gone() {
  kill -0 "$slurmd_pid" 2>/dev/null && return 1
  if grep -q "No filesystem mounted on /sys/fs/cgroup" "$dir/slurmd.log" 2>/dev/null; then
    echo "with-slurm-cluster: slurmd cannot run on this machine (no cgroup filesystem at /sys/fs/cgroup)" >&2
    exit 77
  fi
  echo "with-slurm-cluster: slurmd stopped; its log:" >&2
  tail -n 20 "$dir/slurmd.log" >&2 || true
  exit 1
}
for i in $(seq 100); do
  slurmd_gone || true
  state=$(sinfo -h -o %T 2>/dev/null || true)
  [ "$state" = "idle" ] && break
  if [ "$i" = 100 ]; then
    echo "with-slurm-cluster: the node did not become idle (state '$state'); slurmctld log:" >&2
    tail -n 20 "$dir/slurmctld.log" >&2 || true
    exit 1
  fi
  sleep 0.1
done
sleep 0.5
slurmd_gone || true

# Bounded, so a cluster that stops working fails the test instead of hanging it.
timeout 600 "$@"
