#!/usr/bin/env bash
# Tests of devbox-idle.sh and the user-data template, under bash, with faked
# who/loginctl/ps/date/wall/shutdown/systemctl on PATH and a scratch state dir.
#
#   idle_test.sh            run every test, print "N passed, N failed"
#   idle_test.sh --list     print the test names
#   idle_test.sh NAME...    run the named tests
#
# Time is driven by two files: the fake /proc/uptime (the boot clock the
# script measures idleness on) and the fake wall clock that `date +%s` prints.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
module=$(cd "$here/../../.." && pwd)
SCRIPT=${DEVBOX_IDLE_SCRIPT:-$module/src/main/resources/dev/devbox/cli/box/devbox-idle.sh}
TEMPLATE=${DEVBOX_USER_DATA_TEMPLATE:-$module/src/main/resources/dev/devbox/cli/box/user-data.sh.tmpl}
LAST_SESSION=$module/src/main/resources/dev/devbox/cli/box/devbox-last-session.sh
REAL_DATE=$(command -v date)
readonly START_WALL=1795000000 # 2026-11-18T08:26:40Z

sb='' # the current test's sandbox
rc=0  # exit code of the last run_idle

# ------------------------------------------------------------- sandbox ------
setup() {
  sb=$(mktemp -d "${TMPDIR:-/tmp}/devbox-idle-test.XXXXXX")
  mkdir -p "$sb/bin" "$sb/state" "$sb/run" "$sb/proc" "$sb/home/ubuntu" "$sb/loginctl" "$sb/etc"
  echo 11111111-aaaa-4bbb-8ccc-000000000001 >"$sb/proc/boot_id"
  set_uptime 45
  echo "$START_WALL" >"$sb/wall"
  : >"$sb/who.out"
  : >"$sb/loginctl/list"
  base_processes >"$sb/ps.out"

  fake date <<EOF
for arg in "\$@"; do
  case \$arg in -d | -d* | --date*) exec "$REAL_DATE" "\$@" ;; esac
done
if [ "\$*" = "+%s" ]; then cat "$sb/wall"; exit 0; fi
echo "fake date: unexpected call: \$*" >&2
exit 99
EOF
  fake who <<EOF
cat "$sb/who.out"
EOF
  fake ps <<EOF
[ "\$*" = "-eo pid=,ppid=,uid=,tty=,comm=" ] || { echo "fake ps: unexpected args: \$*" >&2; exit 98; }
[ -e "$sb/ps.fail" ] && exit 1
cat "$sb/ps.out"
EOF
  fake loginctl <<EOF
case \$1 in
  list-sessions) cat "$sb/loginctl/list" ;;
  show-session) cat "$sb/loginctl/\$2" ;;
  *) exit 97 ;;
esac
EOF
  fake wall <<EOF
printf '%s\n' "\$*" >>"$sb/wall.log"
EOF
  fake shutdown <<EOF
printf '%s\n' "\$*" >>"$sb/shutdown.log"
EOF
  fake systemctl <<EOF
printf '%s\n' "\$*" >>"$sb/systemctl.log"
EOF
}

teardown() {
  [[ -n $sb && -d $sb ]] && rm -rf -- "$sb"
  sb=''
}

fake() {
  { echo '#!/usr/bin/env bash'; cat; } >"$sb/bin/$1"
  chmod +x "$sb/bin/$1"
}

set_uptime() { echo "$1.37 912.02" >"$sb/proc/uptime"; }
uptime_now() { local up _; read -r up _ <"$sb/proc/uptime"; echo "${up%%.*}"; }
wall_now() { cat "$sb/wall"; }

# Advances both clocks by $1 minutes.
advance() {
  set_uptime $(($(uptime_now) + $1 * 60))
  echo $(($(wall_now) + $1 * 60)) >"$sb/wall"
}

# Steps the wall clock alone (NTP, `date -s`) by $1 seconds.
step_wall() { echo $(($(wall_now) + $1)) >"$sb/wall"; }

