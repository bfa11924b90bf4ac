#!/usr/bin/env bash
# Installs the Debian packages this project needs to build, run and test, skipping those already installed.
# Used by `make run` and `make test` (and so by CI); chromium, its driver and Selenium run the dashboard's browser
# tests. Debian 12; runs apt-get through sudo when not root.
set -euo pipefail

packages=(
  build-essential cmake pkg-config git
  libh2o-evloop-dev libhiredis-dev libcjson-dev libcurl4-openssl-dev libpq-dev libssl-dev libcmocka-dev libsodium-dev
  redis-server postgresql postgresql-contrib curl
  python3 python3-pytest python3-pytest-xdist python3-redis python3-psycopg2 python3-yaml
  chromium chromium-driver python3-selenium
)
# The dashboard's pages are built with npm (make web): Debian's nodejs and npm unless a Node.js is installed already
# (e.g. a newer one with its own npm, which Debian's npm package would conflict with).
if ! command -v node >/dev/null 2>&1; then
  packages+=(nodejs npm)
fi
if [ "${WA_DEPS_EXTRA:-}" != "" ]; then
  read -r -a extra <<<"$WA_DEPS_EXTRA"
  packages+=("${extra[@]}")
fi

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "installing: ${missing[*]}"
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
