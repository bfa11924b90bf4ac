#!/bin/sh
# Runs every libFuzzer target of a WA_FUZZ build for a set time (the `make fuzz` target).
#   tests/fuzz/run.sh <fuzz build dir> [seconds per target, default 600] [targets...]
# Targets run one after another; each starts from its seed corpus (tests/fuzz/corpus/<t>, read only) plus the
# inputs earlier runs found (<build>/fuzz-work/<t>, where new inputs are written). A crash leaves its input in
# <build>/fuzz-crashes/<t>/ and makes the script exit 1 after the remaining targets ran; to keep it as a
# regression input, copy it into tests/fuzz/corpus/<t>/ once fixed (ctest replays every corpus file).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
build=${1:?usage: run.sh <fuzz build dir> [seconds] [targets...]}
secs=${2:-600}
shift $(( $# >= 2 ? 2 : 1 ))
if [ $# -gt 0 ]; then
    targets=$*
else # every libFuzzer binary of the build
    targets=$(cd "$build/bin" && ls fuzz_* 2>/dev/null | grep -v '_replay$' | sed 's/^fuzz_//' | tr '\n' ' ')
    [ -n "$targets" ] || { echo "fuzz: no fuzz_* binary in $build/bin (configure with -DWA_FUZZ=ON)" >&2; exit 2; }
fi
failed=""
for t in $targets; do
    bin="$build/bin/fuzz_$t"
    [ -x "$bin" ] || { echo "fuzz: $bin missing (configure with -DWA_FUZZ=ON -DCMAKE_C_COMPILER=clang)" >&2; exit 2; }
    mkdir -p "$build/fuzz-work/$t" "$build/fuzz-crashes/$t"
    echo "fuzz_$t: ${secs}s"
    if ! "$bin" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -max_len=65536 -print_final_stats=1 \
            -artifact_prefix="$build/fuzz-crashes/$t/" "$build/fuzz-work/$t" "$here/corpus/$t" \
            >"$build/fuzz-$t.log" 2>&1; then
        echo "fuzz_$t: FAILED, see $build/fuzz-$t.log and $build/fuzz-crashes/$t/" >&2
        failed="$failed $t"
    fi
    grep -E "^stat::number_of_executed_units|^stat::new_units_added" "$build/fuzz-$t.log" | sed "s/^/  /" || true
done
[ -z "$failed" ] || { echo "fuzz: crashes in:$failed" >&2; exit 1; }
echo "fuzz: no crash"
