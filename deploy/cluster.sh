#!/usr/bin/env bash
# dtapi scaled out on one machine: HAProxy in front of two dtapi nodes (gunicorn + `dtapi worker`
# each), a PostgreSQL primary plus a streaming read replica (pg_basebackup), and Redis.
#
#   deploy/cluster.sh up                 start everything (idempotent; creates what is missing)
#   deploy/cluster.sh down [--purge]     stop everything (--purge: also delete the replica and state)
#   deploy/cluster.sh status             what runs, HAProxy's view of the nodes, replication lag
#   deploy/cluster.sh stop|start node1|node2|worker1|worker2|replica|balancer|primary
#   deploy/cluster.sh kill node1|node2   SIGKILL a node's gunicorn (master and workers)
#   deploy/cluster.sh env node1          print a node's environment (eval it to run dtapi as it)
#
# Settings (environment), with their defaults:
#   CLUSTER_DIR=var/cluster          state: logs, pids, haproxy.cfg, the nodes' shared var dir
#   PG_PRIMARY_URL=postgres://postgres@127.0.0.1:5432      the primary's server (a running cluster)
#   PG_PRIMARY_DIR=                  set: the script makes (initdb) and runs a primary of its own in
#                                    that directory, on PG_PRIMARY_PORT=5443 (PG_PRIMARY_URL unused);
#                                    `stop|start primary` then restart it (the fault benchmark)
#   CLUSTER_DB=dtapi_cluster         the database on it (created and migrated by `up`)
#   CLUSTER_MIGRATE=1                0: the schema is there already, `up` does not run migrate
#   CLUSTER_STATIC=1                 0: `up` does not run collectstatic
#   PG_REPLICA_PORT=5442             the replica's port; PG_REPLICA_DIR its data directory
#   PG_BIN=/usr/lib/postgresql/15/bin
#   LB_PORT=8102 NODE1_PORT=8103 NODE2_PORT=8104 STATS_PORT=8105    (HAProxy stats page)
#   REDIS_URL=redis://127.0.0.1:6379/2   used when it answers; else a redis-server is started
#                                        on REDIS_PORT=8109
#   NODE_WORKERS=2                   gunicorn workers per node
#   LOAD_DATA=                       a folder (e.g. ../shared/data) to load into the database on `up`
#
# PostgreSQL refuses to run as root: as root, the replica's commands run as the postgres user.
# The primary must accept replication connections from 127.0.0.1: `up` adds a pg_hba.conf line
# (`host replication postgres 127.0.0.1/32 trust`) and reloads it when that is missing and the
# file is writable — on a real deployment configure a replication role with a password instead.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"

CLUSTER_DIR="$(realpath -m "${CLUSTER_DIR:-$ROOT/var/cluster}")"
VENV="${VENV:-$ROOT/.venv}"
PG_BIN="${PG_BIN:-/usr/lib/postgresql/15/bin}"
PG_PRIMARY_DIR="${PG_PRIMARY_DIR:-}"
PG_PRIMARY_PORT="${PG_PRIMARY_PORT:-5443}"
if [ -n "$PG_PRIMARY_DIR" ]; then
    PG_PRIMARY_URL="postgres://postgres@127.0.0.1:$PG_PRIMARY_PORT"
fi
PG_PRIMARY_URL="${PG_PRIMARY_URL:-postgres://postgres@127.0.0.1:5432}"
CLUSTER_MIGRATE="${CLUSTER_MIGRATE:-1}"
CLUSTER_STATIC="${CLUSTER_STATIC:-1}"
CLUSTER_DB="${CLUSTER_DB:-dtapi_cluster}"
PG_REPLICA_PORT="${PG_REPLICA_PORT:-5442}"
PG_REPLICA_DIR="${PG_REPLICA_DIR:-/var/lib/postgresql/dtapi-replica-$PG_REPLICA_PORT}"
LB_PORT="${LB_PORT:-8102}"
NODE1_PORT="${NODE1_PORT:-8103}"
NODE2_PORT="${NODE2_PORT:-8104}"
STATS_PORT="${STATS_PORT:-8105}"
REDIS_URL="${REDIS_URL:-redis://127.0.0.1:6379/2}"
REDIS_PORT="${REDIS_PORT:-8109}"
NODE_WORKERS="${NODE_WORKERS:-2}"
LOAD_DATA="${LOAD_DATA:-}"
HAPROXY="${HAPROXY:-$(command -v haproxy || echo /usr/sbin/haproxy)}"

