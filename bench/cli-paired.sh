#!/usr/bin/env bash
# Paired whole-process timings of two devbox CLI distributions against one local stack
# (BENCHMARKS.md section 5b): `devbox list` and `devbox status` with N projects, the two
# distributions alternated run by run (A B A B ...), the ratio B/A taken pair by pair.
#   bench/cli-paired.sh OLD_DIST NEW_DIST [PROJECTS] [RUNS]
# A DIST is a built distribution (launcher-cli/target/devbox after `./mvnw -pl launcher-cli -am
# package -DskipTests`; copy it aside before building the other). The local stack is served by
# NEW_DIST's `devbox local`; PROJECTS (default 10) projects are launched with NEW_DIST, all but
# two saved (READY, each with a real AMI), two left running (LOCAL_DIST=DIR serves and seeds it
# instead: a release archive has no local mode of its own). Needs what `devbox local` needs.
set -euo pipefail
old=$(cd "$1" && pwd); new=$(cd "$2" && pwd); serve=$(cd "${LOCAL_DIST:-$2}" && pwd)
projects=${3:-10}; runs=${4:-9}
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'kill "$local_pid" 2>/dev/null || true; wait "$local_pid" 2>/dev/null || true; rm -rf "$work"' EXIT
export HOME="$work/home" DEVBOX_EMULATOR_HOME="${DEVBOX_EMULATOR_HOME:-$root/.emulator}"
mkdir -p "$HOME/.ssh" && ssh-keygen -q -t ed25519 -N '' -f "$HOME/.ssh/id_ed25519"

"$serve/bin/devbox" local --quiet --parameter "MaxRunningBoxesPerOwner=$projects" >"$work/local.out" 2>&1 &
local_pid=$!
for _ in $(seq 1 300); do grep -q 'devbox local is running' "$work/local.out" && break; sleep 1; done
grep -q 'devbox local is running' "$work/local.out" || { cat "$work/local.out"; exit 1; }
eval "$(grep '^export ' "$work/local.out")"

for i in $(seq 1 "$projects"); do "$serve/bin/devbox" launch "p$i" --key "$HOME/.ssh/id_ed25519.pub" >"$work/launch.log" 2>&1 || { cat "$work/launch.log"; exit 1; }; done
for i in $(seq 3 "$projects"); do "$serve/bin/devbox" terminate "p$i" --wait >/dev/null 2>&1; done

# one warm-up of each (the launcher writes its class-data archive on the first run)
time_ms() { local t0 t1; t0=$(date +%s%N); "$@" >/dev/null 2>&1 || { echo "failed: $*" >&2; exit 1; }; t1=$(date +%s%N); echo $(( (t1 - t0) / 1000000 )); }
printf '| command | %s (ms) | %s (ms) | new/old, per pair |\n|---|---|---|---|\n' "old" "new"
for cmd in "--version" "list" "status p3" "status p1"; do
  read -ra args <<<"$cmd"
  { time_ms "$old/bin/devbox" "${args[@]}"; time_ms "$new/bin/devbox" "${args[@]}"; } >/dev/null
  a=(); b=()
  for _ in $(seq 1 "$runs"); do
    a+=("$(time_ms "$old/bin/devbox" "${args[@]}")"); b+=("$(time_ms "$new/bin/devbox" "${args[@]}")")
  done
  python3 - "$cmd" "${a[*]}" "${b[*]}" <<'EOF'
import statistics, sys
cmd, a, b = sys.argv[1], [int(x) for x in sys.argv[2].split()], [int(x) for x in sys.argv[3].split()]
r = [y / x for x, y in zip(a, b)]
f = lambda v, d=0: f"{statistics.median(v):.{d}f} ({min(v):.{d}f}-{max(v):.{d}f})"
print(f"| `devbox {cmd}` | {f(a)} | {f(b)} | {f(r, 2)} |")
EOF
done
echo "n=$runs pairs per command after one warm-up each; $projects projects (2 running); median (min-max)"
# Classes each loads for `list` (one run each, the launcher's JVM options plus a class-load log).
for dist in old new; do
  dir=$old; [ "$dist" = new ] && dir=$new
  DEVBOX_JAVA_OPTS="-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xlog:class+load=info:file=$work/classes-$dist.txt" \
    "$dir/bin/devbox" list >/dev/null 2>&1
  echo "$dist: devbox list loads $(grep -c 'class,load' "$work/classes-$dist.txt") classes," \
    "$(grep 'class,load' "$work/classes-$dist.txt" | grep -c 'software.amazon.awssdk.services') of them AWS service clients' (ec2, dynamodb, ...)"
done
