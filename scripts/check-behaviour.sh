#!/usr/bin/env bash
# Behaviour check for refactors: scan fixed inputs, keep each JSON report (normalised: no generation time,
# no tool version) and exit code, and compare a fresh run with a saved baseline.
#   scripts/check-behaviour.sh save DIR      write the reports of this checkout to DIR
#   scripts/check-behaviour.sh compare DIR [OUT]   scan again and print every difference from DIR (exit 1 if
#                                                  any); the fresh reports are kept in OUT when given
# Inputs: the shared corpus (../shared/corpus beside the checkout, as CI lays it out; skipped with a notice
# when absent), testdata/examples/city-portal, testdata/compose, testdata/k8s, and a Compose file of the wrong
# shape (scripts/behaviour/); each under the default policy and under strict (more rules on). Live: two
# openssl s_server endpoints (a current one and a TLS 1.0/CBC one) and a plain HTTP listener on 127.0.0.1,
# probed in TLS mode and in port mode; their test PKI is made once by `save` and kept in DIR/pki, so that
# `compare` meets the same certificates. Set NO_LIVE=1 to skip the live part.
set -euo pipefail
cd "$(dirname "$0")/.."

usage() { echo "usage: $0 save DIR | compare DIR [OUT]" >&2; exit 2; }
[ $# -eq 2 ] || [ $# -eq 3 ] || usage
mode=$1 dir=$2 keep=${3:-}
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

# Loopback servers for the live reports; stopped on exit.
live_pids=()
stop_live() { for p in "${live_pids[@]}"; do kill "$p" 2>/dev/null || true; done; }
start_live() {
  local pki=$1
  if [ ! -f "$pki/leaf.pem" ]; then
    mkdir -p "$pki"
    openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj "/CN=Behaviour CA" -keyout "$pki/ca.key" -out "$pki/ca.pem" 2>/dev/null
    openssl req -newkey rsa:2048 -nodes -subj "/CN=localhost" -keyout "$pki/leaf.key" -out "$pki/leaf.csr" 2>/dev/null
    printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\n' >"$pki/ext"
    openssl x509 -req -in "$pki/leaf.csr" -CA "$pki/ca.pem" -CAkey "$pki/ca.key" -CAcreateserial -days 3650 \
      -extfile "$pki/ext" -out "$pki/leaf.pem" 2>/dev/null
  fi
  openssl s_server -quiet -www -accept 127.0.0.1:24443 -cert "$pki/leaf.pem" -key "$pki/leaf.key" </dev/null >/dev/null 2>&1 &
  live_pids+=($!)
  openssl s_server -quiet -www -accept 127.0.0.1:24444 -cert "$pki/leaf.pem" -key "$pki/leaf.key" -tls1 \
    -cipher 'AES128-SHA:@SECLEVEL=0' </dev/null >/dev/null 2>&1 &
  live_pids+=($!)
  python3 -m http.server 24480 --bind 127.0.0.1 >/dev/null 2>&1 &
  live_pids+=($!)
  if [ -n "$keep" ]; then trap 'stop_live' EXIT; else trap 'stop_live; rm -rf "${fresh:-}"' EXIT; fi
  sleep 1
}
write_live_reports() {
  local out=$1
  [ "${NO_LIVE:-0}" = 1 ] && return 0
  start_live "$2"
  local name code
  for name in tls ports; do
    code=0
    if [ $name = tls ]; then
      "$rampart" probe 127.0.0.1:24443 127.0.0.1:24444 --ca-file "$2/ca.pem" --format json -q >"$out/$name.raw" 2>"$out/$name.stderr" || code=$?
    else
      "$rampart" probe 127.0.0.1 --ports 24443,24444,24480 --ca-file "$2/ca.pem" --format json -q >"$out/$name.raw" 2>"$out/$name.stderr" || code=$?
    fi
    echo "$code" >"$out/$name.exit"
    jq -S 'del(.generatedAt) | del(.tool.version)' "$out/$name.raw" >"$out/$name.json"
    rm -f "$out/$name.raw"
  done
  stop_live
}

case "$mode" in
  save)
    rm -rf "$dir"
    write_reports "$dir"
    write_live_reports "$dir" "$dir/pki"
    echo "check-behaviour: baseline saved to $dir ($(ls "$dir"/*.json | wc -l) reports)"
    ;;
  compare)
    [ -d "$dir" ] || { echo "check-behaviour: no baseline at $dir (run: $0 save $dir on the old code)" >&2; exit 2; }
    if [ -n "$keep" ]; then fresh=$keep; rm -rf "$fresh"; mkdir -p "$fresh"; else fresh=$(mktemp -d); fi
    [ -n "$keep" ] || trap 'rm -rf "$fresh"' EXIT
    write_reports "$fresh"
    write_live_reports "$fresh" "$dir/pki"
    if diff -ru -x pki "$dir" "$fresh"; then
      echo "check-behaviour: identical to $dir"
    else
      echo "check-behaviour: differences from $dir (above)" >&2
      exit 1
    fi
    ;;
esac
