#!/bin/bash -eu
# ClusterFuzzLite build script (run by the image's `compile` as `bash -eux $SRC/build.sh` in
# $SRC/crosscheck): builds every cargo fuzz target but differential_aarch64, copies the binaries
# to $OUT and packs corpora/<target>/ as $OUT/<target>_seed_corpus.zip.

cd "$SRC/crosscheck"

# differential_aarch64 runs its engines in an aarch64 worker under qemu-aarch64: the runner image
# has neither QEMU nor an aarch64 build of the worker, so the target would panic on start.
excluded=differential_aarch64

# The image's RUSTFLAGS already carry -Zsanitizer=$SANITIZER (or, for coverage, its coverage
# flags); cargo fuzz's --sanitizer is set to agree. The workflows use address only; memory is
# untested, and Rust has no UBSan, so `undefined` builds the Rust code without a sanitizer.
requested=${SANITIZER:-address}
case "$requested" in
  address | memory) sanitizer=$requested ;;
  undefined | coverage) sanitizer=none ;; # for coverage, the image's cargo wrapper rewrites the build
  *)
    echo "build.sh: sanitizer '$requested' is not supported" >&2
    exit 1
    ;;
esac

# fuzz/ is its own workspace, so cargo fuzz builds into fuzz/target/<triple>/release/.
release=fuzz/target/x86_64-unknown-linux-gnu/release
for source in fuzz/fuzz_targets/*.rs; do
  target=$(basename "$source" .rs)
  if [ "$target" = "$excluded" ]; then
    continue
  fi
  # -O --debug-assertions: the profile of a plain local `cargo fuzz build` (README numbers).
  cargo fuzz build -O --debug-assertions --sanitizer "$sanitizer" "$target"
  cp "$release/$target" "$OUT/"
  if [ -d "corpora/$target" ]; then
    rm -f "$OUT/${target}_seed_corpus.zip"
    # -j: flat archive; corpora/traps' .wat files are just more input bytes to the target.
    zip -q -j "$OUT/${target}_seed_corpus.zip" "corpora/$target"/*
  fi
done