RUN="$CLUSTER_DIR/run"
LOG="$CLUSTER_DIR/log"
PRIMARY_HOSTPORT="${PG_PRIMARY_URL#*@}"
PRIMARY_HOST="${PRIMARY_HOSTPORT%%:*}"
PRIMARY_PORT="${PRIMARY_HOSTPORT##*:}"
PRIMARY_PORT="${PRIMARY_PORT%%/*}"
REPLICA_URL="postgres://postgres@127.0.0.1:$PG_REPLICA_PORT/$CLUSTER_DB"

say() { echo "cluster: $*"; }
die() { echo "cluster: $*" >&2; exit 1; }

as_postgres() {
    if [ "$(id -u)" -eq 0 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

pid_alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

wait_http() {  # url seconds
    local i
    for ((i = 0; i < $2 * 10; i++)); do
        curl -fsS -o /dev/null --max-time 2 "$1" 2>/dev/null && return 0
        sleep 0.1
    done
    return 1
}

redis_url() {
    if [ -f "$RUN/redis.url" ]; then cat "$RUN/redis.url"; else echo "$REDIS_URL"; fi
}

node_port() {
    case "$1" in
        node1) echo "$NODE1_PORT" ;;
        node2) echo "$NODE2_PORT" ;;
        *) die "no node $1" ;;
    esac
}

node_env() {  # the environment a node (web and worker) runs with
    cat <<EOF
export DATABASE_URL='$PG_PRIMARY_URL/$CLUSTER_DB'
export DATABASE_REPLICA_URLS='$REPLICA_URL'
export DTAPI_REDIS_URL='$(redis_url)'
export DTAPI_BASE_URL='http://127.0.0.1:$LB_PORT'
export DTAPI_VAR_DIR='$CLUSTER_DIR/var'
export DTAPI_TRUSTED_PROXIES='127.0.0.1'
export SECRET_KEY="\$(cat '$CLUSTER_DIR/var/secret_key')"
export DTAPI_NODE='$1'
EOF
}

# -- PostgreSQL -------------------------------------------------------------------------------

psql_primary() { "$PG_BIN/psql" "$PG_PRIMARY_URL/postgres" -XAtq "$@"; }

ensure_database() {
    "$PG_BIN/pg_isready" -h "$PRIMARY_HOST" -p "$PRIMARY_PORT" -q || die "the primary at $PG_PRIMARY_URL is not up"
    if [ -z "$(psql_primary -c "SELECT 1 FROM pg_database WHERE datname = '$CLUSTER_DB'")" ]; then
        say "creating database $CLUSTER_DB on the primary"
        psql_primary -c "CREATE DATABASE \"$CLUSTER_DB\""
    fi
    mkdir -p "$CLUSTER_DIR/var"
    [ -f "$CLUSTER_DIR/var/secret_key" ] || (umask 077 && head -c 48 /dev/urandom | base64 | tr -d '\n/+=' >"$CLUSTER_DIR/var/secret_key")
    if [ "$CLUSTER_MIGRATE" != 0 ]; then
        say "migrating $CLUSTER_DB"
        (eval "$(node_env setup)" && unset DATABASE_REPLICA_URLS && "$VENV/bin/dtapi" migrate --noinput -v0)
    fi
    if [ "$CLUSTER_STATIC" != 0 ]; then
        (eval "$(node_env setup)" && unset DATABASE_REPLICA_URLS && "$VENV/bin/dtapi" collectstatic --noinput -v0)
    fi
    if [ -n "$LOAD_DATA" ] && [ ! -f "$CLUSTER_DIR/var/.data-loaded" ]; then
        say "loading $LOAD_DATA"
        (eval "$(node_env setup)" && unset DATABASE_REPLICA_URLS && "$VENV/bin/dtapi" load shared-data "$LOAD_DATA") \
            && touch "$CLUSTER_DIR/var/.data-loaded"
    fi
}

