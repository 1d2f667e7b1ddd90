#!/usr/bin/env bash
# Take the README's screenshots (docs/screenshots/*.png): the new-entrant board, the
# dashboard and the first sheet of the 2017 activity report, in French, headless.
#
# - A throwaway PostgreSQL cluster and Odoo data folder in a temporary folder (removed at
#   the end), PostgreSQL on 127.0.0.1:$SHOTS_PG_PORT (54353), Odoo on
#   127.0.0.1:$SHOTS_HTTP_PORT (8079): the demo's ports (make demo) stay free.
# - A database with the addon, its demo data and French (admin's language), as make demo.
# - French not yet merged into i18n/fr.po (the i18n/new_*.po fragments of open branches) is
#   added to a copy of the addon used for the shots only.
# - scripts/screenshots.py logs in as admin and drives headless Chromium.
set -euo pipefail

# shellcheck source=scripts/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$REPO_ROOT"

SHOTS_PG_PORT="${SHOTS_PG_PORT:-54353}"
SHOTS_HTTP_PORT="${SHOTS_HTTP_PORT:-8079}"
SHOTS_DIR="${SHOTS_DIR:-$REPO_ROOT/docs/screenshots}"
DB=housing_screenshots
TMP_DIR=""
PG_DATA=""
ODOO_PID=""

die() {
    echo "ERROR: $*" >&2
    exit 1
}

cleanup() {
    set +e
    if [ -n "$ODOO_PID" ] && kill -0 "$ODOO_PID" 2>/dev/null; then
        kill -TERM -- "-$ODOO_PID" 2>/dev/null
        for _ in $(seq 1 30); do
            kill -0 "$ODOO_PID" 2>/dev/null || break
            sleep 0.5
        done
        kill -KILL -- "-$ODOO_PID" 2>/dev/null
    fi
    [ -n "$PG_DATA" ] && pg_stop "$PG_DATA" immediate
    [ -n "$TMP_DIR" ] && rm -rf "$TMP_DIR"
}
trap cleanup EXIT

odoo_ok || {
    odoo_missing_message
    exit 2
}
pip_install_requirements || die "pip could not install the requirements"
ensure_browser
CHROMIUM=""
for b in chromium chromium-browser google-chrome google-chrome-stable; do
    if command -v "$b" >/dev/null 2>&1; then
        CHROMIUM="$(command -v "$b")"
        break
    fi
done
[ -n "$CHROMIUM" ] || die "no Chromium to take the screenshots with"
find_pg_bin || die "no PostgreSQL server binaries (initdb, pg_ctl) and none could be installed"
setup_pg_os_user
for port in "$SHOTS_PG_PORT" "$SHOTS_HTTP_PORT"; do
    if port_in_use "$port"; then
        die "port $port is taken (set SHOTS_PG_PORT / SHOTS_HTTP_PORT)"
    fi
done

TMP_DIR="$(mktemp -d "${TMPDIR:-/tmp}/${ADDON_NAME}-shots.XXXXXX")"
chmod 755 "$TMP_DIR"
mkdir -p "$TMP_DIR/pg/data" "$TMP_DIR/pg/run" "$TMP_DIR/data" "$TMP_DIR/addons"
chmod 700 "$TMP_DIR/pg/data"
chown_pg "$TMP_DIR/pg"
PG_DATA="$TMP_DIR/pg/data"
say "Starting a throwaway PostgreSQL on 127.0.0.1:$SHOTS_PG_PORT"
pg_init_and_start "$PG_DATA" "$TMP_DIR/pg/run" "$SHOTS_PG_PORT" "$TMP_DIR/pg/run/postgresql.log" \
    -c fsync=off -c synchronous_commit=off || die "PostgreSQL did not start"
pg_ensure_odoo_role "$SHOTS_PG_PORT"

# The addon as committed and in the work tree, with the pending French fragments in fr.po.
ADDON_COPY="$TMP_DIR/addons/$ADDON_NAME"
mkdir -p "$ADDON_COPY"
tar -C "$REPO_ROOT" --exclude=./.git --exclude=./.local --exclude=./docs -cf - . |
    tar -C "$ADDON_COPY" -xf -
# Appended whole: a term already in fr.po for a field gets its web-client occurrence too.
for fragment in "$ADDON_COPY"/i18n/new_*.po; do
    [ -e "$fragment" ] || continue
    printf '\n' >>"$ADDON_COPY/i18n/fr.po"
    cat "$fragment" >>"$ADDON_COPY/i18n/fr.po"
done

ADDONS_PATH="$(addons_path "$TMP_DIR/addons")"
printf '[options]\n' >"$TMP_DIR/odoo.conf"
COMMON=(
    -c "$TMP_DIR/odoo.conf"
    --addons-path="$ADDONS_PATH"
    --data-dir="$TMP_DIR/data"
    --db_host=127.0.0.1 --db_port="$SHOTS_PG_PORT" --db_user="$ODOO_DB_USER"
    -d "$DB"
)
say "Creating $DB: $ADDON_NAME with demo data and French"
"$PYTHON" -m odoo "${COMMON[@]}" -i "$ADDON_NAME" --load-language=fr_FR --stop-after-init \
    --no-http --max-cron-threads=0 --log-level=warn </dev/null >"$TMP_DIR/init.log" 2>&1 || {
    tail -n 40 "$TMP_DIR/init.log" >&2
    die "installing $ADDON_NAME failed"
}
"$PYTHON" -m odoo shell "${COMMON[@]}" --no-http --log-level=warn \
    <"$SCRIPTS_DIR/set_lang.py" >>"$TMP_DIR/init.log" 2>&1
grep -q '^LANG_SET_OK$' "$TMP_DIR/init.log" || die "setting French failed"

say "Starting Odoo on 127.0.0.1:$SHOTS_HTTP_PORT"
setsid "$PYTHON" -m odoo "${COMMON[@]}" --db-filter="^${DB}\$" --http-interface=127.0.0.1 \
    --http-port="$SHOTS_HTTP_PORT" --workers=0 --max-cron-threads=0 \
    </dev/null >"$TMP_DIR/odoo.log" 2>&1 &
ODOO_PID=$!
URL="http://127.0.0.1:$SHOTS_HTTP_PORT"
deadline=$((SECONDS + 120))
until curl -s -f -o /dev/null --max-time 5 "$URL/web/login"; do
    kill -0 "$ODOO_PID" 2>/dev/null || {
        tail -n 40 "$TMP_DIR/odoo.log" >&2
        die "Odoo stopped"
    }
    [ "$SECONDS" -lt "$deadline" ] || die "Odoo did not answer within 120 s"
    sleep 1
done

say "Taking the screenshots into ${SHOTS_DIR#"$REPO_ROOT"/}"
"$PYTHON" "$SCRIPTS_DIR/screenshots.py" "$URL" "$DB" "$SHOTS_DIR" "$CHROMIUM"
