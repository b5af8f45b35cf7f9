#!/usr/bin/env bash
# Lambda init of each devbox function (JVM start to handler constructed, Lambda's JVM flags, no
# SnapStart) paired with upstream's Python handler init (interpreter start to module imported and
# handler found), and the same handlers on the untrimmed lib: BENCHMARKS.md section 1c.
#   bench/lambda-init-paired.sh UPSTREAM_CHECKOUT [RUNS] [PHASE_RUNS]
# UPSTREAM_CHECKOUT is a clone of upstream (omsf-eco-infra/devbox); it is installed with pip into a
# virtualenv under ~/.cache/devbox/bench, as bench/upstream-paired.sh does (the same one is reused).
# Builds the functions' target/lambda/lib (trimmed) and target/lambda-full/lib when missing.
# Prints a Markdown report (the pairs, a check that no init reaches the network, class counts,
# phases); progress goes to stderr. Needs JDK 17+, python3, and strace for the network check.
set -euo pipefail
upstream=$(cd "$1" && pwd); runs=${2:-9}; phase_runs=${3:-5}
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
commit=$(git -C "$upstream" rev-parse --short=12 HEAD 2>/dev/null || echo unknown)
venv="${XDG_CACHE_HOME:-$HOME/.cache}/devbox/bench/upstream-$commit"
if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c 'import boto3, devbox' 2>/dev/null; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q --disable-pip-version-check "$upstream"
fi
modules=(snapshot-fn ami-fn cleanup-fn control-fn)
for m in "${modules[@]}"; do
  if [ ! -d "$m/target/lambda/lib" ] || [ ! -d "$m/target/lambda-full/lib" ]; then
    echo "bench: building the functions' lambda/lib and lambda-full/lib..." >&2
    ./mvnw -q -B -ntp -pl snapshot-fn,ami-fn,cleanup-fn,control-fn -am package -DskipTests
    break
  fi
done
java=${JAVA_HOME:+$JAVA_HOME/bin/}java
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# The children need only the SDK's public API; control-fn's untrimmed lib has all of it.
javac -nowarn -d "$work/classes" -cp "control-fn/target/lambda-full/lib/*" \
  bench/src/main/java/dev/devbox/bench/child/HandlerInitChild.java \
  bench/src/main/java/dev/devbox/bench/child/HandlerInitPhases.java
# a jar, not a directory: an AppCDS archive accepts only jars on the class path
jar cf "$work/children.jar" -C "$work/classes" .

echo "## 1c. Lambda init against the upstream Python handler"
echo
echo "Run $(date -u +%Y-%m-%dT%H:%M:%SZ) at devbox $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- . 2>/dev/null || echo ' (with uncommitted changes)'),"\
  "upstream at $commit; $(nproc) cores; load before: $(uptime | sed 's/.*load average: //')."
echo "devbox: \`$("$java" -version 2>&1 | head -1)\` with JAVA_TOOL_OPTIONS=\"-XX:+TieredCompilation -XX:TieredStopAtLevel=1\""\
  "and -XX:+UseSerialGC -Xshare:auto; upstream: $("$venv/bin/python" -V), boto3 $("$venv/bin/python" -c 'import boto3; print(boto3.__version__)')."
echo
python3 bench/lambda-init-pairs.py --root "$root" --lambdas "$upstream/lambdas" --python "$venv/bin/python" \
  --java "$java" --children "$work/children.jar" --work "$work" --runs "$runs" --phase-runs "$phase_runs"
echo
echo "Load after: $(uptime | sed 's/.*load average: //')."
