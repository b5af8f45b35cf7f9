#!/usr/bin/env bash
# devbox-dotfiles: clone a dotfiles repository into ~/.dotfiles and install it,
# as GitHub Codespaces does: run the first of install.sh, install, bootstrap.sh,
# bootstrap, setup.sh, setup found at the top of the repository; without one,
# link every top-level dotfile (a name starting with ".", except git's own)
# into $HOME, moving a file already there aside to NAME.devbox-orig.
# Runs once, at a new project's first boot, as the SSH user, from devbox's
# first-boot setup (docs/box.md); its output goes to /var/log/devbox-dotfiles.log.
#
# Usage: devbox-dotfiles GIT_URL
set -euo pipefail

readonly CLONE_SECONDS="${DEVBOX_DOTFILES_CLONE_SECONDS:-300}"
readonly INSTALL_SECONDS="${DEVBOX_DOTFILES_INSTALL_SECONDS:-1800}"
readonly INSTALLERS=(install.sh install bootstrap.sh bootstrap setup.sh setup)

say() { printf 'devbox-dotfiles: %s\n' "$*"; }

[[ $# -eq 1 && -n $1 ]] || { say "usage: devbox-dotfiles GIT_URL"; exit 2; }
url=$1
dir=$HOME/.dotfiles

if [[ -e $dir ]]; then
  say "$dir exists already: not cloning $url again"
else
  say "cloning $url into $dir"
  # No prompt can be answered at boot; an SSH URL needs a key the box already has.
  GIT_TERMINAL_PROMPT=0 GIT_SSH_COMMAND='ssh -o BatchMode=yes -o StrictHostKeyChecking=accept-new' \
    timeout "$CLONE_SECONDS" git clone --depth 1 --recurse-submodules -- "$url" "$dir"
fi

cd "$dir"
for name in "${INSTALLERS[@]}"; do
  if [[ -f $name ]]; then
    say "running $name"
    if [[ -x $name ]]; then
      timeout "$INSTALL_SECONDS" "./$name"
    else
      timeout "$INSTALL_SECONDS" bash "./$name"
    fi
    say "$name finished"
    exit 0
  fi
done

say "no install script (${INSTALLERS[*]}): linking dotfiles into $HOME"
shopt -s nullglob
for path in "$dir"/.[!.]*; do
  name=${path##*/}
  case $name in
    .git | .github | .gitignore | .gitmodules | .gitattributes | .DS_Store) continue ;;
  esac
  target=$HOME/$name
  if [[ -e $target && ! -L $target ]]; then
    mv -f -- "$target" "$target.devbox-orig"
    say "moved the existing $target to $target.devbox-orig"
  fi
  ln -sfn -- "$path" "$target"
  say "linked $target"
done
