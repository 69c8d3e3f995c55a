#!/usr/bin/env bash
# The local stack: a throwaway PostgreSQL on a unix socket, CURVE keys, a
# configuration file and the services, all under one directory.
#
#   stack.sh up VARDIR PORTBASE   start everything (idempotent)
#   stack.sh down VARDIR          stop the services and PostgreSQL
#   stack.sh services VARDIR      the services that exist in this build
#   stack.sh services-up VARDIR   start those that are not running
#   stack.sh web-up VARDIR        start samskab-web if it is not running
#   stack.sh web-url|mail-dir VARDIR   samskab-web's URL, the mail sink's folder
#   stack.sh pg-stop|pg-start VARDIR   PostgreSQL alone (outage tests)
#   stack.sh clean VARDIR         stop everything and remove VARDIR
#
# PostgreSQL's cluster is VARDIR/pg, or, when it runs as postgres (we are
# root) and postgres cannot enter VARDIR (a 0700 home), /tmp/samskab-pg.*
# with VARDIR/pg a link to it.
#
# Services bind 127.0.0.1:PORTBASE+1.. in the order of SERVICES below, the
# event bus the two ports after them, and samskab-web (if built) the next:
# http://127.0.0.1:PORTBASE+7/ (stack.sh web-url VARDIR prints it). notify
# mails to a local SMTP sink on PORTBASE+9 (deploy/local/mailsink.py), which
# writes each message to VARDIR/mail/NNNNNN.eml (stack.sh mail-dir VARDIR).
# SAMSKAB_BIN names the folder of the programs (default bin/; make asan:
# build/asan/bin).
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
bin=${SAMSKAB_BIN:-$top/bin}
SERVICES="registry vote match notify"
# How long "down" waits for a service to drain after SIGTERM before SIGKILL:
# above SK_DRAIN_MS + SK_LINGER_MS (common/sk_broker.h; tests/unit/stoptime.sh)
STOP_WAIT_S=20
PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)

built_services() {
    for s in $SERVICES; do [ -x "$bin/samskab-$s" ] && echo "$s"; done
}

