# shellcheck shell=bash
# The load test of bench/run.sh (`make bench-load`): sourced by run.sh, which has started the
# PostgreSQL cluster and built the ten-times database. See bench/load.py for what is measured.

LOAD_USERS="${LOAD_USERS:-20}"
LOAD_SECONDS="${LOAD_SECONDS:-60}"
LOAD_WORKERS="${LOAD_WORKERS:-4}"
LOAD_MAX_OPS="${LOAD_MAX_OPS:-20000}"
BENCH_LOAD_DB="${BENCH_LOAD_DB:-housing_bench_load}"

# The multi-process server must be started as odoo-bin (or the packaged `odoo` command): under
# `python3 -m odoo` it cannot spawn its websocket (gevent) process.
odoo_server_command() {
    local root
    root="$("$PYTHON" -c 'import os, odoo; print(os.path.dirname(os.path.dirname(os.path.abspath(odoo.__file__))))')"
    if [ -f "$root/odoo-bin" ]; then
        echo "$root/odoo-bin"
    elif command -v odoo >/dev/null 2>&1; then
        command -v odoo
    else
        die "neither odoo-bin next to the odoo package nor an 'odoo' command: cannot start workers"
    fi
}

copy_load_db() {
    say "Copying $BENCH_X10_DB to $BENCH_LOAD_DB (the load test writes into its copy)"
    psql_admin -c "DROP DATABASE IF EXISTS \"$BENCH_LOAD_DB\"" >/dev/null
    psql_admin -c "CREATE DATABASE \"$BENCH_LOAD_DB\" TEMPLATE \"$BENCH_X10_DB\"" >/dev/null
    rm -rf "$LOCAL/bench-data/filestore/$BENCH_LOAD_DB"
    if [ -d "$LOCAL/bench-data/filestore/$BENCH_X10_DB" ]; then
        cp -r "$LOCAL/bench-data/filestore/$BENCH_X10_DB" "$LOCAL/bench-data/filestore/$BENCH_LOAD_DB"
    fi
}

start_load_server() {
    local server http_port gevent_port log="$LOCAL/bench-load-odoo.log"
    server="$(odoo_server_command)"
    http_port="$(free_port)"
    gevent_port="$(free_port)"
    LOAD_URL="http://127.0.0.1:$http_port"
    say "Starting $server --workers=$LOAD_WORKERS on $LOAD_URL (log: .local/bench-load-odoo.log)"
    "$PYTHON" "$server" "${ODOO_OPTIONS[@]}" -d "$BENCH_LOAD_DB" --db-filter="^$BENCH_LOAD_DB\$" \
        --workers="$LOAD_WORKERS" --max-cron-threads=1 --http-interface=127.0.0.1 \
        --http-port="$http_port" --gevent-port="$gevent_port" --db_maxconn=64 \
        --limit-time-real=600 --limit-time-cpu=300 --log-level=warn \
        --log-handler=odoo.service.model:INFO </dev/null >"$log" 2>&1 &
    ODOO_SERVER_PID=$!
    for _ in $(seq 1 120); do
        curl -fsS "$LOAD_URL/web/health" >/dev/null 2>&1 && return 0
        kill -0 "$ODOO_SERVER_PID" 2>/dev/null || { tail -n 30 "$log" >&2; die "Odoo stopped"; }
        sleep 1
    done
    die "Odoo did not answer on $LOAD_URL/web/health within 120 s"
}

load_test() {
    local plan="$RESULTS/load-plan.json" acks="$RESULTS/load-$LOAD_USERS.json"
    copy_load_db
    update_db "$BENCH_LOAD_DB"
    say "Preparing the users and their files ($LOAD_USERS users)"
    (cd "$REPO_ROOT/bench" && "$PYTHON" load.py prepare --plan "$plan" --users "$LOAD_USERS" -- \
        "${ODOO_OPTIONS[@]}" -d "$BENCH_LOAD_DB")
    start_load_server
    say "Running $LOAD_USERS users for $LOAD_SECONDS s"
    "$PYTHON" "$REPO_ROOT/bench/load.py" run --plan "$plan" --acks "$acks" --url "$LOAD_URL" \
        --duration "$LOAD_SECONDS" --max-ops "$LOAD_MAX_OPS"
    local rc=0
    "$PYTHON" "$REPO_ROOT/bench/load.py" check --plan "$plan" --acks "$acks" --url "$LOAD_URL" |
        tee "$RESULTS/load-$LOAD_USERS.txt" || rc=$?
    # The server retries a transaction that met a concurrent update (it logs each retry, and
    # waits up to 2^n s before it): none reached a user if the check above found no error, but
    # each one made a user wait.
    local retries
    retries="$(grep -c 'tries left, try again' "$LOCAL/bench-load-odoo.log" || true)"
    echo "Transactions retried by the server after a concurrent update: $retries" |
        tee -a "$RESULTS/load-$LOAD_USERS.txt"
    grep -o '[A-Z_]*, [0-9] tries left' "$LOCAL/bench-load-odoo.log" | sort | uniq -c || true
    return "$rc"
}
