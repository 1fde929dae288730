#!/usr/bin/env bash
# Builds crosscheck's worker (the crosscheck-oracles crate's `crosscheck-worker`) against another
# Wasmtime or wasmi than the harness links, into the worker cache, where `crosscheck` finds it as
# the engines NAME@LABEL (`winch-x64@48.0.8`, `cranelift-aarch64:speed@local`, `wasmi@1.0.4`).
# See docs/versions.md.
#
#   scripts/build-worker.sh --wasmtime 48.0.8               # a crates.io release
#   scripts/build-worker.sh --wasmtime-path ~/src/wasmtime  # a local checkout: label `local`
#   scripts/build-worker.sh --wasmi 1.0.4                   # another wasmi release
#   scripts/build-worker.sh --wasmtime 48.0.8 --target aarch64-unknown-linux-gnu
#   scripts/build-worker.sh --list-releases wasmtime 43.0.0..50.0.1
#
# Options:
#   --wasmtime VERSION     a published wasmtime release (43.0.0 or newer)
#   --wasmtime-path DIR    a wasmtime checkout; cached under its commit (local-COMMIT) and as `local`
#   --wasmi VERSION        a published wasmi release (1.0.0 or newer)
#   --target TRIPLE        build for TRIPLE (default: this host); aarch64 workers run under QEMU
#   --cache DIR            the worker cache (default: $CROSSCHECK_WORKER_CACHE, else
#                          ~/.cache/crosscheck/workers)
#   --list-releases CRATE FROM..TO
#                          print the published, non-yanked releases of CRATE in that range (ends
#                          included), oldest first, from the crates.io index
#   --newest CRATE         print the newest published release of CRATE (not yanked, not a
#                          pre-release); `--wasmtime newest` and `--wasmi newest` build it
#   --index DIR_OR_URL     the crates.io sparse index to read (default: $CROSSCHECK_CRATES_INDEX,
#                          else https://index.crates.io); a directory of the same layout works
#   -h, --help             this text
#
# The worker lands in CACHE/KIND/LABEL/TRIPLE/crosscheck-worker (KIND is wasmtime or wasmi) with a
# build.json beside it; a second build of the same label and target is free (a local checkout's
# label is its commit, so a new commit builds again). Builds share CACHE/target. On failure the
# script prints one line naming the cargo log and exits 2. A wasmtime release whose winch-codegen
# crate of the same version is not published (51.0.0 and 50.0.3, seen 2026-12-07) is built
# without Winch: its worker runs the Cranelift engines only (build.json says "winch": false), and
# compiles for its own architecture only.
set -euo pipefail

usage() { sed -n '2,36p' "$0" | sed 's/^# \{0,1\}//'; }
fail() { echo "build-worker: $*" >&2; exit 2; }

root="$(cd "$(dirname "$0")/.." && pwd)"
cache="${CROSSCHECK_WORKER_CACHE:-$HOME/.cache/crosscheck/workers}"
target="$(rustc -vV | sed -n 's/^host: //p')"
kind="" version="" path="" action="" crate="" range=""

index="${CROSSCHECK_CRATES_INDEX:-https://index.crates.io}"

# index_file CRATE: the crate's file of the sparse index on stdout.
index_file() {
  local crate="$1" prefix
  case "${#crate}" in
    1) prefix="1/$crate" ;;
    2) prefix="2/$crate" ;;
    3) prefix="3/${crate:0:1}/$crate" ;;
    *) prefix="${crate:0:2}/${crate:2:2}/$crate" ;;
  esac
  case "$index" in
    http://*|https://*) curl -fsS --max-time 10 "${index%/}/$prefix" ;;
    *) cat "$index/$prefix" 2>/dev/null ;;
  esac
}

# releases CRATE FROM..TO: the proper releases in the range (ends included), oldest first.
releases() {
  index_file "$1" | python3 -c '
import json, sys
lo, hi = sys.argv[1].split("..")
key = lambda v: tuple(int(x) for x in v.split("-")[0].split("."))
versions = []
for line in sys.stdin:
    if not line.strip():
        continue
    entry = json.loads(line)
    v = entry["vers"]
    if entry.get("yanked") or "-" in v:
        continue
    if key(lo) <= key(v) <= key(hi):
        versions.append(v)
for v in sorted(set(versions), key=key):
    print(v)
' "$2"
}

