#!/usr/bin/env bash
# The ten-times-PAHM benchmark: `make bench-data` (bench/run.sh data), `make bench` (bench/run.sh bench).
#
# data   Start a PostgreSQL cluster kept in .local/bench-pg (git-ignored) on 127.0.0.1:$BENCH_PG_PORT
#        (54330) and create, once, the two databases: $BENCH_DEMO_DB (housing_bench_demo: the addon
#        with its demo data) and $BENCH_X10_DB (housing_bench_x10: the addon without demo data,
#        filled by bench/generate.py; a few minutes on 2 cores). Each is built under a temporary
#        name and renamed when complete: an existing database is the mark that it is done.
# bench  The same, then updates the addon in both (-u: the code may have changed since they were
#        built) and runs bench/benchmark.py on both; the table is printed and kept, with the raw
#        figures, in bench/results/ (git-ignored).
# load   The load test (bench/load.py): a copy of the ten-times database ($BENCH_LOAD_DB), an Odoo in
#        multi-process mode on it (odoo-bin --workers=$LOAD_WORKERS, a cron worker, loopback only),
#        $LOAD_USERS simulated users for $LOAD_SECONDS seconds through real HTTP sessions, then the
#        lost-write check; the table is printed and kept in bench/results/load-<users>.{txt,json}.
#
# Environment: PYTHON (python3); BENCH_PG_PORT; BENCH_DEMO_DB, BENCH_X10_DB; BENCH_REPEAT (5 runs
# per measure); BENCH_SEED (2017); BENCH_SCALE (1.0, the ten-times dataset).
# LOAD_USERS (20), LOAD_SECONDS (60), LOAD_WORKERS (4), LOAD_MAX_OPS (20000), BENCH_LOAD_DB
# (housing_bench_load).
# BENCH_PG_EXTERNAL=1 uses a PostgreSQL server already running on 127.0.0.1:$BENCH_PG_PORT
# (role 'odoo', trust authentication) instead of starting the cluster.
# The cluster started here is stopped when the script ends.
set -euo pipefail

# shellcheck source-path=SCRIPTDIR/..
# shellcheck source=scripts/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../scripts/lib.sh"
cd "$REPO_ROOT"

COMMAND="${1:-bench}"
BENCH_PG_PORT="${BENCH_PG_PORT:-54330}"
BENCH_DEMO_DB="${BENCH_DEMO_DB:-housing_bench_demo}"
BENCH_X10_DB="${BENCH_X10_DB:-housing_bench_x10}"
BENCH_REPEAT="${BENCH_REPEAT:-5}"
BENCH_SEED="${BENCH_SEED:-2017}"
BENCH_SCALE="${BENCH_SCALE:-1.0}"
LOCAL="$REPO_ROOT/.local"
PG_DATA="$LOCAL/bench-pg/data"
PG_RUN="$LOCAL/bench-pg/run"
RESULTS="$REPO_ROOT/bench/results"
STARTED_PG=""

die() {
    echo "ERROR: $*" >&2
    exit 1
}

case "$COMMAND" in
data | bench | load | import) ;;
*) die "usage: bench/run.sh data|bench|load|import" ;;
esac

ODOO_SERVER_PID=""
cleanup() {
    if [ -n "$ODOO_SERVER_PID" ]; then
        say "Stopping the load test's Odoo server"
        kill -TERM "$ODOO_SERVER_PID" 2>/dev/null || true
        for _ in $(seq 1 30); do kill -0 "$ODOO_SERVER_PID" 2>/dev/null || break; sleep 1; done
        kill -KILL "$ODOO_SERVER_PID" 2>/dev/null || true
    fi
    if [ -n "$STARTED_PG" ]; then
        say "Stopping the benchmark's PostgreSQL (.local/bench-pg)"
        pg_stop "$PG_DATA" fast
    fi
}
trap cleanup EXIT

if ! odoo_ok; then
    odoo_missing_message
    exit 2
fi
pip_install_requirements || die "pip could not install the requirements"
find_pg_bin || die "no PostgreSQL server binaries (initdb, pg_ctl) and none could be installed"
PSQL="$(psql_cmd)" || die "psql not found"

