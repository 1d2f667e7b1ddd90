#!/usr/bin/env bash
# Stop the demo server started by scripts/demo.sh, then its PostgreSQL cluster.
set -euo pipefail

# shellcheck source=scripts/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$REPO_ROOT"

LOCAL="$REPO_ROOT/.local"
ODOO_PIDFILE="$LOCAL/odoo.pid"
PG_DATA="$LOCAL/pgdata"

stop_pid_file "$ODOO_PIDFILE" "Odoo" || say "Odoo is not running (no live .local/odoo.pid)"

if [ -s "$PG_DATA/postmaster.pid" ]; then
    find_pg_bin
    setup_pg_os_user
    say "Stopping PostgreSQL (.local/pgdata)"
    as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" -m fast -w -t 60 stop >/dev/null
else
    say "PostgreSQL is not running"
fi