start_primary() {  # only with PG_PRIMARY_DIR: a primary of the script's own
    [ -n "$PG_PRIMARY_DIR" ] || return 0
    if "$PG_BIN/pg_isready" -h 127.0.0.1 -p "$PG_PRIMARY_PORT" -q 2>/dev/null; then return 0; fi
    if [ ! -f "$PG_PRIMARY_DIR/PG_VERSION" ]; then
        say "making a primary in $PG_PRIMARY_DIR (initdb)"
        if [ "$(id -u)" -eq 0 ]; then
            mkdir -p "$PG_PRIMARY_DIR" && chown postgres: "$PG_PRIMARY_DIR"
        fi
        as_postgres "$PG_BIN/initdb" -D "$PG_PRIMARY_DIR" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
        as_postgres tee -a "$PG_PRIMARY_DIR/postgresql.conf" >/dev/null <<EOF
port = $PG_PRIMARY_PORT
listen_addresses = '127.0.0.1'
unix_socket_directories = '$PG_PRIMARY_DIR'
wal_level = replica
max_wal_senders = 5
wal_keep_size = '256MB'
logging_collector = off
EOF
        as_postgres tee -a "$PG_PRIMARY_DIR/pg_hba.conf" >/dev/null <<EOF
host replication postgres 127.0.0.1/32 trust
EOF
    fi
    say "starting the primary on port $PG_PRIMARY_PORT"
    as_postgres "$PG_BIN/pg_ctl" -D "$PG_PRIMARY_DIR" -l "$PG_PRIMARY_DIR/primary.log" -w -t 60 start >/dev/null
}

stop_primary() {
    [ -n "$PG_PRIMARY_DIR" ] || die "the primary at $PG_PRIMARY_URL is not this script's (set PG_PRIMARY_DIR)"
    if [ -f "$PG_PRIMARY_DIR/postmaster.pid" ]; then
        say "stopping the primary"
        as_postgres "$PG_BIN/pg_ctl" -D "$PG_PRIMARY_DIR" -m fast -w stop >/dev/null || true
    fi
}

allow_replication() {
    local hba
    hba="$(psql_primary -c 'SHOW hba_file')"
    if grep -Eq '^[[:space:]]*host[[:space:]]+replication[[:space:]]+(all|postgres)[[:space:]]+(127\.0\.0\.1/32|all|samehost)' "$hba" 2>/dev/null; then
        return 0
    fi
    if [ -w "$hba" ]; then
        say "allowing replication connections from 127.0.0.1 in $hba"
        printf '%s\n' "# dtapi deploy/cluster.sh: the local read replica" \
            "host replication postgres 127.0.0.1/32 trust" >>"$hba"
        psql_primary -c "SELECT pg_reload_conf()" >/dev/null
    else
        say "warning: cannot check or edit $hba; pg_basebackup needs a replication entry"
    fi
}

