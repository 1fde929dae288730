#!/usr/bin/env bash
# The mutation score of crosscheck's generators: how many planted engine bugs each strategy finds,
# and how fast.
#
# Usage: scripts/mutation-score.sh [--time SECONDS] [--strategies LIST] [--mutants LIST]
#                                  [--parallel N] [--seed N] [--out DIR] [--build-only]
#
#   --time SECONDS     length of each campaign (default 60)
#   --strategies LIST  space- or comma-separated strategy sets, each run as one campaign per
#                      mutant; a set is a `--strategies` value of `crosscheck fuzz`, `+` joining
#                      names (default "all smith edge isle ops")
#   --mutants LIST     mutant numbers or file names, comma-separated (default: every
#                      scripts/mutants/NN-*.patch)
#   --parallel N       campaigns run at once, each with --jobs 1 (default 2)
#   --seed N           the campaign seed, the same for every campaign (default 1)
#   --out DIR          results (default target/mutation-score): one finding directory per
#                      campaign, results.tsv, and score.md, the table also printed at the end
#   --build-only       build the mutant engines and stop
#
# How it works (mutant schemata): each file scripts/mutants/NN-name.patch is a one-token bug in
# one engine crate (its header names the crate, the area, the campaign mode and the architecture),
# guarded by `crosscheck_mutant::on(NN)` (scripts/mutants/switch.rs) or, in ISLE rules, by
# `(if (mutant_on NN))` (scripts/mutants/switch-cranelift-codegen.patch). The script copies the
# pinned versions of those crates out of cargo's registry, applies every patch, and builds
# crosscheck once against the copies (a cargo `[patch]` given with --config, in a copy of this
# workspace, so the repository's Cargo.lock is not touched) into target/mutants. One build serves
# every mutant: `CROSSCHECK_MUTANT=NN` switches mutant NN on in the harness and its workers.
#
# Per mutant and strategy set it runs `crosscheck fuzz` for --time seconds: x86_64 mutants with
# the default engines, aarch64 mutants with winch-aarch64,cranelift-aarch64,wasmi (compiled on the
# host, run under QEMU by the unpatched aarch64 worker), trap mutants with --mode traps. A finding
# counts as the mutant's when it replays without a divergence with the mutant switched off; the
# mutant is killed when the campaign recorded one, and its time to kill is that finding's
# first_seen minus the campaign's start (whole seconds, so it includes the engines' start-up).
#
# Needs: the aarch64 set-up (scripts/setup-cross.sh) for the aarch64 mutants, python3 for the
# table. Not a CI job: 27 mutants x 5 sets x 60 s at 2 in parallel is about 70 minutes.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
time=60
strategies="all smith edge isle ops"
mutants=""
parallel=2
seed=1
out="$root/target/mutation-score"
build_only=0
while (($#)); do
  case "$1" in
    --time) time=$2; shift 2 ;;
    --strategies) strategies=${2//,/ }; shift 2 ;;
    --mutants) mutants=${2//,/ }; shift 2 ;;
    --parallel) parallel=$2; shift 2 ;;
    --seed) seed=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    --build-only) build_only=1; shift ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "mutation-score.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done

mutant_dir="$root/scripts/mutants"
work="$root/target/mutants"
header() { sed -n "s/^# $2: //p" "$1" | head -n 1; }