# What a fresh Ubuntu box shows with nobody on it.
base_processes() {
  cat <<'EOF'
      1       0     0 ?        systemd
    402       1     0 ?        systemd-journal
    611       1     0 ?        sshd
    640       1     0 ttyS0    agetty
    641       1     0 tty1     agetty
    700       1     0 ?        cron
EOF
}

add_process() { printf '%7s %7s %5s %-8s %s\n' "$@" >>"$sb/ps.out"; }

# An interactive SSH login with a terminal, as sshd, who and logind show it.
ssh_login() {
  echo "ubuntu   pts/0        2026-11-18 08:30 (203.0.113.7)" >"$sb/who.out"
  add_process 900 611 0 '?' sshd
  add_process 950 900 1000 '?' sshd
  add_process 951 950 1000 pts/0 bash
}

logout_all() {
  : >"$sb/who.out"
  base_processes >"$sb/ps.out"
  : >"$sb/loginctl/list"
}

logind_session() { # id state service
  echo "$1 1000 ubuntu - -" >>"$sb/loginctl/list"
  printf 'Class=user\nState=%s\nService=%s\nName=ubuntu\n' "$2" "$3" >"$sb/loginctl/$1"
}

conf() { printf '%s\n' "$@" >"$sb/etc/devbox-idle.conf"; }

run_idle() {
  rc=0
  env PATH="$sb/bin:$PATH" HOME="$sb/home/ubuntu" \
    DEVBOX_IDLE_CONF="$sb/etc/devbox-idle.conf" \
    DEVBOX_IDLE_STATE_DIR="$sb/state" \
    DEVBOX_IDLE_RUN_DIR="$sb/run" \
    DEVBOX_IDLE_UPTIME_FILE="$sb/proc/uptime" \
    DEVBOX_IDLE_BOOT_ID_FILE="$sb/proc/boot_id" \
    DEVBOX_IDLE_HOMES="$sb/root $sb/home/*" \
    DEVBOX_ENDING_FILE="$sb/var/lib/devbox/ending" \
    bash "$SCRIPT" "$@" >"$sb/out" 2>"$sb/err" || rc=$?
}

check() {
  run_idle check
  [[ $rc -eq 0 ]] || fail "check exited $rc: $(cat "$sb/err")"
}

# Lets $1 minutes pass with a check every $2 minutes (default 10; the timer
# checks every minute, but between checks nothing changes) and one at the end.
minutes_pass() {
  local left=$1 step=${2:-10} n
  while ((left > 0)); do
    n=$((left < step ? left : step))
    advance "$n"
    check
    left=$((left - n))
  done
}

iso() { "$REAL_DATE" -u -d "@$1" +%Y-%m-%dT%H:%M:%SZ; }

# ----------------------------------------------------------- assertions -----
fail() {
  echo "FAIL: $*" >&2
  if [[ -n $sb ]]; then
    for f in out err wall.log shutdown.log run/status state/state; do
      [[ -e $sb/$f ]] && { echo "--- $f" >&2; cat "$sb/$f" >&2; }
    done
  fi
  return 1
}
shutdowns() { [[ -e $sb/shutdown.log ]] && wc -l <"$sb/shutdown.log" | tr -d ' ' || echo 0; }
walls() { [[ -e $sb/wall.log ]] && wc -l <"$sb/wall.log" | tr -d ' ' || echo 0; }
assert_running() { [[ $(shutdowns) == 0 ]] || fail "${1:-box should still run} but shutdown was called"; }
assert_shut_down() {
  [[ $(shutdowns) != 0 ]] || fail "${1:-box should have shut down} but shutdown was not called"
  assert_eq "-h now" "$(head -n1 "$sb/shutdown.log")" "shutdown arguments"
}
deadline() { cat "$sb/run/deadline"; }
status_of() { grep "^$1=" "$sb/run/status" | cut -d= -f2- || true; }

# ---------------------------------------------------------------- tests -----
test_first_check_after_boot_gives_a_full_grace_period() {
  check
  assert_eq idle "$(status_of phase)"
  assert_eq "$(iso $((START_WALL + 3600)))" "$(deadline)" "deadline is one idle period after the first check"
  minutes_pass 59
  assert_running "59 minutes after boot"
  minutes_pass 1
  assert_shut_down "60 minutes after the first check"
}

