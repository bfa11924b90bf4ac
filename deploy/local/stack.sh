#!/usr/bin/env bash
# The local stack behind `make run`: a private redis-server and PostgreSQL under var/, the migrations, the demo
# doctor with a demo dashboard login, and the services in the foreground. Ctrl-C stops everything.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
bin=${WA_BIN_DIR:-$root/build/bin}

if [ ! -f .env ]; then
  (umask 077 && cp .env.example .env)
  secret=$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')
  verify=$(head -c 8 /dev/urandom | od -An -tx1 | tr -d ' \n')
  sed -i "s/^WHATSAPP_APP_SECRET=$/WHATSAPP_APP_SECRET=dev-$secret/; s/^WHATSAPP_VERIFY_TOKEN=$/WHATSAPP_VERIFY_TOKEN=dev-$verify/" .env
  echo "created .env with a development app secret and verify token (put your real Meta values there)"
fi
# Redis runs with a password (deploy/redis/acl.sh): a .env from before that gets one, in REDIS_PASSWORD and in the
# REDIS_URL that the services and wactl use
if ! grep -q '^REDIS_PASSWORD=.' .env; then
  rpw=$(head -c 18 /dev/urandom | od -An -tx1 | tr -d ' \n')
  tmp=$(mktemp .env.XXXXXX) # shell builtins only: the password never appears in a command line
  while IFS= read -r line || [ -n "$line" ]; do
    case "$line" in
      REDIS_PASSWORD=*) ;;
      REDIS_URL=redis://*@*) printf '%s\n' "$line" ;;
      REDIS_URL=redis://*) printf 'REDIS_URL=redis://:%s@%s\n' "$rpw" "${line#REDIS_URL=redis://}" ;;
      *) printf '%s\n' "$line" ;;
    esac
  done <.env >"$tmp"
  printf 'REDIS_PASSWORD=%s\n' "$rpw" >>"$tmp"
  mv "$tmp" .env
  echo "set a Redis password in .env (REDIS_PASSWORD, and in REDIS_URL)"
fi
set -a
# shellcheck disable=SC1091
. ./.env
set +a

port_of() { # port_of URL DEFAULT
  local p
  p=$(printf '%s' "$1" | sed -E 's#^[a-z]+://([^@/]*@)?[^:/]*:([0-9]+).*#\2#')
  case "$p" in '' | *[!0-9]*) echo "$2" ;; *) echo "$p" ;; esac
}
redis_port=$(port_of "${REDIS_URL:-redis://127.0.0.1:6379/0}" 6379)
pg_port=$(port_of "${DATABASE_URL:-postgresql://wa:wa@127.0.0.1:5432/wa}" 5432)

pids=()
cleanup() {
  trap - INT TERM EXIT
  echo "stopping..."
  for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  deploy/local/infra.sh stop "$root/var" "$redis_port" || true
}
trap cleanup INT TERM EXIT

deploy/local/infra.sh start "$root/var" "$redis_port" "$pg_port"
"$bin/wactl" migrate --dir deploy/migrations
# the password goes to psql through the environment, never argv (ps shows argv to every user)
pg_url=$(printf '%s' "$DATABASE_URL" | sed -E 's#^([a-z]+://[^:/@]*):[^@]*@#\1@#')
PGPASSWORD=$(printf '%s' "$DATABASE_URL" | sed -nE 's#^[a-z]+://[^:/@]*:([^@]*)@.*#\1#p') \
  psql "$pg_url" -qtAX -v ON_ERROR_STOP=1 -f deploy/seed/demo.sql >/dev/null

OPS_PORT=9100 "$bin/wa-ingress" & pids+=($!)
OPS_PORT=9101 "$bin/wa-router" & pids+=($!)
OPS_PORT=9102 "$bin/wa-sender" & pids+=($!)
OPS_PORT=9103 "$bin/wa-ai" & pids+=($!)

# The demo clinic's dashboard login: a fresh random password at every start (it is a demo; printed below).
demo_email=demo@clinic.test
demo_password=demo-$(head -c 9 /dev/urandom | od -An -tx1 | tr -d ' \n')
if ! printf '%s\n' "$demo_password" | "$bin/wactl" user add --email "$demo_email" --role clinic_admin \
  --doctor 00000000-0000-4000-8000-000000000001 --name 'Dr. Asha Rao' >/dev/null 2>&1; then
  printf '%s\n' "$demo_password" | "$bin/wactl" user reset-password --email "$demo_email" >/dev/null
fi
OPS_PORT=9104 "$bin/wa-dashboard" & pids+=($!)

mode="sandbox (replies go to the ${WA_REDIS_PREFIX:-wa:}sandbox stream)"
[ -n "${WHATSAPP_TOKEN:-}" ] && [ -n "${PHONE_NUMBER_ID:-}" ] && mode="live Graph API, number id $PHONE_NUMBER_ID"
cat <<MSG

  Clinic WhatsApp platform is running (Ctrl-C stops everything).
  webhook:  http://127.0.0.1:${INGRESS_PORT:-3000}/webhook     sending: $mode
  demo doctor: Dr. Asha Rao, Sunrise Family Clinic, number +91 98450 00001
  dashboard: ${DASHBOARD_ORIGIN:-http://127.0.0.1:${DASHBOARD_PORT:-8080}}   sign in as $demo_email / $demo_password
             (API: ${DASHBOARD_ORIGIN:-http://127.0.0.1:${DASHBOARD_PORT:-8080}}/api/v1/openapi.json)

  Talk to the demo doctor from another terminal in this folder:
    ./build/bin/wactl simulate --to 919845000001 --from 919800000001 --text "What are your timings?"
    ./build/bin/wactl streams

MSG
wait -n "${pids[@]}" || true
echo "a service exited; stopping the stack"
