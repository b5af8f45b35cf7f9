#!/usr/bin/env bash
# Builds the Debian bookworm guest that BoxGuestIT boots (docs/boxtest.md):
# a minbase root with systemd, sshd, cloud-init (NoCloud) and tmux, as an ext4
# image plus the kernel and initrd to boot it directly. Cached in
# $DEVBOX_BOXTEST_CACHE (default ~/.cache/devbox/boxtest)/<hash of this recipe>/,
# so a changed recipe builds a new image and an unchanged one is reused.
# Prints the image directory as its last line. Needs root (debootstrap) and
# takes the Debian mirror from this machine's apt configuration.
#   build-image.sh            build unless cached
#   build-image.sh --cached   only report: exit 4 (and say so) when not built yet
set -euo pipefail
umask 022

recipe_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cache_root="${DEVBOX_BOXTEST_CACHE:-$HOME/.cache/devbox/boxtest}"
suite=bookworm
# What the box scripts and the test need; python3-cffi-backend must be named
# or cloud-init's dependencies fail to configure under debootstrap.
packages=systemd-sysv,udev,dbus,libpam-systemd,openssh-server,cloud-init,python3-cffi-backend,sudo,linux-image-amd64,ifupdown,isc-dhcp-client,iproute2,procps,tmux,curl
image_mib=2048

log() { printf 'boxtest image: %s\n' "$*" >&2; }

recipe_hash() {
  (cd "$recipe_dir" && find build-image.sh guest -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum) \
    | sha256sum | cut -c1-16
}

# The first plain Debian archive URI in apt's configuration (deb822 .sources
# files or the one-line format), so the recipe uses whatever mirror this
# machine is set up with and names none itself.
apt_mirror() {
  local file uri
  for file in /etc/apt/sources.list.d/*.sources; do
    [[ -r $file ]] || continue
    uri=$(awk -v suite="$suite" '
      /^[[:space:]]*$/ { if (uri != "" && ok) { print uri; exit } uri = ""; ok = 0; next }
      /^URIs:/ { uri = $2 }
      /^Suites:/ { for (i = 2; i <= NF; i++) if ($i == suite) ok = 1 }
      END { if (uri != "" && ok) print uri }' "$file" | head -n 1)
    if [[ -n $uri ]]; then printf '%s\n' "$uri"; return 0; fi
  done
  for file in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [[ -r $file ]] || continue
    uri=$(awk -v suite="$suite" '
      $1 == "deb" { i = 2; if ($i ~ /^\[/) { while ($i !~ /\]$/) i++; i++ }
                    if ($(i + 1) == suite) { print $i; exit } }' "$file")
    if [[ -n $uri ]]; then printf '%s\n' "$uri"; return 0; fi
  done
  return 1
}

main() {
  local hash out work mirror started elapsed rootfs kernel initrd
  hash=$(recipe_hash)
  out=$cache_root/$hash
  if [[ -f $out/ready ]]; then
    log "cached in $out (built in $(cat "$out/build-seconds")s)"
    printf '%s\n' "$out"
    return 0
  fi
  if [[ ${1:-} == --cached ]]; then
    log "not built yet for this recipe ($out): run boxtest/build-image.sh as root"
    exit 4
  fi
  [[ $(id -u) == 0 ]] || { log "building needs root (debootstrap); run as root once to fill the cache"; exit 3; }
  for tool in debootstrap mkfs.ext4; do
    command -v "$tool" >/dev/null || { log "$tool is missing (apt-get install debootstrap e2fsprogs)"; exit 3; }
  done
  mirror=$(apt_mirror) || { log "no $suite archive in the apt configuration"; exit 3; }

  started=$(date +%s)
  mkdir -p "$cache_root"
  work=$(mktemp -d "$cache_root/.build-$hash.XXXXXX")
  chmod 0755 "$work"
  # The root tree is only an intermediate: the image holds it. Removed on any exit.
  trap 'rm -rf "$work"' EXIT
  rootfs=$work/root
  log "debootstrap $suite (minbase) into $rootfs"
  debootstrap --variant=minbase --include="$packages" "$suite" "$rootfs" "$mirror" >"$work/debootstrap.log" 2>&1 \
    || { tail -n 30 "$work/debootstrap.log" >&2; exit 1; }

  # Guest configuration lives in guest/ (copied over the root), so it is part of the hash.
  cp -r "$recipe_dir/guest/." "$rootfs/"
  chroot "$rootfs" systemctl enable ssh.service networking.service >/dev/null 2>&1
  # No getty on the serial console: nobody logs in there, and its output would
  # only interleave with what the test reads from the console.
  chroot "$rootfs" systemctl mask serial-getty@ttyS0.service >/dev/null 2>&1
  rm -f "$rootfs"/etc/ssh/ssh_host_*   # cloud-init makes a box's own host keys at first boot
  : >"$rootfs/etc/machine-id"          # systemd makes a fresh one at first boot
  rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/*

  kernel=$(find "$rootfs/boot" -name 'vmlinuz-*' | sort | tail -n 1)
  initrd=$(find "$rootfs/boot" -name 'initrd.img-*' | sort | tail -n 1)
  [[ -n $kernel && -n $initrd ]] || { log "no kernel or initrd in $rootfs/boot"; exit 1; }
  cp "$kernel" "$work/vmlinuz"
  cp "$initrd" "$work/initrd.img"
  log "making the ext4 image (${image_mib} MiB, sparse)"
  mkfs.ext4 -q -L devbox-root -d "$rootfs" "$work/root.ext4" "${image_mib}M"
  rm -rf "$rootfs"

  elapsed=$(($(date +%s) - started))
  printf '%s\n' "$elapsed" >"$work/build-seconds"
  printf 'suite=%s\npackages=%s\nbuilt=%s\n' "$suite" "$packages" "$(date -u +%Y-%m-%dT%H:%M:%SZ)" >"$work/recipe"
  touch "$work/ready"
  rm -rf "$out"
  mv "$work" "$out"
  trap - EXIT
  log "built in ${elapsed}s: $out"
  printf '%s\n' "$out"
}

main "$@"
