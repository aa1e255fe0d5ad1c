#!/usr/bin/env bash
# `make run`: the job queue's worker beside the web server, both stopped together.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=.venv/bin

$VENV/python manage.py procrastinate worker &
worker=$!
trap 'kill -TERM "$worker" 2>/dev/null; wait "$worker" 2>/dev/null' EXIT INT TERM
$VENV/gunicorn -c geoconsult/gunicorn.conf.py "$@"
