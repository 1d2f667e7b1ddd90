#!/usr/bin/env bash
# Install the addon with its demo data on a fresh database of a throwaway PostgreSQL
# cluster, run its Odoo tests (unit + HttpCase/tours), then lint it (ruff, pylint-odoo).
# The last line of output is always "N passed, N failed" (from Odoo's own test report);
# the exit code is non-zero on any failing test, lint error, ERROR/CRITICAL log line,
# or when Odoo 18.0 is missing (exit 2).
#
# Environment: PYTHON (default python3), KEEP_TMP=1 keeps the temp folder,
# TEST_TIMEOUT (seconds, default 2700) bounds the Odoo run, TEST_TAGS (default
# /housing_accompaniment) narrows the tests run while working, e.g.
# TEST_TAGS=/housing_accompaniment:TestPrivacy make test.
set -euo pipefail

# shellcheck source=scripts/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$REPO_ROOT"

TMP_DIR=""
PG_DATA=""
ODOO_PID=""
TAIL_PID=""

# Odoo runs under `timeout`, which makes its own process group (timeout, Odoo, and the
# Chrome that browser tests start): signal that group. Odoo ends its test run on a
# second signal only.
stop_children() {
    if [ -n "$ODOO_PID" ] && kill -0 "$ODOO_PID" 2>/dev/null; then
        kill -TERM -- "-$ODOO_PID" 2>/dev/null || true
        sleep 1
        kill -TERM -- "-$ODOO_PID" 2>/dev/null || true
        for _ in $(seq 1 20); do
            kill -0 "$ODOO_PID" 2>/dev/null || break
            sleep 0.5
        done
        kill -KILL -- "-$ODOO_PID" 2>/dev/null || true
    fi
    if [ -n "$TAIL_PID" ] && kill -0 "$TAIL_PID" 2>/dev/null; then
        kill -TERM "$TAIL_PID" 2>/dev/null || true
    fi
    ODOO_PID="" TAIL_PID=""
}

cleanup() {
    set +e
    stop_children
    [ -n "$PG_DATA" ] && pg_stop "$PG_DATA" immediate
    PG_DATA=""
    if [ -n "$TMP_DIR" ] && [ -d "$TMP_DIR" ]; then
        if [ "${KEEP_TMP:-0}" = 1 ]; then
            echo "(kept $TMP_DIR)" >&2
        else
            rm -rf "$TMP_DIR"
        fi
    fi
    TMP_DIR=""
}
# shellcheck disable=SC2317  # invoked by the EXIT trap
# Reached only when a command fails unexpectedly (set -e): still close with the count line.
on_unexpected_exit() {
    local rc=$?
    trap - EXIT INT TERM
    cleanup
    echo "FAILED: scripts/test.sh stopped on an unexpected error (exit code $rc)"
    echo "0 passed, 1 failed"
    exit "$((rc == 0 ? 1 : rc))"
}
trap on_unexpected_exit EXIT
trap 'finish 130 0 1 "interrupted (SIGINT)"' INT
trap 'finish 143 0 1 "terminated (SIGTERM)"' TERM

# Print the reason(s) on one line, then the closing line alone, and exit.
finish() {
    local rc="$1" passed="$2" failed="$3"
    shift 3
    trap - EXIT INT TERM
    cleanup
    if [ "$rc" = 0 ]; then
        echo "OK: all tests passed and lint is clean."
    else
        local joined
        printf -v joined '%s; ' "$@"
        echo "FAILED: ${joined%; }"
    fi
    echo "$passed passed, $failed failed"
    exit "$rc"
}

# --- 1. Odoo 18.0 must be importable --------------------------------------------------
say "Checking that Odoo 18.0 is importable by $PYTHON"
if ! odoo_ok; then
    odoo_missing_message
    finish 2 0 1 "Odoo 18.0 is not importable by '$PYTHON'"
fi

# --- 2. Python packages, Chromium, wkhtmltopdf -------------------------------------------------------
if ! pip_install_requirements; then
    finish 1 0 1 "pip could not install requirements.txt / requirements-nodeps.txt"
fi
ensure_browser
ensure_pdf_tools

# --- 3. Throwaway PostgreSQL cluster ----------------------------------------------------
if ! find_pg_bin; then
    finish 1 0 1 "no PostgreSQL server binaries (initdb, pg_ctl) and none could be installed"