test_deadline_file_is_iso_8601_utc() {
  check
  [[ $(deadline) =~ ^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$ ]] || fail "not ISO-8601 UTC: $(deadline)"
  assert_eq "$(deadline)" "$(status_of deadline)" "status file repeats the deadline"
}

test_ssh_session_keeps_the_box_running_and_countdown_starts_at_logout() {
  ssh_login
  check
  minutes_pass 180
  assert_running "with an SSH session"
  assert_eq active "$(status_of phase)"
  assert_contains "login: ubuntu pts/0" "$(cat "$sb/run/status")"
  assert_eq "$(iso $(($(wall_now) + 3600)))" "$(deadline)" "deadline moves with activity"
  logout_all
  minutes_pass 59
  assert_running "59 minutes after logout"
  minutes_pass 1
  assert_shut_down "60 minutes after logout"
}

test_ssh_without_terminal_counts() {
  # VS Code Remote, `ssh box make`, scp: no utmp entry, no pts.
  add_process 900 611 0 '?' sshd
  add_process 950 900 1000 '?' sshd
  add_process 951 950 1000 '?' node
  check
  minutes_pass 90
  assert_running "with a terminal-less SSH connection"
  assert_contains "ssh connection: pid 950" "$(cat "$sb/run/status")"
}

test_sshd_pre_auth_process_of_system_user_does_not_count() {
  add_process 900 611 0 '?' sshd
  add_process 901 900 105 '?' sshd
  check
  minutes_pass 60
  assert_shut_down "an unauthenticated connection is not a user"
}

test_openssh_sshd_session_process_counts() {
  add_process 900 611 0 '?' sshd-session
  add_process 950 900 1000 '?' sshd-session
  check
  minutes_pass 70
  assert_running "OpenSSH 9.8+ names its per-connection process sshd-session"
}

test_active_logind_session_counts() {
  logind_session 7 active sshd
  check
  minutes_pass 75
  assert_running "with an active logind session"
  assert_contains "session 7: ubuntu via sshd" "$(cat "$sb/run/status")"
}

test_closing_logind_session_left_by_tmux_does_not_count() {
  logind_session 7 closing sshd
  check
  minutes_pass 60
  assert_shut_down "a closing session is a logged-out user"
}

test_detached_tmux_with_a_running_job_does_not_count() {
  add_process 1200 1 1000 '?' 'tmux: server'
  add_process 1201 1200 1000 pts/1 bash
  add_process 1300 1201 1000 pts/1 make
  add_process 1301 1300 1000 pts/1 cc1plus
  add_process 1202 1200 1000 pts/2 bash
  check
  assert_eq idle "$(status_of phase)"
  minutes_pass 60
  assert_shut_down "a detached tmux is not a user"
}

test_detached_tmux_panes_listed_by_who_do_not_count() {
  # Debian's and Ubuntu's tmux (built with utempter) record each pane in utmp,
  # so `who` lists a detached session's panes as logins (seen on a real box).
  printf '%s\n' "ubuntu   pts/1        2026-11-18 08:31 (tmux(1200).%0)" \
    "ubuntu   pts/2        2026-11-18 08:32 (tmux(1200).%1)" >"$sb/who.out"
  add_process 1200 1 1000 '?' 'tmux: server'
  add_process 1201 1200 1000 pts/1 bash
  add_process 1300 1201 1000 pts/1 make
  add_process 1202 1200 1000 pts/2 bash
  check
  assert_eq idle "$(status_of phase)"
  minutes_pass 60
  assert_shut_down "a detached tmux's panes in utmp are not users"
}

test_attached_tmux_counts_the_ssh_login_not_the_pane_login() {
  printf '%s\n' "ubuntu   pts/0        2026-11-18 08:30 (203.0.113.7)" \
    "ubuntu   pts/1        2026-11-18 08:31 (tmux(1200).%0)" >"$sb/who.out"
  add_process 1200 1 1000 '?' 'tmux: server'
  add_process 1201 1200 1000 pts/1 bash
  add_process 951 1 1000 pts/0 bash
  add_process 960 951 1000 pts/0 'tmux: client'
  check
  minutes_pass 70
  assert_running "an attached tmux client is a user"
  assert_contains "login: ubuntu pts/0" "$(cat "$sb/run/status")"
  assert_not_contains "login: ubuntu pts/1" "$(cat "$sb/run/status")"
}

