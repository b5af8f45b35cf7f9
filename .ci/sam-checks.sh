#!/usr/bin/env bash
# Checks the SAM template and builds the functions, without Docker and without
# AWS credentials:
#   sam validate --lint   (cfn-lint with the SAM transform, offline)
#   cfn-lint template.yaml
#   sam build             (each function's Makefile runs the root Maven build)
#
# Usage: .ci/sam-checks.sh [VENV_DIR]
# VENV_DIR (default: $HOME/.cache/devbox/sam-venv) is a Python virtualenv kept
# outside the repository. It is created, or brought to the pinned versions, when
# needed; a venv that already has them is reused as it is.
set -euo pipefail

SAM_CLI_VERSION=1.170.0
CFN_LINT_VERSION=1.58.0

venv=${1:-"${HOME}/.cache/devbox/sam-venv"}
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

case "$(cd "$(dirname "$venv")" 2>/dev/null && pwd)/" in
  "$repo"/*) echo "sam-checks: keep the venv outside the repository (got $venv)" >&2; exit 2 ;;
esac

wanted="aws-sam-cli==${SAM_CLI_VERSION} cfn-lint==${CFN_LINT_VERSION}"
stamp="$venv/.devbox-sam-checks"
if [ ! -x "$venv/bin/sam" ] || [ ! -x "$venv/bin/cfn-lint" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$wanted" ]; then
  echo "== installing $wanted into $venv"
  python3 -m venv "$venv"
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check \
    "aws-sam-cli==${SAM_CLI_VERSION}" "cfn-lint==${CFN_LINT_VERSION}"
  printf '%s\n' "$wanted" > "$stamp"
fi

# No telemetry; a region only because the tools insist on one (nothing here
# calls AWS).
export SAM_CLI_TELEMETRY=0
export AWS_DEFAULT_REGION="${AWS_DEFAULT_REGION:-us-east-1}"
export PATH="$venv/bin:$PATH"

cd "$repo"
echo "== sam --version: $(sam --version)"
echo "== cfn-lint --version: $(cfn-lint --version)"

echo "== sam validate --lint"
sam validate --lint --template-file template.yaml

echo "== cfn-lint template.yaml"
cfn-lint template.yaml
echo "cfn-lint: no errors, no warnings"

echo "== sam build"
sam build --template-file template.yaml
