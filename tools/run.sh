#!/usr/bin/env bash
# `make run`: gunicorn and the background worker (huey_consumer) together; Ctrl-C (or either one exiting) stops both.
set -euo pipefail

VENV="${VENV:-.venv}"
HOST="${HOST:-127.0.0.1}"
PORT="${PORT:-5000}"
# The access log without the query string (the calendar feed's secret token travels there): from the Makefile.
ACCESS_LOG_FORMAT="${ACCESS_LOG_FORMAT:?the Makefile passes the access log format}"

"$VENV/bin/gunicorn" --workers 2 --bind "$HOST:$PORT" --access-logfile - --access-logformat "$ACCESS_LOG_FORMAT" wsgi:app &
web=$!
# Threads, not processes: the jobs wait on SMTP and the database, and a thread worker shares one Database.
"$VENV/bin/huey_consumer" worker.huey --workers 2 --worker-type thread &
worker=$!

stop() {
    trap - INT TERM EXIT
    kill -TERM "$web" "$worker" 2>/dev/null || true
    wait "$web" "$worker" 2>/dev/null || true
}
trap stop INT TERM EXIT

echo "prikaz: http://$HOST:$PORT/ (worker pid $worker)"
# Whichever ends first (Ctrl-C, a crash) brings the other down with it.
wait -n "$web" "$worker"
