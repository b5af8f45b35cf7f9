#!/usr/bin/env bash
# Tests of devbox-last-session.sh (the login message about how the previous box
# ended) and of its install by the user-data template, under bash, in a scratch
# root (DEVBOX_ROOT) with cloud-init's instance id and the saved disk's records.
#
#   last_session_test.sh            run every test, print "N passed, N failed"
#   last_session_test.sh --list     print the test names
#   last_session_test.sh NAME...    run the named tests
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
module=$(cd "$here/../../.." && pwd)
BOX=$module/src/main/resources/dev/devbox/cli/box
SCRIPT=$BOX/devbox-last-session.sh
TEMPLATE=$BOX/user-data.sh.tmpl

sb='' # the current test's sandbox; its root/ is the box's file system
rc=0  # exit code of the last run

# ------------------------------------------------------------- sandbox ------
setup() {
  sb=$(mktemp -d "${TMPDIR:-/tmp}/devbox-last-session-test.XXXXXX")
  mkdir -p "$sb/bin" "$sb/root/var/lib/cloud/data" "$sb/root/etc"
  new_instance i-0aaaaaaaaaaaaaaa1
  printf '#!/usr/bin/env bash\nprintf "%%s\\n" "$*" >>"%s/systemctl.log"\n' "$sb" >"$sb/bin/systemctl"
  chmod +x "$sb/bin/systemctl"
}

teardown() {
  [[ -n $sb && -d $sb ]] && rm -rf -- "$sb"
  sb=''
}

# cloud-init's record of the instance this disk now runs in.
new_instance() { echo "$1" >"$sb/root/var/lib/cloud/data/instance-id"; }

# What the previous box left on its disk.
box_record() {
  mkdir -p "$sb/root/var/lib/devbox"
  printf '%s\n' "$1" >"$sb/root/var/lib/devbox/ending"
}

idle_conf() { printf 'IDLE_MINUTES=%s\nWARN_MINUTES=10\n' "$1" >"$sb/root/etc/devbox-idle.conf"; }

run_script() {
  rc=0
  env PATH="$sb/bin:$PATH" DEVBOX_ROOT="$sb/root" bash "$SCRIPT" "$@" >"$sb/out" 2>"$sb/err" || rc=$?
}

prepare() {
  run_script prepare "$@"
  [[ $rc -eq 0 ]] || fail "prepare exited $rc: $(cat "$sb/err")"
}

# The login message as pam_motd shows it (run-parts of update-motd.d), one line.
motd() {
  run_script motd
  [[ $rc -eq 0 ]] || fail "motd exited $rc: $(cat "$sb/err")"
  tr -s '\n' <"$sb/out" | sed '/^$/d'
}

# ----------------------------------------------------------- assertions -----
fail() {
  echo "FAIL: $*" >&2
  if [[ -n $sb ]]; then
    for f in out err root/var/lib/devbox/last-session; do
      [[ -e $sb/$f ]] && { echo "--- $f" >&2; cat "$sb/$f" >&2; }
    done
  fi
  return 1
}

# ---------------------------------------------------------------- tests -----
test_idle_on_the_disk_wins_over_the_pipelines_powered_off_from_inside() {
  idle_conf 60
  box_record "idle 2026-12-07T10:14:02Z"
  prepare "inside 6 2026-12-07T10:14:31Z"
  assert_eq "Your last session (generation 6) ended 2026-12-07 10:14 UTC: the idle timer saved it after 60 idle minutes." "$(motd)"
}

test_spot_interruption_on_the_disk_is_said_as_such() {
  box_record "spot-interruption 2026-12-07T09:58:00Z"
  prepare "spot 3 2026-12-07T10:00:12Z"
  assert_eq "Your last session (generation 3) ended 2026-12-07 09:58 UTC: a Spot interruption ended it (EC2 took the capacity back); devbox saved it." "$(motd)"
}

test_without_a_box_record_the_pipeline_says_cli_console_or_inside() {
  prepare "cli 7 2026-12-07T11:00:05Z"
  assert_eq "Your last session (generation 7) ended 2026-12-07 11:00 UTC: 'devbox terminate' ended it, and devbox saved it." "$(motd)"
  prepare "api 8 2026-12-07T12:30:00Z"
  assert_eq "Your last session (generation 8) ended 2026-12-07 12:30 UTC: it was terminated from the AWS console or API, and devbox saved it." "$(motd)"
  prepare "inside 9 2026-12-07T13:45:59Z"
  assert_eq "Your last session (generation 9) ended 2026-12-07 13:45 UTC: it was powered off from inside the box, and devbox saved it." "$(motd)"
  prepare "unknown 10 2026-12-07T14:00:00Z"
  assert_contains "EC2 ended it for a reason devbox does not know" "$(motd)"
}

test_the_box_record_alone_is_enough_without_the_generation() {
  idle_conf 0
  box_record "idle 2026-12-07T10:14:02Z"
  prepare
  assert_eq "Your last session ended 2026-12-07 10:14 UTC: the idle timer saved it after nobody used it." "$(motd)"
}

