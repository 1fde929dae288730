#!/usr/bin/env bash
# Modules per second of the x86_64 engines, the aarch64 engines under QEMU, and all five engines,
# each a seeded campaign of the same length run back to back (the same seed gives the same
# modules), plus the aarch64 engines pinned to one core with taskset.
#
# usage: scripts/bench-arch.sh [SECONDS]   (default 60; needs scripts/setup-cross.sh first)
# Prints one line per campaign: name, engines, modules, modules/s.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
cargo build --release --quiet
cargo build --release --quiet --target aarch64-unknown-linux-gnu -p crosscheck-oracles --bin crosscheck-worker
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

run() {
  local name=$1 engines=$2
  shift 2
  "$@" ./target/release/crosscheck fuzz --engines "$engines" --duration "$seconds" --seed 1 \
    --out "$out/$name" > "$out/$name.txt" 2>&1 || true
  local line
  line=$(grep -E '^modules: ' "$out/$name.txt" || echo "modules: ? in ? s (? modules/s)")
  printf '%-22s %-62s %s\n' "$name" "$engines" "${line#modules: }"
}

printf '%-22s %-62s %s\n' campaign engines result
run x86_64 "winch-x64,cranelift-x64,wasmi"
run aarch64 "winch-aarch64,cranelift-aarch64"
run aarch64-one-core "winch-aarch64,cranelift-aarch64" taskset -c 0
run all-five "all"
