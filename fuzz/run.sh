#!/usr/bin/env bash
# make fuzz: build the parser's fuzz target with libFuzzer + AddressSanitizer and run it.
#   FUZZ_SECONDS  how long to run (default 600)
#   FUZZ_JOBS     parallel fuzzing processes (default 1)
# gold fails to link ASan-instrumented Swift here (an internal error in its DWARF reader); lld does.
# Crashes are written to fuzz/crash-*; the growing corpus to fuzz/corpus-run/ (both ignored by git).
set -euo pipefail
cd "$(dirname "$0")/.."
make -s deps
seconds=${FUZZ_SECONDS:-600}
jobs=${FUZZ_JOBS:-1}
scratch=.build-fuzz
# Release mode: optimised code runs many times more inputs a second than a debug build.
swift build -c release --scratch-path "$scratch" --product feedsift-fuzz \
  -Xswiftc -sanitize=fuzzer,address -Xswiftc -DFEEDSIFT_FUZZ -Xswiftc -use-ld=lld
bin="$scratch/release/feedsift-fuzz"
mkdir -p fuzz/corpus-run
# Seeds: the small hand-made documents of fuzz/seeds and the golden feeds of the tests.
seeds=(fuzz/seeds Tests/FeedParseTests/Fixtures/golden)
parallel=()
[ "$jobs" -gt 1 ] && parallel=(-jobs="$jobs" -workers="$jobs")
ASAN_OPTIONS=detect_leaks=0:allocator_may_return_null=1 "$bin" fuzz/corpus-run "${seeds[@]}" \
  -max_total_time="$seconds" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
  "${parallel[@]}" -artifact_prefix=fuzz/crash- -print_final_stats=1
