#!/bin/sh
# Ingress benchmark: webhooks/s and p50/p99 of POST /webhook at saturation, beside the same ingress's GET /healthz
# rate in the same run; the ratio is what the signature check and the XADD to Redis cost.
#   bench/ingress.sh <release build dir>
# Starts a private redis-server (no persistence) and wa-ingress on free ports under a temporary folder, drives both
# endpoints with wa-loadgen, alternating, BENCH_RUNS times, and prints the medians in one table. Knobs (environment):
#   BENCH_SECONDS (5) per measurement, BENCH_RUNS (3), BENCH_CONNECTIONS (64), INGRESS_THREADS (1),
#   BENCH_BATCH_PCT (10) share of webhooks carrying several messages.
#   BENCH_APPENDFSYNC (unset: Redis without persistence) runs Redis with its AOF on, fsync'd by that policy
#   (everysec or always), in the temporary folder; bench/ingress_fsync.sh compares the two in one run.
# When node and bench/node/node_modules (npm ci --prefix bench/node) exist, the same job in Node.js + Express +
# ioredis (bench/node/server.js) is measured in the same run, against the same Redis, as a baseline.
# wa-loadgen runs on the same machine and takes CPU from the ingress: compare figures from the same machine only.
set -eu
build=${1:?usage: bench/ingress.sh <release build dir>}
build=$(cd "$build" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
secs=${BENCH_SECONDS:-5}
runs=${BENCH_RUNS:-3}
conns=${BENCH_CONNECTIONS:-64}
threads=${INGRESS_THREADS:-1}
batch=${BENCH_BATCH_PCT:-10}
for b in wa-ingress wa-loadgen; do
    [ -x "$build/bin/$b" ] || { echo "ingress.sh: $build/bin/$b missing (build first)" >&2; exit 2; }
done
command -v redis-server >/dev/null || { echo "ingress.sh: redis-server missing" >&2; exit 2; }

free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}
tmp=$(mktemp -d /tmp/wa-bench-ingress.XXXXXX)
redis_port=$(free_port)
ingress_port=$(free_port)
ops_port=$(free_port)
node_port=$(free_port)
redis_pid=""
ingress_pid=""
node_pid=""
cleanup() {
    [ -n "$node_pid" ] && kill "$node_pid" 2>/dev/null && wait "$node_pid" 2>/dev/null || true
    [ -n "$ingress_pid" ] && kill "$ingress_pid" 2>/dev/null && wait "$ingress_pid" 2>/dev/null || true
    [ -n "$redis_pid" ] && kill "$redis_pid" 2>/dev/null && wait "$redis_pid" 2>/dev/null || true
    rm -rf "$tmp"
}
trap cleanup EXIT INT TERM

aof="--appendonly no"
[ -n "${BENCH_APPENDFSYNC:-}" ] && aof="--appendonly yes --appendfsync $BENCH_APPENDFSYNC"
# shellcheck disable=SC2086 # $aof is two or four words
redis-server --port "$redis_port" --bind 127.0.0.1 --save '' $aof --dir "$tmp" \
    --logfile "$tmp/redis.log" &
redis_pid=$!
secret="bench-app-secret-$$"
REDIS_URL="redis://127.0.0.1:$redis_port/0" INGRESS_PORT=$ingress_port OPS_PORT=$ops_port \
    INGRESS_THREADS=$threads WHATSAPP_APP_SECRET=$secret WHATSAPP_VERIFY_TOKEN=bench LOG_LEVEL=warn \
    "$build/bin/wa-ingress" >"$tmp/ingress.log" 2>&1 &
ingress_pid=$!
i=0
until curl -fs "http://127.0.0.1:$ops_port/readyz" >/dev/null 2>&1; do
    i=$((i + 1))
    if [ $i -gt 100 ] || ! kill -0 "$ingress_pid" 2>/dev/null; then
        echo "ingress.sh: wa-ingress did not become ready:" >&2
        cat "$tmp/ingress.log" >&2
        exit 1
    fi
    sleep 0.1
done

