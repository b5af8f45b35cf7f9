#!/usr/bin/env bash
# Installs devbox from a release archive into ~/.local/share/devbox, with the command linked
# from ~/.local/bin, its bash and zsh completion where those shells look, and its man pages in
# ~/.local/share/man (where man looks for commands on ~/.local/bin). Running it again
# installs the same or another version in place; --uninstall removes everything it put there.
#   ./install.sh [ARCHIVE]                 the command (default: the archive `./mvnw package` built here)
#   ./install.sh --local LOCAL_ARCHIVE     also local mode's files (devbox local, devbox demo)
#   ./install.sh --uninstall
# DEVBOX_PREFIX (default ~/.local) moves it all: PREFIX/share/devbox, PREFIX/bin/devbox.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
prefix=${DEVBOX_PREFIX:-$HOME/.local}
data="$prefix/share/devbox"
link="$prefix/bin/devbox"
bash_completion="$prefix/share/bash-completion/completions/devbox"
zsh_completion="$prefix/share/zsh/site-functions/_devbox"
man1="$prefix/share/man/man1"

die() { echo "install.sh: $*" >&2; exit 1; }

archive='' local_archive='' uninstall=false
while [ $# -gt 0 ]; do
  case "$1" in
    --uninstall) uninstall=true ;;
    --local) [ $# -ge 2 ] || die "--local needs the devbox-local-VERSION.tar.gz archive"; local_archive=$2; shift ;;
    -h|--help) sed -n '2,8p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) die "unknown option '$1' (--local ARCHIVE, --uninstall, --help)" ;;
    *) archive=$1 ;;
  esac
  shift
done

# Removes the man page links that point into our directory (and no other file).
unlink_man_pages() {
  local page
  for page in "$man1"/devbox*.1.gz; do
    if [ -L "$page" ] && case "$(readlink "$page")" in "$data"/*) true ;; *) false ;; esac; then rm -f "$page"; fi
  done
}

if $uninstall; then
  # Only what this script put there: the link if it points into our directory, our completion files.
  if [ -L "$link" ] && case "$(readlink "$link")" in "$data"/*) true ;; *) false ;; esac; then rm -f "$link"; fi
  rm -f "$bash_completion" "$zsh_completion"
  unlink_man_pages
  rm -rf "$data"
  echo "devbox uninstalled (removed $data and $link)"
  exit 0
fi

if [ -z "$archive" ] && [ -z "$local_archive" ]; then
  for built in "$here"/launcher-cli/target/release/devbox-*-*-*.tar.gz; do
    case "${built##*/}" in devbox-local-*) continue ;; esac # local mode's archive, not the command's
    [ -f "$built" ] && archive=$built
  done
  [ -n "$archive" ] || die "no archive given, and none built here: run './mvnw -B package -DskipTests' first, or pass the path of devbox-VERSION-linux-x64.tar.gz"
fi

# Unpacks ARCHIVE's one top directory (devbox-VERSION) into a fresh directory and prints its path.
unpack() {
  local tmp top
  [ -f "$1" ] || die "no such archive: $1"
  tmp=$(mktemp -d "${TMPDIR:-/tmp}/devbox-install.XXXXXX")
  tar -xzf "$1" -C "$tmp" || die "$1 is not a devbox release archive (tar failed)"
  top=$(ls "$tmp")
  case "$top" in devbox-*) ;; *) die "$1 is not a devbox release archive (it holds '$top')" ;; esac
  echo "$tmp/$top"
}

mkdir -p "$data" "$(dirname "$link")"
if [ -n "$archive" ]; then
  unpacked=$(unpack "$archive")
  [ -x "$unpacked/bin/devbox" ] || die "$archive has no bin/devbox"
  version=${unpacked##*/devbox-}
  # Replaced whole, then switched over in one rename, so a failed install leaves the last one working.
  rm -rf "$data/$version.new"
  mv "$unpacked" "$data/$version.new"
  if [ -d "$data/$version/lib/local" ]; then mv "$data/$version/lib/local" "$data/$version.new/lib/local"; fi
  rm -rf "${data:?}/${version:?}"
  mv "$data/$version.new" "$data/$version"
  rm -rf "$(dirname "$unpacked")"
  ln -sfn "$version" "$data/current"
  ln -sfn "$data/current/bin/devbox" "$link"
  mkdir -p "$(dirname "$bash_completion")" "$(dirname "$zsh_completion")"
  cp "$data/current/share/bash-completion/completions/devbox" "$bash_completion"
  cp "$data/current/share/zsh/site-functions/_devbox" "$zsh_completion"
  # Man pages (`man devbox`, `man devbox-launch`): links that follow the current version.
  unlink_man_pages
  if [ -d "$data/current/share/man/man1" ]; then
    mkdir -p "$man1"
    for page in "$data/current/share/man/man1"/*.1.gz; do
      [ -f "$page" ] && ln -sfn "$data/current/share/man/man1/${page##*/}" "$man1/${page##*/}"
    done
  fi
  # devbox's classes into a class-data archive for this installation (bin/devbox writes it on a
  # first ordinary command; here, so that no command of the user's pays for it): a `list` that
  # fails at once at an address where nothing listens, touching no AWS account.
  env -i PATH="$PATH" HOME="$HOME" ${XDG_CACHE_HOME:+XDG_CACHE_HOME="$XDG_CACHE_HOME"} AWS_REGION=us-east-1 \
    AWS_ACCESS_KEY_ID=install AWS_SECRET_ACCESS_KEY=install AWS_ENDPOINT_URL=http://127.0.0.1:9 \
    "$link" list >/dev/null 2>&1 || true
  echo "devbox $version installed in $data/$version; the command is $link"
fi
if [ -n "$local_archive" ]; then
  [ -d "$data/current" ] || die "install the command first (./install.sh ARCHIVE), then its local mode"
  unpacked=$(unpack "$local_archive")
  version=${unpacked##*/devbox-}
  [ "$(readlink "$data/current")" = "$version" ] \
    || die "$local_archive is for devbox $version, but $(readlink "$data/current") is installed"
  [ -d "$unpacked/lib/local" ] || die "$local_archive has no lib/local"
  rm -rf "$data/current/lib/local"
  mv "$unpacked/lib/local" "$data/current/lib/local"
  rm -rf "$(dirname "$unpacked")"
  echo "devbox local mode installed: 'devbox demo' and 'devbox local' run without an AWS account"
fi
case ":$PATH:" in
  *":$(dirname "$link"):"*) ;;
  *) echo "add $(dirname "$link") to your PATH (e.g. in ~/.profile: export PATH=\"$(dirname "$link"):\$PATH\")" ;;
esac
