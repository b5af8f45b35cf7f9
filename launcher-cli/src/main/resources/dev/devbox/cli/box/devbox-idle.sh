#!/usr/bin/env bash
# devbox-idle: terminate this devbox after IDLE_MINUTES without a user, so that
# the devbox pipeline saves its disks into the project image. The launch
# template sets InstanceInitiatedShutdownBehavior=terminate, so a plain
# `shutdown -h now` is all it takes: the box needs no AWS permission.
#
# A box is in use while any of these holds (checked every minute by a timer):
#   - `who` lists a login (SSH with a terminal, console), other than a
#     terminal multiplexer's pane (Debian's and Ubuntu's tmux record every
#     pane in utmp, detached or not);
#   - logind has an active or online user session (also SSH without a
#     terminal: VS Code Remote, scp, `ssh box cmd`);
#   - an sshd process runs as a regular user (uid >= 1000): an open SSH
#     connection of any kind;
#   - a process holds a terminal (pts/tty) outside a terminal multiplexer
#     (getty and login waiting on a console do not count).
# Not in use: a tmux/screen/zellij/dtach/abduco server with no attached client,
# and the jobs inside it; a logind session left "closing" by such a server.
# A forgotten box with a detached build would otherwise run for ever; to keep
# one alive on purpose, run `devbox-idle hold 4h` (or `touch` a future time on
# ~/.devbox-keepalive): the idle countdown then starts when the hold ends.
# A detector that fails (say `ps` errors) counts as activity: with missing
# information the box stays up rather than kill running work.
#
# Time is measured on the boot clock (/proc/uptime), which wall-clock steps
# (NTP, a manual `date -s`) do not move; wall time is used only to print the
# deadline and to read keepalive files' modification times.
#
# Usage: devbox-idle [status|check|hold [DURATION]|release|help]
set -euo pipefail
umask 022

readonly CONF="${DEVBOX_IDLE_CONF:-/etc/devbox-idle.conf}"
readonly STATE_DIR="${DEVBOX_IDLE_STATE_DIR:-/var/lib/devbox-idle}"
readonly RUN_DIR="${DEVBOX_IDLE_RUN_DIR:-/run/devbox-idle}"
readonly UPTIME_FILE="${DEVBOX_IDLE_UPTIME_FILE:-/proc/uptime}"
readonly BOOT_ID_FILE="${DEVBOX_IDLE_BOOT_ID_FILE:-/proc/sys/kernel/random/boot_id}"
# Homes searched for keepalive files: glob patterns, separated by spaces.
readonly HOMES="${DEVBOX_IDLE_HOMES:-/root /home/*}"
# The box's own record of how it ended, on the disk the snapshot keeps: the next
# box's login message reads it (devbox-last-session.sh).
readonly ENDING_FILE="${DEVBOX_ENDING_FILE:-/var/lib/devbox/ending}"
readonly KEEPALIVE_NAME=.devbox-keepalive
readonly DEFAULT_IDLE_MINUTES=60
readonly DEFAULT_WARN_MINUTES=10
readonly MAX_HOLD_SECONDS=$((7 * 24 * 3600))
readonly FIRST_REGULAR_UID=1000
readonly MULTIPLEXER_RE='^(tmux.*|screen|SCREEN|zellij|dtach|abduco)$'
readonly CONSOLE_WAIT_RE='^(agetty|getty|mingetty|fbgetty|login)$'

say() { printf 'devbox-idle: %s\n' "$*"; }
warn() { printf 'devbox-idle: %s\n' "$*" >&2; }
die() { warn "$*"; exit 1; }

# Non-negative integer of at most 12 digits (no overflow, no octal surprises).
is_count() { [[ $1 =~ ^[0-9]{1,12}$ ]]; }

iso_utc() { date -u -d "@$1" +%Y-%m-%dT%H:%M:%SZ; }

wall_now() {
  local now
  now=$(date +%s)
  is_count "$now" || die "date +%s printed '$now'"
  printf '%s\n' "$((10#$now))"
}

