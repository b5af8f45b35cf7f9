#!/usr/bin/env bash
# devbox-last-session: the login message that says when and why this project's
# previous box ended (docs/idle.md, "How the last session ended").
#
# Usage: devbox-last-session prepare [PIPELINE_RECORD]   first boot, as root (user data)
#        devbox-last-session motd                        each login (update-motd.d)
#
# Two records meet here:
#   - the previous box's own, /var/lib/devbox/ending on the disk the snapshot
#     kept: one line `<reason> <ISO-8601 UTC time>`, written just before it ended
#     by the idle timer (`idle`) or the Spot watcher (`spot-interruption`);
#   - the pipeline's, which the CLI renders into the user data:
#     `<cause> <generation> <ISO-8601 UTC time>`, cause one of cli (devbox
#     terminate), api (console or API), inside (powered off in the OS), spot,
#     unknown.
# The box's record says why the OS powered off, so it wins; unless it is more
# than 15 minutes older than the pipeline's (left behind by an ending that did
# not happen). `prepare` consumes the box's record, so that a later box never
# repeats it, and writes the sentence for this instance only; `motd` prints it
# while cloud-init's instance id is still the one it was written for.
set -euo pipefail
umask 022

# Test seams: empty / unset on a real box.
readonly ROOT="${DEVBOX_ROOT:-}"
readonly ENDING_FILE="$ROOT/var/lib/devbox/ending"
readonly MESSAGE_FILE="$ROOT/var/lib/devbox/last-session"
readonly IDLE_CONF="$ROOT/etc/devbox-idle.conf"
readonly INSTANCE_ID_FILE="$ROOT/var/lib/cloud/data/instance-id"
readonly MOTD_HOOK="$ROOT/etc/update-motd.d/60-devbox-last-session"
readonly STALE_SECONDS=900
readonly ISO_RE='^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$'

warn() { printf 'devbox-last-session: %s\n' "$*" >&2; }

epoch_of() { date -u -d "$1" +%s; }

# 2026-12-07T10:14:55Z -> 2026-12-07 10:14 UTC
human_time() { printf '%s %s UTC' "${1:0:10}" "${1:11:5}"; }

instance_id() {
  local id=''
  [[ -r $INSTANCE_ID_FILE ]] && read -r id <"$INSTANCE_ID_FILE"
  printf '%s' "$id"
}

# IDLE_MINUTES of the previous box (prepare runs before the user data rewrites the file).
idle_minutes() {
  local line value=''
  [[ -r $IDLE_CONF ]] || return 0
  while IFS= read -r line || [[ -n $line ]]; do
    [[ $line =~ ^IDLE_MINUTES=([0-9]{1,6})$ ]] && value=${BASH_REMATCH[1]}
  done <"$IDLE_CONF"
  printf '%s' "$value"
}

# The sentence for a reason, or nothing for a reason this script does not know.
why() {
  local minutes
  case $1 in
    idle)
      minutes=$(idle_minutes)
      if [[ -n $minutes && $minutes != 0 ]]; then
        printf 'the idle timer saved it after %s idle minutes.' "$((10#$minutes))"
      else
        printf 'the idle timer saved it after nobody used it.'
      fi
      ;;
    spot | spot-interruption) printf 'a Spot interruption ended it (EC2 took the capacity back); devbox saved it.' ;;
    cli) printf "'devbox terminate' ended it, and devbox saved it." ;;
    api) printf 'it was terminated from the AWS console or API, and devbox saved it.' ;;
    inside) printf 'it was powered off from inside the box, and devbox saved it.' ;;
    unknown) printf 'EC2 ended it for a reason devbox does not know; devbox saved it.' ;;
    *) return 1 ;;
  esac
}

cmd_prepare() {
  local pipeline=${1:-} p_cause='' p_generation='' p_time='' b_reason='' b_time='' line=''
  if [[ -n $pipeline ]]; then
    if [[ $pipeline =~ ^(cli|api|inside|spot|unknown)\ ([0-9]{1,12})\ ([^ ]+)$ && ${BASH_REMATCH[3]} =~ $ISO_RE ]]; then
      p_cause=${pipeline%% *}
      p_generation=${pipeline#* }
      p_generation=${p_generation%% *}
      p_time=${pipeline##* }
    else
      warn "ignoring a pipeline record it cannot read: '$pipeline'"
    fi
  fi
  if [[ -f $ENDING_FILE ]]; then
    read -r line <"$ENDING_FILE" || true
    if [[ $line =~ ^(idle|spot-interruption)\ ([^ ]+)$ && ${BASH_REMATCH[2]} =~ $ISO_RE ]]; then
      b_reason=${line%% *}
      b_time=${line#* }
    else
      warn "ignoring a box record it cannot read: '$line'"
    fi
  fi
  if [[ -n $b_reason && -n $p_time ]] && (($(epoch_of "$b_time") + STALE_SECONDS < $(epoch_of "$p_time"))); then
    warn "the box's record ($line) is older than the pipeline's ($pipeline): using the pipeline's"
    b_reason=''
  fi

  local reason=$p_cause at=$p_time
  if [[ -n $b_reason ]]; then
    reason=$b_reason
    at=$b_time
  fi
  mkdir -p "${MESSAGE_FILE%/*}"
  if [[ -z $reason ]]; then
    rm -f "$MESSAGE_FILE"
  else
    local which='Your last session'
    [[ -n $p_generation ]] && which="Your last session (generation $((10#$p_generation)))"
    {
      printf 'instance=%s\n' "$(instance_id)"
      printf '%s ended %s: %s\n' "$which" "$(human_time "$at")" "$(why "$reason")"
    } >"$MESSAGE_FILE.new"
    mv -f "$MESSAGE_FILE.new" "$MESSAGE_FILE"
  fi
  rm -f "$ENDING_FILE"

  mkdir -p "${MOTD_HOOK%/*}"
  printf '#!/bin/sh\n# devbox: how the previous box of this project ended.\nexec /usr/local/bin/devbox-last-session motd\n' \
    >"$MOTD_HOOK"
  chmod 0755 "$MOTD_HOOK"
}

cmd_motd() {
  local first='' sentence=''
  [[ -r $MESSAGE_FILE ]] || return 0
  { read -r first && read -r sentence; } <"$MESSAGE_FILE" || true
  [[ -n $sentence && $first == "instance=$(instance_id)" && $first != "instance=" ]] || return 0
  printf '\n%s\n\n' "$sentence"
}

case ${1:-} in
  prepare) cmd_prepare "${2:-}" ;;
  motd) cmd_motd ;;
  *)
    warn "usage: devbox-last-session prepare [PIPELINE_RECORD] | motd"
    exit 2
    ;;
esac
