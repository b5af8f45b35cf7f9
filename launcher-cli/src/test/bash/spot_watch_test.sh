#!/usr/bin/env bash
# Tests of devbox-spot-watch.sh, under bash, against a fake IMDSv2 on loopback
# (fake_imds.py) and fake wall/sync/runuser/getent/shutdown on PATH.
#
#   spot_watch_test.sh            run every test, print "N passed, N failed"
#   spot_watch_test.sh --list     print the test names
#   spot_watch_test.sh NAME...    run the named tests
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
module=$(cd "$here/../../.." && pwd)
BOX=$module/src/main/resources/dev/devbox/cli/box
SCRIPT=$BOX/devbox-spot-watch.sh
TEMPLATE=$BOX/user-data.sh.tmpl

sb=''      # the current test's sandbox
imds_pid=''
rc=0       # exit code of the last run_watch

# ------------------------------------------------------------- sandbox ------
setup() {
  sb=$(mktemp -d "${TMPDIR:-/tmp}/devbox-spot-test.XXXXXX")
  mkdir -p "$sb/bin" "$sb/imds" "$sb/state" "$sb/run" "$sb/home/ubuntu/.config/devbox"
  python3 "$here/fake_imds.py" "$sb/imds" 2>"$sb/imds.err" &
  imds_pid=$!
  local i
  for ((i = 0; i < 100; i++)); do
    [[ -e $sb/imds/port ]] && break
    sleep 0.05
  done
  [[ -e $sb/imds/port ]] || fail "the fake metadata service did not start"

  fake wall <<EOF
printf '%s\n' "\$*" >>"$sb/wall.log"
EOF
  fake sync <<EOF
echo sync >>"$sb/calls.log"
EOF
  for stop in shutdown poweroff halt reboot; do
    fake "$stop" <<EOF
echo "$stop \$*" >>"$sb/calls.log"
EOF
  done
  fake getent <<EOF
[ "\$1 \$2" = "passwd ubuntu" ] || exit 2
echo "ubuntu:x:1000:1000:Ubuntu:$sb/home/ubuntu:/bin/bash"
EOF
  # runuser -u USER -- CMD...: records the user, runs CMD as ourselves.
  fake runuser <<EOF
[ "\$1" = -u ] && [ "\$3" = -- ] || { echo "fake runuser: unexpected \$*" >&2; exit 96; }
echo "runuser \$2" >>"$sb/calls.log"
shift 3
exec "\$@"
EOF
  fake systemctl <<EOF
printf '%s\n' "\$*" >>"$sb/systemctl.log"
EOF
}

teardown() {
  [[ -n $imds_pid ]] && kill "$imds_pid" 2>/dev/null || true
  [[ -n $sb && -d $sb ]] && rm -rf -- "$sb"
  sb=''
}

fake() {
  { echo '#!/usr/bin/env bash'; cat; } >"$sb/bin/$1"
  chmod +x "$sb/bin/$1"
}

imds_url() { echo "http://127.0.0.1:$(cat "$sb/imds/port")"; }
iso() { date -u -d "@$1" +%Y-%m-%dT%H:%M:%SZ; }
notice_at() { # seconds from now -> a terminate notice for then; prints its ISO time
  local at
  at=$(iso $(($(date -u +%s) + $1)))
  printf '{"action":"terminate","time":"%s"}' "$at" >"$sb/imds/instance-action"
  echo "$at"
}
hook() { # body -> an executable ~/.config/devbox/on-interrupt
  { echo '#!/usr/bin/env bash'; cat; } >"$sb/home/ubuntu/.config/devbox/on-interrupt"
  chmod +x "$sb/home/ubuntu/.config/devbox/on-interrupt"
}

run_watch() { # args -> runs the script; output in out
  rc=0
  env PATH="$sb/bin:$PATH" DEVBOX_IMDS_URL="${IMDS_URL:-$(imds_url)}" DEVBOX_STATE_DIR="$sb/state" \
    DEVBOX_SPOT_RUN_DIR="$sb/run" DEVBOX_SPOT_INTERVAL="${INTERVAL:-0.05}" \
    DEVBOX_SPOT_MAX_POLLS="${MAX_POLLS:-0}" DEVBOX_SPOT_HOOK_MAX_SECONDS="${HOOK_MAX:-90}" \
    DEVBOX_SSH_USER=ubuntu bash "$SCRIPT" "$@" >"$sb/out" 2>&1 || rc=$?
}

# ----------------------------------------------------------- assertions -----
fail() {
  echo "FAIL: $*" >&2
  if [[ -n $sb ]]; then
    for f in out wall.log calls.log imds/requests.log state/ending imds.err; do
      [[ -e $sb/$f ]] && { echo "--- $f" >&2; cat "$sb/$f" >&2; }
    done
  fi
  return 1
}
file_or_empty() { [[ -e $1 ]] && cat "$1" || true; }
requests() { file_or_empty "$sb/imds/requests.log"; }
count() { grep -c -- "$1" "$2" 2>/dev/null || true; }
assert_never_stopped_the_box() {
  local stops
  stops=$(grep -E '^(shutdown|poweroff|halt|reboot)' "$sb/calls.log" 2>/dev/null || true)
  assert_eq "" "$stops" "the watcher leaves the ending to AWS"
}

