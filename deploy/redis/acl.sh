#!/bin/sh
# Writes the Redis ACL file of the platform to stdout, from the environment. POSIX sh and sha256sum only, so that
# it runs inside the redis image (compose, Kubernetes) as well as in the local stack (deploy/local/infra.sh).
# Passwords are written as SHA-256 hashes (#<hex>), never in clear, and never pass through argv.
#
#   REDIS_PASSWORD            the default user: every command on every key (operators, wactl, migrations)
#   REDIS_PASSWORD_INGRESS    user wa-ingress: PING and XADD to <prefix>in, nothing else (the internet-facing one)
#   REDIS_PASSWORD_ROUTER     user wa-router  \
#   REDIS_PASSWORD_AI         user wa-ai       } every non-dangerous command on <prefix>* keys only (no KEYS,
#   REDIS_PASSWORD_SENDER     user wa-sender  /  FLUSHALL, CONFIG, DEBUG, ACL, SHUTDOWN ...; CLIENT ID/UNBLOCK and
#                                                INFO stay allowed for the stream loops and the metrics)
#   REDIS_PASSWORD_DASHBOARD  user wa-dashboard: its sessions and sign-in counters (<prefix>session:*, <prefix>login:*),
#                             the handoff keys (<prefix>handoff:*), send idempotency keys (<prefix>idem:*), XADD/XREAD
#                             on <prefix>out (a staff reply goes the way of every message), on <prefix>media (a file
#                             staff send: the sender uploads it, issue 17) and on <prefix>dash (the replicas' own inbox
#                             events), XREAD on <prefix>alerts (the live inbox); reads only on <prefix>conv:* (the
#                             reception tells a patient in their conversation's language); for the operator's console:
#                             <prefix>dlq (read, XDEL) and EVAL of the dead-letter replay, which XADDs to <prefix>in,
#                             <prefix>ai, <prefix>out or <prefix>media, so those are writable; XINFO/XPENDING of the
#                             streams, read only on <prefix>unrouted, <prefix>sandbox and the retry set (<prefix>retry);
#                             no other key, no KEYS, SCAN, FLUSH*, CONFIG, ACL, SCRIPT, FUNCTION, pub/sub
#   REDIS_PASSWORD_KEDA       user wa-keda: PING, XLEN, XPENDING, XINFO on the four consumed streams (the autoscaler;
#                             <prefix>media: the sender's media fetcher, issue 17)
#   WA_REDIS_PREFIX           the key prefix (default wa:), as the services use it
#
# A user whose password is empty is not created; an empty REDIS_PASSWORD leaves the default user without a password
# (only for a Redis nobody else can reach). Passwords go into REDIS_URL as redis://wa-router:PASSWORD@host:6379/0:
# use letters and digits (openssl rand -hex 24).
set -eu

prefix=${WA_REDIS_PREFIX:-wa:}

hash() { printf '%s' "$1" | sha256sum | cut -c1-64; }

user() { # user NAME PASSWORD RULES...
  name=$1 pw=$2
  shift 2
  [ -n "$pw" ] || return 0
  printf 'user %s on #%s %s\n' "$name" "$(hash "$pw")" "$*"
}

if [ -n "${REDIS_PASSWORD:-}" ]; then
  printf 'user default on #%s ~* &* +@all\n' "$(hash "$REDIS_PASSWORD")"
else
  printf 'user default on nopass ~* &* +@all\n'
fi
user wa-ingress "${REDIS_PASSWORD_INGRESS:-}" "resetchannels ~${prefix}in -@all +ping +select +xadd"
for svc in router ai sender; do
  eval "pw=\${REDIS_PASSWORD_$(printf '%s' "$svc" | tr a-z A-Z):-}"
  user "wa-$svc" "$pw" "resetchannels ~${prefix}* +@all -@dangerous +client|id +client|unblock +info"
done
user wa-dashboard "${REDIS_PASSWORD_DASHBOARD:-}" \
  "resetchannels ~${prefix}session:* ~${prefix}login:* ~${prefix}handoff:* ~${prefix}idem:* ~${prefix}out ~${prefix}dash" \
  "~${prefix}in ~${prefix}ai ~${prefix}dlq ~${prefix}media %R~${prefix}unrouted %R~${prefix}sandbox %R~${prefix}retry" \
  "%R~${prefix}conv:*" \
  "%R~${prefix}alerts -@all +ping +select +client|id +client|unblock +get +set +del +unlink +exists +expire" \
  "+pexpire +ttl +pttl +incr +incrby +hset +hget +hmget +hgetall +hdel +xadd +xread +xrange +xrevrange +xlen +multi +exec" \
  "+discard +xdel +xinfo +xpending +zcard +eval"
user wa-keda "${REDIS_PASSWORD_KEDA:-}" \
  "resetchannels ~${prefix}in ~${prefix}ai ~${prefix}out ~${prefix}media -@all +@connection -@dangerous +ping +xlen +xpending +xinfo"