list_releases() {
  local crate="$1" range="$2"
  [[ "$range" == *..* ]] || fail "--list-releases wants FROM..TO, got \`$range\`"
  releases "$crate" "$range" || fail "cannot read the crates.io index ($index) for $crate"
}

newest() {
  local found
  found="$(releases "$1" 0.0.0..999999.0.0 | tail -n 1)" || fail "cannot read the crates.io index ($index) for $1"
  [ -n "$found" ] || fail "the index ($index) has no release of $1"
  echo "$found"
}

while (($#)); do
  case "$1" in
    --wasmtime) kind=wasmtime version="${2:?--wasmtime needs a version}"; shift 2 ;;
    --wasmtime-path) kind=wasmtime path="${2:?--wasmtime-path needs a directory}"; shift 2 ;;
    --wasmi) kind=wasmi version="${2:?--wasmi needs a version}"; shift 2 ;;
    --target) target="${2:?--target needs a triple}"; shift 2 ;;
    --cache) cache="${2:?--cache needs a directory}"; shift 2 ;;
    --list-releases) action=list crate="${2:?}" range="${3:?}"; shift 3 ;;
    --newest) action=newest crate="${2:?--newest needs a crate}"; shift 2 ;;
    --index) index="${2:?--index needs a directory or URL}"; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) fail "unknown option \`$1\` (see --help)" ;;
  esac
done
case "$action" in
  list) list_releases "$crate" "$range"; exit 0 ;;
  newest) newest "$crate"; exit 0 ;;
esac
[ -n "$kind" ] || fail "give --wasmtime VERSION, --wasmtime-path DIR or --wasmi VERSION (see --help)"

if [ -n "$path" ]; then
  path="$(cd "$path" 2>/dev/null && pwd)" || fail "$path: no such directory"
  [ -f "$path/crates/wasmtime/Cargo.toml" ] || fail "$path is not a Wasmtime checkout (no crates/wasmtime/Cargo.toml)"
  commit="$(git -C "$path" rev-parse --short=12 HEAD 2>/dev/null)" || fail "$path is not a git checkout"
  if [ -n "$(git -C "$path" status --porcelain --untracked-files=no)" ]; then
    commit="$commit-dirty-$(git -C "$path" diff HEAD | sha256sum | cut -c1-8)"
  fi
  label="local-$commit"
else
  [ "$version" = newest ] && version="$(newest "$kind")"
  [[ "$version" =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]] || fail "\`$version\` is not a release number like 48.0.8"
  label="$version"
fi

dest="$cache/$kind/$label/$target"
# A wasmtime release is built with Winch when its winch-codegen is published (or when the index
# cannot be read, and cargo will say); a local checkout always is.
winch=true
if [ "$kind" = wasmtime ] && [ -z "$path" ] && published="$(releases winch-codegen "$version..$version" 2>/dev/null)" \
    && [ -z "$published" ]; then
  winch=false
  echo "note: winch-codegen $version is not published on crates.io; the worker of wasmtime $version has Cranelift only"
fi
# The worker must match this crosscheck's tree (its protocol and adapters): a build records the
# hash of the oracles crate it was built from, and a different tree builds again.
tree="$(cd "$root" && find oracles/src oracles/build.rs oracles/Cargo.toml Cargo.toml -type f | sort | xargs sha256sum | sha256sum | cut -c1-16)"
if [ -x "$dest/crosscheck-worker" ] && grep -q "\"tree\": \"$tree\"" "$dest/build.json" 2>/dev/null \
    && [ "$(grep -c '"winch": false' "$dest/build.json")" = "$([ "$winch" = false ] && echo 1 || echo 0)" ]; then
  echo "cached: $dest/crosscheck-worker"
