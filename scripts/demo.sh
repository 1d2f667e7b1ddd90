#!/usr/bin/env bash
# Serve a French demo database of the addon on http://127.0.0.1:8069.
#
# - PostgreSQL cluster kept in .local/pgdata (git-ignored), on 127.0.0.1:$DEMO_PG_PORT
#   (54329), socket and server log in .local/pgrun; run as 'postgres' when we are root.
# - Database 'housing_demo' created once: the addon, its demo data, French installed and
#   set on admin, the public user and as the default partner language. The database
#   existing is the mark that it is done (it is built under a temporary name and renamed
#   at the end, so a half-built one is never taken for done).
# - Odoo serves in the background: log .local/odoo.log, pid .local/odoo.pid.
#   A second run reuses the database and restarts the server; UPDATE=1 adds
#   '-u housing_accompaniment'.
# 'make stop' (scripts/stop.sh) stops both.
set -euo pipefail

# shellcheck source=scripts/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$REPO_ROOT"

DEMO_DB="${DEMO_DB:-housing_demo}"
DEMO_PG_PORT="${DEMO_PG_PORT:-54329}"
DEMO_HTTP_PORT="${DEMO_HTTP_PORT:-8069}"
LOCAL="$REPO_ROOT/.local"
PG_DATA="$LOCAL/pgdata"
PG_RUN="$LOCAL/pgrun"
ODOO_LOG="$LOCAL/odoo.log"
ODOO_PIDFILE="$LOCAL/odoo.pid"
URL="http://127.0.0.1:$DEMO_HTTP_PORT/web/login"

die() {
    echo "ERROR: $*" >&2
    exit 1
}

if ! odoo_ok; then
    odoo_missing_message
    exit 2
fi
pip_install_requirements || die "pip could not install the requirements"
ensure_pdf_tools
find_pg_bin || die "no PostgreSQL server binaries (initdb, pg_ctl) and none could be installed"
setup_pg_os_user
PSQL="$(psql_cmd)" || die "psql not found"

# --- PostgreSQL ---------------------------------------------------------------------------
mkdir -p "$LOCAL" "$PG_DATA" "$PG_RUN" "$LOCAL/data"
# The addons link must live outside the repository: a link inside it back to the
# repository makes a loop for every tool that walks the tree (Odoo's i18n export, linters).
ADDONS_LINK_DIR="${TMPDIR:-/tmp}/${ADDON_NAME}-demo-addons-$(printf '%s' "$REPO_ROOT" | cksum | cut -d' ' -f1)"
chmod 700 "$PG_DATA"
chown_pg "$PG_DATA" "$PG_RUN"
if [ -n "$PG_OS_USER" ] && ! runuser -u "$PG_OS_USER" -- test -w "$PG_DATA"; then
    die "the '$PG_OS_USER' user cannot write to $PG_DATA: a parent folder of the checkout is" \
        "not traversable by other users (chmod o+x it, or move the checkout)"
fi
if as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" status >/dev/null 2>&1; then
    say "PostgreSQL already running (.local/pgdata, port $DEMO_PG_PORT)"
else
    if port_in_use "$DEMO_PG_PORT"; then
        die "port $DEMO_PG_PORT is taken by another program (set DEMO_PG_PORT=...)"
    fi
    say "Starting PostgreSQL (.local/pgdata) on 127.0.0.1:$DEMO_PG_PORT"
    pg_init_and_start "$PG_DATA" "$PG_RUN" "$DEMO_PG_PORT" "$PG_RUN/postgresql.log" ||
        die "PostgreSQL did not start, see .local/pgrun/postgresql.log"
fi
pg_ensure_odoo_role "$DEMO_PG_PORT"

db_exists() {
    [ "$("$PSQL" -h 127.0.0.1 -p "$DEMO_PG_PORT" -U postgres -d postgres -tAc \
        "SELECT 1 FROM pg_database WHERE datname = '$1'")" = 1 ]
}

# --- Odoo ---------------------------------------------------------------------------------
make_addon_link_dir "$ADDONS_LINK_DIR"
ADDONS_PATH="$(addons_path "$ADDONS_LINK_DIR")"
printf '[options]\n' >"$LOCAL/odoo.conf"
COMMON=(
    -c "$LOCAL/odoo.conf"
    --addons-path="$ADDONS_PATH"
    --data-dir="$LOCAL/data"
    --db_host=127.0.0.1 --db_port="$DEMO_PG_PORT" --db_user="$ODOO_DB_USER"
)

