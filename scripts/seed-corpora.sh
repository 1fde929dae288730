#!/usr/bin/env bash
# Writes the seed corpus of each cargo fuzz target to corpora/<target>/seed-NN (other files there,
# such as the hand-written .wat cases of corpora/traps/, are left alone): COUNT (default 20) inputs
# of 512 to 4096 pseudo-random bytes (Python's random, seeded per target, so the corpus is the same
# on every run) that decode to a test case, checked with `crosscheck replay --fuzz-input`.
# Run after `cargo build --release`; differential_aarch64 needs scripts/setup-cross.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
count=${1:-20}
crosscheck=target/release/crosscheck
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
for target in differential winch_cranelift traps differential_aarch64 spec_mutate; do
  dir=corpora/$target
  mkdir -p "$dir" && rm -f "$dir"/seed-*
  kept=0
  for i in $(seq 0 199); do
    [ "$kept" -ge "$count" ] && break
    file=$dir/seed-$(printf %02d "$kept")
    python3 -c "import random,sys; r=random.Random('$target-$i'); sys.stdout.buffer.write(r.randbytes(r.randint(512, 4096)))" > "$file"
    status=0
    "$crosscheck" replay --in-process --fuzz-input "$target" "$file" --out "$scratch" >/dev/null 2>&1 || status=$?
    case $status in
      0) kept=$((kept + 1)) ;;
      1) echo "$target: $file diverges; not a seed (look at $scratch)" >&2; rm "$file" ;;
      *) rm "$file" ;;
    esac
  done
  echo "$target: $kept seeds"
done
