#!/usr/bin/env bash
# The nightly differential job: four campaigns sharing a time budget, new findings reduced, and a
# report in nightly/<YYYY-MM-DD>/ (report.md, report.json, throughput.svg, findings.svg).
#
# usage: scripts/nightly.sh [--budget MINUTES] [--seed N] [--weekly] [--no-release-check]
#   --budget  campaign time, shared 40/25/20/15% by: the x86_64 engines, the aarch64 engines under
#             QEMU, traps mode on the x86_64 engines, and the spec suite's modules on every engine
#             (default 60; reductions count toward each campaign's share, builds do not); when a
#             newer wasmtime or wasmi than the pin is out, a fifth campaign, `newest`, takes 10% from
#             the x86_64 one
#   --no-release-check
#             do not look for new releases (CI's one-minute nightly)
#   --seed    the campaign seed (default: today's date as YYYYMMDD, so every night runs new modules)
#   --weekly  the weekly run (default on Sundays, UTC): the configuration swarm also draws the
#             settings that trigger known bugs (`fuzz --avoid-known off`), so that the report shows
#             whether they still reproduce in campaigns
#
# Every night the job first looks for a newer wasmtime and wasmi than the pins of Cargo.lock
# (scripts/newest-release.sh, from the crates.io index). When one is out it builds that release's
# worker (cached) and runs the campaign `newest`: the pinned x86_64 engines against the same
# engines of the new release (`winch-x64@51.0.0`, `cranelift-x64:speed@51.0.0`), with the oracle,
# configurations fixed so that each pair compares like with like; the report's first lines say what
# it found ("wasmtime 51.0.0 is out: N divergences against 50.0.2, M regressions"), or that the
# job could not look (offline).
#
# Every night the report also replays each known bug's reproducers (`report --stale-known`) and
# names the entries of corpora/known.toml whose reproducers no longer diverge.
#
# Findings go to findings/. Exits 0 when every finding of the run is known (its signature is in
# corpora/regressions/, or an entry of corpora/known.toml matches it), 1 when one is new, 2 when
# the script itself fails. Needs scripts/setup-cross.sh first (QEMU and the aarch64 target).
#
# SIGINT (Ctrl-C) or SIGTERM stops the campaign that runs, which still writes its statistics
# (`fuzz` stops gracefully, see docs/commands.md); no further campaign runs, the report of the
# campaigns that ran is still written, and the script exits 130 (1 when a finding is new).
set -euo pipefail
cd "$(dirname "$0")/.."

budget=60
seed=$(date -u +%Y%m%d)
weekly=0
release_check=1
[ "$(date -u +%u)" = 7 ] && weekly=1
while [ $# -gt 0 ]; do
  case "$1" in
    --budget) budget=$2; shift 2 ;;
    --seed) seed=$2; shift 2 ;;
    --weekly) weekly=1; shift ;;
    --no-release-check) release_check=0; shift ;;
    *) echo "nightly.sh: unknown argument $1 (usage: scripts/nightly.sh [--budget MINUTES] [--seed N] [--weekly] [--no-release-check])" >&2; exit 2 ;;
  esac
done
if ! [[ "$budget" =~ ^[1-9][0-9]*$ ]]; then
  echo "nightly.sh: --budget must be a whole number of minutes, not '$budget'" >&2
  exit 2
fi
if ! command -v qemu-aarch64 >/dev/null 2>&1; then
  echo "nightly.sh: qemu-aarch64 is missing; run scripts/setup-cross.sh first" >&2
  exit 2
fi

out=nightly/$(date -u +%Y-%m-%d)
mkdir -p "$out/stats" "$out/logs" findings
start=$(date +%s)
cargo build --release --quiet
crosscheck=target/release/crosscheck

# A stop sets `stopped` and passes SIGINT on to the campaign that runs. The campaign runs in a
# session of its own, so that a Ctrl-C at the terminal reaches it once, through here (a second
# SIGINT would stop it at once, without its statistics).
stopped=0
child=
on_stop() {
  stopped=1
  if [ -n "$child" ]; then kill -INT "$child" 2>/dev/null || true; fi
}
trap on_stop INT TERM

# campaign NAME PERCENT ARGS...: a campaign with PERCENT of the budget; exit 1 (divergences) is the
# report's business, 130 (stopped) ends the campaigns, anything else fails the job.
campaign() {
  local name=$1 percent=$2
  shift 2
  local seconds=$((budget * 60 * percent / 100))
  if [ "$stopped" = 1 ]; then
    echo "== $name: not run (stopped)"
    return
  fi
  echo "== $name: ${seconds} s ($*)"
  local status=0
  setsid "$crosscheck" fuzz --duration "$seconds" --seed "$seed" --out findings --reduce --reduce-time 60 \
    --avoid-known "$avoid" --stats "$out/stats/$name.json" --label "$name" "$@" >"$out/logs/$name.log" 2>&1 &
  child=$!
  wait "$child" || status=$?
  # A trapped signal ends `wait` early: wait again for the campaign's own status.
  while kill -0 "$child" 2>/dev/null; do
    status=0
    wait "$child" || status=$?
  done
  child=
  grep -E '^(stopped|modules|divergences|  new finding)' "$out/logs/$name.log" || true
  if [ "$status" = 130 ]; then
    stopped=1
    return
  fi
  if [ "$status" -gt 1 ]; then
    tail -20 "$out/logs/$name.log" >&2
    echo "nightly.sh: campaign $name failed (exit $status)" >&2
    exit 2
  fi
}

avoid=on
[ "$weekly" = 1 ] && avoid=off
echo "nightly.sh: budget $budget min, seed $seed, known-bug settings avoided: $avoid"

look=(--off)
[ "$release_check" = 1 ] && look=()
newest=$(scripts/newest-release.sh --out "$out/releases.json" "${look[@]}" | tail -n 1)
newest=${newest#engines: }
campaigns=(x86_64 aarch64 traps spec)
x86_share=40
if [ -n "$newest" ]; then
  x86_share=30
  campaigns+=(newest)
fi

campaign x86_64 "$x86_share" --engines winch-x64,cranelift-x64,wasmi
campaign aarch64 25 --engines winch-aarch64,cranelift-aarch64,wasmi
campaign traps 20 --mode traps --engines winch-x64,cranelift-x64,wasmi
campaign spec 15 --mode spec --engines all
if [ -n "$newest" ]; then
  # Each new-release engine beside the same pinned engine and the oracle, in default configurations.
  pinned=$(printf '%s\n' "${newest//,/$'\n'}" | sed 's/@.*//' | grep -vx wasmi | paste -sd, -)
  campaign newest 10 --config-swarm off --engines "${pinned:+$pinned,}wasmi,$newest"
fi

status=0
stats=()
for name in "${campaigns[@]}"; do
  [ -f "$out/stats/$name.json" ] && stats+=("$out/stats/$name.json")
done
if [ ${#stats[@]} = 0 ]; then
  echo "nightly.sh: stopped before a campaign wrote its statistics; no report" >&2
  exit 130
fi
"$crosscheck" report "${stats[@]}" --findings findings --since "$start" \
  --stale-known --releases "$out/releases.json" --out "$out" || status=$?
echo "nightly.sh: report in $out/report.md ($(($(date +%s) - start)) s)"
if [ "$stopped" = 1 ] && [ "$status" = 0 ]; then
  echo "nightly.sh: stopped; the report covers the campaigns that ran" >&2
  exit 130
fi
exit "$status"
