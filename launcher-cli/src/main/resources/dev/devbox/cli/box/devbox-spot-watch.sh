#!/usr/bin/env bash
# devbox-spot-watch: watch the instance metadata (IMDSv2) for the two-minute
# Spot interruption notice. On a notice it warns logged-in users with `wall`,
# records the ending for the next box (/var/lib/devbox/ending, which the saved
# disk keeps), runs `sync`, runs the SSH user's optional hook
# ~/.config/devbox/on-interrupt (cut off well before the box ends), runs `sync`
# again and stops watching. It does not shut the box down: AWS terminates it,
# and the devbox pipeline saves its disks as for any ended box.
#
# On an on-demand box the notice never comes (the endpoint answers 404 for
# ever): each poll is two short local HTTP requests at most, every 5 seconds,
# and the session token is reused for hours.
#
# Usage: devbox-spot-watch [watch|check|help]
#   watch  poll every DEVBOX_SPOT_INTERVAL seconds (5) until a notice (the service)
#   check  poll once, and act on a notice
set -uo pipefail # not -e: a failed poll must never end the watcher
umask 022

# Test seams (all unset on a box).
readonly IMDS="${DEVBOX_IMDS_URL:-http://169.254.169.254}"
readonly STATE_DIR="${DEVBOX_STATE_DIR:-/var/lib/devbox}"
readonly RUN_DIR="${DEVBOX_SPOT_RUN_DIR:-/run/devbox-spot-watch}"
readonly INTERVAL="${DEVBOX_SPOT_INTERVAL:-5}"
readonly MAX_POLLS="${DEVBOX_SPOT_MAX_POLLS:-0}" # 0: no limit
readonly HOOK_MAX_SECONDS="${DEVBOX_SPOT_HOOK_MAX_SECONDS:-90}"
readonly SSH_USER="${DEVBOX_SSH_USER:-ubuntu}"

readonly TOKEN_TTL=21600 # IMDSv2's longest session: six hours
readonly HOOK_REL=.config/devbox/on-interrupt
# Left after the hook for the last sync before AWS stops the box.
readonly HOOK_MARGIN_SECONDS=20
readonly NOTICE_SECONDS=120

say() { printf 'devbox-spot-watch: %s\n' "$*"; }

token=''
token_at=0
last_error=''

# Says a polling problem once, not every 5 seconds.
poll_error() {
  if [[ $1 != "$last_error" ]]; then
    say "$1"
    last_error=$1
  fi
  return 2
}

new_token() {
  token=$(curl -sf --connect-timeout 1 --max-time 2 -X PUT \
    -H "X-aws-ec2-metadata-token-ttl-seconds: $TOKEN_TTL" "$IMDS/latest/api/token") || token=''
  token_at=$SECONDS
  [[ -n $token ]]
}

# 0: a notice, saved in $RUN_DIR/instance-action; 1: none; 2: could not tell.
poll() {
  local code
  if [[ -z $token ]] || ((SECONDS - token_at > TOKEN_TTL - 600)); then
    new_token || poll_error "no IMDSv2 token from $IMDS (metadata service off or unreachable?); trying again"
  fi
  [[ -n $token ]] || return 2
  code=$(curl -s --connect-timeout 1 --max-time 2 -H "X-aws-ec2-metadata-token: $token" \
    -o "$RUN_DIR/instance-action" -w '%{http_code}' "$IMDS/latest/meta-data/spot/instance-action") || true
  case $code in
    200) return 0 ;;
    404) last_error=''; return 1 ;;
    401) token=''; poll_error "the metadata service refused the token; getting a new one" ;;
    *) poll_error "the metadata service answered '${code:-nothing}'; trying again" ;;
  esac
}

json_field() { # name file -> the string value of "name" in a flat JSON object
  sed -n "s/.*\"$1\"[[:space:]]*:[[:space:]]*\"\\([^\"]*\\)\".*/\\1/p" "$2" | head -n 1
}

iso_utc() { date -u -d "@$1" +%Y-%m-%dT%H:%M:%SZ; }

