#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (ASan + UBSan) in build-fuzz/ and runs each for a
# bounded time from its seed corpus. A crash, leak or sanitizer report fails the run and leaves
# the input as crash-*/leak-* in the working directory.
#   tests/fuzz/run_fuzzers.sh [SECONDS_EACH]      (CI: 30; run longer by hand, e.g. 3600)
set -euo pipefail
seconds=${1:-30}
root=$(cd "$(dirname "$0")/../.." && pwd)
build="$root/build-fuzz"
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++-14 \
  -DKMHUB_FUZZ=ON -DKMHUB_BUILD_BENCH=OFF >/dev/null
cmake --build "$build" --target fuzzers
seeds="$root/tests/fuzz/seeds"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/vcard" "$work/plan" "$work/text"
cp "$root"/../shared/fixtures/vcard/*.vcf "$work/vcard/" 2>/dev/null || true
cp "$seeds"/plan/* "$work/plan/"
cp "$seeds"/text/* "$work/text/"
for pair in vcard_fuzzer:vcard plan_fuzzer:plan request_text_fuzzer:text; do
  fuzzer=${pair%%:*}
  corpus=$work/${pair##*:}
  echo "== $fuzzer for ${seconds}s"
  "$build/tests/fuzz/$fuzzer" "$corpus" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
    -max_len=65536 -print_final_stats=0 2>&1 | grep -E "^(#[0-9]+ +DONE|==[0-9]+==|SUMMARY|Done)" || true
  test "${PIPESTATUS[0]}" -eq 0 || { echo "$fuzzer failed" >&2; exit 1; }
done
echo "fuzzers: no crash"