else
  scratch="$cache/build/$kind-$label"
  mkdir -p "$scratch" "$dest"
  rm -rf "$scratch/oracles"
  mkdir -p "$scratch/oracles"
  cp -r "$root/oracles/src" "$root/oracles/build.rs" "$root/oracles/Cargo.toml" "$scratch/oracles/"
  if [ "$winch" = false ]; then
    # Without Winch, and without Wasmtime's `all-arch`: cargo resolves the weak feature
    # `wasmtime-winch?/all-arch` of `all-arch` into the lock file, which needs the missing crate.
    # Such a worker compiles for its own architecture only.
    sed -i '/^wasmtime = { workspace = true, features = \["all-arch"\] }$/d' "$scratch/oracles/Cargo.toml"
  fi
  mkdir -p "$scratch/.cargo"
  cp "$root/.cargo/config.toml" "$scratch/.cargo/config.toml"
  cp "$root/rust-toolchain.toml" "$scratch/"
  # The scratch workspace: the harness's workspace tables with the one engine crate changed.
  python3 - "$root/Cargo.toml" "$scratch/Cargo.toml" "$kind" "$version" "$path" "$winch" <<'EOF'
import re, sys
src, dst, kind, version, path, winch = sys.argv[1:]
text = open(src).read()
def table(name):
    m = re.search(r"^\[" + re.escape(name) + r"\]\n(.*?)(?=^\[|\Z)", text, re.S | re.M)
    return m.group(1)
deps = table("workspace.dependencies")
lines = []
for line in deps.splitlines():
    if line.startswith("crosscheck-oracles"):
        continue
    if line.startswith(kind + " "):
        spec = line.split("=", 1)[1].strip()
        if path:
            spec = re.sub(r'version = "[^"]*"', 'path = "%s/crates/wasmtime"' % path, spec)
        else:
            spec = re.sub(r'version = "[^"]*"', 'version = "=%s"' % version, spec)
            spec = re.sub(r'^"[^"]*"$', '"=%s"' % version, spec)
        if winch == "false":
            spec = spec.replace('"winch", ', "")
        line = "%s = %s" % (kind, spec)
    lines.append(line)
out = '[workspace]\nmembers = ["oracles"]\nresolver = "3"\n\n'
out += "[workspace.package]\n" + table("workspace.package") + "\n"
out += "[workspace.dependencies]\n" + "\n".join(lines) + "\n\n"
out += '[profile.release]\ndebug = "line-tables-only"\n'
open(dst, "w").write(out)
EOF
  log="$scratch/cargo.log"
  started=$SECONDS
  echo "building the worker for $kind $label ($target); log: $log"
  # Start from the harness's lock file, so that every other crate stays at the harness's version
  # and cargo changes only what the engine crate needs.
  [ -f "$scratch/Cargo.lock" ] || cp "$root/Cargo.lock" "$scratch/Cargo.lock"
  if ! (cd "$scratch" && cargo build --release --manifest-path Cargo.toml -p crosscheck-oracles \
      --bin crosscheck-worker --target "$target" --target-dir "$cache/target" >"$log" 2>&1); then
    fail "the worker build for $kind $label failed; see $log"
  fi
  cp "$cache/target/$target/release/crosscheck-worker" "$dest/crosscheck-worker.tmp"
  mv "$dest/crosscheck-worker.tmp" "$dest/crosscheck-worker"
  locked() { sed -n "/^name = \"$1\"$/{n;s/^version = \"\(.*\)\"$/\1/p;q}" "$scratch/Cargo.lock"; }
  printf '{"kind": "%s", "label": "%s", "target": "%s", "wasmtime": "%s", "wasmi": "%s", "winch": %s, "source": "%s", "tree": "%s", "build_secs": %d}\n' \
    "$kind" "$label" "$target" "$(locked wasmtime)" "$(locked wasmi)" "$winch" "${path:-crates.io}" "$tree" "$((SECONDS - started))" \
    >"$dest/build.json"
  echo "built in $((SECONDS - started)) s: $dest/crosscheck-worker"
fi
if [ -n "$path" ]; then
  # `@local` names the newest build of a local checkout.
  mkdir -p "$cache/$kind/local"
  ln -sfn "$dest" "$cache/$kind/local/$target"
fi
