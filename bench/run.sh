#!/usr/bin/env bash
# Runs every devbox benchmark (issue 5) and writes bench/results/*.md, then
# bench/results/ALL.md (all of them, in order). BENCHMARKS.md quotes a recorded run.
#   bench/run.sh            full run (about 15-25 minutes on 2 cores)
#   bench/run.sh --smoke    the short version CI runs (bench/smoke.sh)
#   bench/run.sh [--smoke] [cold|size|pipeline|burst|cli|control ...]   only some
# Needs what the tests need: JDK 17+, Python 3 with venv (the emulator installs itself on first use).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

smoke=false
only=()
for arg in "$@"; do
  case "$arg" in
    --smoke) smoke=true ;;
    cold|size|pipeline|burst|cli|control) only+=("$arg") ;;
    *) echo "usage: bench/run.sh [--smoke] [cold|size|pipeline|burst|cli|control ...]" >&2; exit 2 ;;
  esac
done
[ ${#only[@]} -eq 0 ] && only=(cold size pipeline burst cli control)

start=$(date +%s)
results="$root/bench/results"
emulator_home="${DEVBOX_EMULATOR_HOME:-$root/.emulator}"
if $smoke; then
  # CI has just built everything (./mvnw verify packages each function's lambda/lib; ./devbox demo the CLI
  # distribution), so the smoke run compiles the bench against the distribution's jars (they hold shared,
  # emulator, the functions and the SDK) instead of a second Maven build; it builds only what is missing.
  results="$root/bench/target/smoke-results"
  if [ ! -d launcher-cli/target/devbox/lib ] || [ ! -d snapshot-fn/target/lambda/lib ] \
      || [ ! -d ami-fn/target/lambda/lib ] || [ ! -d cleanup-fn/target/lambda/lib ] \
      || [ ! -d control-fn/target/lambda/lib ]; then
    echo "bench: building the functions' lambda/lib and the CLI distribution..." >&2
    ./mvnw -q -B -ntp -pl snapshot-fn,ami-fn,cleanup-fn,control-fn,launcher-cli -am package -DskipTests
  fi
  classes="$root/bench/target/smoke-classes"
  rm -rf "$classes" && mkdir -p "$classes"
  find bench/src/main/java -name '*.java' > "$root/bench/target/smoke-sources.txt"
  javac -nowarn -d "$classes" -cp "$root/launcher-cli/target/devbox/lib/*:$root/launcher-cli/target/devbox/lib/local/*" @"$root/bench/target/smoke-sources.txt"
  cp="$classes:$root/launcher-cli/target/devbox/lib/*:$root/launcher-cli/target/devbox/lib/local/*"
else
  echo "bench: building the functions' lambda/lib, the CLI distribution and the bench module..." >&2
  # install (not just package): bench/pom.xml is outside the reactor and resolves the modules from the local repository.
  ./mvnw -q -B -ntp -pl snapshot-fn,ami-fn,cleanup-fn,control-fn,launcher-cli -am install -DskipTests
  ./mvnw -q -B -ntp -f bench/pom.xml package -DskipTests
  classes="$root/bench/target/classes"
  cp="$classes:$(cat "$root/bench/target/classpath.txt")"
fi
mkdir -p "$results"
echo "bench: built in $(( $(date +%s) - start )) s" >&2

bench() {
  local main=$1
  shift
  local t0
  t0=$(date +%s)
  echo "bench: $main" >&2
  # A generous heap for the burst (DynamoDB Local runs in this JVM); serial GC keeps the 2-core machine quiet.
  java -Xmx2g -XX:+UseSerialGC -cp "$cp" \
    -Ddevbox.emulator.home="$emulator_home" -Ddevbox.bench.results="$results" -Ddevbox.bench.smoke="$smoke" \
    -Ddevbox.bench.classes="$classes" "$@" "dev.devbox.bench.$main" "$root"
  echo "bench: $main took $(( $(date +%s) - t0 )) s" >&2
}

for b in "${only[@]}"; do
  case "$b" in
    cold) bench ColdStartBench ;;
    size) bench ArtifactSize ;;
    pipeline) bench PipelineBench ;;
    burst) bench BurstBench ;;
    cli) bench CliBench ;;
    control) bench ControlPlaneBench ;;
  esac
done

cat "$results"/[0-9]*.md > "$results/ALL.md"
echo "bench: done in $(( $(date +%s) - start )) s; results in ${results#"$root"/}/ (ALL.md has them all)" >&2