# ---------------------------------------------------------------- tests -----
test_no_notice_is_two_requests_with_an_imdsv2_token_and_nothing_else() {
  run_watch check
  assert_eq 0 "$rc"
  assert_eq $'PUT /latest/api/token token=- ttl=21600\nGET /latest/meta-data/spot/instance-action token=token-1 ttl=-' "$(requests)"
  assert_contains "no interruption notice" "$(cat "$sb/out")"
  [[ ! -e $sb/wall.log ]] || fail "no wall without a notice"
  [[ ! -e $sb/state/ending ]] || fail "no ending without a notice"
}

test_the_token_is_reused_between_polls() {
  MAX_POLLS=4 run_watch watch
  assert_eq 0 "$rc"
  assert_eq 1 "$(count '^PUT' "$sb/imds/requests.log")" "one token for all polls"
  assert_eq 4 "$(count '^GET' "$sb/imds/requests.log")"
}

test_a_refused_token_is_replaced() {
  # The first token is refused once the service rotates it: a 401, then a new PUT.
  echo token-1 >"$sb/imds/token"
  (sleep 0.3 && echo token-2 >"$sb/imds/token") &
  local later=$!
  INTERVAL=0.1 MAX_POLLS=8 run_watch watch
  wait "$later"
  assert_eq 0 "$rc"
  assert_contains "refused the token" "$(cat "$sb/out")"
  assert_contains "token=token-2" "$(requests)" "polls go on with the new token"
  (($(count '^PUT' "$sb/imds/requests.log") >= 2)) || fail "a new token was asked for"
}

test_notice_warns_records_syncs_and_runs_the_hook_without_stopping_the_box() {
  local at
  at=$(notice_at 120)
  hook <<EOF
echo "hook as \$(id -un) in \$PWD, ends \$1 (\$DEVBOX_INTERRUPTION_TIME), HOME=\$HOME"
echo hook >>"$sb/calls.log"
EOF
  run_watch check
  assert_eq 0 "$rc"
  local wall
  wall=$(cat "$sb/wall.log")
  assert_contains "it ends at $at" "$wall" "wall says when"
  assert_contains "Your files are saved" "$wall" "wall says the work is saved"
  assert_eq "spot-interruption $at" "$(cat "$sb/state/ending")" "the ending, for the next box"
  assert_eq $'sync\nrunuser ubuntu\nhook\nsync' "$(cat "$sb/calls.log")" "sync, the hook as the SSH user, sync"
  assert_contains "on-interrupt: hook as $(id -un) in $sb/home/ubuntu, ends $at ($at), HOME=$sb/home/ubuntu" "$(cat "$sb/out")"
  assert_contains "Spot interruption notice: terminate at $at" "$(cat "$sb/out")"
  assert_never_stopped_the_box
}

test_a_hook_that_hangs_is_stopped_in_time() {
  notice_at 120 >/dev/null
  hook <<'EOF'
sleep 60
EOF
  local start=$SECONDS
  HOOK_MAX=1 run_watch check
  assert_eq 0 "$rc"
  ((SECONDS - start < 20)) || fail "the hook was not cut off: $((SECONDS - start))s"
  assert_contains "did not finish within 1s: stopped" "$(cat "$sb/out")"
  [[ -e $sb/state/ending ]] || fail "the ending is recorded anyway"
}

test_the_hook_gets_the_time_left_before_the_end_minus_a_margin() {
  notice_at 30 >/dev/null # 30 s left, 20 s kept for the last sync: at most 10 s (9 if a second ticks)
  hook <<'EOF'
sleep 60
EOF
  run_watch check
  grep -Eq 'at most (9|10)s\)' "$sb/out" || fail "the hook's budget is the time left minus the margin"
  notice_at 10 >/dev/null
  rm -f "$sb/run/handled"
  run_watch check
  assert_contains "too little time left" "$(cat "$sb/out")"
}

test_a_missing_or_not_executable_hook_is_skipped() {
  notice_at 120 >/dev/null
  run_watch check
  assert_eq 0 "$rc"
  assert_not_contains "runuser" "$(file_or_empty "$sb/calls.log")"
  rm -f "$sb/run/handled"
  printf 'echo hi\n' >"$sb/home/ubuntu/.config/devbox/on-interrupt"
  run_watch check
  assert_contains "is not an executable file: skipped" "$(cat "$sb/out")"
  [[ -e $sb/state/ending ]] || fail "the ending is recorded"
}

test_a_notice_is_handled_once_per_boot() {
  notice_at 120 >/dev/null
  run_watch check
  run_watch watch # the service restarted
  assert_eq 0 "$rc"
  assert_contains "already handled" "$(cat "$sb/out")"
  assert_eq 1 "$(count . "$sb/wall.log")" "one wall"
}

