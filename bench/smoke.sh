#!/usr/bin/env bash
# The benchmarks' short version, for CI: every benchmark runs once with tiny sizes (1 cold start
# per function, a 2-volume cycle, 200 extra projects, a 5-box burst, each CLI command once, no AppCDS dump), so
# they cannot rot. Checks what the full run checks (handlers do their work, per-event calls do not
# grow with the table, the burst ends READY with no failure) but records no figures worth quoting.
# Results go to bench/target/smoke-results/.
set -euo pipefail
exec "$(cd "$(dirname "$0")" && pwd)/run.sh" --smoke "$@"
