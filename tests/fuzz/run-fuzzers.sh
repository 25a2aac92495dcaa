#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Runs each libFuzzer harness of tests/fuzz for SECONDS, one after the other,
# and prints per harness the executions, their rate and the crashes. Builds
# the clang fuzzing configuration first when needed (ASan + UBSan).
#
# usage: tests/fuzz/run-fuzzers.sh SECONDS [HARNESS…]   (default: all)
#   SC_FUZZ_BUILDDIR  the build directory (default: build-fuzz)
#   SC_FUZZ_JOBS      not set: one process; N: libFuzzer -fork=N
#   SC_FUZZ_BUILD_ONLY=1  build the harnesses and stop
#
# The corpus grows in $SC_FUZZ_BUILDDIR/fuzz-work/<harness>/corpus, seeded
# from tests/fuzz/corpus/<harness>/ (never written to). A crash input lands
# in …/fuzz-work/<harness>/crashes/: copy it to tests/fuzz/regressions/
# <harness>/ once fixed. Inputs under tests/fuzz/known/<harness>/ show
# defects fixed elsewhere: while they still fail, the run lets that defect
# pass (SC_FUZZ_KNOWN_DEFECTS=skip) and says so. Exits 1 on any crash.
set -euo pipefail

if [ $# -lt 1 ] || ! [[ $1 =~ ^[0-9]+$ ]]; then
  echo "usage: $0 SECONDS [HARNESS…]" >&2
  exit 2
fi
seconds=$1; shift
here="$(cd "$(dirname "$0")" && pwd)"
top="$(cd "$here/../.." && pwd)"
builddir="${SC_FUZZ_BUILDDIR:-$top/build-fuzz}"
harnesses=("$@")
[ ${#harnesses[@]} -gt 0 ] || harnesses=(model router client)

if [ ! -d "$builddir/meson-info" ]; then
  CC=clang meson setup "$builddir" "$top" -Dfuzzing=true -Dbuildtype=debugoptimized \
    -Db_sanitize=address,undefined -Db_lundef=false >/dev/null
fi
targets=()
for h in "${harnesses[@]}"; do targets+=("tests/fuzz/fuzz-$h"); done
ninja -C "$builddir" "${targets[@]}" >/dev/null
# SC_FUZZ_BUILD_ONLY=1: build, run nothing (scripts/test builds it early)
[ -z "${SC_FUZZ_BUILD_ONLY:-}" ] || exit 0

export ASAN_OPTIONS="detect_leaks=1:allocator_may_return_null=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
export G_DEBUG=fatal-criticals G_SLICE=always-malloc

status=0
printf '%-8s %14s %10s %8s  %s\n' harness executions exec/s crashes notes
for h in "${harnesses[@]}"; do
  fuzzer="$builddir/tests/fuzz/fuzz-$h"
  work="$builddir/fuzz-work/$h"
  mkdir -p "$work/corpus" "$work/crashes"
  notes=""

  unset SC_FUZZ_KNOWN_DEFECTS
  known=("$here/known/$h"/*)
  if [ -e "${known[0]}" ]; then
    files=()
    for f in "${known[@]}"; do [[ $f == *.md ]] || files+=("$f"); done
    if [ ${#files[@]} -gt 0 ]; then
      if ( exec "$fuzzer" "${files[@]}" ) >"$work/known.log" 2>&1; then
        notes="tests/fuzz/known/$h passes now: move it to regressions/"
      else
        export SC_FUZZ_KNOWN_DEFECTS=skip
        notes="known defect still there (tests/fuzz/known/$h): let past"
      fi
    fi
  fi

  crashes_before=$(find "$work/crashes" -type f | wc -l)
  fork=()
  [ -n "${SC_FUZZ_JOBS:-}" ] && fork=(-fork="$SC_FUZZ_JOBS" -ignore_crashes=1)
  # SC_FUZZ_SEED and SC_FUZZ_RUNS make a run repeatable (CI): the same
  # inputs in the same order however fast the machine is, SECONDS a cap
  [ -n "${SC_FUZZ_SEED:-}" ] && fork+=(-seed="$SC_FUZZ_SEED")
  [ -n "${SC_FUZZ_RUNS:-}" ] && fork+=(-runs="$SC_FUZZ_RUNS")
  set +e
  "$fuzzer" -max_total_time="$seconds" -print_final_stats=1 -timeout=60 -rss_limit_mb=2048 \
    -artifact_prefix="$work/crashes/" "${fork[@]}" \
    "$work/corpus" "$here/corpus/$h" >"$work/log" 2>&1
  rc=$?
  set -e
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/log" | tail -1)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$work/log" | tail -1)
  if [ -z "$execs" ]; then
    # fork mode prints no final stats: take the last status line
    last=$(grep -E '^#[0-9]+' "$work/log" | tail -1 || true)
    execs=$(echo "$last" | sed -E 's/^#([0-9]+).*/\1/')
    rate=$(echo "$last" | sed -nE 's/.*exec\/s: ([0-9]+).*/\1/p')
  fi
  crashes=$(( $(find "$work/crashes" -type f | wc -l) - crashes_before ))
  if [ "$rc" -ne 0 ] || [ "$crashes" -gt 0 ]; then
    status=1
    [ "$crashes" -gt 0 ] || crashes=1
    notes="$notes${notes:+; }see $work/log"
  fi
  printf '%-8s %14s %10s %8s  %s\n' "$h" "${execs:-?}" "${rate:-?}" "$crashes" "$notes"
done
exit $status
