#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (ASan + UBSan) in build-fuzz/ and runs each for a
# bounded time from its seed corpus. A crash, leak or sanitizer report fails the run and leaves
# the input as crash-*/leak-* in the working directory.
#   tests/fuzz/run_fuzzers.sh [SECONDS_EACH]      (CI: 30; run longer by hand, e.g. 3600)
# KMHUB_FUZZER_DIR=DIR runs fuzzers already built there instead of building them.
set -euo pipefail
seconds=${1:-30}
root=$(cd "$(dirname "$0")/../.." && pwd)
build="$root/build-fuzz"
[ -n "${KMHUB_FUZZER_DIR:-}" ] || cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++-14 \
  -DKMHUB_FUZZ=ON -DKMHUB_BUILD_BENCH=OFF >/dev/null
[ -n "${KMHUB_FUZZER_DIR:-}" ] || cmake --build "$build" --target fuzzers
seeds="$root/tests/fuzz/seeds"
fuzzer_dir=${KMHUB_FUZZER_DIR:-$build/tests/fuzz}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/vcard" "$work/plan" "$work/text" "$work/imports" "$work/mail"
cp "$root"/../shared/fixtures/vcard/*.vcf "$work/vcard/" 2>/dev/null || true
cp "$seeds"/vcard/* "$work/vcard/"
cp "$seeds"/plan/* "$work/plan/"
cp "$seeds"/text/* "$work/text/"
cp "$seeds"/imports/* "$work/imports/"
cp "$root"/../shared/fixtures/mbox/* "$root"/../shared/fixtures/eml/* "$work/mail/" 2>/dev/null || true
cp "$seeds"/mail/* "$work/mail/"
for pair in vcard_fuzzer:vcard plan_fuzzer:plan request_text_fuzzer:text import_file_fuzzer:imports mail_fuzzer:mail; do
  fuzzer=${pair%%:*}
  corpus=$work/${pair##*:}
  echo "== $fuzzer for ${seconds}s"
  log="$work/$fuzzer.log"
  if ! "$fuzzer_dir/$fuzzer" "$corpus" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
      -max_len=65536 -print_final_stats=0 >"$log" 2>&1; then
    tail -n 60 "$log" >&2
    echo "$fuzzer failed: see the report above; the input is kept as crash-*/leak-*/timeout-* here" >&2
    exit 1
  fi
  grep -E "^Done [0-9]+ runs" "$log" || true
done
echo "fuzzers: no crash"
