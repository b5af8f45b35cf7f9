#!/usr/bin/env bash
# Paired whole-process timings of devbox against the Python CLI it replaces (upstream
# omsf-eco-infra/devbox), BENCHMARKS.md section 5d: each pair runs devbox's command, then
# upstream's, and the ratio devbox/upstream is taken pair by pair.
#   bench/upstream-paired.sh UPSTREAM_CHECKOUT DIST [PROJECTS] [RUNS]
# UPSTREAM_CHECKOUT is a clone of upstream (its last commit is what the figures name); it is
# installed with pip into a virtualenv under ~/.cache/devbox/bench (boto3, click, rich and its
# other dependencies from PyPI). DIST is an installed release (PREFIX/share/devbox/current) or
# launcher-cli/target/devbox; LOCAL_DIST=DIR serves and seeds the stack instead (a release
# archive has no local mode unless its local archive was installed).
# Both CLIs see the same `devbox local` emulator with PROJECTS projects each: devbox's through
# its control plane (2 running, the rest saved with AMIs), upstream's as its Terraform stack
# leaves them (instances tagged Project; 2 running, the rest terminated with a tagged volume and
# a snapshot each). Pairs: `devbox list` / upstream `devbox status`, `devbox status p3` /
# upstream `devbox status p3`, `devbox --version` / upstream `devbox --help`.
set -euo pipefail
upstream=$(cd "$1" && pwd); dist=$(cd "$2" && pwd); serve=$(cd "${LOCAL_DIST:-$2}" && pwd)
projects=${3:-10}; runs=${4:-9}
root=$(cd "$(dirname "$0")/.." && pwd)
commit=$(git -C "$upstream" rev-parse --short=12 HEAD 2>/dev/null || echo unknown)
venv="${XDG_CACHE_HOME:-$HOME/.cache}/devbox/bench/upstream-$commit"
if [ ! -x "$venv/bin/devbox" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q --disable-pip-version-check "$upstream"
fi
work=$(mktemp -d)
trap 'kill "$local_pid" 2>/dev/null || true; wait "$local_pid" 2>/dev/null || true; rm -rf "$work"' EXIT
export DEVBOX_EMULATOR_HOME="${DEVBOX_EMULATOR_HOME:-$root/.emulator}"
# shellcheck source=bench/local-stack.sh
. "$root/bench/local-stack.sh"
start_local_stack "$serve" "$projects" "$work"

# Upstream's world in the same emulator, made with upstream's own boto3.
"$venv/bin/python" - "$projects" <<'PY'
import sys, boto3
n = int(sys.argv[1])
ec2 = boto3.client("ec2")
image = ec2.describe_images(Owners=["amazon"], MaxResults=5)["Images"][0]["ImageId"]
for i in range(1, n + 1):
    tags = [{"ResourceType": t, "Tags": [{"Key": "Project", "Value": f"u{i}"}]} for t in ("instance", "volume")]
    box = ec2.run_instances(ImageId=image, MinCount=1, MaxCount=1, InstanceType="t3.small",
                            TagSpecifications=tags)["Instances"][0]
    if i > 2:
        vol = ec2.create_volume(AvailabilityZone=box["Placement"]["AvailabilityZone"], Size=20,
                                TagSpecifications=[tags[1]])
        ec2.create_snapshot(VolumeId=vol["VolumeId"], TagSpecifications=[
            {"ResourceType": "snapshot", "Tags": [{"Key": "Project", "Value": f"u{i}"}]}])
        ec2.terminate_instances(InstanceIds=[box["InstanceId"]])
PY

printf '| devbox / upstream command | upstream (ms) | devbox (ms) | devbox/upstream, per pair |\n|---|---|---|---|\n'
pair() { # LABEL "DEVBOX ARGS" "UPSTREAM ARGS"
  local a=() b=() mine theirs
  read -ra mine <<<"$2"; read -ra theirs <<<"$3"
  { time_ms "$dist/bin/devbox" "${mine[@]}"; time_ms "$venv/bin/devbox" "${theirs[@]}"; } >/dev/null # warm-up
  for _ in $(seq 1 "$runs"); do
    a+=("$(time_ms "$venv/bin/devbox" "${theirs[@]}")"); b+=("$(time_ms "$dist/bin/devbox" "${mine[@]}")")
  done
  paired_row "$1" "${a[*]}" "${b[*]}"
}
pair "\`devbox list\` / \`status\`" "list" "status"
pair "\`devbox status p3\` / \`status u3\`" "status p3" "status u3"
pair "\`devbox --version\` / \`--help\`" "--version" "--help"
echo "n=$runs pairs per command after one warm-up each; $projects projects each; median (min-max);" \
  "upstream at $commit"