make_replica() {
    [ -f "$PG_REPLICA_DIR/standby.signal" ] && return 0
    allow_replication
    say "making the replica in $PG_REPLICA_DIR (pg_basebackup from $PRIMARY_HOST:$PRIMARY_PORT)"
    as_postgres rm -rf "$PG_REPLICA_DIR"
    as_postgres "$PG_BIN/pg_basebackup" -h "$PRIMARY_HOST" -p "$PRIMARY_PORT" -U postgres \
        -D "$PG_REPLICA_DIR" -R -X stream -c fast
    # The primary's limits, which a hot standby must at least match.
    local settings
    settings="$(psql_primary -c "SELECT string_agg(name || ' = ' || setting, E'\n') FROM pg_settings
        WHERE name IN ('max_connections', 'max_worker_processes', 'max_wal_senders',
                       'max_prepared_transactions', 'max_locks_per_transaction')")"
    # Debian keeps postgresql.conf and pg_hba.conf outside the data directory: write our own.
    as_postgres tee "$PG_REPLICA_DIR/postgresql.conf" >/dev/null <<EOF
port = $PG_REPLICA_PORT
listen_addresses = '127.0.0.1'
unix_socket_directories = '$PG_REPLICA_DIR'
hot_standby = on
hot_standby_feedback = on
logging_collector = off
$settings
EOF
    as_postgres tee "$PG_REPLICA_DIR/pg_hba.conf" >/dev/null <<EOF
local all all trust
host all all 127.0.0.1/32 trust
EOF
    as_postgres chmod 700 "$PG_REPLICA_DIR"
}

start_replica() {
    if "$PG_BIN/pg_isready" -h 127.0.0.1 -p "$PG_REPLICA_PORT" -q 2>/dev/null; then return 0; fi
    make_replica
    say "starting the replica on port $PG_REPLICA_PORT"
    mkdir -p "$LOG"
    as_postgres touch "$PG_REPLICA_DIR/replica.log"
    as_postgres "$PG_BIN/pg_ctl" -D "$PG_REPLICA_DIR" -l "$PG_REPLICA_DIR/replica.log" -w -t 60 start >/dev/null
}

stop_replica() {
    if [ -f "$PG_REPLICA_DIR/postmaster.pid" ]; then
        say "stopping the replica"
        as_postgres "$PG_BIN/pg_ctl" -D "$PG_REPLICA_DIR" -m fast -w stop >/dev/null || true
    fi
}

# -- Redis --------------------------------------------------------------------------------------

start_redis() {
    local hostport="${REDIS_URL#redis://}"
    hostport="${hostport%%/*}"
    if redis-cli -h "${hostport%%:*}" -p "${hostport##*:}" ping >/dev/null 2>&1; then
        echo "$REDIS_URL" >"$RUN/redis.url"
        return 0
    fi
    if ! redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1; then
        say "no Redis at $REDIS_URL: starting redis-server on port $REDIS_PORT"
        redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no \
            --daemonize yes --pidfile "$RUN/redis.pid" --logfile "$LOG/redis.log"
    fi
    echo "redis://127.0.0.1:$REDIS_PORT/0" >"$RUN/redis.url"
}

stop_redis() {
    if pid_alive "$RUN/redis.pid"; then
        say "stopping redis-server"
        kill "$(cat "$RUN/redis.pid")"
    fi
    rm -f "$RUN/redis.pid" "$RUN/redis.url"
}

# -- nodes ------------------------------------------------------------------------------------

start_node() {  # node1|node2
    local node="$1" port
    port="$(node_port "$node")"
    if pid_alive "$RUN/$node.pid"; then return 0; fi
    say "starting $node (gunicorn on 127.0.0.1:$port)"
    (
        eval "$(node_env "$node")"
        exec "$VENV/bin/gunicorn" dtapi.wsgi --bind "127.0.0.1:$port" --workers "$NODE_WORKERS" \
            --daemon --pid "$RUN/$node.pid" --access-logfile "$LOG/$node.access.log" \
            --access-logformat "%(h)s %(t)s \"%(m)s %(U)s\" %(s)s %(b)s %(M)sms $node" \
            --error-logfile "$LOG/$node.error.log" --log-level warning --graceful-timeout 10
    )
    [ "${2:-}" = nowait ] || wait_node "$node"
}

wait_node() {
    wait_http "http://127.0.0.1:$(node_port "$1")/api/v1/" 60 || die "$1 did not come up (see $LOG/$1.error.log)"
}

