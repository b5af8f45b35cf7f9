#!/usr/bin/env bash
# Runs every devbox benchmark (issue 5) and writes bench/results/*.md, then
# bench/results/ALL.md (all of them, in order). BENCHMARKS.md quotes a recorded run.
#   bench/run.sh            full run (about 15-25 minutes on 2 cores)
#   bench/run.sh --smoke    the short version CI runs (bench/smoke.sh)
#   bench/run.sh [--smoke] [cold|size|pipeline|burst|cli ...]   only some
# Needs what the tests need: JDK 17+, Python 3 with venv (the emulator installs itself on first use).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

smoke=false
only=()
for arg in "$@"; do
  case "$arg" in
    --smoke) smoke=true ;;
    cold|size|pipeline|burst|cli) only+=("$arg") ;;
    *) echo "usage: bench/run.sh [--smoke] [cold|size|pipeline|burst|cli ...]" >&2; exit 2 ;;
  esac
done
[ ${#only[@]} -eq 0 ] && only=(cold size pipeline burst cli)

start=$(date +%s)
echo "bench: building the functions' lambda/lib, the CLI distribution and the bench module..." >&2
# install (not just package): bench/pom.xml is outside the reactor and resolves the modules from the local repository.
./mvnw -q -B -ntp -pl snapshot-fn,ami-fn,cleanup-fn,launcher-cli -am install -DskipTests
./mvnw -q -B -ntp -f bench/pom.xml package -DskipTests

results="$root/bench/results"
$smoke && results="$root/bench/target/smoke-results"
mkdir -p "$results"
cp="$root/bench/target/classes:$(cat "$root/bench/target/classpath.txt")"
emulator_home="${DEVBOX_EMULATOR_HOME:-$root/.emulator}"

bench() {
  local main=$1
  shift
  echo "bench: $main" >&2
  # A generous heap for the burst (DynamoDB Local runs in this JVM); serial GC keeps the 2-core machine quiet.
  java -Xmx2g -XX:+UseSerialGC -cp "$cp" \
    -Ddevbox.emulator.home="$emulator_home" -Ddevbox.bench.results="$results" -Ddevbox.bench.smoke="$smoke" \
    "$@" "dev.devbox.bench.$main" "$root"
}

for b in "${only[@]}"; do
  case "$b" in
    cold) bench ColdStartBench ;;
    size) bench ArtifactSize ;;
    pipeline) bench PipelineBench ;;
    burst) bench BurstBench ;;
    cli) bench CliBench ;;
  esac
done

cat "$results"/[0-9]*.md > "$results/ALL.md"
echo "bench: done in $(( $(date +%s) - start )) s; results in ${results#"$root"/}/ (ALL.md has them all)" >&2
