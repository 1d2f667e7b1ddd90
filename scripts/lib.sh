# shellcheck shell=bash
# Helpers shared by scripts/test.sh, scripts/demo.sh and scripts/stop.sh.
# Source it; do not run it. Nothing here hard-codes a path of a particular machine.

ADDON_NAME=housing_accompaniment
SCRIPTS_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$SCRIPTS_DIR/.." && pwd)"
export PYTHON="${PYTHON:-python3}"
export PYTHONDONTWRITEBYTECODE="${PYTHONDONTWRITEBYTECODE:-1}"

say() { printf '==> %s\n' "$*"; }
warn() { printf 'WARNING: %s\n' "$*" >&2; }

is_root() { [ "$(id -u)" = 0 ]; }

# True when Odoo 18.0 can be imported by $PYTHON (a real import, not a file lookup).
odoo_ok() {
    "$PYTHON" - <<'EOF' >/dev/null 2>&1
import sys
import odoo.release as r
sys.exit(0 if tuple(r.version_info[:2]) == (18, 0) else 1)
EOF
}

odoo_missing_message() {
    cat >&2 <<EOF
ERROR: Odoo 18.0 is not importable by '$PYTHON'.
  This addon needs Odoo 18.0 (Community) from Odoo's own distribution, importable by
  '$PYTHON' (python3 -c 'import odoo' must work), either:
    - the official nightly packages of 18.0 (https://nightly.odoo.com/), or
    - a source checkout of the 18.0 branch of https://github.com/odoo/odoo with its
      requirements.txt installed and the checkout put on python3's path
      (for instance 'pip install -e <checkout>' or a .pth file in site-packages).
  Set PYTHON=/path/to/python to use another interpreter.
EOF
}

# Install requirements.txt normally and requirements-nodeps.txt with --no-deps.
pip_install_requirements() {
    local pipq=(-m pip install -q --disable-pip-version-check)
    export PIP_ROOT_USER_ACTION=ignore
    say "Installing Python requirements (requirements.txt, requirements-nodeps.txt)"
    "$PYTHON" "${pipq[@]}" -r "$REPO_ROOT/requirements.txt" || return 1
    "$PYTHON" "${pipq[@]}" --no-deps -r "$REPO_ROOT/requirements-nodeps.txt" || return 1
}

# Comma-separated addons path: a folder holding a symlink to this repository
# (given as $1), Odoo's own addons folders and the folder that holds report_xlsx.
addons_path() {
    "$PYTHON" "$SCRIPTS_DIR/addons_path.py" "$1"
}

# Make "$1" a folder holding the symlink $ADDON_NAME -> repository root.
make_addon_link_dir() {
    mkdir -p "$1"
    ln -sfn "$REPO_ROOT" "$1/$ADDON_NAME"
}

have_browser() {
    local b
    for b in chromium chromium-browser google-chrome google-chrome-stable; do
        command -v "$b" >/dev/null 2>&1 && return 0
    done
    return 1
}

apt_install() {
    if ! command -v apt-get >/dev/null 2>&1; then
        warn "apt-get not found: cannot install $*"
        return 1
    fi
    local sudo=()
    if ! is_root; then
        if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
            sudo=(sudo -n)
        else
            warn "not root (and no password-less sudo): cannot apt-get install $*"
            return 1
        fi
    fi
    say "apt-get install $*"
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq </dev/null >/dev/null &&
        "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" \
            </dev/null >/dev/null
}

ensure_browser() {
    if have_browser; then
        return 0
    fi
    say "No Chromium on PATH: installing Debian's chromium (needed by browser tour tests)"
    apt_install chromium || warn "Chromium could not be installed: browser tour tests will be skipped"
}

# wkhtmltopdf prints the QWeb PDF reports (the partnership's yearly review); pdftotext
# (poppler-utils) lets the tests read the PDF back.
ensure_pdf_tools() {
    local missing=()
    command -v wkhtmltopdf >/dev/null 2>&1 || missing+=(wkhtmltopdf)
    command -v pdftotext >/dev/null 2>&1 || missing+=(poppler-utils)
    [ "${#missing[@]}" -eq 0 ] && return 0
    say "Installing Debian's ${missing[*]} (PDF reports)"
    apt_install "${missing[@]}" || warn "${missing[*]} could not be installed: PDF reports print as HTML only"
}

# Sets PG_BIN to the folder holding initdb/pg_ctl/postgres, installing PostgreSQL if none.
find_pg_bin() {
    local d
    if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
        PG_BIN="$(dirname "$(command -v pg_ctl)")"
        return 0
    fi
    for d in $(printf '%s\n' /usr/lib/postgresql/*/bin | sort -V -r); do
        if [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ]; then
            PG_BIN="$d"
            return 0
        fi
    done
    say "PostgreSQL server binaries not found: installing Debian's postgresql"
    apt_install postgresql || return 1
    for d in $(printf '%s\n' /usr/lib/postgresql/*/bin | sort -V -r); do
        if [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ]; then
            PG_BIN="$d"
            return 0
        fi
    done
    return 1
}

# psql: next to pg_ctl when there, else on PATH.
psql_cmd() {
    if [ -x "$PG_BIN/psql" ]; then echo "$PG_BIN/psql"; else command -v psql; fi
}

# The PostgreSQL server refuses to run as root: as root, run its tools as the
# 'postgres' system user (created when missing); otherwise as the current user.
PG_OS_USER=""
setup_pg_os_user() {
    if is_root; then
        PG_OS_USER=postgres
        if ! id -u postgres >/dev/null 2>&1; then
            say "Creating the 'postgres' system user"
            useradd --system --user-group --no-create-home --home-dir /nonexistent \
                --shell /usr/sbin/nologin postgres
        fi
    fi
}

# Run a PostgreSQL server tool (as 'postgres' when we are root), from '/'.
as_pg() {
    if [ -n "$PG_OS_USER" ]; then
        (cd / && runuser -u "$PG_OS_USER" -- env LC_ALL=C "$@")
    else
        (cd / && env LC_ALL=C "$@")
    fi
}

# Give a folder to the user the server runs as.
chown_pg() {
    if [ -n "$PG_OS_USER" ]; then
        chown -R "$PG_OS_USER:" "$@"
    fi
}

# A TCP port nobody listens on right now (on 127.0.0.1).
free_port() {
    "$PYTHON" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

port_in_use() {
    "$PYTHON" - "$1" <<'EOF'
import socket, sys
s = socket.socket()
try:
    s.connect(("127.0.0.1", int(sys.argv[1])))
except OSError:
    sys.exit(1)
EOF
}

# initdb + start a cluster. Args: datadir sockdir port logfile [extra postgres -c options...]
pg_init_and_start() {
    local datadir="$1" sockdir="$2" port="$3" logfile="$4"
    shift 4
    local opts="-h 127.0.0.1 -p $port -k $sockdir $*"
    if [ ! -s "$datadir/PG_VERSION" ]; then
        as_pg "$PG_BIN/initdb" -D "$datadir" -A trust -U postgres -E UTF8 --locale=C >/dev/null
    fi
    as_pg "$PG_BIN/pg_ctl" -D "$datadir" -l "$logfile" -o "$opts" -w -t 60 start >/dev/null
}

pg_stop() {
    local datadir="$1" mode="${2:-fast}"
    if [ -n "${PG_BIN:-}" ] && [ -s "$datadir/postmaster.pid" ]; then
        as_pg "$PG_BIN/pg_ctl" -D "$datadir" -m "$mode" -w -t 60 stop >/dev/null 2>&1 || true
    fi
}

# Odoo refuses to connect as 'postgres': it uses the role 'odoo' (CREATEDB).
ODOO_DB_USER=odoo
pg_ensure_odoo_role() {
    local port="$1" psql
    psql="$(psql_cmd)"
    if [ "$("$psql" -h 127.0.0.1 -p "$port" -U postgres -d postgres -tAc \
        "SELECT 1 FROM pg_roles WHERE rolname = '$ODOO_DB_USER'")" != 1 ]; then
        "$psql" -h 127.0.0.1 -p "$port" -U postgres -d postgres -q -v ON_ERROR_STOP=1 \
            -c "CREATE ROLE $ODOO_DB_USER LOGIN CREATEDB" >/dev/null
    fi
}

# Stop the process whose pid is in file "$1" (TERM, then KILL after 15 s) and remove the
# file. Returns 1 when no process was running.
stop_pid_file() {
    local pidfile="$1" label="$2" pid
    [ -s "$pidfile" ] || return 1
    pid="$(cat "$pidfile")"
    rm -f "$pidfile"
    kill -0 "$pid" 2>/dev/null || return 1
    say "Stopping $label (pid $pid)"
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 30); do
        kill -0 "$pid" 2>/dev/null || return 0
        sleep 0.5
    done
    kill -KILL "$pid" 2>/dev/null || true
}