# The ending, for the next box's login message (one line, replaced atomically).
record_ending() {
  if ! { mkdir -p "$STATE_DIR" && printf 'spot-interruption %s\n' "$1" >"$STATE_DIR/ending.new" &&
    mv -f "$STATE_DIR/ending.new" "$STATE_DIR/ending"; }; then
    say "could not write $STATE_DIR/ending"
  fi
}

run_hook() { # seconds until the box ends, its time
  local left=$1 end_iso=$2 home hook budget status=0
  home=$(getent passwd "$SSH_USER" | cut -d: -f6)
  if [[ -z $home ]]; then
    say "no user $SSH_USER: no hook to run"
    return 0
  fi
  hook=$home/$HOOK_REL
  if [[ ! -e $hook ]]; then
    return 0
  fi
  if [[ ! -f $hook || ! -x $hook ]]; then
    say "$hook is not an executable file: skipped (chmod +x it)"
    return 0
  fi
  budget=$((left - HOOK_MARGIN_SECONDS))
  ((budget > HOOK_MAX_SECONDS)) && budget=$HOOK_MAX_SECONDS
  if ((budget < 1)); then
    say "too little time left to run $hook: skipped"
    return 0
  fi
  say "running $hook as $SSH_USER (at most ${budget}s)"
  # timeout runs as the user, so it can stop the hook's whole process group.
  (cd "$home" && runuser -u "$SSH_USER" -- timeout -k 5 "$budget" \
    env HOME="$home" DEVBOX_INTERRUPTION_TIME="$end_iso" "$hook" "$end_iso") >"$RUN_DIR/on-interrupt.out" 2>&1 ||
    status=$?
  sed 's/^/devbox-spot-watch: on-interrupt: /' "$RUN_DIR/on-interrupt.out"
  case $status in
    0) say "$hook finished" ;;
    124 | 137) say "$hook did not finish within ${budget}s: stopped" ;;
    *) say "$hook exited with status $status" ;;
  esac
}

handle_notice() {
  local action time now end end_iso
  action=$(json_field action "$RUN_DIR/instance-action")
  time=$(json_field time "$RUN_DIR/instance-action")
  now=$(date -u +%s)
  if ! end=$(date -u -d "$time" +%s 2>/dev/null) || [[ -z $time ]]; then
    say "unreadable notice time '$time': assuming two minutes from now"
    end=$((now + NOTICE_SECONDS))
  fi
  end_iso=$(iso_utc "$end")
  say "Spot interruption notice: ${action:-unknown action} at $end_iso"
  wall "devbox: AWS is reclaiming this Spot box: it ends at $end_iso (in about $(((end - now + 59) / 60)) minute(s)). Your files are saved with its disks when it ends; running programs stop, so save open editors now. Resume with: devbox launch PROJECT" ||
    say "wall failed"
  record_ending "$end_iso"
  sync
  run_hook "$((end - now))" "$end_iso"
  sync
  : >"$RUN_DIR/handled"
  say "ready: the work is saved when AWS ends the box"
}

# One poll; on a notice, act on it once per boot.
check_once() {
  if poll; then
    handle_notice
    return 0
  fi
  return 1
}

watch() {
  local polls=0
  [[ $INTERVAL =~ ^[0-9]+(\.[0-9]+)?$ ]] || { say "DEVBOX_SPOT_INTERVAL must be seconds; got '$INTERVAL'"; exit 2; }
  say "watching for a Spot interruption notice every ${INTERVAL}s"
  while :; do
    check_once && return 0
    polls=$((polls + 1))
    if ((MAX_POLLS > 0 && polls >= MAX_POLLS)); then
      return 0
    fi
    sleep "$INTERVAL"
  done
}

main() {
  mkdir -p "$RUN_DIR" || { say "cannot create $RUN_DIR"; exit 1; }
  if [[ -e $RUN_DIR/handled && ${1:-watch} != help ]]; then
    say "this boot's interruption notice was already handled"
    exit 0
  fi
  case ${1:-watch} in
    watch) watch ;;
    check) check_once || say "no interruption notice" ;;
    help | -h | --help) sed -n '2,/^set -uo/p' "$0" | sed '$d; s/^# \{0,1\}//' ;;
    *)
      say "unknown command '$1' (watch, check or help)"
      exit 2
      ;;
  esac
}

main "$@"
