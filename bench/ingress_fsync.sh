#!/bin/sh
# What durability costs at the ingress: bench/ingress.sh with Redis' AOF fsync'd once a second (appendfsync everysec,
# the default: a crash of the Redis machine can lose up to ~1 s of webhooks already answered 200) and before every
# reply (appendfsync always: none lost), alternating the two in one run BENCH_FSYNC_ROUNDS times, and the medians of
# POST /webhook side by side with their ratio. Figures from one machine only; read the ratio, not the absolutes.
#   bench/ingress_fsync.sh <release build dir>
# Knobs: BENCH_FSYNC_ROUNDS (3), BENCH_SECONDS (3) per measurement, and those of bench/ingress.sh.
set -eu
build=${1:?usage: bench/ingress_fsync.sh <release build dir>}
here=$(cd "$(dirname "$0")" && pwd)
rounds=${BENCH_FSYNC_ROUNDS:-3}
tmp=$(mktemp -d /tmp/wa-bench-fsync.XXXXXX)
trap 'rm -rf "$tmp"' EXIT INT TERM

: >"$tmp/everysec" && : >"$tmp/always"
i=0
while [ "$i" -lt "$rounds" ]; do
    i=$((i + 1))
    for mode in everysec always; do
        out=$(BENCH_APPENDFSYNC=$mode BENCH_RUNS=1 BENCH_SECONDS=${BENCH_SECONDS:-3} "$here/ingress.sh" "$build") ||
            { echo "$out" >&2; exit 1; }
        # the ingress.sh line: POST /webhook (HMAC + XADD)  rps  p50  p99
        echo "$out" | awk '/^POST \/webhook/ { print $(NF - 2), $(NF - 1), $NF }' >>"$tmp/$mode"
    done
done
median() { sort -g | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
col() { cut -d' ' -f"$2" "$tmp/$1" | median; }

echo
echo "ingress durability benchmark: Redis AOF on, $(nproc) CPUs, ${BENCH_SECONDS:-3}s x $rounds rounds, alternating (medians)"
printf '%-34s %12s %10s %10s\n' "appendfsync" "webhooks/s" "p50 ms" "p99 ms"
for mode in everysec always; do
    printf '%-34s %12s %10s %10s\n' "$mode" "$(col "$mode" 1)" "$(col "$mode" 2)" "$(col "$mode" 3)"
done
printf '%-34s %12s\n' "always / everysec" \
    "$(awk -v a="$(col always 1)" -v b="$(col everysec 1)" 'BEGIN { printf "%.2f", (b + 0 > 0) ? a / b : 0 }')"
