#!/usr/bin/env bash
# Installs, idempotently, what the aarch64 engines need on an x86_64 Debian/Ubuntu host:
# the pinned Rust toolchain and its target aarch64-unknown-linux-gnu, the cross linker and C library, and QEMU user mode.
# Prints the QEMU version at the end. Safe to run again: installed pieces are skipped.
#
# QEMU must be 8.0 or newer. QEMU 7.2 (Debian 12's own) keeps a descriptor for every guest page
# ever mapped and never frees it; Wasmtime reserves gigabytes of address space per instance, so a
# worker under QEMU 7.2 grew to 3.3 GiB after 200 modules (65 MiB under QEMU 10.0). On Debian 12
# this script therefore takes qemu-user from bookworm-backports.
set -euo pipefail

target=aarch64-unknown-linux-gnu

# The toolchain of rust-toolchain.toml first (with its components and the aarch64 target), for
# machines where rustup does not install toolchains on first use (RUSTUP_AUTO_INSTALL=0); a no-op
# once installed.
rustup toolchain install --no-self-update
packages=(gcc-aarch64-linux-gnu libc6-dev-arm64-cross qemu-user)

if ! rustup target list --installed | grep -qx "$target"; then
  rustup target add "$target"
fi

missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done
sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo=sudo; fi
if ((${#missing[@]})); then
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

qemu_major() { qemu-aarch64 --version | head -n 1 | sed -E 's/.*version ([0-9]+).*/\1/'; }
if [ "$(qemu_major)" -lt 8 ]; then
  codename=$(. /etc/os-release && echo "${VERSION_CODENAME:-}")
  if [ "$codename" != bookworm ]; then
    echo "qemu-aarch64 $(qemu_major).x is too old (8.0 or newer needed) and this is not Debian 12" >&2
    exit 1
  fi
  list=/etc/apt/sources.list.d/bookworm-backports.list
  if [ ! -f "$list" ]; then
    echo "deb http://deb.debian.org/debian bookworm-backports main" | $sudo tee "$list" >/dev/null
  fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends -t bookworm-backports qemu-user
fi

qemu-aarch64 --version | head -n 1