# --- PostgreSQL ---------------------------------------------------------------------------
if [ "${BENCH_PG_EXTERNAL:-0}" = 1 ]; then
    say "Using the PostgreSQL server on 127.0.0.1:$BENCH_PG_PORT (BENCH_PG_EXTERNAL=1)"
else
    setup_pg_os_user
    mkdir -p "$PG_DATA" "$PG_RUN"
    chmod 700 "$PG_DATA"
    chown_pg "$LOCAL/bench-pg"
    if [ -n "$PG_OS_USER" ] && ! runuser -u "$PG_OS_USER" -- test -w "$PG_DATA"; then
        die "the '$PG_OS_USER' user cannot write to $PG_DATA: a parent folder of the checkout is" \
            "not traversable by other users (chmod o+x it, or move the checkout)"
    fi
    if as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" status >/dev/null 2>&1; then
        say "PostgreSQL already running (.local/bench-pg, port $BENCH_PG_PORT)"
    else
        if port_in_use "$BENCH_PG_PORT"; then
            die "port $BENCH_PG_PORT is taken by another program (set BENCH_PG_PORT=...)"
        fi
        say "Starting PostgreSQL (.local/bench-pg) on 127.0.0.1:$BENCH_PG_PORT"
        pg_init_and_start "$PG_DATA" "$PG_RUN" "$BENCH_PG_PORT" "$PG_RUN/postgresql.log" ||
            die "PostgreSQL did not start, see .local/bench-pg/run/postgresql.log"
        STARTED_PG=1
    fi
fi
pg_ensure_odoo_role "$BENCH_PG_PORT"

psql_admin() {
    "$PSQL" -h 127.0.0.1 -p "$BENCH_PG_PORT" -U postgres -d postgres -q -v ON_ERROR_STOP=1 "$@"
}
db_exists() {
    [ "$(psql_admin -tAc "SELECT 1 FROM pg_database WHERE datname = '$1'")" = 1 ]
}

# --- Odoo ---------------------------------------------------------------------------------
# The addons link must live outside the repository (a link back to it makes a loop for every
# tool that walks the tree).
ADDONS_LINK_DIR="${TMPDIR:-/tmp}/${ADDON_NAME}-bench-addons-$(printf '%s' "$REPO_ROOT" | cksum | cut -d' ' -f1)"
make_addon_link_dir "$ADDONS_LINK_DIR"
ADDONS_PATH="$(addons_path "$ADDONS_LINK_DIR")"
mkdir -p "$LOCAL/bench-data" "$RESULTS"
printf '[options]\n' >"$LOCAL/bench-odoo.conf"
ODOO_OPTIONS=(
    -c "$LOCAL/bench-odoo.conf"
    --addons-path="$ADDONS_PATH"
    --data-dir="$LOCAL/bench-data"
    --db_host=127.0.0.1 --db_port="$BENCH_PG_PORT" --db_user="$ODOO_DB_USER"
)

# Build database $1 under a temporary name: install the addon (extra Odoo options in $2),
# run the command $3... on it (with the database name appended), rename it.
build_db() {
    local name="$1" install_options="$2" build="${1}__building" log="$LOCAL/bench-$1.log"
    shift 2
    if db_exists "$name"; then
        say "Reusing the database $name"
        return 0
    fi
    if db_exists "$build"; then
        psql_admin -c "DROP DATABASE \"$build\"" >/dev/null
    fi
    rm -rf "$LOCAL/bench-data/filestore/$build"
    say "Creating $name: $ADDON_NAME $install_options (log: .local/bench-$name.log)"
    # shellcheck disable=SC2086  # the install options are words
    if ! "$PYTHON" -m odoo "${ODOO_OPTIONS[@]}" -d "$build" -i "$ADDON_NAME" $install_options \
        --stop-after-init --no-http --max-cron-threads=0 --log-level=warn </dev/null >"$log" 2>&1; then
        tail -n 40 "$log" >&2
        die "installing $ADDON_NAME in $build failed, see .local/bench-$name.log"
    fi
    if [ "$#" -gt 0 ]; then
        "$@" "$build" || die "filling $build failed"
    fi
    psql_admin -c "ALTER DATABASE \"$build\" RENAME TO \"$name\"" >/dev/null
    if [ -d "$LOCAL/bench-data/filestore/$build" ]; then
        rm -rf "$LOCAL/bench-data/filestore/$name"
        mv "$LOCAL/bench-data/filestore/$build" "$LOCAL/bench-data/filestore/$name"
    fi
}

