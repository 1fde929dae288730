#!/usr/bin/env bash
# The nightly's look-up of new engine releases: finds the newest published wasmtime and wasmi
# (scripts/build-worker.sh --newest), compares each with the pin of Cargo.lock, builds the worker
# of each newer one (cached, scripts/build-worker.sh), and writes what it found as JSON for
# `crosscheck report --releases`. Its last line on stdout is the labeled engines a cross-version
# campaign should add (`engines: winch-x64@51.0.0,cranelift-x64:speed@51.0.0`), empty after the colon
# when there are none.
#
# usage: scripts/newest-release.sh --out FILE [--index DIR_OR_URL] [--no-build] [--off]
#   --out FILE     the JSON record (see docs/nightly.md, "New releases")
#   --index        the crates.io sparse index (default: $CROSSCHECK_CRATES_INDEX, else crates.io)
#   --no-build     look up only; record newer releases without building their workers
#   --off          do not look (the record says so); CI's one-minute nightly uses it
#
# Offline (the index cannot be read), the record says that it could not look, and the script still
# exits 0: a night without the look-up is a night with its other campaigns. Exits 2 on bad usage.
set -euo pipefail
cd "$(dirname "$0")/.."

out="" index_args=() build=1 off=0
while [ $# -gt 0 ]; do
  case "$1" in
    --out) out="${2:?--out needs a file}"; shift 2 ;;
    --index) index_args=(--index "${2:?--index needs a directory or URL}"); shift 2 ;;
    --no-build) build=0; shift ;;
    --off) off=1; shift ;;
    *) echo "newest-release.sh: unknown argument $1 (see the head of the script)" >&2; exit 2 ;;
  esac
done
[ -n "$out" ] || { echo "newest-release.sh: --out FILE is required" >&2; exit 2; }

cache="${CROSSCHECK_WORKER_CACHE:-$HOME/.cache/crosscheck/workers}"
host="$(rustc -vV | sed -n 's/^host: //p')"
pinned() { sed -n "/^name = \"$1\"$/{n;s/^version = \"\(.*\)\"$/\1/p;q}" Cargo.lock; }

# One JSON object per crate, as lines "crate|pinned|newest|worker|note|engines".
rows=()
note=""
if [ "$off" = 1 ]; then
  note="the look-up of new releases was off (--no-release-check)"
else
  for crate in wasmtime wasmi; do
    pin="$(pinned "$crate")"
    if ! newest="$(scripts/build-worker.sh "${index_args[@]}" --newest "$crate" 2>&1)"; then
      note="could not look for new releases: ${newest##*build-worker: }"
      rows=()
      break
    fi
    newer="$(printf '%s\n%s\n' "$pin" "$newest" | sort -V | tail -n 1)"
    worker="" detail="" engines=""
    if [ "$newer" != "$pin" ]; then
      if [ "$build" = 0 ]; then
        worker="not built"
      elif log="$(scripts/build-worker.sh "${index_args[@]}" "--$crate" "$newest" 2>&1)"; then
        worker="built"
        if [ "$crate" = wasmi ]; then
          engines="wasmi@$newest"
        elif grep -q '"winch": false' "$cache/wasmtime/$newest/$host/build.json" 2>/dev/null; then
          engines="cranelift-x64:speed@$newest"
          detail="winch-codegen $newest is not published, so its worker has Cranelift only"
        else
          engines="winch-x64@$newest,cranelift-x64:speed@$newest"
        fi
      else
        worker="failed"
        detail="$(printf '%s\n' "$log" | tail -n 1)"
      fi
    fi
    rows+=("$crate|$pin|$newest|$worker|$detail|$engines")
  done
fi

mkdir -p "$(dirname "$out")"
python3 - "$out" "$note" "${rows[@]}" <<'EOF'
import json, sys
out, note, rows = sys.argv[1], sys.argv[2], sys.argv[3:]
releases = []
for row in rows:
    crate, pinned, newest, worker, detail, engines = row.split("|")
    releases.append({
        "crate": crate,
        "pinned": pinned,
        "newest": newest,
        "worker": worker or None,
        "detail": detail or None,
        "engines": [e for e in engines.split(",") if e],
    })
record = {"looked": not note, "note": note or None, "releases": releases}
with open(out, "w") as f:
    json.dump(record, f, indent=2)
    f.write("\n")
EOF
engines=""
for row in "${rows[@]}"; do
  e="${row##*|}"
  [ -n "$e" ] && engines="${engines:+$engines,}$e"
done
echo "engines: $engines"
