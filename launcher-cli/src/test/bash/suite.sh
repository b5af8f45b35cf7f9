# shellcheck shell=bash
# What the box scripts' bash suites share (idle_test.sh, spot_watch_test.sh,
# last_session_test.sh, first_boot_test.sh): assertions and the runner. A suite
# defines setup, teardown, fail (which shows its own sandbox's files) and its
# test_* functions, sources this file last and calls main "$@".

assert_eq() { [[ $1 == "$2" ]] || fail "${3:-values differ}: expected [$1], got [$2]"; }
assert_contains() { [[ $2 == *"$1"* ]] || fail "${3:-missing text}: [$1] not in [$2]"; }
assert_not_contains() { [[ $2 != *"$1"* ]] || fail "${3:-unexpected text}: [$1] in [$2]"; }

all_tests() { declare -F | awk '{print $3}' | grep '^test_' | sed 's/^test_//'; }

# One test in this process, at top level: a failed assertion ends it (set -e
# is ignored inside `if`/`||` contexts, hence a process per test). The trap
# comes first, so a setup that fails halfway is cleaned up too.
run_in_this_process() {
  declare -F "test_$1" >/dev/null || { echo "no such test: $1" >&2; exit 2; }
  trap teardown EXIT
  setup
  "test_$1"
}

#   SUITE            run every test, print "N passed, N failed"
#   SUITE --list     print the test names
#   SUITE NAME...    run the named tests
main() {
  case ${1:-} in
    --list) all_tests; return 0 ;;
    --one) run_in_this_process "$2"; return 0 ;;
  esac
  local -a names
  if [[ $# -gt 0 ]]; then names=("$@"); else mapfile -t names < <(all_tests); fi
  local name passed=0 failed=0
  for name in "${names[@]}"; do
    if bash "$0" --one "$name"; then
      passed=$((passed + 1))
      echo "ok   $name"
    else
      failed=$((failed + 1))
      echo "FAIL $name"
    fi
  done
  echo "$passed passed, $failed failed"
  [[ $failed -eq 0 ]]
}
