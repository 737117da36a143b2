#!/usr/bin/env bash
# Coverage-guided fuzzing with libFuzzer (docs/fuzzing.md).
#   scripts/fuzz.sh [--seconds N] [--rss-mb M] [--timeout S] [--debug] [--build-only] [target…]   (default: every target, 60 s each)
# Builds rampart-fuzz with address sanitizer and coverage into .build-fuzz (optimised, about 15 times more
# executions per second; --debug builds faster and runs slower), then runs each target in turn on a
# scratch copy of its seed corpus (testdata/fuzz/<target>/), bounded by -max_total_time, -rss_limit_mb and
# -timeout. Prints per target: executions, coverage, corpus size, crashes. Crash, timeout and out-of-memory
# inputs are kept in a temporary directory and listed; exit 1 if there are any, 2 on a usage or build error.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=60 rss_mb=2048 timeout=10 build_only=0 config=release targets=()
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) seconds=${2:?--seconds needs a number}; shift 2 ;;
    --rss-mb) rss_mb=${2:?--rss-mb needs a number}; shift 2 ;;
    --timeout) timeout=${2:?--timeout needs a number}; shift 2 ;;
    --build-only) build_only=1; shift ;;
    --debug) config=debug; shift ;;
    -h|--help) sed -n '2,6p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "fuzz.sh: unknown option $1" >&2; exit 2 ;;
    *) targets+=("$1"); shift ;;
  esac
done
for n in "$seconds" "$rss_mb" "$timeout"; do
  [[ "$n" =~ ^[0-9]+$ ]] || { echo "fuzz.sh: '$n' is not a whole number" >&2; exit 2; }
done

# libFuzzer's runtime without its main(): rampart-fuzz calls LLVMFuzzerRunDriver itself, because SwiftPM's
# -sanitize=fuzzer cannot link an executable (its own main clashes with libFuzzer's).
swiftc_path=$(command -v swiftc) || { echo "fuzz.sh: swiftc not found" >&2; exit 2; }
toolchain=$(cd "$(dirname "$(readlink -f "$swiftc_path")")/.." && pwd)
runtime=$(ls "$toolchain"/lib/clang/*/lib/linux/libclang_rt.fuzzer_no_main-x86_64.a 2>/dev/null | head -n 1 || true)
if [ -z "$runtime" ]; then
  runtime=$(ls "$toolchain"/lib/swift/clang/lib/linux/libclang_rt.fuzzer_no_main-"$(uname -m)".a 2>/dev/null | head -n 1 || true)
fi
[ -n "$runtime" ] || { echo "fuzz.sh: libclang_rt.fuzzer_no_main not found under $toolchain/lib/clang" >&2; exit 2; }

mkdir -p .build-fuzz
start=$(date +%s)
# An optimised build needs -enable-testing for the targets' @testable imports, and RAMPART_FUZZ to compile them.
mode=(-c "$config")
[ "$config" = release ] && mode+=(-Xswiftc -enable-testing -Xswiftc -DRAMPART_FUZZ)
echo "fuzz.sh: building rampart-fuzz ($config, address sanitizer, coverage) into .build-fuzz"
if ! swift build --scratch-path .build-fuzz --product rampart-fuzz "${mode[@]}" \
    -Xswiftc -sanitize=address \
    -Xswiftc -sanitize-coverage=edge,inline-8bit-counters,pc-table,trace-cmp \
    -Xlinker "$runtime" -Xlinker -lstdc++ -Xlinker --undefined=LLVMFuzzerRunDriver -Xlinker --export-dynamic-symbol=LLVMFuzzerRunDriver >.build-fuzz/build.log 2>&1; then
  tail -n 40 .build-fuzz/build.log >&2
  echo "fuzz.sh: build failed (full log: .build-fuzz/build.log)" >&2
  exit 2
fi
bin=$(swift build --scratch-path .build-fuzz -c "$config" --show-bin-path)/rampart-fuzz
echo "fuzz.sh: built in $(( $(date +%s) - start )) s"
[ "$build_only" = 1 ] && exit 0

mapfile -t known < <("$bin" --list)
[ ${#targets[@]} -gt 0 ] || targets=("${known[@]}")
for t in "${targets[@]}"; do
  printf '%s\n' "${known[@]}" | grep -qx -- "$t" || { echo "fuzz.sh: unknown target '$t' (known: ${known[*]})" >&2; exit 2; }
done

work=$(mktemp -d "${TMPDIR:-/tmp}/rampart-fuzz.XXXXXX")
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0:allocator_may_return_null=1}
printf '%-11s %10s %7s %6s %8s %s\n' target execs cov ft corpus crashes
found=0
for t in "${targets[@]}"; do
  corpus="$work/$t/corpus" artifacts="$work/$t/artifacts/"
  mkdir -p "$corpus" "$artifacts"
  [ -d "testdata/fuzz/$t" ] && cp -R "testdata/fuzz/$t/." "$corpus/"
  log="$work/$t/log"
  dict=()
  [ -f "testdata/fuzz/$t.dict" ] && dict=(-dict="testdata/fuzz/$t.dict")
  set +e
  "$bin" "$t" -max_total_time="$seconds" -rss_limit_mb="$rss_mb" -malloc_limit_mb="$rss_mb" -timeout="$timeout" \
    -print_final_stats=1 -artifact_prefix="$artifacts" "${dict[@]}" "$corpus" >"$log" 2>&1
  set -e
  execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -n 1 || true)
  last=$(grep -E '^#[0-9]+' "$log" | tail -n 1 || true)
  if [ -z "$last" ]; then
    tail -n 20 "$log" >&2
    echo "fuzz.sh: $t did not run (log: $log)" >&2
    exit 2
  fi
  cov=$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<<"$last")
  ft=$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<<"$last")
  units=$(find "$corpus" -type f | wc -l)
  crashes=$(find "$artifacts" -type f | wc -l)
  printf '%-11s %10s %7s %6s %8s %s\n' "$t" "${execs:-?}" "${cov:-?}" "${ft:-?}" "$units" "$crashes"
  if [ "$crashes" -gt 0 ]; then
    found=1
    find "$artifacts" -type f | sed 's/^/    /'
    grep -m 3 -E 'ERROR|Fatal error|SUMMARY|deadly signal' "$log" | sed 's/^/    /' || true
  fi
done
echo "fuzz.sh: logs and corpora in $work; total $(( $(date +%s) - start )) s"
exit "$found"
