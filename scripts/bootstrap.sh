#!/usr/bin/env bash
# Installs and prepares everything geoconsult needs, then migrates the database.
# Safe to run again: each step does only what is missing.
#
#   scripts/bootstrap.sh          what `make run` needs
#   scripts/bootstrap.sh --tests  the same, plus Chromium and the test tools
#
# When DATABASE_URL is unset, a local PostgreSQL cluster is installed, started
# and given a `geoconsult` role and database with PostGIS.
set -euo pipefail
cd "$(dirname "$0")/.."

WITH_TESTS=0
[[ "${1:-}" == "--tests" ]] && WITH_TESTS=1

PG_VERSION="${PG_VERSION:-15}"
PYTHON="${PYTHON:-$(command -v python3.11 || command -v python3)}"
SUDO=""
[[ "$(id -u)" -ne 0 ]] && SUDO="sudo"

step() { printf '\n==> %s\n' "$*"; }

# --- System packages -------------------------------------------------------
missing_packages() {
  local pkg
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || echo "$pkg"
  done
}

wanted=(binutils gettext gdal-bin libgdal32 libgeos-c1v5 libproj25)
[[ -z "${DATABASE_URL:-}" ]] && wanted+=("postgresql-$PG_VERSION" "postgresql-$PG_VERSION-postgis-3")
command -v npm >/dev/null || wanted+=(nodejs npm)
"$PYTHON" -m venv --help >/dev/null 2>&1 || wanted+=(python3-venv)
# The tests run both cache backends (Redis and the database) and nginx in front of the app;
# wrk measures bench/vote_path.py and bench/tiles.py.
[[ "$WITH_TESTS" == 1 ]] && wanted+=(chromium redis-server nginx wrk)
mapfile -t to_install < <(missing_packages "${wanted[@]}")
if ((${#to_install[@]})); then
  step "Installing system packages: ${to_install[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${to_install[@]}"
fi

# --- Python packages -------------------------------------------------------
requirements=requirements.txt
[[ "$WITH_TESTS" == 1 ]] && requirements=requirements-dev.txt
if [[ ! -x .venv/bin/python ]]; then
  step "Creating .venv with $PYTHON"
  "$PYTHON" -m venv .venv
fi
stamp=".venv/.installed-$(cat requirements*.txt | sha256sum | cut -c1-16)-$requirements"
if [[ ! -f "$stamp" ]]; then
  step "Installing Python packages from $requirements"
  # uv installs the same packages from the same index as pip, in a fraction of the time.
  .venv/bin/pip install --quiet "uv>=0.5,<1"
  .venv/bin/uv pip install --quiet --python .venv/bin/python -r "$requirements"
  touch "$stamp"
fi

# --- Front-end packages ----------------------------------------------------
step "Installing front-end packages from npm"
scripts/build_static.sh

# --- Database --------------------------------------------------------------
if [[ -z "${DATABASE_URL:-}" ]]; then
  step "Starting and provisioning the local PostgreSQL $PG_VERSION cluster"
  as_postgres() { if [[ -z "$SUDO" ]]; then runuser -u postgres -- "$@"; else sudo -u postgres "$@"; fi; }
  if ! pg_lsclusters -h | awk '{print $1" "$2}' | grep -qx "$PG_VERSION main"; then
    $SUDO pg_createcluster "$PG_VERSION" main
  fi
  if ! pg_lsclusters -h | awk -v v="$PG_VERSION" '$1 == v && $2 == "main" {print $4}' | grep -q online; then
    $SUDO pg_ctlcluster --skip-systemctl-redirect "$PG_VERSION" main start
  fi
  for _ in $(seq 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
  pg_isready -h 127.0.0.1 -p 5432
  as_postgres psql -q -v ON_ERROR_STOP=1 <<'SQL'
SELECT 'CREATE ROLE geoconsult LOGIN CREATEDB PASSWORD ''geoconsult'''
  WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'geoconsult')\gexec
SELECT 'CREATE DATABASE geoconsult OWNER geoconsult'
  WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'geoconsult')\gexec
SQL
  # PostGIS in template1 too, so the test database Django creates inherits it
  # without the geoconsult role needing superuser rights.
  for db in template1 geoconsult; do
    as_postgres psql -q -d "$db" -c "SET client_min_messages = warning" \
      -c "CREATE EXTENSION IF NOT EXISTS postgis"
  done
fi

# --- Redis (tests) ---------------------------------------------------------
# Some machines already run one on 127.0.0.1:6379: it is used as it is.
if [[ "$WITH_TESTS" == 1 ]] && ! redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
  step "Starting Redis on 127.0.0.1:6379"
  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save '' --appendonly no \
    --dir /tmp --logfile /tmp/geoconsult-redis.log
  for _ in $(seq 20); do redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 && break; sleep 0.25; done
fi

# --- Django ----------------------------------------------------------------
step "Compiling translations, collecting static files and migrating"
.venv/bin/python manage.py compilemessages --ignore=.venv --ignore=node_modules -v0
.venv/bin/python manage.py collectstatic --noinput -v0
.venv/bin/python manage.py migrate --noinput -v1
.venv/bin/python manage.py createcachetable
