#!/usr/bin/env bash
# Tests of the first-boot part (first-boot.sh.tmpl with devbox-dotfiles.sh), under
# bash, rendered as the CLI renders it, run under a scratch root with fake
# git/runuser/getent on PATH.
#
#   first_boot_test.sh            run every test, print "N passed, N failed"
#   first_boot_test.sh --list     print the test names
#   first_boot_test.sh NAME...    run the named tests
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
module=$(cd "$here/../../.." && pwd)
BOX=$module/src/main/resources/dev/devbox/cli/box
TEMPLATE=$BOX/first-boot.sh.tmpl
DOTFILES=$BOX/devbox-dotfiles.sh

sb=''
rc=0
home=''

setup() {
  sb=$(mktemp -d "${TMPDIR:-/tmp}/devbox-first-boot-test.XXXXXX")
  home=$sb/root/home/ubuntu
  mkdir -p "$sb/bin" "$sb/repo" "$home"
  fake getent <<EOF
[ "\$1 \$2" = "passwd ubuntu" ] || exit 2
echo "ubuntu:x:1000:1000:Ubuntu:$home:/bin/bash"
EOF
  fake runuser <<EOF
[ "\$1" = -u ] && [ "\$3" = -- ] || { echo "fake runuser: unexpected \$*" >&2; exit 96; }
echo "runuser \$2" >>"$sb/calls.log"
shift 3
exec "\$@"
EOF
  # git clone --depth 1 --recurse-submodules -- URL DIR: copies $sb/repo.
  fake git <<EOF
printf '%s\n' "\$@" >"$sb/git.args"
echo "git in \$PWD as HOME=\$HOME prompt=\$GIT_TERMINAL_PROMPT" >>"$sb/calls.log"
[ -e "$sb/git.fail" ] && { echo "fatal: repository not found" >&2; exit 128; }
[ "\$1 \$2 \$3 \$4 \$5" = "clone --depth 1 --recurse-submodules --" ] || exit 90
cp -a "$sb/repo" "\$7"
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

# The CLI's rendering (BoxUserData.renderFirstBoot): placeholders replaced
# literally, the user's script last, in a heredoc whose delimiter is not one of
# its lines, with a final newline added if it has none.
render() { # user-script-file-or-empty dotfiles-url-or-empty -> $sb/first-boot.sh
  python3 - "$TEMPLATE" "$DOTFILES" "${1:-}" "${2:-}" >"$sb/first-boot.sh" <<'EOF'
import sys
template, dotfiles, script_file, url = sys.argv[1:5]
text = open(template, encoding="utf-8").read()
script = open(script_file, encoding="utf-8").read() if script_file else ""
lines = set(script.splitlines())
delimiter, i = "DEVBOX_USER_SCRIPT_END", 1
while delimiter in lines:
    delimiter, i = "DEVBOX_USER_SCRIPT_END_%d" % i, i + 1
dot = open(dotfiles, encoding="utf-8").read()
text = (text.replace("@SSH_USER@", "ubuntu").replace("@DOTFILES_URL@", url)
        .replace("@DOTFILES_SCRIPT@", dot[:-1] if dot.endswith("\n") else dot)
        .replace("@USER_SCRIPT_END@", delimiter))
if script and not script.endswith("\n"):
    script += "\n"
sys.stdout.write(text.replace("@USER_SCRIPT@\n", script))
EOF
}

run_first_boot() {
  rc=0
  env PATH="$sb/bin:$PATH" DEVBOX_ROOT="$sb/root" bash "$sb/first-boot.sh" >"$sb/out" 2>&1 || rc=$?
}

user_script() { # body -> $sb/user.sh
  cat >"$sb/user.sh"
}

repo_file() { # path [executable] <body
  mkdir -p "$(dirname "$sb/repo/$1")"
  cat >"$sb/repo/$1"
  [[ ${2:-} != x ]] || chmod +x "$sb/repo/$1"
}

fail() {
  echo "FAIL: $*" >&2
  if [[ -n $sb ]]; then
    for f in out calls.log root/var/log/devbox-dotfiles.log root/var/lib/devbox/first-boot-done; do
      [[ -e $sb/$f ]] && { echo "--- $f" >&2; cat "$sb/$f" >&2; }
    done
  fi
  return 1
}
marker() { cat "$sb/root/var/lib/devbox/first-boot-done"; }
dotlog() { cat "$sb/root/var/log/devbox-dotfiles.log"; }

# ---------------------------------------------------------------- tests -----
test_the_user_script_runs_once_and_the_marker_stops_a_second_run() {
  user_script <<EOF
#!/bin/bash
echo "ran in \$PWD" >>"$sb/ran"
EOF
  render "$sb/user.sh" ''
  run_first_boot
  assert_eq 0 "$rc"
  assert_eq "ran in /" "$(cat "$sb/ran")"
  [[ $(marker) =~ ^ran\ [0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}Z\ user-data=0\ dotfiles=none$ ]] || fail "marker: $(marker)"
  # The saved disk keeps the marker: a resumed box (a new instance) skips the part.
  run_first_boot
  assert_eq 0 "$rc"
  assert_contains "already ran on this project's first box" "$(cat "$sb/out")"
  assert_eq 1 "$(wc -l <"$sb/ran" | tr -d ' ')" "the script ran once"
}

test_the_user_script_reaches_the_box_byte_for_byte() {
  # Quotes, expansions, a placeholder-like word and the heredoc's own delimiter.
  printf '%s\n' '#!/bin/bash' "echo 'single' \"double \$HOME\" \`date\` \\\\ @DOTFILES_URL@ @USER_SCRIPT@" \
    'cat <<DEVBOX_USER_SCRIPT_END' 'inner' 'DEVBOX_USER_SCRIPT_END' '' '' >"$sb/user.sh"
  render "$sb/user.sh" ''
  run_first_boot
  cmp "$sb/user.sh" "$sb/root/var/lib/devbox/first-boot/user-data" || fail "the script changed on the way"
  assert_contains "DEVBOX_USER_SCRIPT_END_1" "$(cat "$sb/first-boot.sh")" "another delimiter was chosen"
}

test_the_user_script_s_own_interpreter_runs_it() {
  user_script <<EOF
#!/usr/bin/env python3
open("$sb/ran", "w").write("python")
EOF
  render "$sb/user.sh" ''
  run_first_boot
  assert_eq 0 "$rc"
  assert_eq python "$(cat "$sb/ran")"
}

test_a_failing_user_script_fails_the_part_but_is_still_once() {
  user_script <<'EOF'
#!/bin/bash
echo "step one failed" >&2
exit 3
EOF
  render "$sb/user.sh" ''
  run_first_boot
  assert_eq 1 "$rc" "cloud-init shows the failure"
  assert_contains "step one failed" "$(cat "$sb/out")"
  assert_contains "user-data=3 dotfiles=none" "$(marker)"
}

test_dotfiles_are_cloned_as_the_ssh_user_and_the_first_install_script_runs() {
  repo_file bootstrap x <<EOF
#!/bin/bash
echo "bootstrap in \$PWD as HOME=\$HOME" >"$sb/installed"
EOF
  repo_file setup.sh x <<EOF
#!/bin/bash
echo setup >>"$sb/installed"
EOF
  render '' https://github.com/you/dotfiles.git
  run_first_boot
  assert_eq 0 "$rc"
  assert_eq $'clone\n--depth\n1\n--recurse-submodules\n--\nhttps://github.com/you/dotfiles.git\n'"$home/.dotfiles" \
    "$(cat "$sb/git.args")" "git's arguments"
  assert_eq "runuser ubuntu" "$(head -n 1 "$sb/calls.log")"
  assert_contains "prompt=0" "$(cat "$sb/calls.log")" "git never waits for a password"
  assert_eq "bootstrap in $home/.dotfiles as HOME=$home" "$(cat "$sb/installed")" "bootstrap before setup.sh"
  assert_contains "running bootstrap" "$(dotlog)"
  assert_contains "user-data=none dotfiles=0" "$(marker)"
}

test_install_sh_comes_first_and_a_non_executable_one_runs_with_bash() {
  repo_file install <<EOF
echo install >"$sb/installed"
EOF
  repo_file install.sh <<EOF
echo install.sh >"$sb/installed"
EOF
  render '' git@github.com:you/dotfiles.git
  run_first_boot
  assert_eq 0 "$rc"
  assert_eq install.sh "$(cat "$sb/installed")"
  assert_contains "git@github.com:you/dotfiles.git" "$(cat "$sb/git.args")"
}

test_without_an_install_script_dotfiles_are_linked_and_existing_ones_kept() {
  repo_file .bashrc <<<'alias ll="ls -l"'
  repo_file .config/nvim/init.lua <<<'-- nvim'
  repo_file .gitignore <<<'*.swp'
  repo_file .git/HEAD <<<'ref: refs/heads/main'
  repo_file README.md <<<'# my dotfiles'
  echo 'old bashrc' >"$home/.bashrc"
  render '' https://example.com/me/dots
  run_first_boot
  assert_eq 0 "$rc"
  assert_eq "$home/.dotfiles/.bashrc" "$(readlink "$home/.bashrc")"
  assert_eq "$home/.dotfiles/.config" "$(readlink "$home/.config")"
  assert_eq 'old bashrc' "$(cat "$home/.bashrc.devbox-orig")" "the old file is kept"
  [[ ! -e $home/.gitignore && ! -e $home/.git && ! -e $home/README.md ]] || fail "only dotfiles, not git's own"
  assert_contains "linking dotfiles" "$(dotlog)"
}

test_a_clone_that_fails_is_logged_and_fails_the_part() {
  touch "$sb/git.fail"
  render '' https://github.com/you/missing.git
  run_first_boot
  assert_eq 1 "$rc"
  assert_contains "fatal: repository not found" "$(dotlog)"
  assert_contains "dotfiles=128" "$(marker)"
}

test_the_script_runs_before_the_dotfiles() {
  user_script <<EOF
#!/bin/bash
echo script >>"$sb/order"
EOF
  repo_file install.sh x <<EOF
#!/bin/bash
echo dotfiles >>"$sb/order"
EOF
  render "$sb/user.sh" https://github.com/you/dotfiles
  run_first_boot
  assert_eq 0 "$rc"
  assert_eq $'script\ndotfiles' "$(cat "$sb/order")"
  assert_contains "user-data=0 dotfiles=0" "$(marker)"
}

test_a_missing_ssh_user_skips_the_dotfiles() {
  fake getent <<<'exit 2'
  render '' https://github.com/you/dotfiles
  run_first_boot
  assert_eq 1 "$rc"
  assert_contains "no user ubuntu on this box" "$(dotlog)"
  [[ ! -e $sb/git.args ]] || fail "nothing cloned"
}

test_the_template_lints_and_keeps_its_placeholders_apart() {
  ! grep -q '^DEVBOX_DOTFILES_SCRIPT_END$' "$DOTFILES" || fail "the dotfiles script contains its heredoc delimiter"
  ! grep -q '@[A-Z_]*@' "$DOTFILES" || fail "the dotfiles script contains a placeholder"
  render '' ''
  bash -n "$sb/first-boot.sh" || fail "rendered part does not parse"
}

# --------------------------------------------------------------- runner -----
# shellcheck source=/dev/null # suite.sh, linted on its own
. "$here/suite.sh"
main "$@"
