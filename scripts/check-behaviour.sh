#!/usr/bin/env bash
# Behaviour check for refactors: scan fixed inputs, keep each JSON report (normalised: no generation time,
# no tool version) and exit code, and compare a fresh run with a saved baseline.
#   scripts/check-behaviour.sh save DIR      write the reports of this checkout to DIR
#   scripts/check-behaviour.sh compare DIR   scan again and print every difference from DIR (exit 1 if any)
# Inputs: the shared corpus (../shared/corpus beside the checkout, as CI lays it out; skipped with a notice
# when absent), testdata/examples/city-portal, testdata/compose, testdata/k8s, and a Compose file of the wrong
# shape (scripts/behaviour/); each under the default policy and under strict (more rules on).
set -euo pipefail
cd "$(dirname "$0")/.."

usage() { echo "usage: $0 save|compare DIR" >&2; exit 2; }
[ $# -eq 2 ] || usage
mode=$1 dir=$2
case "$mode" in save|compare) ;; *) usage ;; esac

swift build --product rampart >/dev/null
rampart="$(swift build --show-bin-path)/rampart"

# name|path: one report per input and policy.
inputs=(
  "corpus|../shared/corpus"
  "city-portal|testdata/examples/city-portal"
  "compose|testdata/compose"
  "k8s|testdata/k8s"
  "compose-invalid-shape|scripts/behaviour/compose-invalid-shape.yaml"
)
policies=(default strict)

write_reports() {
  local out=$1
  mkdir -p "$out"
  for entry in "${inputs[@]}"; do
    local name=${entry%%|*} path=${entry#*|}
    if [ ! -e "$path" ]; then
      echo "check-behaviour: $path absent, not scanned" >&2
      continue
    fi
    for policy in "${policies[@]}"; do
      local base="$out/$name.$policy"
      local code=0
      "$rampart" scan "$path" --policy "$policy" --format json -q >"$base.raw" 2>"$base.stderr" || code=$?
      echo "$code" >"$base.exit"
      # Time and version change from run to run, nothing else may.
      jq -S 'del(.generatedAt) | del(.tool.version)' "$base.raw" >"$base.json"
      rm -f "$base.raw"
    done
  done
}

case "$mode" in
  save)
    rm -rf "$dir"
    write_reports "$dir"
    echo "check-behaviour: baseline saved to $dir ($(ls "$dir"/*.json | wc -l) reports)"
    ;;
  compare)
    [ -d "$dir" ] || { echo "check-behaviour: no baseline at $dir (run: $0 save $dir on the old code)" >&2; exit 2; }
    fresh=$(mktemp -d)
    trap 'rm -rf "$fresh"' EXIT
    write_reports "$fresh"
    if diff -ru "$dir" "$fresh"; then
      echo "check-behaviour: identical to $dir"
    else
      echo "check-behaviour: differences from $dir (above)" >&2
      exit 1
    fi
    ;;
esac