stop_pid_file "$ODOO_PIDFILE" "the running demo server" || true

UPDATE_ARGS=()
if db_exists "$DEMO_DB"; then
    say "Reusing the database $DEMO_DB"
    if [ "${UPDATE:-0}" = 1 ]; then
        UPDATE_ARGS=(-u "$ADDON_NAME")
        say "UPDATE=1: the server will update $ADDON_NAME at start"
    fi
else
    BUILD_DB="${DEMO_DB}__building"
    if db_exists "$BUILD_DB"; then
        "$PSQL" -h 127.0.0.1 -p "$DEMO_PG_PORT" -U postgres -d postgres -q \
            -c "DROP DATABASE \"$BUILD_DB\"" >/dev/null
    fi
    rm -rf "$LOCAL/data/filestore/$BUILD_DB"
    say "Creating $DEMO_DB: $ADDON_NAME with demo data and French (log: .local/odoo-init.log)"
    if ! "$PYTHON" -m odoo "${COMMON[@]}" -d "$BUILD_DB" -i "$ADDON_NAME" --load-language=fr_FR \
        --stop-after-init --no-http --max-cron-threads=0 --log-level=warn \
        </dev/null >"$LOCAL/odoo-init.log" 2>&1; then
        tail -n 40 "$LOCAL/odoo-init.log" >&2
        die "installing $ADDON_NAME failed, see .local/odoo-init.log"
    fi
    say "Setting French on admin, the public user and as default partner language"
    if ! "$PYTHON" -m odoo shell "${COMMON[@]}" -d "$BUILD_DB" --no-http --log-level=warn \
        <"$SCRIPTS_DIR/set_lang.py" >>"$LOCAL/odoo-init.log" 2>&1; then
        tail -n 40 "$LOCAL/odoo-init.log" >&2
        die "setting the language failed, see .local/odoo-init.log"
    fi
    grep -q '^LANG_SET_OK$' "$LOCAL/odoo-init.log" ||
        die "setting the language failed, see .local/odoo-init.log"
    "$PSQL" -h 127.0.0.1 -p "$DEMO_PG_PORT" -U postgres -d postgres -q -v ON_ERROR_STOP=1 \
        -c "ALTER DATABASE \"$BUILD_DB\" RENAME TO \"$DEMO_DB\"" >/dev/null
    if [ -d "$LOCAL/data/filestore/$BUILD_DB" ]; then
        rm -rf "$LOCAL/data/filestore/$DEMO_DB"
        mv "$LOCAL/data/filestore/$BUILD_DB" "$LOCAL/data/filestore/$DEMO_DB"
    fi
fi

if port_in_use "$DEMO_HTTP_PORT"; then
    die "port $DEMO_HTTP_PORT is taken by another program (set DEMO_HTTP_PORT=...)"
fi
say "Starting Odoo on 127.0.0.1:$DEMO_HTTP_PORT (log: .local/odoo.log)"
setsid "$PYTHON" -m odoo "${COMMON[@]}" -d "$DEMO_DB" --db-filter="^${DEMO_DB}\$" \
    ${UPDATE_ARGS[@]+"${UPDATE_ARGS[@]}"} --http-interface=127.0.0.1 --http-port="$DEMO_HTTP_PORT" \
    --workers=0 --max-cron-threads=1 </dev/null >>"$ODOO_LOG" 2>&1 &
echo $! >"$ODOO_PIDFILE"

# Wait until the login page answers (at most 120 s).
deadline=$((SECONDS + 120))
until curl -s -f -o /dev/null --max-time 5 "$URL"; do
    if ! kill -0 "$(cat "$ODOO_PIDFILE")" 2>/dev/null; then
        tail -n 40 "$ODOO_LOG" >&2
        rm -f "$ODOO_PIDFILE"
        die "Odoo stopped, see .local/odoo.log"
    fi
    if [ "$SECONDS" -ge "$deadline" ]; then
        tail -n 40 "$ODOO_LOG" >&2
        die "Odoo did not answer on $URL within 120 s, see .local/odoo.log (make stop to stop it)"
    fi
    sleep 1
done

cat <<EOF

Housing Accompaniment demo is up (database $DEMO_DB, French):
    $URL
    login: admin    password: admin
Stop it with: make stop    (UPDATE=1 make demo reloads the addon's code and data)
EOF
