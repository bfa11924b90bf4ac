#!/bin/sh
# The libraries each service's binary asks the dynamic loader for (ELF DT_NEEDED): the router and the ingress make
# no HTTP call and must not load libcurl, whose dozen dependencies cost each process about 0.6 MiB of RSS (issue 14:
# 16 MiB a service; round 31); the sender and the ai do call out and must (that the check sees libcurl at all).
# Usage: needed_libs.sh BIN_DIR
set -u
bin=$1
rc=0
needed() { readelf -d "$bin/$1" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p'; }
for b in wa-router wa-ingress; do
    if needed "$b" | grep -q '^libcurl'; then
        echo "FAIL: $b loads libcurl: $(needed "$b" | tr '\n' ' ')"
        rc=1
    fi
done
for b in wa-sender wa-ai; do
    if ! needed "$b" | grep -q '^libcurl'; then
        echo "FAIL: $b does not list libcurl (the check reads nothing?): $(needed "$b" | tr '\n' ' ')"
        rc=1
    fi
done
[ "$rc" = 0 ] && echo "ok: wa-router and wa-ingress load no libcurl"
exit "$rc"