# --- The mutant build ------------------------------------------------------------------------
crates=$(for p in "$mutant_dir"/[0-9]*.patch; do header "$p" crate; done | sort -u)
stamp=$(cat "$mutant_dir"/* "$root/Cargo.lock" | sha256sum | cut -c1-16)
cd "$root"
cargo fetch --quiet
if [ "$(cat "$work/stamp" 2>/dev/null)" != "$stamp" ]; then
  echo "mutation-score: preparing the mutant crates in $work/src"
  rm -rf "$work/src" "$work/workspace"
  mkdir -p "$work/src" "$work/workspace"
  for crate in $crates; do
    version=$(awk -v n="$crate" '$0 == "name = \"" n "\"" { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
    registry=$(ls -d "$HOME"/.cargo/registry/src/*/"$crate-$version" | head -n 1)
    copy="$work/src/$crate-$version"
    cp -r "$registry" "$copy"
    cp "$mutant_dir/switch.rs" "$copy/src/crosscheck_mutant.rs"
    printf '\n#[doc(hidden)]\npub mod crosscheck_mutant;\n' >> "$copy/src/lib.rs"
    if [ -f "$mutant_dir/switch-$crate.patch" ]; then
      patch -s -p1 -d "$copy" < "$mutant_dir/switch-$crate.patch"
    fi
    for p in "$mutant_dir"/[0-9]*.patch; do
      if [ "$(header "$p" crate)" = "$crate" ]; then patch -s -p1 -d "$copy" < "$p"; fi
    done
  done
  echo "$stamp" > "$work/stamp.pending"
fi
# The harness itself is copied every time (tar keeps the times, so cargo rebuilds what changed):
# the score is of the working tree's generators.
mkdir -p "$work/workspace"
git ls-files -z --cached --others --exclude-standard | grep -zv '^fuzz/' \
  | xargs -0 tar -cf - | tar -xf - -C "$work/workspace"
patches=()
for copy in "$work"/src/*/; do
  name=$(basename "$copy"); name=${name%-*}
  patches+=(--config "patch.crates-io.$name.path=\"$copy\"")
done
echo "mutation-score: building crosscheck with every mutant (target/mutants/target)"
(cd "$work/workspace" && CARGO_TARGET_DIR="$work/target" cargo build --release --quiet \
  "${patches[@]}" -p crosscheck --bin crosscheck -p crosscheck-oracles --bin crosscheck-worker)
if [ -f "$work/stamp.pending" ]; then mv "$work/stamp.pending" "$work/stamp"; fi
crosscheck="$work/target/release/crosscheck"
if ((build_only)); then echo "mutation-score: built $crosscheck"; exit 0; fi

# --- The campaigns ---------------------------------------------------------------------------
selected=()
for p in "$mutant_dir"/[0-9]*.patch; do
  base=$(basename "$p" .patch)
  if [ -z "$mutants" ]; then selected+=("$p"); continue; fi
  for m in $mutants; do
    if [ "$m" = "$base" ] || [ "$m" = "${base%%-*}" ] || [ "$m" = "$((10#${base%%-*}))" ]; then selected+=("$p"); fi
  done
done
((${#selected[@]})) || { echo "mutation-score: no mutant matches --mutants $mutants" >&2; exit 2; }

# The aarch64 engines run code compiled on the host (by the mutant build) in an unpatched worker,
# built when a selected mutant is an aarch64 one.
aarch64_worker="$root/target/aarch64-unknown-linux-gnu/release/crosscheck-worker"
for patch in "${selected[@]}"; do
  if [ "$(header "$patch" arch)" = aarch64 ] && [ ! -x "$aarch64_worker" ] && command -v qemu-aarch64 > /dev/null; then
    cargo build --release --quiet --target aarch64-unknown-linux-gnu -p crosscheck-oracles --bin crosscheck-worker
    break
  fi
done
export CROSSCHECK_AARCH64_WORKER="$aarch64_worker"

mkdir -p "$out"
results="$out/results.tsv"
: > "$results"

# One campaign: fuzz with mutant $1 on, then attribute its findings. Appends a line to results.tsv:
# mutant, strategies, modules, killed (0/1), seconds to kill (or -), findings of the mutant, others.
campaign() {
  local patch=$1 set=$2
  local base id mode arch engines dir start
  base=$(basename "$patch" .patch)
  id=$((10#${base%%-*}))
  mode=$(header "$patch" mode)
  arch=$(header "$patch" arch)
  engines=winch-x64,cranelift-x64,wasmi
  if [ "$arch" = aarch64 ]; then engines=winch-aarch64,cranelift-aarch64,wasmi; fi
  dir="$out/runs/$base/$set"
  rm -rf "$dir"; mkdir -p "$dir"
  start=$(date +%s)
  CROSSCHECK_MUTANT=$id "$crosscheck" fuzz --duration "$time" --seed "$seed" --jobs 1 \
    --strategies "${set//+/,}" --mode "$mode" --engines "$engines" \
    --out "$dir/findings" --stats "$dir/stats.json" > "$dir/fuzz.log" 2>&1 || true
  local caused=0 other=0 first=""
  for finding in "$dir"/findings/*/; do
    [ -f "$finding/finding.json" ] || continue
    if CROSSCHECK_MUTANT=0 "$crosscheck" replay "$finding" > "$finding/replay-without-mutant.txt" 2>&1; then
      caused=$((caused + 1))
      local seen
      seen=$(sed -n 's/^ *"first_seen": \([0-9]*\).*/\1/p' "$finding/finding.json")
      if [ -z "$first" ] || ((seen < first)); then first=$seen; fi
    else
      other=$((other + 1))
    fi
  done
  local modules killed=0 ttk=-
  modules=$(sed -n 's/^  "modules": \([0-9]*\).*/\1/p' "$dir/stats.json" | head -n 1)
  if ((caused)); then killed=1; ttk=$((first - start)); fi
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$base" "$set" "${modules:-0}" "$killed" "$ttk" "$caused" "$other" >> "$results"
  echo "mutation-score: $base [$set]: $([ $killed = 1 ] && echo "killed in ${ttk}s" || echo survived) (${modules:-0} modules, $caused findings of the mutant, $other others)"
}