test_a_pane_login_counts_when_ps_fails() {
  # Without the process list nobody can tell a pane from a user: stay up.
  echo "ubuntu   pts/1        2026-11-18 08:31 (tmux(1200).%0)" >"$sb/who.out"
  touch "$sb/ps.fail"
  check
  minutes_pass 70
  assert_running "who's login counts while ps fails"
  assert_contains "login: ubuntu pts/1" "$(cat "$sb/run/status")"
}

test_attached_tmux_client_counts() {
  # No utmp entry (say `ssh -t box tmux attach` with a stale who): the client
  # holds the SSH terminal, outside the multiplexer.
  add_process 1200 1 1000 '?' 'tmux: server'
  add_process 1201 1200 1000 pts/1 bash
  add_process 951 1 1000 pts/0 bash
  add_process 960 951 1000 pts/0 tmux
  check
  minutes_pass 70
  assert_running "an attached tmux client is a user"
  assert_contains "terminal pts/0" "$(cat "$sb/run/status")"
  assert_not_contains "terminal pts/1" "$(cat "$sb/run/status")"
}

test_detached_screen_does_not_count() {
  add_process 1400 1 1000 '?' SCREEN
  add_process 1401 1400 1000 pts/3 bash
  add_process 1402 1401 1000 pts/3 python3
  check
  minutes_pass 60
  assert_shut_down "a detached screen is not a user"
}

test_console_login_counts_but_waiting_getty_does_not() {
  check
  assert_eq idle "$(status_of phase)" "agetty on ttyS0 and tty1 waits for a login"
  add_process 1500 1 0 tty1 login
  add_process 1501 1500 1000 tty1 bash
  check
  assert_eq active "$(status_of phase)"
  assert_contains "terminal tty1: bash (pid 1501)" "$(cat "$sb/run/status")"
}

test_warns_once_ten_minutes_before() {
  check
  minutes_pass 49
  assert_eq 0 "$(walls)" "no warning before the last 10 minutes"
  minutes_pass 1
  assert_eq 1 "$(walls)" "one warning 10 minutes before"
  assert_contains "terminate in about 10 minute(s), at $(iso $((START_WALL + 3600)))" "$(cat "$sb/wall.log")"
  assert_contains "devbox-idle hold" "$(cat "$sb/wall.log")" "says how to keep the box"
  assert_eq warned "$(status_of phase)"
  minutes_pass 9
  assert_eq 1 "$(walls)" "the warning is not repeated"
  assert_running
  minutes_pass 1
  assert_shut_down
}

test_activity_after_the_warning_cancels_it_and_a_later_deadline_warns_again() {
  check
  minutes_pass 52
  assert_eq 1 "$(walls)"
  ssh_login
  minutes_pass 5
  logout_all
  minutes_pass 49
  assert_eq 1 "$(walls)" "new deadline is 60 minutes after the logout"
  minutes_pass 1
  assert_eq 2 "$(walls)" "warned again before the new deadline"
  minutes_pass 10
  assert_shut_down
}

test_idle_and_warning_minutes_come_from_the_config_file() {
  conf '# written by user data' 'IDLE_MINUTES=15' 'WARN_MINUTES=5'
  check
  minutes_pass 9
  assert_eq 0 "$(walls)"
  minutes_pass 1
  assert_eq 1 "$(walls)"
  minutes_pass 5
  assert_shut_down "after 15 minutes"
}

test_warning_longer_than_the_idle_limit_is_clamped() {
  conf IDLE_MINUTES=5 WARN_MINUTES=10
  check
  assert_eq 0 "$(walls)" "no warning at the first check"
  assert_eq 4 "$(status_of warn_minutes)"
}

