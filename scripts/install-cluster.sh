#!/usr/bin/env bash
# Install what the scale-out cluster (deploy/cluster.sh) and its integration test
# (tests/cluster/test_cluster.py) need from Debian: HAProxy as the load balancer, Redis, and the
# PostgreSQL 15 server binaries (initdb, pg_basebackup, pg_ctl). Idempotent: does nothing that
# is already done.   usage: scripts/install-cluster.sh
set -euo pipefail
PG_BIN="${PG_BIN:-/usr/lib/postgresql/15/bin}"

missing=()
command -v haproxy >/dev/null 2>&1 || [ -x /usr/sbin/haproxy ] || missing+=(haproxy)
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
[ -x "$PG_BIN/pg_basebackup" ] || missing+=(postgresql-15)

if [ "${#missing[@]}" -gt 0 ]; then
    if [ "$(id -u)" -ne 0 ]; then
        echo "install-cluster: need root to apt-get install ${missing[*]}" >&2
        exit 1
    fi
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q
    # Only the binaries: deploy/cluster.sh runs its own processes, no system service is wanted.
    apt-get install -y -q --no-install-recommends "${missing[@]}"
    # Debian starts haproxy's own service on install when it can; the cluster runs its own.
    if command -v systemctl >/dev/null 2>&1 && systemctl is-active -q haproxy 2>/dev/null; then
        systemctl stop haproxy || true
    fi
fi

/usr/sbin/haproxy -v 2>/dev/null | head -1 || true