generate() {
    say "Generating the ten-times dataset in $1 (bench/generate.py)"
    "$PYTHON" "$REPO_ROOT/bench/generate.py" --scale "$BENCH_SCALE" --seed "$BENCH_SEED" -- \
        "${ODOO_OPTIONS[@]}" -d "$1"
    # A database in use is vacuumed by autovacuum; one just filled is not yet: without the
    # visibility map the index-only scans (the boards' counts) read the table, and the first
    # reads of every row write its hint bits. Measure the state production runs in.
    say "VACUUM (ANALYZE) of $1"
    "$PSQL" -h 127.0.0.1 -p "$BENCH_PG_PORT" -U postgres -d "$1" -q -c "VACUUM (ANALYZE)"
}

# import: the designation import (bench/bench_import.py) on a throwaway database, dropped after.
if [ "$COMMAND" = import ]; then
    IMPORT_DB="housing_bench_import_$$"
    say "Designation import: a throwaway database $IMPORT_DB (log: .local/bench-import.log)"
    if ! "$PYTHON" -m odoo "${ODOO_OPTIONS[@]}" -d "$IMPORT_DB" -i "$ADDON_NAME" --without-demo=all \
        --stop-after-init --no-http --max-cron-threads=0 --log-level=warn </dev/null \
        >"$LOCAL/bench-import.log" 2>&1; then
        tail -n 40 "$LOCAL/bench-import.log" >&2
        die "installing $ADDON_NAME in $IMPORT_DB failed, see .local/bench-import.log"
    fi
    status=0
    # shellcheck disable=SC2086  # BENCH_IMPORT_ARGS are words (e.g. --candidates 500 --profile)
    "$PYTHON" "$REPO_ROOT/bench/bench_import.py" ${BENCH_IMPORT_ARGS:-} -- "${ODOO_OPTIONS[@]}" -d "$IMPORT_DB" |
        tee "$RESULTS/import.txt" || status=$?
    psql_admin -c "DROP DATABASE \"$IMPORT_DB\"" >/dev/null
    rm -rf "$LOCAL/bench-data/filestore/$IMPORT_DB"
    exit "$status"
fi

build_db "$BENCH_DEMO_DB" ""
build_db "$BENCH_X10_DB" "--without-demo=all" generate

# Update the addon in database $1 to the code of the checkout.
update_db() {
    local log="$LOCAL/bench-update-$1.log"
    say "Updating $ADDON_NAME in $1 (log: .local/bench-update-$1.log)"
    if ! "$PYTHON" -m odoo "${ODOO_OPTIONS[@]}" -d "$1" -u "$ADDON_NAME" \
        --stop-after-init --no-http --max-cron-threads=0 --log-level=warn </dev/null >"$log" 2>&1; then
        tail -n 40 "$log" >&2
        die "updating $ADDON_NAME in $1 failed, see .local/bench-update-$1.log"
    fi
}

if [ "$COMMAND" = bench ]; then
    update_db "$BENCH_DEMO_DB"
    update_db "$BENCH_X10_DB"
    say "Benchmark: $BENCH_DEMO_DB and $BENCH_X10_DB ($BENCH_REPEAT runs per measure)"
    "$PYTHON" "$REPO_ROOT/bench/benchmark.py" --db "$BENCH_DEMO_DB" --db "$BENCH_X10_DB" \
        --repeat "$BENCH_REPEAT" --json "$RESULTS/last.json" -- "${ODOO_OPTIONS[@]}" |
        tee "$RESULTS/last.txt"
    say "Kept in bench/results/last.txt and bench/results/last.json"
fi

if [ "$COMMAND" = load ]; then
    # shellcheck source=bench/load.sh
    . "$REPO_ROOT/bench/load.sh"
    load_test
fi
