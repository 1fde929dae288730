#!/usr/bin/env bash
# Installs, idempotently, what the aarch64 engines need on an x86_64 Debian/Ubuntu host:
# the Rust target aarch64-unknown-linux-gnu, the cross linker and C library, and QEMU user mode.
# Prints the QEMU version at the end. Safe to run again: installed pieces are skipped.
set -euo pipefail

target=aarch64-unknown-linux-gnu
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
if ((${#missing[@]})); then
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo=sudo; fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

qemu-aarch64 --version | head -n 1