running=0
for patch in "${selected[@]}"; do
  for set in $strategies; do
    campaign "$patch" "$set" &
    running=$((running + 1))
    if ((running >= parallel)); then wait -n; running=$((running - 1)); fi
  done
done
wait

# --- The table -------------------------------------------------------------------------------
python3 - "$results" "$mutant_dir" "$time" "$strategies" > "$out/score.md" <<'PY'
import statistics, sys, os
results, mutant_dir, time, sets = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4].split()
rows = {}
for line in open(results):
    m, s, modules, killed, ttk, caused, other = line.rstrip('\n').split('\t')
    rows.setdefault(m, {})[s] = (int(killed), ttk, int(modules))
def area(m):
    for line in open(os.path.join(mutant_dir, m + '.patch')):
        if line.startswith('# area: '):
            return line[8:].strip()
print(f'{time} s per campaign, `--jobs 1`; a cell is the time to the first finding the mutant causes, - when it survived.\n')
print('| mutant | area | ' + ' | '.join(sets) + ' |')
print('|---|---|' + '---|' * len(sets))
for m in sorted(rows):
    cells = []
    for s in sets:
        k, t, _ = rows[m].get(s, (0, '', 0))
        cells.append(f'{t} s' if k else ('-' if s in rows[m] else 'not run'))
    print(f'| {m} | {area(m)} | ' + ' | '.join(cells) + ' |')
killed = [sum(rows[m].get(s, (0,))[0] for m in rows) for s in sets]
print('| **killed** | | ' + ' | '.join(f'**{k}/{len(rows)}**' for k in killed) + ' |')
medians = []
for s in sets:
    times = [int(rows[m][s][1]) for m in rows if s in rows[m] and rows[m][s][0]]
    medians.append(f'{statistics.median(times):.0f} s' if times else '-')
print('| median time to kill | | ' + ' | '.join(medians) + ' |')
modules = [statistics.median([rows[m][s][2] for m in rows if s in rows[m]] or [0]) for s in sets]
print('| median modules per campaign | | ' + ' | '.join(f'{v:.0f}' for v in modules) + ' |')
if 'all' in sets and 'smith' in sets:
    lost = [m for m in rows if rows[m].get('smith', (0,))[0] and not rows[m].get('all', (0,))[0]]
    print(f'\nKilled by smith alone but not by all strategies: {", ".join(lost) if lost else "none"}.')
PY
cat "$out/score.md"