test_the_box_record_is_consumed_so_the_box_after_next_does_not_repeat_it() {
  idle_conf 45
  box_record "idle 2026-12-07T10:14:02Z"
  prepare "inside 6 2026-12-07T10:14:31Z"
  [[ ! -e $sb/root/var/lib/devbox/ending ]] || fail "the record was left for the next box"
  assert_contains "after 45 idle minutes" "$(motd)"
  assert_contains "after 45 idle minutes" "$(motd)" "every login of this box says it"
  # The next box, ended from the console this time:
  new_instance i-0bbbbbbbbbbbbbbb2
  prepare "api 7 2026-12-07T18:00:00Z"
  assert_eq "Your last session (generation 7) ended 2026-12-07 18:00 UTC: it was terminated from the AWS console or API, and devbox saved it." "$(motd)"
}

test_a_message_of_an_earlier_box_is_never_shown_on_a_later_one() {
  prepare "cli 7 2026-12-07T11:00:05Z"
  new_instance i-0ccccccccccccccc3
  assert_eq "" "$(motd)" "the message belongs to the instance it was written on"
  prepare
  assert_eq "" "$(motd)"
  [[ ! -e $sb/root/var/lib/devbox/last-session ]] || fail "nothing known: no message file"
}

test_a_box_record_much_older_than_the_pipelines_is_left_behind_and_ignored() {
  box_record "idle 2026-12-01T08:00:00Z"
  prepare "cli 12 2026-12-07T11:00:05Z"
  assert_contains "older than the pipeline's" "$(cat "$sb/err")"
  assert_contains "'devbox terminate' ended it" "$(motd)"
}

test_unreadable_records_are_ignored_with_a_warning_and_never_reach_the_message() {
  # shellcheck disable=SC2016 # a literal command substitution, which must never run
  box_record 'idle $(reboot)'
  prepare 'cli 7 2026-12-07T11:00:05Z; reboot'
  assert_contains "ignoring a pipeline record it cannot read" "$(cat "$sb/err")"
  assert_contains "ignoring a box record it cannot read" "$(cat "$sb/err")"
  assert_eq "" "$(motd)"
  box_record "shutdown 2026-12-07T10:14:02Z"
  prepare "spot x 2026-12-07T10:14:02Z"
  assert_eq "" "$(motd)"
}

test_prepare_installs_the_update_motd_hook() {
  prepare "cli 7 2026-12-07T11:00:05Z"
  local hook=$sb/root/etc/update-motd.d/60-devbox-last-session
  [[ -x $hook ]] || fail "hook not executable"
  assert_contains "exec /usr/local/bin/devbox-last-session motd" "$(cat "$hook")"
}

test_without_cloud_inits_instance_id_nothing_is_shown() {
  rm -f "$sb/root/var/lib/cloud/data/instance-id"
  prepare "cli 7 2026-12-07T11:00:05Z"
  assert_eq "" "$(motd)"
}

test_a_bad_command_is_a_usage_error() {
  run_script
  assert_eq 2 "$rc"
  assert_contains "usage:" "$(cat "$sb/err")"
}

# ------------------------------------------------------ user-data tests -----
# The template as the CLI renders it (literal replacement into a quoted heredoc).
render() { # previous-ending idle-minutes -> rendered user data on stdout
  local text
  text=$(<"$TEMPLATE")
  text=${text//@IDLE_MINUTES@/"$2"}
  text=${text//@WARN_MINUTES@/10}
  text=${text//@IDLE_SCRIPT@/"$(<"$BOX/devbox-idle.sh")"}
  text=${text//@PREVIOUS_ENDING@/"$1"}
  text=${text//@LAST_SESSION_SCRIPT@/"$(<"$SCRIPT")"}
  printf '%s\n' "$text"
}

run_user_data() {
  rc=0
  env PATH="$sb/bin:$PATH" DEVBOX_ROOT="$sb/root" bash "$sb/user-data" >"$sb/out" 2>"$sb/err" || rc=$?
}

test_user_data_installs_the_script_and_prepares_the_message_before_rewriting_the_idle_config() {
  idle_conf 30
  box_record "idle 2026-12-07T10:14:02Z"
  render "inside 6 2026-12-07T10:14:31Z" 90 >"$sb/user-data"
  run_user_data
  assert_eq 0 "$rc" "user data exit code ($(cat "$sb/err"))"
  cmp -s "$SCRIPT" "$sb/root/usr/local/bin/devbox-last-session" || fail "installed script differs"
  assert_eq "Your last session (generation 6) ended 2026-12-07 10:14 UTC: the idle timer saved it after 30 idle minutes." "$(motd)" \
    "the previous box's idle limit, not the new one's"
  assert_contains "IDLE_MINUTES=90" "$(cat "$sb/root/etc/devbox-idle.conf")"
}

test_user_data_of_a_new_project_and_with_idle_off_still_prepares() {
  render "" 0 >"$sb/user-data"
  run_user_data
  assert_eq 0 "$rc" "user data exit code ($(cat "$sb/err"))"
  [[ -x $sb/root/usr/local/bin/devbox-last-session ]] || fail "installed with --idle 0 too"
  assert_eq "" "$(motd)"
}

test_the_script_cannot_break_the_template() {
  ! grep -q '^DEVBOX_LAST_SESSION_END$' "$SCRIPT" || fail "the script contains the heredoc delimiter"
  ! grep -q '@[A-Z_]*@' "$SCRIPT" || fail "the script contains a placeholder"
}

# --------------------------------------------------------------- runner -----
# shellcheck source=/dev/null # suite.sh, linted on its own
. "$here/suite.sh"
main "$@"