start_worker() {  # worker1|worker2: the task worker of node1|node2
    local worker="$1" node="node${1#worker}"
    if pid_alive "$RUN/$worker.pid"; then return 0; fi
    say "starting $worker (dtapi worker of $node)"
    (
        eval "$(node_env "$node")"
        nohup "$VENV/bin/dtapi" worker --name "$(hostname)-$node" >>"$LOG/$worker.log" 2>&1 &
        echo $! >"$RUN/$worker.pid"
    )
}

stop_pidfile() {  # name [signal]: signal it, then wait (up to 15 s) until it is gone
    signal_pidfile "$@"
    wait_pidfile "$1"
}

signal_pidfile() {  # name [signal]
    local name="$1" signal="${2:-TERM}" pid
    [ -f "$RUN/$name.pid" ] || return 0
    pid="$(cat "$RUN/$name.pid")"
    if kill -0 "$pid" 2>/dev/null; then
        say "stopping $name (pid $pid, SIG$signal)"
        if [ "$signal" = KILL ] && [[ "$name" == node* ]]; then
            # the workers too: SIGKILL of the master alone leaves them serving
            for child in $(pgrep -P "$pid"); do kill -KILL "$child" 2>/dev/null || true; done
        fi
        kill "-$signal" "$pid" 2>/dev/null || true
    fi
}

