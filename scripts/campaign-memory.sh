#!/usr/bin/env bash
# Samples the resident memory of a campaign's harness process and of each of its worker processes
# while the campaign runs, to check that memory stays flat over time (docs/design.md, "Budgets").
#
# usage: scripts/campaign-memory.sh [SECONDS] [INTERVAL] [-- extra `crosscheck fuzz` arguments]
# Prints one CSV line per sample: elapsed seconds, harness RSS in MiB, then each worker's RSS in MiB.
set -euo pipefail
cd "$(dirname "$0")/.."
duration=${1:-180}
interval=${2:-30}
shift $(( $# > 2 ? 2 : $# ))
[ "${1:-}" = "--" ] && shift
cargo build --release --quiet
out=$(mktemp -d)
./target/release/crosscheck fuzz --duration "$duration" --out "$out" "$@" > "$out/summary.txt" 2>&1 &
harness=$!
rss() { awk '/^VmRSS:/ { printf "%.1f", $2 / 1024 }' "/proc/$1/status" 2>/dev/null || echo "-"; }
echo "seconds,harness_mib,workers_mib..."
start=$SECONDS
while kill -0 "$harness" 2>/dev/null; do
  sleep "$interval"
  kill -0 "$harness" 2>/dev/null || break
  line="$((SECONDS - start)),$(rss "$harness")"
  for worker in $(pgrep -P "$harness" || true); do
    line="$line,$(rss "$worker")"
  done
  echo "$line"
done
wait "$harness" || true
grep -E "^(modules|worker)" "$out/summary.txt"
rm -rf "$out"