test_bad_config_values_keep_the_defaults() {
  conf 'IDLE_MINUTES=soon' 'WARN_MINUTES=-3' 'COLOUR=blue'
  check
  assert_contains "IDLE_MINUTES='soon' is not a whole number" "$(cat "$sb/err")"
  assert_contains "unknown setting 'COLOUR'" "$(cat "$sb/err")"
  assert_eq 60 "$(status_of idle_minutes)"
  assert_eq 10 "$(status_of warn_minutes)"
}

test_idle_zero_turns_it_off() {
  check
  conf IDLE_MINUTES=0
  minutes_pass 3000 600
  assert_running "with IDLE_MINUTES=0"
  [[ ! -e $sb/run/deadline ]] || fail "no deadline when disabled"
  assert_eq disabled "$(status_of phase)"
}

test_wall_clock_stepping_back_does_not_move_the_shutdown() {
  check
  minutes_pass 30
  step_wall $((-2 * 86400))
  check
  assert_eq "$(iso $(($(wall_now) + 1800)))" "$(deadline)" "deadline follows the new wall clock"
  minutes_pass 29
  assert_running
  minutes_pass 1
  assert_shut_down "60 minutes of boot clock, whatever the wall clock did"
}

test_wall_clock_jumping_forward_does_not_shut_down_early() {
  check
  minutes_pass 5
  step_wall $((5 * 3600))
  check
  assert_running "after a 5-hour wall clock step"
  assert_eq "$(iso $(($(wall_now) + 3300)))" "$(deadline)"
}

test_missing_state_file_restarts_the_grace_period() {
  check
  minutes_pass 40
  rm -f "$sb/state/state"
  check
  minutes_pass 59
  assert_running "the lost state counts as activity at minute 40"
  minutes_pass 1
  assert_shut_down
}

test_corrupt_state_file_restarts_the_grace_period() {
  check
  minutes_pass 40
  # Never evaluated: the state file is parsed, not sourced.
  # shellcheck disable=SC2016
  printf 'boot_id=$(reboot)\nlast_active=12x\n' >"$sb/state/state"
  check
  assert_contains 'note="state file unreadable, starting over"' "$(cat "$sb/out")"
  minutes_pass 59
  assert_running
  minutes_pass 1
  assert_shut_down
}

test_state_saved_with_the_disks_by_a_previous_box_is_ignored() {
  # The project image holds the previous box's /var/lib/devbox-idle.
  printf 'boot_id=22222222-aaaa-4bbb-8ccc-000000000002\nlast_active=100\nwarned_for=3700\nphase=warned\n' >"$sb/state/state"
  set_uptime 5000
  check
  assert_running "a resumed box starts with a full idle period"
  assert_contains 'note="first check since boot"' "$(cat "$sb/out")"
  assert_eq "$(iso $((START_WALL + 3600)))" "$(deadline)"
}

test_state_ahead_of_the_boot_clock_is_reset() {
  printf 'boot_id=11111111-aaaa-4bbb-8ccc-000000000001\nlast_active=999999\nwarned_for=0\nphase=idle\n' >"$sb/state/state"
  check
  assert_eq "$(iso $((START_WALL + 3600)))" "$(deadline)"
}

test_recent_keepalive_touch_counts_as_activity() {
  check
  minutes_pass 50
  touch -d "@$(wall_now)" "$sb/home/ubuntu/.devbox-keepalive"
  minutes_pass 59
  assert_running "60 minutes from the touch"
  minutes_pass 1
  assert_shut_down
}

test_hold_keeps_the_box_until_the_hold_ends_plus_the_idle_limit() {
  check
  run_idle hold 2h
  assert_eq 0 "$rc"
  assert_contains "held until $(iso $((START_WALL + 7200)))" "$(cat "$sb/out")"
  check
  assert_eq held "$(status_of phase)"
  assert_eq "$(iso $((START_WALL + 7200 + 3600)))" "$(deadline)"
  minutes_pass 179
  assert_running
  minutes_pass 1
  assert_shut_down
}

