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
export DEVBOX_EMULATOR_HOME="${DEVBOX_EMULATOR_HOME:-$root/.emulator}"
# shellcheck source=bench/local-stack.sh
. "$root/bench/local-stack.sh"
start_local_stack "$serve" "$projects" "$work"

printf '| command | %s (ms) | %s (ms) | new/old, per pair |\n|---|---|---|---|\n' "old" "new"
# one warm-up of each (the launcher writes its class-data archive on the first run)
for cmd in "--version" "list" "status p3" "status p1"; do
  read -ra args <<<"$cmd"
  { time_ms "$old/bin/devbox" "${args[@]}"; time_ms "$new/bin/devbox" "${args[@]}"; } >/dev/null
  a=(); b=()
  for _ in $(seq 1 "$runs"); do
    a+=("$(time_ms "$old/bin/devbox" "${args[@]}")"); b+=("$(time_ms "$new/bin/devbox" "${args[@]}")")
  done
  paired_row "\`devbox $cmd\`" "${a[*]}" "${b[*]}"
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