wait_pidfile() {  # name
    local pid i
    [ -f "$RUN/$1.pid" ] || return 0
    pid="$(cat "$RUN/$1.pid")"
    for ((i = 0; i < 150; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    rm -f "$RUN/$1.pid"
}

# -- balancer ---------------------------------------------------------------------------------

write_haproxy_cfg() {
    cat >"$CLUSTER_DIR/haproxy.cfg" <<EOF
# Written by deploy/cluster.sh.
global
    maxconn 2048
    log stdout format raw local0 warning

defaults
    mode http
    timeout connect 2s
    timeout client 60s
    timeout server 60s
    timeout http-request 10s
    # Requests beyond the nodes' maxconn wait here (not in gunicorn's backlog, where a health
    # check would wait behind them and mark a busy node down).
    timeout queue 30s
    timeout check 5s
    option forwardfor
    # Every retry goes to another node (the default keeps the same node until the last retry,
    # so a node killed before its health check notices used up the retries on it).
    option redispatch 1
    # A node that refuses the connection, closes it, times out or answers 503 (a database
    # connection cut off): the request is tried on the other node. Safe methods only (see the
    # backend); a write is never sent twice.
    retries 3
    retry-on conn-failure empty-response response-timeout 503

frontend dtapi
    bind 127.0.0.1:$LB_PORT
    default_backend nodes

backend nodes
    balance roundrobin
    http-request disable-l7-retry unless METH_GET || METH_HEAD || METH_OPTIONS
    # /api/v1/ needs no database: a node is up when its gunicorn answers.
    option httpchk GET /api/v1/
    http-check expect status 200
    # A gunicorn sync worker serves one request at a time: a few per worker, the rest queue.
    default-server inter 1s fall 3 rise 2 maxconn $((NODE_WORKERS * 2))
    server node1 127.0.0.1:$NODE1_PORT check
    server node2 127.0.0.1:$NODE2_PORT check

listen stats
    bind 127.0.0.1:$STATS_PORT
    stats enable
    stats uri /
    stats refresh 5s
EOF
}

start_balancer() {
    if pid_alive "$RUN/haproxy.pid"; then return 0; fi
    [ -x "$HAPROXY" ] || die "no haproxy: run scripts/install-cluster.sh"
    write_haproxy_cfg
    "$HAPROXY" -c -f "$CLUSTER_DIR/haproxy.cfg" >/dev/null
    say "starting HAProxy on 127.0.0.1:$LB_PORT (stats: http://127.0.0.1:$STATS_PORT/)"
    "$HAPROXY" -D -p "$RUN/haproxy.pid" -f "$CLUSTER_DIR/haproxy.cfg" >>"$LOG/haproxy.log" 2>&1
    wait_http "http://127.0.0.1:$LB_PORT/api/v1/" 15 || die "HAProxy does not answer"
}

# -- commands ---------------------------------------------------------------------------------

up() {
    [ -x "$VENV/bin/gunicorn" ] || die "no $VENV: run make install (or make dev)"
    mkdir -p "$RUN" "$LOG"
    start_redis
    start_primary
    ensure_database
    start_replica
    # Both nodes and workers start side by side (each takes seconds to import Django).
    start_node node1 nowait
    start_node node2 nowait
    start_worker worker1
    start_worker worker2
    wait_node node1
    wait_node node2
    start_balancer
    say "up: http://127.0.0.1:$LB_PORT/api/v1/"
}

down() {
    stop_pidfile haproxy
    for name in worker1 worker2 node1 node2; do signal_pidfile "$name"; done
    for name in worker1 worker2 node1 node2; do wait_pidfile "$name"; done
    stop_replica
    [ -z "$PG_PRIMARY_DIR" ] || stop_primary
    stop_redis
    if [ "${1:-}" = --purge ]; then
        say "deleting $CLUSTER_DIR and $PG_REPLICA_DIR"
        as_postgres rm -rf "$PG_REPLICA_DIR"
        [ -z "$PG_PRIMARY_DIR" ] || as_postgres rm -rf "$PG_PRIMARY_DIR"
        rm -rf "$CLUSTER_DIR"
    fi
}

status() {
    local name
    for name in haproxy node1 node2 worker1 worker2 redis; do
        if pid_alive "$RUN/$name.pid"; then
            printf '%-8s running (pid %s)\n' "$name" "$(cat "$RUN/$name.pid")"
        elif [ "$name" = redis ] && [ -f "$RUN/redis.url" ]; then
            printf '%-8s %s\n' redis "$(cat "$RUN/redis.url")"
        else
            printf '%-8s stopped\n' "$name"
        fi
    done
    if "$PG_BIN/pg_isready" -h 127.0.0.1 -p "$PG_REPLICA_PORT" -q 2>/dev/null; then
        printf '%-8s running (port %s)\n' replica "$PG_REPLICA_PORT"
    else
        printf '%-8s stopped\n' replica
    fi
    psql_primary -F ' ' -c "SELECT 'streaming to', client_addr, state, 'replay lag', COALESCE(replay_lag::text, '0')
        FROM pg_stat_replication" 2>/dev/null || true
    if pid_alive "$RUN/haproxy.pid"; then
        curl -fsS "http://127.0.0.1:$STATS_PORT/;csv" 2>/dev/null \
            | awk -F, '$1 == "nodes" && $2 ~ /^node/ {print "balancer: " $2 " " $18}'
    fi
}

cmd="${1:-}"
shift || true
case "$cmd" in
    up) up ;;
    down) down "${1:-}" ;;
    status) status ;;
    env) node_env "${1:?node1 or node2}" ;;
    start | stop | kill)
        what="${1:?what to $cmd: node1, node2, worker1, worker2, replica, balancer}"
        mkdir -p "$RUN" "$LOG"
        case "$cmd:$what" in
            start:node?) start_node "$what" ;;
            start:worker?) start_worker "$what" ;;
            start:replica) start_replica ;;
            start:balancer) start_balancer ;;
            start:primary) start_primary ;;
            stop:primary) stop_primary ;;
            stop:replica) stop_replica ;;
            stop:balancer) stop_pidfile haproxy ;;
            stop:*) stop_pidfile "$what" ;;
            kill:node?) stop_pidfile "$what" KILL ;;
            *) die "cannot $cmd $what" ;;
        esac
        ;;
    *)
        sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'
        exit 2
        ;;
esac