test_release_cancels_a_hold() {
  check
  run_idle hold 4h
  minutes_pass 10
  run_idle release
  assert_eq 0 "$rc"
  [[ ! -e $sb/home/ubuntu/.devbox-keepalive ]] || fail "release removes the keepalive file"
  minutes_pass 49
  assert_running
  minutes_pass 1
  assert_shut_down "idle limit counted from boot again"
}

test_hold_rejects_bad_and_too_long_durations() {
  run_idle hold soon
  assert_eq 2 "$rc"
  run_idle hold 8d
  assert_eq 2 "$rc"
  assert_contains "at most 7 days" "$(cat "$sb/err")"
  run_idle hold 90
  assert_eq 0 "$rc"
  assert_contains "held until $(iso $((START_WALL + 5400)))" "$(cat "$sb/out")" "bare number means minutes"
}

test_keepalive_far_in_the_future_is_capped_at_seven_days() {
  touch -d "@$((START_WALL + 365 * 86400))" "$sb/home/ubuntu/.devbox-keepalive"
  check
  assert_eq "$(iso $((START_WALL + 7 * 86400 + 3600)))" "$(deadline)"
}

test_failing_detector_counts_as_activity() {
  touch "$sb/ps.fail"
  check
  minutes_pass 120
  assert_running "without a process list the box stays up"
  assert_contains "cannot run ps" "$(cat "$sb/run/status")"
}

test_console_line_printed_on_each_change_of_state_and_hourly() {
  check
  assert_contains "devbox-idle: state=idle deadline=$(iso $((START_WALL + 3600))) idle-minutes=60" "$(cat "$sb/out")"
  advance 1
  check
  assert_eq "" "$(cat "$sb/out")" "nothing new to say"
  ssh_login
  advance 1
  check
  assert_contains "state=active" "$(cat "$sb/out")"
  advance 59
  check
  assert_eq "" "$(cat "$sb/out")"
  advance 1
  check
  assert_contains "state=active" "$(cat "$sb/out")" "repeated hourly, to stay in the console's last 64 KiB"
}

test_the_idle_shutdown_records_the_ending_for_the_next_boxs_login_message() {
  check
  minutes_pass 59
  [[ ! -e $sb/var/lib/devbox/ending ]] || fail "nothing recorded while the box runs"
  minutes_pass 1
  assert_shut_down
  assert_eq "idle $(iso $((START_WALL + 3600)))" "$(cat "$sb/var/lib/devbox/ending")"
}

test_failed_shutdown_exits_non_zero_so_the_timer_retries() {
  fake shutdown <<'EOF'
exit 1
EOF
  check
  advance 60
  run_idle check
  [[ $rc -ne 0 ]] || fail "a failed shutdown must fail the unit"
}

test_status_command_shows_deadline_and_reasons() {
  ssh_login
  check
  run_idle status
  assert_eq 0 "$rc"
  assert_contains "state:     active" "$(cat "$sb/out")"
  assert_contains "terminates at: $(iso $((START_WALL + 3600)))" "$(cat "$sb/out")"
  assert_contains "in use:    login: ubuntu pts/0" "$(cat "$sb/out")"
}

test_status_before_the_first_check() {
  run_idle
  assert_eq 0 "$rc"
  assert_contains "has not run yet" "$(cat "$sb/out")"
}