test_watch_acts_on_a_notice_that_comes_later_and_then_stops() {
  (sleep 0.5 && printf '{"action":"terminate","time":"2026-12-07T14:02:00Z"}' >"$sb/imds/instance-action") &
  local later=$!
  INTERVAL=0.1 MAX_POLLS=200 run_watch watch
  wait "$later"
  assert_eq 0 "$rc"
  assert_eq "spot-interruption 2026-12-07T14:02:00Z" "$(cat "$sb/state/ending")"
  local after
  after=$(count '^GET' "$sb/imds/requests.log")
  ((after < 200)) || fail "kept polling after the notice"
  assert_never_stopped_the_box
}

test_an_unreadable_notice_time_means_two_minutes_from_now() {
  printf '{"action":"terminate","time":"soon"}' >"$sb/imds/instance-action"
  local before
  before=$(date -u +%s)
  run_watch check
  assert_contains "unreadable notice time 'soon'" "$(cat "$sb/out")"
  local recorded at
  recorded=$(cat "$sb/state/ending")
  at=$(date -u -d "${recorded#spot-interruption }" +%s)
  ((at >= before + 119 && at <= before + 125)) || fail "expected about two minutes from now: $recorded"
}

test_an_unreachable_metadata_service_is_cheap_and_said_once() {
  local port
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  local start=$SECONDS
  IMDS_URL=http://127.0.0.1:$port MAX_POLLS=3 run_watch watch
  assert_eq 0 "$rc" "a metadata service that does not answer never ends the watcher"
  ((SECONDS - start < 15)) || fail "polls must time out quickly: $((SECONDS - start))s"
  assert_eq 1 "$(count 'no IMDSv2 token' "$sb/out")" "said once, not on every poll"
  [[ ! -e $sb/wall.log ]] || fail "no wall"
}

test_a_bad_interval_is_refused() {
  INTERVAL=fast run_watch watch
  assert_eq 2 "$rc"
  assert_contains "DEVBOX_SPOT_INTERVAL must be seconds" "$(cat "$sb/out")"
}

render_user_data() { # idle -> the template rendered as the CLI does
  local text
  text=$(<"$TEMPLATE")
  text=${text//@IDLE_MINUTES@/"$1"}
  text=${text//@WARN_MINUTES@/10}
  text=${text//@SSH_USER@/ubuntu}
  text=${text//@IDLE_SCRIPT@/"$(<"$BOX/devbox-idle.sh")"}
  text=${text//@SPOT_WATCH_SCRIPT@/"$(<"$SCRIPT")"}
  printf '%s\n' "$text"
}

test_user_data_installs_the_watcher_and_its_service_even_with_idle_off() {
  local idle
  for idle in 60 0; do
    rm -rf "$sb/root" "$sb/systemctl.log"
    render_user_data "$idle" >"$sb/user-data"
    rc=0
    env PATH="$sb/bin:$PATH" DEVBOX_ROOT="$sb/root" bash "$sb/user-data" >"$sb/out" 2>&1 || rc=$?
    assert_eq 0 "$rc" "user data with --idle $idle"
    cmp -s "$SCRIPT" "$sb/root/usr/local/bin/devbox-spot-watch" || fail "installed watcher differs from the resource"
    [[ -x $sb/root/usr/local/bin/devbox-spot-watch ]] || fail "watcher not executable"
    local unit
    unit=$(cat "$sb/root/etc/systemd/system/devbox-spot-watch.service")
    assert_contains "ExecStart=/usr/local/bin/devbox-spot-watch watch" "$unit"
    assert_contains "Environment=DEVBOX_SSH_USER=ubuntu" "$unit"
    assert_contains "Restart=on-failure" "$unit"
    assert_contains "enable --now devbox-spot-watch.service" "$(cat "$sb/systemctl.log")"
  done
}

test_a_watcher_that_does_not_start_leaves_the_idle_timer_installed() {
  fake systemctl <<EOF
printf '%s\n' "\$*" >>"$sb/systemctl.log"
[[ \$* != *devbox-spot-watch* ]]
EOF
  render_user_data 60 >"$sb/user-data"
  rc=0
  env PATH="$sb/bin:$PATH" DEVBOX_ROOT="$sb/root" bash "$sb/user-data" >"$sb/out" 2>&1 || rc=$?
  assert_eq 0 "$rc"
  assert_contains "the Spot interruption watcher did not start" "$(cat "$sb/out")"
  assert_contains "enable --now devbox-idle.timer" "$(cat "$sb/systemctl.log")"
}

test_the_watcher_cannot_break_the_template() {
  ! grep -q '^DEVBOX_SPOT_WATCH_SCRIPT_END$' "$SCRIPT" || fail "the script contains the heredoc delimiter"
  ! grep -q '@[A-Z_]*@' "$SCRIPT" || fail "the script contains a placeholder"
}

# --------------------------------------------------------------- runner -----
# shellcheck source=/dev/null # suite.sh, linted on its own
. "$here/suite.sh"
main "$@"