fi
setup_pg_os_user
TMP_DIR="$(mktemp -d "${TMPDIR:-/tmp}/${ADDON_NAME}-test.XXXXXX")"
chmod 755 "$TMP_DIR"
mkdir -p "$TMP_DIR/pg/data" "$TMP_DIR/pg/run" "$TMP_DIR/data"
chmod 700 "$TMP_DIR/pg/data"
chown_pg "$TMP_DIR/pg"
PG_PORT="$(free_port)"
say "Starting a throwaway PostgreSQL ($PG_BIN) on 127.0.0.1:$PG_PORT in $TMP_DIR/pg"
PG_DATA="$TMP_DIR/pg/data"
if ! pg_init_and_start "$PG_DATA" "$TMP_DIR/pg/run" "$PG_PORT" "$TMP_DIR/pg/run/postgresql.log" \
    -c fsync=off -c synchronous_commit=off -c full_page_writes=off; then
    cat "$TMP_DIR/pg/run/postgresql.log" 2>/dev/null || true
    finish 1 0 1 "the throwaway PostgreSQL cluster did not start"
fi
pg_ensure_odoo_role "$PG_PORT"

# --- 4. Install the addon with demo data and run its tests ------------------------------
make_addon_link_dir "$TMP_DIR/addons"
ADDONS_PATH="$(addons_path "$TMP_DIR/addons")"
HTTP_PORT="$(free_port)"
DB_NAME="test_${ADDON_NAME}_$(date +%Y%m%d%H%M%S)"
LOG="$TMP_DIR/odoo-test.log"
printf '[options]\n' >"$TMP_DIR/odoo.conf"
ODOO_ARGS=(
    -c "$TMP_DIR/odoo.conf"
    --addons-path="$ADDONS_PATH"
    --data-dir="$TMP_DIR/data"
    --db_host=127.0.0.1 --db_port="$PG_PORT" --db_user="$ODOO_DB_USER"
    -d "$DB_NAME"
    -i "$ADDON_NAME"
    --test-enable --test-tags="${TEST_TAGS:-/$ADDON_NAME}"
    --stop-after-init
    --log-level=info
    --http-interface=127.0.0.1 --http-port="$HTTP_PORT"
    --workers=0 --max-cron-threads=0
    --screenshots="$REPO_ROOT/.local/screenshots"
)
say "Running: $PYTHON -m odoo ${ODOO_ARGS[*]}"
# Odoo writes the log file; tail prints it as it grows. Both run in the background so
# that INT/TERM reach the traps at once.
: >"$LOG"
timeout --signal=TERM --kill-after=30 "${TEST_TIMEOUT:-2700}" \
    "$PYTHON" -m odoo "${ODOO_ARGS[@]}" </dev/null >"$LOG" 2>&1 &
ODOO_PID=$!
tail -n +1 -f --pid="$ODOO_PID" "$LOG" &
TAIL_PID=$!
ODOO_RC=0
wait "$ODOO_PID" || ODOO_RC=$?
ODOO_PID=""
wait "$TAIL_PID" 2>/dev/null || true
TAIL_PID=""
mkdir -p "$REPO_ROOT/.local"
cp "$LOG" "$REPO_ROOT/.local/test-last.log.$$" && mv -f "$REPO_ROOT/.local/test-last.log.$$" "$REPO_ROOT/.local/test-last.log"

SUMMARY="$("$PYTHON" "$SCRIPTS_DIR/odoo_log_summary.py" counts "$LOG")" || SUMMARY="0 1 0 1"
read -r PASSED FAILED FOUND ERROR_LINES <<<"$SUMMARY"
REASONS=()
if [ "$ODOO_RC" = 124 ]; then
    REASONS+=("the Odoo run was stopped after ${TEST_TIMEOUT:-2700} s (TEST_TIMEOUT)")
fi
if [ "$FOUND" = 0 ]; then
    PASSED=0 FAILED=1
    REASONS+=("Odoo logged no test report (install crashed?), exit code $ODOO_RC")
elif [ "$FAILED" != 0 ]; then
    REASONS+=("$FAILED test(s) failed or errored")
fi
if [ "$ERROR_LINES" != 0 ]; then
    REASONS+=("Odoo logged $ERROR_LINES ERROR/CRITICAL record(s) during install/tests")
fi
if [ "$ODOO_RC" != 0 ] && [ "$FOUND" = 1 ]; then
    REASONS+=("Odoo exited with code $ODOO_RC")
fi
if [ "$ERROR_LINES" != 0 ]; then
    echo
    echo "======== ERROR / CRITICAL records logged by Odoo ========"
    "$PYTHON" "$SCRIPTS_DIR/odoo_log_summary.py" errors "$LOG"
    echo "========================================================="
fi
if [ "$FOUND" = 1 ] && [ "$((PASSED + FAILED))" = 0 ]; then
    warn "Odoo ran no test of $ADDON_NAME"
fi
echo "(full Odoo log: .local/test-last.log)"

# --- 5. Lint (runs whatever the tests gave) -----------------------------------------------
cleanup # the database is not needed any more; lint can take the CPU
set -e
bash "$SCRIPTS_DIR/lint.sh" || REASONS+=("lint failed (see the lint output above)")

if [ "${#REASONS[@]}" = 0 ]; then
    finish 0 "$PASSED" "$FAILED"
fi
finish 1 "$PASSED" "$FAILED" "${REASONS[@]}"
