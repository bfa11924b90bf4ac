#!/usr/bin/env bash
# Starts or stops a private redis-server and PostgreSQL under one folder, on the given ports.
# Used by the local stack (deploy/local/stack.sh, data under var/) and by the test suite (a temporary folder on
# free ports).
#
#   infra.sh start DIR REDIS_PORT PG_PORT   # idempotent; creates role and database "wa" (password "wa")
#   infra.sh stop DIR [REDIS_PORT]
#
# Redis runs with the ACL file deploy/redis/acl.sh writes from the environment (REDIS_PASSWORD for the default user,
# REDIS_PASSWORD_INGRESS ... for the per-service users; the local stack and the tests set REDIS_PASSWORD). redis-cli
# gets the password through REDISCLI_AUTH, never argv.
#
# PostgreSQL refuses to run as root: as root the cluster is owned by and run as the "postgres" user.
# WA_PG_FAST=1 turns off fsync (tests only: their data is thrown away).
# Redis keeps its streams in memory with an AOF: WA_REDIS_MAXMEMORY (512mb) caps it with noeviction (a full Redis
# refuses new writes, the ingress answers 503 and Meta retries; nothing accepted is evicted), WA_REDIS_APPENDFSYNC
# (everysec, or always) is the AOF's fsync policy: see the README on durability.
set -euo pipefail

cmd=${1:?usage: infra.sh start|stop DIR [REDIS_PORT PG_PORT]}
dir=${2:?missing DIR}
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)

pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -n "$pgbin" ] || { echo "infra.sh: PostgreSQL server binaries not found (apt-get install postgresql)" >&2; exit 1; }

as_pg() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

if [ -n "${REDIS_PASSWORD:-}" ]; then export REDISCLI_AUTH="$REDIS_PASSWORD"; fi
acl_sh="$(cd "$(dirname "$0")/../redis" && pwd)/acl.sh"

# 0 when Redis on port $1 answers and has loaded its data: anything but -LOADING (without REDIS_PASSWORD, -NOAUTH
# still says it is up).
redis_ready() {
  local out
  out=$(redis-cli -p "$1" ping 2>/dev/null) || return 1
  [ -n "$out" ] && [ "${out#LOADING}" = "$out" ]
}

start() {
  local rport=${3:?missing REDIS_PORT} pport=${4:?missing PG_PORT}
  mkdir -p "$dir/redis" "$dir/pgsock"
  if ! redis-cli -p "$rport" ping >/dev/null 2>&1; then
    (umask 077 && "$acl_sh" >"$dir/redis/users.acl")
    redis-server --port "$rport" --bind 127.0.0.1 --dir "$dir/redis" --appendonly yes \
      --appendfsync "${WA_REDIS_APPENDFSYNC:-everysec}" \
      --maxmemory "${WA_REDIS_MAXMEMORY:-512mb}" --maxmemory-policy noeviction \
      --save '' --daemonize yes --pidfile "$dir/redis.pid" --logfile "$dir/redis.log" \
      --aclfile "$dir/redis/users.acl"
  fi
  # Started is not ready: while Redis loads its AOF it answers commands (PING too) with -LOADING, and redis-cli exits
  # 0 on that answer. Wait until it is loaded, so that whatever runs next finds the data (a dashboard sign-in right
  # after a restart answered 503 when its first write met -LOADING).
  for _ in $(seq 300); do redis_ready "$rport" && break; sleep 0.1; done
  redis_ready "$rport" || { echo "infra.sh: redis-server did not start or load its data within 30 s (see $dir/redis.log)" >&2; exit 1; }

  if [ "$(id -u)" -eq 0 ]; then
    chown postgres "$dir/pgsock"
    mkdir -p "$dir/pg" && chown postgres "$dir/pg" && chmod 700 "$dir/pg"
    if ! runuser -u postgres -- test -x "$dir"; then
      echo "infra.sh: user postgres cannot reach $dir; make its parent folders world-traversable (chmod o+x)" >&2
      exit 1
    fi
  else
    mkdir -p "$dir/pg" && chmod 700 "$dir/pg"
  fi
  if [ ! -f "$dir/pg/PG_VERSION" ]; then
    as_pg "$pgbin/initdb" -D "$dir/pg" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 ||
      { echo "infra.sh: initdb failed (see $dir/initdb.log)" >&2; exit 1; }
  fi
  if ! as_pg "$pgbin/pg_ctl" -D "$dir/pg" status >/dev/null 2>&1; then
    local opts="-p $pport -k $dir/pgsock -c listen_addresses=127.0.0.1 -c max_connections=200"
    [ "${WA_PG_FAST:-0}" = "1" ] && opts="$opts -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    touch "$dir/pg.log" && { [ "$(id -u)" -ne 0 ] || chown postgres "$dir/pg.log"; }
    as_pg "$pgbin/pg_ctl" -D "$dir/pg" -l "$dir/pg.log" -o "$opts" -w -t 60 start >/dev/null ||
      { echo "infra.sh: PostgreSQL did not start (see $dir/pg.log)" >&2; exit 1; }
  fi
  local psql=(psql -h 127.0.0.1 -p "$pport" -U postgres -d postgres -qtAX)
  if [ "$("${psql[@]}" -c "SELECT 1 FROM pg_roles WHERE rolname = 'wa'")" != "1" ]; then
    "${psql[@]}" -c "CREATE ROLE wa LOGIN PASSWORD 'wa'" >/dev/null
  fi
  # the migrations create the services' group roles (007_roles.sql)
  "${psql[@]}" -c "ALTER ROLE wa CREATEROLE" >/dev/null
  if [ "$("${psql[@]}" -c "SELECT 1 FROM pg_database WHERE datname = 'wa'")" != "1" ]; then
    "${psql[@]}" -c "CREATE DATABASE wa OWNER wa" >/dev/null
  fi
}

stop() {
  local rport=${3:-}
  if [ -f "$dir/pg/postmaster.pid" ]; then
    as_pg "$pgbin/pg_ctl" -D "$dir/pg" -m fast -w stop >/dev/null 2>&1 || true
  fi
  if [ -n "$rport" ]; then
    redis-cli -p "$rport" shutdown >/dev/null 2>&1 || true
  elif [ -f "$dir/redis.pid" ]; then
    kill "$(cat "$dir/redis.pid")" 2>/dev/null || true
  fi
}

case "$cmd" in
  start) start "$@" ;;
  stop) stop "$@" ;;
  *) echo "usage: infra.sh start|stop DIR [REDIS_PORT PG_PORT]" >&2; exit 2 ;;
esac
