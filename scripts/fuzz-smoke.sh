#!/usr/bin/env bash
# Builds every cargo fuzz target and runs each for SECONDS (default 20) of libFuzzer time on its
# seed corpus corpora/<target>/ (new inputs go to target/fuzz-corpus/<target>/, so the checked-in
# seeds stay as they are); a panic in any target fails. Then plants a divergence through a
# test-double engine, checks that `differential` saves it as a crash artifact, and that
# `crosscheck replay --fuzz-input differential ARTIFACT` turns the artifact into a finding that
# diverges (exit 1). Needs the nightly toolchain, cargo-fuzz and scripts/setup-cross.sh.
#
# CROSSCHECK_FUZZ_SANITIZER (default `address`, cargo fuzz's default) is passed to `cargo fuzz -s`;
# CI uses `none`, which builds faster.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-20}
sanitizer=${CROSSCHECK_FUZZ_SANITIZER:-address}

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

cargo +nightly fuzz build -s "$sanitizer"
for target in $(cargo +nightly fuzz list); do
  echo "-- $target"
  mkdir -p "target/fuzz-corpus/$target"
  status=0
  cargo +nightly fuzz run -s "$sanitizer" "$target" "target/fuzz-corpus/$target" "corpora/$target" -- \
    -max_total_time="$seconds" >"$scratch/$target.log" 2>&1 || status=$?
  grep -E "INITED|DONE|crosscheck" "$scratch/$target.log" || true
  if [ "$status" -ne 0 ]; then
    tail -40 "$scratch/$target.log" >&2
    echo "cargo fuzz run $target failed (exit $status)" >&2
    exit 1
  fi
done

echo "-- a planted divergence (wasmi against double-result)"
artifacts=$scratch/planted
mkdir -p "$artifacts/corpus"
status=0
CROSSCHECK_TEST_DOUBLES=1 CROSSCHECK_FUZZ_ENGINES=wasmi,double-result \
  cargo +nightly fuzz run -s "$sanitizer" differential "$artifacts/corpus" corpora/differential -- \
  -artifact_prefix="$artifacts/" -max_total_time=120 >"$artifacts/log" 2>&1 || status=$?
if [ "$status" -eq 0 ]; then
  echo "differential did not report the planted divergence" >&2
  exit 1
fi
grep -m1 "crosscheck differential divergence (result)" "$artifacts/log"
artifact=$(ls "$artifacts"/crash-* | head -1)
status=0
CROSSCHECK_TEST_DOUBLES=1 CROSSCHECK_FUZZ_ENGINES=wasmi,double-result \
  target/release/crosscheck replay --fuzz-input differential "$artifact" --out "$artifacts/findings" || status=$?
if [ "$status" -ne 1 ]; then
  echo "replay --fuzz-input of $artifact exited $status, not 1 (a divergence)" >&2
  exit 1
fi
