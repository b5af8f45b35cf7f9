# Sourced by the paired CLI benchmarks: a `devbox local` stack with PROJECTS projects p1..pN, all
# but the first two saved (READY, each with a real AMI), p1 and p2 left running.
#   start_local_stack SERVE_DIST PROJECTS WORK_DIR
# Sets HOME (a fresh one in WORK_DIR), exports the stack's AWS_* variables, and leaves the
# server's pid in local_pid for the caller's trap.
# shellcheck shell=bash
start_local_stack() {
  local serve=$1 projects=$2 work=$3 i
  export HOME="$work/home"
  mkdir -p "$HOME/.ssh" && ssh-keygen -q -t ed25519 -N '' -f "$HOME/.ssh/id_ed25519"
  "$serve/bin/devbox" local --quiet --parameter "MaxRunningBoxesPerOwner=$projects" >"$work/local.out" 2>&1 &
  # shellcheck disable=SC2034 # the caller's trap stops it
  local_pid=$!
  for _ in $(seq 1 300); do grep -q 'devbox local is running' "$work/local.out" && break; sleep 1; done
  grep -q 'devbox local is running' "$work/local.out" || { cat "$work/local.out"; return 1; }
  eval "$(grep '^export ' "$work/local.out")"
  for i in $(seq 1 "$projects"); do
    "$serve/bin/devbox" launch "p$i" --key "$HOME/.ssh/id_ed25519.pub" >"$work/launch.log" 2>&1 \
      || { cat "$work/launch.log"; return 1; }
  done
  for i in $(seq 3 "$projects"); do "$serve/bin/devbox" terminate "p$i" --wait >/dev/null 2>&1; done
}

# Milliseconds one run of a command takes as a whole process (its output thrown away).
time_ms() {
  local t0 t1
  t0=$(date +%s%N)
  "$@" >/dev/null 2>&1 || { echo "failed: $*" >&2; exit 1; }
  t1=$(date +%s%N)
  echo $(( (t1 - t0) / 1000000 ))
}

# One table row: LABEL, then the A and B timings (space-separated), the ratio B/A taken pair by pair.
paired_row() {
  python3 - "$@" <<'PY'
import statistics, sys
label, a, b = sys.argv[1], [int(x) for x in sys.argv[2].split()], [int(x) for x in sys.argv[3].split()]
r = [y / x for x, y in zip(a, b)]
f = lambda v, d=0: f"{statistics.median(v):.{d}f} ({min(v):.{d}f}-{max(v):.{d}f})"
print(f"| {label} | {f(a)} | {f(b)} | {f(r, 2)} |")
PY
}