# Run a command as the unprivileged owner of the cluster when we are root:
# initdb and postgres refuse to run as root.
as_owner() {
    if [ "$(id -u)" -eq 0 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

# The cluster's folder: $var/pg, unless the cluster's owner cannot reach
# it (a clone in root's 0700 home: initdb runs as postgres): then a folder
# of its own under /tmp that $var/pg links to. Prints the real path, which
# is what postgres is given (it could not follow the link).
pg_dir() {
    local var=$1
    if [ -L "$var/pg" ]; then
        readlink -f "$var/pg"
    elif [ "$(id -u)" -eq 0 ] && [ ! -e "$var/pg" ] && ! runuser -u postgres -- test -x "$var"; then
        local d; d=$(mktemp -d /tmp/samskab-pg.XXXXXX)
        ln -s "$d" "$var/pg"
        echo "$d"
    else
        echo "$var/pg"
    fi
}

pg_up() {
    local var=$1 pg
    mkdir -p "$var"
    pg=$(pg_dir "$var")
    if [ ! -s "$pg/PG_VERSION" ]; then
        mkdir -p "$pg"
        [ "$(id -u)" -eq 0 ] && chown postgres "$pg"
        chmod 700 "$pg"
        as_owner "$PGBIN/initdb" -D "$pg" -U postgres --auth=trust -E UTF8 \
            --locale=C.UTF-8 >"$var/initdb.log" 2>&1 ||
            { cat "$var/initdb.log" >&2; exit 1; }
    fi
    if ! as_owner "$PGBIN/pg_ctl" -D "$pg" status >/dev/null 2>&1; then
        as_owner "$PGBIN/pg_ctl" -D "$pg" -w -l "$pg/server.log" \
            -o "-c listen_addresses='' -c unix_socket_directories='$pg' -c max_connections=200" \
            start >/dev/null
    fi
    local psql=("$PGBIN/psql" -h "$pg" -U postgres -d postgres -qAt -v ON_ERROR_STOP=1)
    # Two roles, neither a superuser (doc/DECISIONS.md, "Two database
    # roles"): samskab owns the database and the tables and runs the
    # migrations and the vacuum after a vote's close; samskab_app serves
    # requests, may read and write the tables (the services grant it that
    # after migrating) and can neither alter them nor step over row-level
    # security
    if [ "$("${psql[@]}" -c "SELECT 1 FROM pg_roles WHERE rolname = 'samskab'")" != 1 ]; then
        "${psql[@]}" -c "CREATE ROLE samskab LOGIN NOSUPERUSER NOBYPASSRLS"
        "${psql[@]}" -c "CREATE DATABASE samskab OWNER samskab"
    fi
    if [ "$("${psql[@]}" -c "SELECT 1 FROM pg_roles WHERE rolname = 'samskab_app'")" != 1 ]; then
        "${psql[@]}" -c "CREATE ROLE samskab_app LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE"
    fi
}

pg_down() {
    local pg; pg=$(readlink -f "$1/pg")
    [ -s "$pg/PG_VERSION" ] || return 0
    as_owner "$PGBIN/pg_ctl" -D "$pg" -m fast -w stop >/dev/null 2>&1 || true
}

keys() {
    local k=$1/keys
    # The key the vote service hashes voter codes with, made once
    if [ ! -f "$k/vote.code_key" ]; then
        mkdir -p "$k"
        (umask 077; od -An -N32 -tx1 /dev/urandom | tr -d ' \n' >"$k/vote.code_key")
    fi
    # The key registry and vote both digest an erased person's values with
    # (common/sk_erase.h), also for a stack made before it
    if [ ! -f "$k/erase.key" ]; then
        (umask 077; od -An -N32 -tx1 /dev/urandom | tr -d ' \n' >"$k/erase.key")
    fi
    local gen="$bin/samskab-keygen"
    # samskab-web: the key its tokens are signed with, and its certificate
    # (a service of every municipality), also for a stack made before it
    if [ ! -f "$k/web.token_key" ]; then
        (umask 077; od -An -N32 -tx1 /dev/urandom | tr -d ' \n' >"$k/web.token_key")
    fi
    if [ -f "$k/admin.cert" ] && [ ! -f "$k/web.cert" ]; then
        "$gen" "$k" web --role service --municipality all
        chmod 600 "$k"/*_secret
    fi
    [ -f "$k/admin.cert" ] && return 0
    mkdir -p "$k"
    for s in $SERVICES; do "$gen" "$k" "$s" --role service --municipality all; done
    "$gen" "$k" web --role service --municipality all
    "$gen" "$k" admin --role admin --municipality all
    "$gen" "$k" staff-0730 --role staff --municipality 0730
    "$gen" "$k" staff-0461 --role staff --municipality 0461
    "$gen" "$k" auditor-0730 --role auditor --municipality 0730
    # An external system that may publish only its own topics (notify)
    "$gen" "$k" jobcenter-0730 --role service --municipality 0730 --topics jobcenter.
    chmod 600 "$k"/*_secret
}

config() {
    local var=$1 base=$2 f=$1/samskab.cfg
    {
        echo "#   samskab configuration written by deploy/local/stack.sh"
        echo "db = \"host=$(pg_dir "$var") dbname=samskab user=samskab_app\""
        echo "db_owner = \"host=$(pg_dir "$var") dbname=samskab user=samskab\""
        echo "clients = \"$var/keys/clients\""
        # Stored replies past their 7 days go every 2 s here (hourly by
        # default), so a test sees the timed prune without waiting an hour
        echo "prune_interval = 2"
        echo "core"
        echo "    migrations = \"$top/common/sql\""
        local i=1
        for s in $SERVICES; do
            echo "$s"
            echo "    endpoint = \"tcp://127.0.0.1:$((base + i))\""
            echo "    cert = \"$var/keys/$s.cert_secret\""
            echo "    public = \"$var/keys/$s.cert\""
            echo "    migrations = \"$top/services/$s/sql\""
            if [ "$s" = vote ]; then echo "    code_key_file = \"$var/keys/vote.code_key\""; fi
            case $s in registry | vote) echo "    erase_key_file = \"$var/keys/erase.key\"" ;; esac
            # The test receivers listen on loopback, which webhooks may not
            # reach unless allowed
            if [ "$s" = notify ]; then
                echo "    webhook_allow = \"127.0.0.0/8\""
                echo "    smtp_url = \"smtp://127.0.0.1:$(mail_port "$base")\""
                echo "    mail_from = \"samskab@localhost\""
            fi
            i=$((i + 1))
        done
        # The event bus notify hosts, on the ports after the services'
        echo "bus"
        echo "    xsub = \"tcp://127.0.0.1:$((base + i))\""
        echo "    xpub = \"tcp://127.0.0.1:$((base + i + 1))\""
        echo "cli"
        echo "    cert = \"$var/keys/admin.cert_secret\""
        echo "    tenant = \"0730\""
        echo "web"
        echo "    listen = \"127.0.0.1:$((base + i + 2))\""
        echo "    cert = \"$var/keys/web.cert_secret\""
        echo "    token_key_file = \"$var/keys/web.token_key\""
        echo "    templates = \"$top/clients/web/templates\""
        echo "    static = \"$top/clients/web/static\""
        # Every suite posts from 127.0.0.1: room for them all in one minute
        echo "    code_attempts = 100"
    } >"$f"
}

# Run service $2 (or web: samskab-web) and start it again when it fails, as the systemd unit's
# Restart=on-failure does: not after a clean exit (status 0, e.g. after
# SIGTERM), and not after 5 failures within 10 s of their start. $var/$s.pid
# names the service's process, $var/$s.supervisor.pid this loop's; TERM to
# the loop ends the service and the loop.
supervise() {
    local var=$1 s=$2 child= stop= quick=0
    trap 'stop=1; [ -z "$child" ] || kill -TERM "$child" 2>/dev/null' TERM INT
    while :; do
        local started=$SECONDS
        # SAMSKAB_WRAP runs each service under a tool (make memcheck: valgrind)
        # shellcheck disable=SC2086
        SAMSKAB_SERVICE=$s SAMSKAB_CONFIG=$var/samskab.cfg ${SAMSKAB_WRAP:-} "$bin/samskab-$s" >>"$var/$s.log" 2>&1 &
        child=$!
        echo "$child" >"$var/$s.pid"
        local rc=0
        wait "$child" || rc=$?
        # A trapped signal interrupts wait: wait again for the real status
        while kill -0 "$child" 2>/dev/null; do rc=0; wait "$child" || rc=$?; done
        [ -z "$stop" ] && [ "$rc" -ne 0 ] || break
        if [ $((SECONDS - started)) -lt 10 ]; then quick=$((quick + 1)); else quick=0; fi
        if [ "$quick" -ge 5 ]; then
            echo "stack.sh: samskab-$s failed 5 times within 10 s of starting; not restarting it" >>"$var/$s.log"
            break
        fi
        echo "stack.sh: samskab-$s exited with status $rc; restarting it in 1 s" >>"$var/$s.log"
        sleep 1
        [ -z "$stop" ] || break
    done
    # The loop has ended: its pid file names no process any more (unless a
    # newer loop for the service has written its own)
    local f=$var/$s.supervisor.pid
    if [ "$(cat "$f" 2>/dev/null)" = "$BASHPID" ]; then rm -f "$f"; fi
}

# The SMTP sink's port: two after samskab-web's (web_http.sh runs a second
# samskab-web on the one between)
mail_port() { echo $(($1 + 9)); }

# The local SMTP sink notify mails to (deploy/local/mailsink.py)
mail_up() {
    local var=$1 base=$2 pidf=$1/mailsink.pid
    if [ -f "$pidf" ] && kill -0 "$(cat "$pidf")" 2>/dev/null; then return 0; fi
    python3 "$top/deploy/local/mailsink.py" "$(mail_port "$base")" "$var/mail" >>"$var/mailsink.log" 2>&1 &
    echo $! >"$pidf"
}

services_up() {
    local var=$1
    for s in $(built_services); do
        local pidf=$var/$s.pid
        if [ -f "$pidf" ] && kill -0 "$(cat "$pidf")" 2>/dev/null; then continue; fi
        rm -f "$pidf"
        supervise "$var" "$s" </dev/null >/dev/null 2>&1 &
        echo $! >"$var/$s.supervisor.pid"
        for _ in $(seq 1 50); do [ -s "$pidf" ] && break; sleep 0.02; done
    done
    # Ready when each answers a ping
    for s in $(built_services); do
        local ok=
        for _ in $(seq 1 300); do
            if SAMSKAB_CONFIG=$var/samskab.cfg "$bin/samskab" --timeout 500 --retries 0 \
                ping "$s" >/dev/null 2>&1; then ok=1; break; fi
            kill -0 "$(cat "$var/$s.pid")" 2>/dev/null || break
            sleep 0.1
        done
        [ -n "$ok" ] || { echo "samskab: service $s did not start; its log:" >&2; tail -n 20 "$var/$s.log" >&2; exit 1; }
    done
}

# samskab-web, after the services (it reads the municipalities at start),
# supervised as they are (restarted when it fails; $var/web.pid,
# $var/web.supervisor.pid); ready when it answers its front page.
web_up() {
    local var=$1 pidf=$1/web.pid
    [ -x "$bin/samskab-web" ] || return 0
    if [ -f "$pidf" ] && kill -0 "$(cat "$pidf")" 2>/dev/null; then return 0; fi
    rm -f "$pidf"
    supervise "$var" web </dev/null >/dev/null 2>&1 &
    echo $! >"$var/web.supervisor.pid"
    for _ in $(seq 1 50); do [ -s "$pidf" ] && break; sleep 0.02; done
    local url; url=$(web_url "$var")
    for _ in $(seq 1 300); do
        curl -sf -o /dev/null "$url" && return 0
        kill -0 "$(cat "$pidf")" 2>/dev/null || break
        sleep 0.1
    done
    echo "samskab: samskab-web did not start; its log:" >&2; tail -n 20 "$var/web.log" >&2; exit 1
}

web_url() {
    local listen; listen=$(sed -n '/^web$/,/^[^ ]/s/^ *listen = "\(.*\)"/\1/p' "$1/samskab.cfg")
    echo "http://$listen/"
}

services_down() {
    local var=$1
    for s in web $SERVICES mailsink; do
        # The supervisor first, so that it does not start the service again
        local sup=$var/$s.supervisor.pid
        if [ -f "$sup" ]; then kill -TERM "$(cat "$sup")" 2>/dev/null || true; rm -f "$sup"; fi
        local pidf=$var/$s.pid
        [ -f "$pidf" ] || continue
        local pid; pid=$(cat "$pidf")
        kill -TERM "$pid" 2>/dev/null || true
        for _ in $(seq 1 $((STOP_WAIT_S * 10))); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$pid" 2>/dev/null || true
        rm -f "$pidf"
    done
}

cmd=${1:-}; var=${2:-}
[ -n "$var" ] || { echo "usage: stack.sh up|down|services VARDIR [PORTBASE]" >&2; exit 2; }
mkdir -p "$var"; var=$(cd "$var" && pwd)
case $cmd in
    up) base=${3:-7100}; pg_up "$var"; keys "$var"; config "$var" "$base"; mail_up "$var" "$base"
        services_up "$var"; web_up "$var" ;;
    web-url) web_url "$var" ;;
    mail-dir) echo "$var/mail" ;;
    down) services_down "$var"; pg_down "$var" ;;
    services) built_services ;;
    services-up) services_up "$var" ;;
    web-up) web_up "$var" ;;
    services-down) services_down "$var" ;;
    pg-stop) pg_down "$var" ;;
    pg-start) pg_up "$var" ;;
    clean)
        services_down "$var"; pg_down "$var"
        if [ -L "$var/pg" ]; then rm -rf "$(readlink -f "$var/pg")"; fi
        rm -rf "$var" ;;
    *) echo "usage: stack.sh up|down|services VARDIR [PORTBASE]" >&2; exit 2 ;;
esac
