#!/usr/bin/env bash
# Stop the demo server started by scripts/demo.sh, then its PostgreSQL cluster.
set -euo pipefail

# shellcheck source=scripts/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$REPO_ROOT"

LOCAL="$REPO_ROOT/.local"
ODOO_PIDFILE="$LOCAL/odoo.pid"
PG_DATA="$LOCAL/pgdata"

if [ -s "$ODOO_PIDFILE" ]; then
    pid="$(cat "$ODOO_PIDFILE")"
    if kill -0 "$pid" 2>/dev/null; then
        say "Stopping Odoo (pid $pid)"
        kill -TERM "$pid" 2>/dev/null || true
        for _ in $(seq 1 30); do
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.5
        done
        kill -KILL "$pid" 2>/dev/null || true
    fi
    rm -f "$ODOO_PIDFILE"
else
    say "Odoo is not running (no .local/odoo.pid)"
fi

if [ -s "$PG_DATA/postmaster.pid" ]; then
    find_pg_bin
    setup_pg_os_user
    say "Stopping PostgreSQL (.local/pgdata)"
    as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" -m fast -w -t 60 stop >/dev/null
else
    say "PostgreSQL is not running"
fi
