#!/usr/bin/env bash
# Regenerate i18n/fr.po from the code (`make i18n`).
#
# Installs the addon with French on a throwaway database (the translations already in
# i18n/fr.po are loaded with it) and exports the French catalogue back into i18n/fr.po:
# new terms come in untranslated, terms that left the code go, existing translations stay.
# Then fill the empty msgstr of the new entries.
set -euo pipefail

# shellcheck source=scripts/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$REPO_ROOT"

TMP_DIR=""
PG_DATA=""
cleanup() {
    set +e
    [ -n "$PG_DATA" ] && pg_stop "$PG_DATA" immediate
    [ -n "$TMP_DIR" ] && rm -rf "$TMP_DIR"
}
trap cleanup EXIT

odoo_ok || { odoo_missing_message; exit 2; }
find_pg_bin || { echo "no PostgreSQL server binaries" >&2; exit 1; }
setup_pg_os_user
TMP_DIR="$(mktemp -d "${TMPDIR:-/tmp}/${ADDON_NAME}-i18n.XXXXXX")"
chmod 755 "$TMP_DIR"
mkdir -p "$TMP_DIR/pg/data" "$TMP_DIR/pg/run" "$TMP_DIR/data"
chmod 700 "$TMP_DIR/pg/data"
chown_pg "$TMP_DIR/pg"
PG_PORT="$(free_port)"
PG_DATA="$TMP_DIR/pg/data"
pg_init_and_start "$PG_DATA" "$TMP_DIR/pg/run" "$PG_PORT" "$TMP_DIR/pg/run/postgresql.log" -c fsync=off
pg_ensure_odoo_role "$PG_PORT"
make_addon_link_dir "$TMP_DIR/addons"
printf '[options]\n' >"$TMP_DIR/odoo.conf"
COMMON=(
    -c "$TMP_DIR/odoo.conf"
    --addons-path="$(addons_path "$TMP_DIR/addons")"
    --data-dir="$TMP_DIR/data"
    --db_host=127.0.0.1 --db_port="$PG_PORT" --db_user="$ODOO_DB_USER"
    -d i18n_export --no-http --workers=0 --max-cron-threads=0 --log-level=warn
)
say "Installing $ADDON_NAME with French"
"$PYTHON" -m odoo "${COMMON[@]}" -i "$ADDON_NAME" --load-language=fr_FR --without-demo=all \
    --stop-after-init
say "Exporting i18n/fr.po"
mkdir -p i18n
# Export to a temporary file first: Odoo reads the code terms' translations from
# i18n/fr.po while it writes the export.
"$PYTHON" -m odoo "${COMMON[@]}" --language=fr_FR --modules="$ADDON_NAME" \
    --i18n-export="$TMP_DIR/fr.po" --stop-after-init
# Odoo leaves out a translation identical to its source (QPV, DALO, Date, ...): keep the
# ones i18n/fr.po had, so that every entry stays translated.
"$PYTHON" - "$TMP_DIR/fr.po" "$REPO_ROOT/i18n/fr.po" <<'PY'
import sys

import polib

exported, current = polib.pofile(sys.argv[1], wrapwidth=78), sys.argv[2]
try:
    previous = {(e.msgctxt, e.msgid): e.msgstr for e in polib.pofile(current) if e.msgstr}
except OSError:
    previous = {}
for entry in exported:
    if not entry.msgstr and (entry.msgctxt, entry.msgid) in previous:
        entry.msgstr = previous[(entry.msgctxt, entry.msgid)]
exported.save(current)
PY
"$PYTHON" - <<'PY'
import polib

po = polib.pofile("i18n/fr.po")
empty = [entry for entry in po if not entry.translated()]
print(f"i18n/fr.po: {len(po)} entries, {len(empty)} without a French translation")
PY