node_ok=""
if command -v node >/dev/null 2>&1 && [ -d "$here/node/node_modules/express" ] && [ -d "$here/node/node_modules/ioredis" ]; then
    REDIS_URL="redis://127.0.0.1:$redis_port/0" PORT=$node_port WHATSAPP_APP_SECRET=$secret \
        node "$here/node/server.js" >"$tmp/node.log" 2>&1 &
    node_pid=$!
    i=0
    until curl -fs "http://127.0.0.1:$node_port/healthz" >/dev/null 2>&1; do
        i=$((i + 1))
        [ $i -le 100 ] && kill -0 "$node_pid" 2>/dev/null || { cat "$tmp/node.log" >&2; node_pid=""; break; }
        sleep 0.1
    done
    [ -n "$node_pid" ] && node_ok=1
fi

# one measurement: prints "rps p50 p99 failed"
measure() { # method path [port]
    out=$("$build/bin/wa-loadgen" --url "http://127.0.0.1:${3:-$ingress_port}$2" --method "$1" --secret "$secret" \
        --connections "$conns" --duration "$secs" --batch-pct "$batch" --doctor 15550783881:106540352242922 \
        --doctor 919845000001:100200300400 --patients 5000) || { echo "$out" >&2; exit 1; }
    echo "$out" | awk '/^RESULT/ { for (i = 2; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
                                   print v["rps"], v["p50_ms"], v["p99_ms"], v["failed"] }'
}
median() { sort -g | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }

: >"$tmp/post" && : >"$tmp/get" && : >"$tmp/node"
rss_idle=$(awk '/^VmRSS/ { print $2 }' "/proc/$ingress_pid/status")
r=0
while [ $r -lt "$runs" ]; do
    r=$((r + 1))
    measure POST /webhook >>"$tmp/post"
    redis-cli -p "$redis_port" DEL wa:in >/dev/null # keep Redis small between runs
    measure GET /healthz >>"$tmp/get"
    if [ -n "$node_ok" ]; then
        measure POST /webhook "$node_port" >>"$tmp/node"
        redis-cli -p "$redis_port" DEL wa:in >/dev/null
    fi
done
rss_load=$(awk '/^VmRSS/ { print $2 }' "/proc/$ingress_pid/status")
failed=$(awk '{ s += $4 } END { print s + 0 }' "$tmp/post")

post_rps=$(cut -d' ' -f1 "$tmp/post" | median)
post_p50=$(cut -d' ' -f2 "$tmp/post" | median)
post_p99=$(cut -d' ' -f3 "$tmp/post" | median)
get_rps=$(cut -d' ' -f1 "$tmp/get" | median)
get_p50=$(cut -d' ' -f2 "$tmp/get" | median)
get_p99=$(cut -d' ' -f3 "$tmp/get" | median)
ratio=$(awk -v a="$post_rps" -v b="$get_rps" 'BEGIN { printf "%.2f", (b + 0 > 0) ? a / b : 0 }')

echo
echo "ingress benchmark: $(nproc) CPUs, INGRESS_THREADS=$threads, $conns connections, ${secs}s x $runs runs (medians)"
printf '%-34s %12s %10s %10s\n' "endpoint" "requests/s" "p50 ms" "p99 ms"
printf '%-34s %12s %10s %10s\n' "POST /webhook (HMAC + XADD)" "$post_rps" "$post_p50" "$post_p99"
printf '%-34s %12s %10s %10s\n' "GET /healthz (same ingress)" "$get_rps" "$get_p50" "$get_p99"
printf '%-34s %12s\n' "webhook / healthz" "$ratio"
printf '%-34s %9s kB %9s kB\n' "ingress RSS idle / after load" "$rss_idle" "$rss_load"
if [ -n "$node_ok" ]; then
    node_rps=$(cut -d' ' -f1 "$tmp/node" | median)
    printf '%-34s %12s %10s %10s\n' "Node.js Express+ioredis POST" "$node_rps" "$(cut -d' ' -f2 "$tmp/node" | median)" \
        "$(cut -d' ' -f3 "$tmp/node" | median)"
    printf '%-34s %12s\n' "wa-ingress / Node.js" \
        "$(awk -v a="$post_rps" -v b="$node_rps" 'BEGIN { printf "%.2f", (b + 0 > 0) ? a / b : 0 }')"
else
    echo "Node.js baseline: skipped (needs node and 'npm ci --prefix bench/node')"
fi
[ "$failed" -eq 0 ] || { echo "ingress.sh: $failed webhook(s) failed" >&2; exit 1; }
