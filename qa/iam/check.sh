#!/usr/bin/env bash
# Judges the AWS calls the integration tests recorded (shared/target/iam-calls/calls.jsonl)
# against template.yaml's IAM policies, and the attacks in must-deny.json, with an IAM policy
# simulator run by Node (docs/iam.md). Run by `./mvnw verify` after the shared integration tests.
#   qa/iam/check.sh [CALLS.jsonl]
# Without Node 18+ it skips with one line; DEVBOX_IAM_CHECK=required (CI) makes that a failure.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
calls="${1:-$repo/shared/target/iam-calls/calls.jsonl}"

skip() {
  if [ "${DEVBOX_IAM_CHECK:-}" = required ]; then
    echo "iam: cannot check the IAM policies: $1" >&2
    exit 1
  fi
  echo "iam: SKIPPED, $1"
  exit 0
}

command -v node >/dev/null || skip "Node.js 18+ is not installed (the IAM policy simulator runs on it)"
major=$(node -p 'process.versions.node.split(".")[0]')
[ "$major" -ge 18 ] || skip "Node.js $major is too old; the IAM policy simulator needs 18+"
[ -s "$calls" ] || skip "no recorded calls at $calls (run the shared integration tests first)"
if [ ! -d "$here/node_modules/@cloud-copilot/iam-simulate" ]; then
  command -v npm >/dev/null || skip "npm is not installed (needed once, to install the simulator)"
  (cd "$here" && npm ci --no-audit --no-fund --loglevel=error >/dev/null) \
    || skip "npm ci failed in qa/iam (is the npm registry reachable?)"
fi
exec node "$here/evaluate.mjs" "$repo/template.yaml" "$calls"