# ------------------------------------------------------ user-data tests -----
render() { # idle warn -> rendered user data on stdout
  local text script spot
  text=$(<"$TEMPLATE")
  script=$(<"$SCRIPT")
  spot=$(<"${SCRIPT%/*}/devbox-spot-watch.sh")
  text=${text//@IDLE_MINUTES@/"$1"}
  text=${text//@WARN_MINUTES@/"$2"}
  text=${text//@SSH_USER@/ubuntu}
  text=${text//@IDLE_SCRIPT@/"$script"}
  text=${text//@PREVIOUS_ENDING@/}
  text=${text//@LAST_SESSION_SCRIPT@/"$(<"$LAST_SESSION")"}
  text=${text//@SPOT_WATCH_SCRIPT@/"$spot"}
  printf '%s\n' "$text"
}

# The idle timer's systemctl calls (the Spot watcher's are tested in spot_watch_test.sh).
idle_systemctl() { grep -v 'devbox-spot-watch' "$sb/systemctl.log" || true; }

# As cloud-init does: the CLI sends the rendered text gzipped; cloud-init
# decompresses it and runs it (here under a scratch root).
run_user_data() {
  rc=0
  gzip -9n <"$sb/user-data" >"$sb/user-data.gz"
  gzip -dc <"$sb/user-data.gz" >"$sb/user-data.run"
  env PATH="$sb/bin:$PATH" DEVBOX_ROOT="$sb/root" bash "$sb/user-data.run" >"$sb/out" 2>"$sb/err" || rc=$?
}

test_user_data_installs_script_config_and_timer() {
  render 45 10 >"$sb/user-data"
  run_user_data
  assert_eq 0 "$rc" "user data exit code ($(cat "$sb/err"))"
  cmp -s "$SCRIPT" "$sb/root/usr/local/bin/devbox-idle" || fail "installed script differs from devbox-idle.sh"
  [[ -x $sb/root/usr/local/bin/devbox-idle ]] || fail "script not executable"
  assert_eq $'IDLE_MINUTES=45\nWARN_MINUTES=10' "$(cat "$sb/root/etc/devbox-idle.conf")"
  assert_contains "ExecStart=/usr/local/bin/devbox-idle check" "$(cat "$sb/root/etc/systemd/system/devbox-idle.service")"
  assert_contains "StandardOutput=journal+console" "$(cat "$sb/root/etc/systemd/system/devbox-idle.service")"
  assert_contains "OnUnitActiveSec=1min" "$(cat "$sb/root/etc/systemd/system/devbox-idle.timer")"
  assert_eq $'daemon-reload\ndaemon-reload\nenable --now devbox-idle.timer' "$(idle_systemctl)"
  local size
  size=$(wc -c <"$sb/user-data.gz")
  ((size < 12288)) || fail "gzipped user data is $size bytes; EC2 takes at most 16384 before base64 (keep room)"
}

test_user_data_installed_script_reads_its_config() {
  render 20 5 >"$sb/user-data"
  run_user_data
  SCRIPT=$sb/root/usr/local/bin/devbox-idle
  cp "$sb/root/etc/devbox-idle.conf" "$sb/etc/devbox-idle.conf"
  check
  assert_eq 20 "$(status_of idle_minutes)"
  assert_eq 5 "$(status_of warn_minutes)"
}

test_user_data_with_idle_zero_installs_nothing_and_stops_an_inherited_timer() {
  render 0 10 >"$sb/user-data"
  run_user_data
  assert_eq 0 "$rc"
  [[ ! -e $sb/root/usr/local/bin/devbox-idle ]] || fail "nothing installed for --idle 0"
  assert_eq daemon-reload "$(idle_systemctl)" "no idle timer call without an inherited timer"
  # A box resumed from an image that has the timer:
  render 60 10 >"$sb/user-data"
  run_user_data
  rm -f "$sb/systemctl.log"
  render 0 10 >"$sb/user-data"
  run_user_data
  assert_eq 0 "$rc"
  assert_eq $'daemon-reload\ndisable --now devbox-idle.timer' "$(idle_systemctl)"
  assert_contains "IDLE_MINUTES=0" "$(cat "$sb/root/etc/devbox-idle.conf")"
}

test_unrendered_user_data_refuses_to_run() {
  cp "$TEMPLATE" "$sb/user-data"
  run_user_data
  assert_eq 1 "$rc"
  assert_contains "template not rendered?" "$(cat "$sb/err")"
  [[ ! -e $sb/root/usr/local/bin/devbox-idle ]] || fail "nothing installed"
}

test_idle_script_cannot_break_the_template() {
  ! grep -q '^DEVBOX_IDLE_SCRIPT_END$' "$SCRIPT" || fail "the script contains the heredoc delimiter"
  ! grep -q '@[A-Z_]*@' "$SCRIPT" || fail "the script contains a placeholder"
}

# --------------------------------------------------------------- runner -----
# shellcheck source=/dev/null # suite.sh, linted on its own
. "$here/suite.sh"
main "$@"
