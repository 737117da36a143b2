#!/usr/bin/env bash
# Scan benchmark: Rampart (release) beside a raw libyaml event parse of the same files, and beside
# Checkov when asked (--checkov; `pip install checkov`). Also compares peak memory on the corpus and on
# four copies of it, to show memory does not grow with the number of files, and peak memory of the text,
# JSON and SARIF reports on twenty copies (about 80,000 findings).
# Usage: scripts/bench-scan.sh [--checkov] [CORPUS_DIR]   (default ../shared/corpus)
set -euo pipefail
cd "$(dirname "$0")/.."
with_checkov=0
if [ "${1:-}" = "--checkov" ]; then with_checkov=1; shift; fi
corpus=${1:-../shared/corpus}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

swift build -c release --product rampart >/dev/null
rampart=$(swift build -c release --show-bin-path)/rampart
cc -O2 -o "$work/yaml_events" scripts/bench/yaml_events.c $(pkg-config --cflags --libs yaml-0.1)

mapfile -t files < <(find "$corpus" -type f \( -name '*.yaml' -o -name '*.yml' \) | sort)
bytes=$(cat "${files[@]}" | wc -c)
mb=$(awk -v b="$bytes" 'BEGIN { printf "%.1f", b / 1048576 }')
echo "corpus: $corpus — ${#files[@]} files, $mb MB"

# best of N wall-clock runs, in seconds
best() {
  local n=$1; shift
  local best=999999
  for _ in $(seq "$n"); do
    local s e
    s=$(date +%s.%N); "$@" >/dev/null 2>&1 || true; e=$(date +%s.%N)
    best=$(awk -v a="$best" -v b="$(awk -v s="$s" -v e="$e" 'BEGIN{print e-s}')" 'BEGIN { print (b < a ? b : a) }')
  done
  echo "$best"
}
rss() { { /usr/bin/time -f %M "$@" 2>&1 >/dev/null || true; } | tail -1; }

t_raw=$(best 5 "$work/yaml_events" "${files[@]}")
t_ramp=$(best 5 "$rampart" scan "$corpus" --format json -q)
printf '%-28s %8s %10s\n' tool "wall s" "MB/s"
printf '%-28s %8.3f %10.1f\n' "libyaml raw event parse" "$t_raw" "$(awk -v m="$mb" -v t="$t_raw" 'BEGIN{print m/t}')"
printf '%-28s %8.3f %10.1f\n' "rampart scan (all rules)" "$t_ramp" "$(awk -v m="$mb" -v t="$t_ramp" 'BEGIN{print m/t}')"
echo "ratio rampart / raw libyaml: $(awk -v a="$t_ramp" -v b="$t_raw" 'BEGIN{printf "%.2f", a/b}')x (target <= 2x)"
findings=$("$rampart" scan "$corpus" --format json -q | python3 -c 'import json,sys; r=json.load(sys.stdin); print(len(r["findings"]))' || true)
echo "rampart findings on the corpus: $findings"

# Memory: the corpus once and four times over (copies, so the directory walker reads each file).
for i in 1 2 3 4; do mkdir -p "$work/x4/$i"; cp -r "$corpus"/. "$work/x4/$i/"; done
m1=$(rss "$rampart" scan "$corpus" --format json -q)
m4=$(rss "$rampart" scan "$work/x4" --format json -q)
echo "peak RSS: ${m1} KB for ${#files[@]} files; ${m4} KB for $(( ${#files[@]} * 4 )) files (findings grow 4x too)"
# Without findings in the way: many copies of a clean, dense manifest. What remains is the stub kept per
# workload for cross-resource rules.
for n in 500 2000; do
  mkdir -p "$work/clean$n"
  for i in $(seq "$n"); do cp testdata/k8s/hardened.yaml "$work/clean$n/m$i.yaml"; done
done
c1=$(rss "$rampart" scan "$work/clean500" --format json -q)
c4=$(rss "$rampart" scan "$work/clean2000" --format json -q)
echo "peak RSS, clean manifests without findings: ${c1} KB for 500 files; ${c4} KB for 2000 files"

# Memory by output format on many findings: the corpus 20 times over (about 80,000 findings). JSON and SARIF
# stream their findings, so their peak should stay within 1.5x of the text report's.
for i in $(seq 20); do mkdir -p "$work/x20/$i"; cp -r "$corpus"/. "$work/x20/$i/"; done
x20_findings=$("$rampart" scan "$work/x20" --format json -q | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["findings"]))' || true)
m_text=$(rss "$rampart" scan "$work/x20" --format text)
m_json=$(rss "$rampart" scan "$work/x20" --format json)
m_sarif=$(rss "$rampart" scan "$work/x20" --format sarif)
echo "peak RSS by format, corpus x20 ($x20_findings findings): text ${m_text} KB, json ${m_json} KB, sarif ${m_sarif} KB"
echo "ratio to text: json $(awk -v a="$m_json" -v b="$m_text" 'BEGIN{printf "%.2f", a/b}')x, sarif $(awk -v a="$m_sarif" -v b="$m_text" 'BEGIN{printf "%.2f", a/b}')x (target <= 1.5x)"
rm -rf "$work/x20"

if [ "$with_checkov" = 1 ]; then
  if command -v checkov >/dev/null; then
    s=$(date +%s.%N)
    checkov -d "$corpus" --framework kubernetes --skip-download --quiet --compact -o json >/dev/null 2>&1 || true
    e=$(date +%s.%N)
    t_ck=$(awk -v s="$s" -v e="$e" 'BEGIN{print e-s}')
    printf '%-28s %8.3f %10.1f\n' "checkov (kubernetes)" "$t_ck" "$(awk -v m="$mb" -v t="$t_ck" 'BEGIN{print m/t}')"
    echo "ratio checkov / rampart: $(awk -v a="$t_ck" -v b="$t_ramp" 'BEGIN{printf "%.0f", a/b}')x (target >= 100x)"
  else
    echo "checkov not installed (pip install checkov); skipped"
  fi
fi
