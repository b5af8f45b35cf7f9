#!/bin/bash
# A realistic first-boot script: a Go, Node and Python toolchain, Docker, and a
# few command-line tools, for a web project. Runs as root, once.
set -euxo pipefail
export DEBIAN_FRONTEND=noninteractive

user=ubuntu
home=/home/$user

apt-get update
apt-get install -y --no-install-recommends \
  build-essential pkg-config libssl-dev ca-certificates curl gnupg unzip zip jq \
  ripgrep fd-find fzf bat tmux htop tree direnv shellcheck sqlite3 postgresql-client \
  redis-tools python3-venv python3-pip pipx zsh neovim make git-lfs

# Docker from the distribution, the SSH user in its group.
apt-get install -y docker.io docker-compose-v2 docker-buildx
usermod -aG docker "$user"
systemctl enable --now docker

# Go, pinned.
go_version=1.23.4
arch=$(dpkg --print-architecture)
curl -fsSL "https://go.dev/dl/go${go_version}.linux-${arch}.tar.gz" -o /tmp/go.tgz
rm -rf /usr/local/go
tar -C /usr/local -xzf /tmp/go.tgz
rm -f /tmp/go.tgz
cat >/etc/profile.d/go.sh <<'GO'
export PATH=$PATH:/usr/local/go/bin:$HOME/go/bin
GO

# Node through nvm, as the user.
sudo -u "$user" -H bash -c '
  set -euo pipefail
  curl -fsSL https://raw.githubusercontent.com/nvm-sh/nvm/v0.40.1/install.sh | bash
  export NVM_DIR="$HOME/.nvm"
  . "$NVM_DIR/nvm.sh"
  nvm install 22
  nvm alias default 22
  corepack enable
  npm install -g typescript tsx prettier eslint
'

# Python tools, as the user.
sudo -u "$user" -H bash -c '
  set -euo pipefail
  pipx ensurepath
  pipx install poetry
  pipx install ruff
  pipx install pre-commit
  pipx install httpie
'

# Rust, as the user.
sudo -u "$user" -H bash -c '
  set -euo pipefail
  curl --proto "=https" --tlsv1.2 -sSf https://sh.rustup.rs | sh -s -- -y --profile minimal
  "$HOME/.cargo/bin/rustup" component add clippy rustfmt
'

# The project itself.
sudo -u "$user" -H bash -c '
  set -euo pipefail
  mkdir -p "$HOME/src"
  cd "$HOME/src"
  git clone https://github.com/example/webapp.git || true
  git config --global init.defaultBranch main
  git config --global pull.rebase true
  git config --global fetch.prune true
'

# Kernel and limits for file watchers and databases.
cat >/etc/sysctl.d/90-dev.conf <<'SYSCTL'
fs.inotify.max_user_watches=524288
fs.inotify.max_user_instances=1024
vm.max_map_count=262144
SYSCTL
sysctl --system

cat >/etc/security/limits.d/90-dev.conf <<'LIMITS'
*    soft nofile 65536
*    hard nofile 65536
LIMITS

# Swap for big builds on small boxes.
if ! swapon --show | grep -q /swapfile; then
  fallocate -l 4G /swapfile
  chmod 600 /swapfile
  mkswap /swapfile
  swapon /swapfile
  echo '/swapfile none swap sw 0 0' >>/etc/fstab
fi

chsh -s /usr/bin/zsh "$user"
timedatectl set-timezone Europe/Berlin
echo "first boot setup done" >"$home/.first-boot-done"
chown "$user:$user" "$home/.first-boot-done"