mono_now() {
  local up rest
  [[ -r $UPTIME_FILE ]] || die "cannot read $UPTIME_FILE"
  read -r up rest <"$UPTIME_FILE" || true
  up=${up%%.*}
  is_count "$up" || die "unexpected content in $UPTIME_FILE"
  printf '%s\n' "$((10#$up))"
}

boot_id() {
  local id=unknown
  if [[ -r $BOOT_ID_FILE ]]; then
    read -r id <"$BOOT_ID_FILE" || true
  fi
  [[ $id =~ ^[0-9A-Za-z-]{1,64}$ ]] || id=unknown
  printf '%s\n' "$id"
}

# Writes stdin to $1 atomically (readers never see half a file).
write_atomic() {
  local target=$1 tmp
  tmp=$(mktemp "${target%/*}/.${target##*/}.XXXXXX")
  cat >"$tmp"
  chmod 0644 "$tmp"
  mv -f "$tmp" "$target"
}

# One line, `idle <ISO time>`; a failure to write it must not keep the box up.
record_ending() {
  { mkdir -p "${ENDING_FILE%/*}" && printf 'idle %s\n' "$(iso_utc "$1")" | write_atomic "$ENDING_FILE"; } ||
    warn "could not record the ending in $ENDING_FILE"
}

# ---------------------------------------------------------------- config ----
idle_minutes=$DEFAULT_IDLE_MINUTES
warn_minutes=$DEFAULT_WARN_MINUTES

# KEY=VALUE lines; never sourced. Bad values keep the default, with a warning.
read_conf() {
  local key value
  [[ -r $CONF ]] || return 0
  while IFS='=' read -r key value || [[ -n $key ]]; do
    key=${key//[[:space:]]/}
    value=${value//[[:space:]]/}
    value=${value#\"}
    value=${value%\"}
    case $key in
      '' | '#'*) ;;
      IDLE_MINUTES | WARN_MINUTES)
        if [[ $value =~ ^[0-9]{1,6}$ ]]; then
          if [[ $key == IDLE_MINUTES ]]; then idle_minutes=$((10#$value)); else warn_minutes=$((10#$value)); fi
        else
          warn "$CONF: $key='$value' is not a whole number of minutes; using the default"
        fi
        ;;
      *) warn "$CONF: unknown setting '$key' ignored" ;;
    esac
  done <"$CONF"
  # The warning must come before the deadline, not at or after it.
  if ((idle_minutes > 0 && warn_minutes >= idle_minutes)); then
    warn_minutes=$((idle_minutes > 1 ? idle_minutes - 1 : 0))
  fi
}

# ----------------------------------------------------------------- state ----
# $STATE_DIR/state: boot_id, last_active (boot-clock seconds), warned_for (the
# boot-clock deadline already announced), phase and printed_at (the last
# console line's phase and boot-clock time).
st_boot='' st_last_active=0 st_warned_for=0 st_phase='' st_printed_at=0

load_state() {
  local file=$STATE_DIR/state key value seen=0
  [[ -r $file ]] || return 1
  while IFS='=' read -r key value || [[ -n $key ]]; do
    case $key in
      boot_id) [[ $value =~ ^[0-9A-Za-z-]{1,64}$ ]] || return 1; st_boot=$value; seen=$((seen | 1)) ;;
      last_active) is_count "$value" || return 1; st_last_active=$((10#$value)); seen=$((seen | 2)) ;;
      warned_for) is_count "$value" || return 1; st_warned_for=$((10#$value)) ;;
      phase) [[ $value =~ ^[a-z]{0,16}$ ]] || return 1; st_phase=$value ;;
      printed_at) is_count "$value" || return 1; st_printed_at=$((10#$value)) ;;
      '') ;;
      *) return 1 ;;
    esac
  done <"$file"
  ((seen == 3))
}

save_state() {
  printf 'boot_id=%s\nlast_active=%s\nwarned_for=%s\nphase=%s\nprinted_at=%s\n' \
    "$st_boot" "$st_last_active" "$st_warned_for" "$st_phase" "$st_printed_at" | write_atomic "$STATE_DIR/state"
}

# ------------------------------------------------------------- detectors ----
activity=()
# Terminals held only by processes inside a multiplexer server: its panes.
# Filled by detect_processes, which must run before detect_logins.
declare -A pane_ttys=()

detect_logins() {
  local out line _user tty _rest
  if ! out=$(who 2>/dev/null); then
    activity+=("cannot run who")
    return
  fi
  while IFS= read -r line; do
    read -r _user tty _rest <<<"$line" || true
    [[ -n ${tty:-} ]] || continue
    # A pane's utmp record (host "tmux(PID).%N") is no more a user than the
    # pane itself: it would keep a box with a detached tmux up for ever.
    [[ -n ${pane_ttys[$tty]:-} ]] && continue
    activity+=("login: $(printf '%s' "$line" | tr -s ' ' | cut -d' ' -f1-2)")
  done <<<"$out"
}

detect_logind_sessions() {
  local list id rest props key value class state service name
  command -v loginctl >/dev/null 2>&1 || return 0
  if ! list=$(loginctl list-sessions --no-legend 2>/dev/null); then
    activity+=("cannot run loginctl")
    return
  fi
  while read -r id rest; do
    [[ -n $id ]] || continue
    props=$(loginctl show-session "$id" -p Class -p State -p Service -p Name 2>/dev/null) || continue
    class='' state='' service='' name=''
    while IFS='=' read -r key value; do
      case $key in
        Class) class=$value ;;
        State) state=$value ;;
        Service) service=$value ;;
        Name) name=$value ;;
      esac
    done <<<"$props"
    # "closing" is what a logged-out session becomes while a detached tmux
    # server it started lives on: that is exactly what must not count.
    if [[ $class == user && ($state == active || $state == online) ]]; then
      activity+=("session $id: $name via ${service:-unknown}")
    fi
  done <<<"$list"
}

detect_processes() {
  local out pid ppid uid tty comm hops up
  local -A parent_of=() comm_of=() outside=() inside=()
  local -a holders=()
  if ! out=$(ps -eo pid=,ppid=,uid=,tty=,comm= 2>/dev/null); then
    activity+=("cannot run ps")
    return
  fi
  while read -r pid ppid uid tty comm; do
    [[ $pid =~ ^[0-9]+$ && $ppid =~ ^[0-9]+$ ]] || continue
    parent_of[$pid]=$ppid
    comm_of[$pid]=$comm
    if [[ ($comm == sshd || $comm == sshd-session) && $uid =~ ^[0-9]+$ ]] && ((uid >= FIRST_REGULAR_UID)); then
      activity+=("ssh connection: pid $pid")
    fi
    if [[ $tty != '?' && $tty != '-' && -n $tty && ! $comm =~ $CONSOLE_WAIT_RE ]]; then
      holders+=("$pid $tty")
    fi
  done <<<"$out"
  local holder
  for holder in ${holders[@]+"${holders[@]}"}; do
    pid=${holder%% *}
    tty=${holder#* }
    up=${parent_of[$pid]:-0}
    hops=0
    while ((up > 1 && hops < 64)); do
      if [[ ${comm_of[$up]:-} =~ $MULTIPLEXER_RE ]]; then
        inside[$tty]=1
        continue 2
      fi
      up=${parent_of[$up]:-0}
      hops=$((hops + 1))
    done
    outside[$tty]=1
    activity+=("terminal $tty: ${comm_of[$pid]} (pid $pid)")
  done
  for tty in "${!inside[@]}"; do
    [[ -n ${outside[$tty]:-} ]] || pane_ttys[$tty]=1
  done
}

# Latest keepalive file time, converted to the boot clock (may lie in the
# future: a hold). Prints nothing when there is none.
keepalive_mono() {
  local now_mono=$1 now_wall=$2 home file mtime at best=''
  # Unquoted on purpose: HOMES is a list of glob patterns.
  for home in $HOMES; do
    file=$home/$KEEPALIVE_NAME
    [[ -e $file ]] || continue
    mtime=$(stat -L -c %Y -- "$file" 2>/dev/null) || continue
    is_count "$mtime" || continue
    at=$((now_mono - (now_wall - 10#$mtime)))
    ((at > now_mono + MAX_HOLD_SECONDS)) && at=$((now_mono + MAX_HOLD_SECONDS))
    if [[ -z $best ]] || ((at > best)); then best=$at; fi
  done
  [[ -z $best ]] || printf '%s\n' "$best"
}

# ---------------------------------------------------------------- check -----
cmd_check() {
  read_conf
  mkdir -p "$STATE_DIR" "$RUN_DIR"
  chmod 0755 "$RUN_DIR"
  if command -v flock >/dev/null 2>&1; then
    exec 9>"$STATE_DIR/lock"
    flock -w 30 9 || die "another check holds $STATE_DIR/lock"
  fi

  local now now_wall boot reset=''
  now=$(mono_now)
  now_wall=$(wall_now)
  boot=$(boot_id)

  if ! load_state; then
    [[ -e $STATE_DIR/state ]] && reset="state file unreadable, starting over" || reset="first check"
  elif [[ $st_boot != "$boot" ]]; then
    # Also the case of a box launched from a project image: the previous box's
    # state was saved with its disks and must not carry over.
    reset="first check since boot"
  elif ((st_last_active > now)); then
    reset="state ahead of the boot clock, starting over"
  fi
  if [[ -n $reset ]]; then
    # Grace period: a new boot (or lost state) counts as activity now.
    st_boot=$boot st_last_active=$now st_warned_for=0 st_printed_at=0
    [[ $st_phase == disabled ]] || st_phase=''
  fi

  if ((idle_minutes == 0)); then
    rm -f "$RUN_DIR/deadline"
    printf 'phase=disabled\n' | write_atomic "$RUN_DIR/status"
    [[ $st_phase == disabled ]] || say "state=disabled (IDLE_MINUTES=0 in $CONF)"
    st_phase=disabled
    save_state
    return 0
  fi

  detect_processes
  detect_logins
  detect_logind_sessions

  local phase=idle since held
  if ((${#activity[@]} > 0)); then
    st_last_active=$now
    phase=active
  fi
  since=$st_last_active
  held=$(keepalive_mono "$now" "$now_wall")
  if [[ -n $held ]] && ((held > since)); then
    since=$held
    ((held > now)) && [[ $phase != active ]] && phase=held
  fi

  local deadline=$((since + idle_minutes * 60))
  local remaining=$((deadline - now))
  local deadline_wall=$((now_wall + remaining))
  local deadline_iso
  deadline_iso=$(iso_utc "$deadline_wall")
  printf '%s\n' "$deadline_iso" | write_atomic "$RUN_DIR/deadline"

  if ((remaining <= 0)); then
    phase=shutdown
  elif ((remaining <= warn_minutes * 60)); then
    [[ $phase == idle ]] && phase=warned
    if ((st_warned_for != deadline)); then
      local minutes=$(((remaining + 59) / 60))
      wall "devbox-idle: nobody has used this box for a while; it will terminate in about $minutes minute(s), at $deadline_iso, and its disks will be saved to the project image. To keep it running: devbox-idle hold 2h" || warn "wall failed"
      st_warned_for=$deadline
    fi
  fi

  {
    printf 'phase=%s\ndeadline=%s\nidle_minutes=%s\nwarn_minutes=%s\n' \
      "$phase" "$deadline_iso" "$idle_minutes" "$warn_minutes"
    local reason
    for reason in ${activity[@]+"${activity[@]}"}; do printf 'activity=%s\n' "$reason"; done
  } | write_atomic "$RUN_DIR/status"

  # A console line on each change of phase, repeated hourly so that it stays
  # within the last 64 KiB of console output (the unit sends stdout to the
  # journal and the serial console, where `devbox status` can read it); the
  # grammar `devbox-idle: state=PHASE deadline=ISO idle-minutes=N` is relied upon.
  if [[ $phase != "$st_phase" ]] || ((now - st_printed_at >= 3600)); then
    say "state=$phase deadline=$deadline_iso idle-minutes=$idle_minutes${reset:+ note=\"$reset\"}"
    st_printed_at=$now
  fi
  st_phase=$phase
  save_state

  if [[ $phase == shutdown ]]; then
    wall "devbox-idle: idle for $idle_minutes minutes; terminating now. The disks are being saved to the project image: run devbox launch to resume." || warn "wall failed"
    record_ending "$now_wall"
    shutdown -h now
  fi
}

# ------------------------------------------------------- user commands -----
cmd_status() {
  local key value
  if [[ ! -r $RUN_DIR/status ]]; then
    echo "devbox-idle has not run yet (the timer runs it every minute)."
    return 0
  fi
  while IFS='=' read -r key value; do
    case $key in
      phase) echo "state:     $value" ;;
      deadline) echo "terminates at: $value (moves later while the box is in use)" ;;
      idle_minutes) echo "idle limit: $value minutes" ;;
      activity) echo "in use:    $value" ;;
    esac
  done <"$RUN_DIR/status"
  if [[ -e ${HOME:-/nonexistent}/$KEEPALIVE_NAME ]]; then
    echo "keepalive: $HOME/$KEEPALIVE_NAME, modified $(iso_utc "$(stat -L -c %Y -- "$HOME/$KEEPALIVE_NAME")")"
  fi
}

cmd_hold() {
  local spec=${1:-2h} amount unit seconds now_wall until
  if [[ ! $spec =~ ^([0-9]{1,6})([mhd]?)$ ]]; then
    warn "hold: DURATION is a number with an optional unit m, h or d (e.g. 90m, 4h, 1d), not '$spec'"
    exit 2
  fi
  amount=$((10#${BASH_REMATCH[1]}))
  unit=${BASH_REMATCH[2]:-m}
  case $unit in
    m) seconds=$((amount * 60)) ;;
    h) seconds=$((amount * 3600)) ;;
    d) seconds=$((amount * 86400)) ;;
  esac
  if ((seconds > MAX_HOLD_SECONDS)); then
    warn "hold: at most 7 days at a time (launch with --idle 0 to turn the idle timer off)"
    exit 2
  fi
  [[ -n ${HOME:-} ]] || die "hold: HOME is not set"
  now_wall=$(wall_now)
  until=$((now_wall + seconds))
  touch -d "@$until" -- "$HOME/$KEEPALIVE_NAME"
  echo "held until $(iso_utc "$until"); the idle countdown starts then. Undo with: devbox-idle release"
}

cmd_release() {
  [[ -n ${HOME:-} ]] || die "release: HOME is not set"
  rm -f -- "$HOME/$KEEPALIVE_NAME"
  echo "released: the box terminates after the idle limit without a user."
}

usage() {
  cat <<'EOF'
usage: devbox-idle [status|check|hold [DURATION]|release|help]
  status            show the idle deadline and what keeps the box in use
  hold [DURATION]   keep the box running for DURATION (default 2h, max 7d;
                    units m, h, d) even without a session; the idle countdown
                    starts when the hold ends
  release           cancel your hold
  check             one idle check (run every minute by devbox-idle.timer, as root)
A box with no SSH session and no terminal outside tmux/screen for the idle
limit terminates itself; the devbox pipeline saves its disks first.
EOF
}

main() {
  local cmd=${1:-status}
  [[ $# -gt 0 ]] && shift
  case $cmd in
    check) cmd_check ;;
    status) cmd_status ;;
    hold) cmd_hold "$@" ;;
    release) cmd_release ;;
    help | -h | --help) usage ;;
    *) usage >&2; exit 2 ;;
  esac
}

main "$@"
