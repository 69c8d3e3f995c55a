#!/usr/bin/env bash
# Two servers (issue #17): the stack split over two network namespaces
# joined by a veth pair, each its own machine with its own ports.
#   server A (10.231.0.1): PostgreSQL (TCP), registry, vote
#   server B (10.231.0.2): match, notify, a second registry and vote
# Both run the same configuration file: every service binds all addresses,
# every client (the CLI on either server, and the services' own clients)
# connects to the list of both servers, and the event bus is notify's on B.
# Then A's services fall silent (SIGSTOP: open connections, no answer, no
# reset) and come back (SIGCONT): meanwhile the CLI on either server gets
# its answers from B within the budget of a timeout and a retry. Then A
# falls silent as a whole (its cable down, PostgreSQL included): pings
# answer from B, calls on B that need the data fail clearly within 8 s, the
# CLI on A works with A's own instances; the cable back, so is everything.
# Then server A's services are killed (kill -9; PostgreSQL stays): the CLI
# on either server still does everything. Then A's PostgreSQL stops too:
# ping still answers, every call that needs the data fails with a clear
# error. Then A comes back and B's services go: registry and vote work,
# match and notify fail with a clear error naming both servers.
# Needs root and ip netns; prints one "skipped" line without them.
. "$(dirname "$0")/lib.sh"
if [ "$(id -u)" -ne 0 ] || ! ip netns list >/dev/null 2>&1; then
    echo "ok - twoservers # skipped: needs root and ip netns"
    exit 0
fi
top=$SAMSKAB_TOP bin=$SAMSKAB_BIN keys=$SAMSKAB_VAR/keys
PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
A=sk2a$$ B=sk2b$$ ipa=10.231.0.1 ipb=10.231.0.2
pg=$(mktemp -d /tmp/sk2srv-pg.XXXXXX) cfg=$tmp/samskab.cfg logs=$SAMSKAB_VAR/twoservers
mkdir -p "$logs"
declare -A pids # "server/service" -> pid

cleanup() {
    for p in "${pids[@]}"; do { kill -KILL "$p"; wait "$p"; } 2>/dev/null; done
    runuser -u postgres -- "$PGBIN/pg_ctl" -D "$pg" -m immediate -w stop >/dev/null 2>&1
    ip netns del "$A" 2>/dev/null
    ip netns del "$B" 2>/dev/null
    rm -rf "$pg" "$tmp"
}
trap cleanup EXIT

# The two machines and the cable between them
ip netns add "$A" && ip netns add "$B" &&
    ip link add "$A" type veth peer name "$B" &&
    ip link set "$A" netns "$A" && ip link set "$B" netns "$B" &&
    ip -n "$A" addr add "$ipa/24" dev "$A" && ip -n "$B" addr add "$ipb/24" dev "$B" &&
    ip -n "$A" link set "$A" up && ip -n "$B" link set "$B" up &&
    ip -n "$A" link set lo up && ip -n "$B" link set lo up ||
    { echo "not ok - could not make two network namespaces joined by a veth pair"; exit 1; }

# PostgreSQL on A, reachable over TCP from B
chown postgres "$pg" && chmod 700 "$pg"
runuser -u postgres -- "$PGBIN/initdb" -D "$pg" -U postgres --auth=trust -E UTF8 \
    --locale=C.UTF-8 >"$logs/initdb.log" 2>&1 || { echo "not ok - initdb failed"; exit 1; }
echo "host samskab samskab,samskab_app 10.231.0.0/24 trust" >>"$pg/pg_hba.conf"
ip netns exec "$A" runuser -u postgres -- "$PGBIN/pg_ctl" -D "$pg" -w -l "$pg/server.log" \
    -o "-c listen_addresses='$ipa' -c unix_socket_directories='$pg'" start >/dev/null ||
    { echo "not ok - PostgreSQL did not start on A"; exit 1; }
psql=("$PGBIN/psql" -h "$pg" -U postgres -d postgres -qAt -v ON_ERROR_STOP=1)
# The two roles of a deployment (deploy/postgres-init.sh): the owner
# migrates, requests run as samskab_app
"${psql[@]}" -c "CREATE ROLE samskab LOGIN NOSUPERUSER" -c "CREATE DATABASE samskab OWNER samskab" \
    -c "CREATE ROLE samskab_app LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE"

# One configuration for both servers and the CLI
both() { echo "tcp://$ipa:$1,tcp://$ipb:$1"; }
{
    echo "db = \"host=$ipa dbname=samskab user=samskab_app connect_timeout=2\""
    echo "db_owner = \"host=$ipa dbname=samskab user=samskab connect_timeout=2\""
    echo "clients = \"$keys/clients\""
    echo "core"
    echo "    migrations = \"$top/common/sql\""
    port=7101
    for s in registry vote match notify; do
        echo "$s"
        echo "    endpoint = \"tcp://*:$port\""
        echo "    connect = \"$(both $port)\""
        echo "    cert = \"$keys/$s.cert_secret\""
        echo "    public = \"$keys/$s.cert\""
        echo "    migrations = \"$top/services/$s/sql\""
        [ "$s" = vote ] && echo "    code_key_file = \"$keys/vote.code_key\""
        # Both servers read the same erase key (README, "Secret keys")
        case $s in registry | vote) echo "    erase_key_file = \"$keys/erase.key\"" ;; esac
        port=$((port + 1))
    done
    echo "bus"
    echo "    xsub = \"tcp://*:7105\""
    echo "    xpub = \"tcp://*:7106\""
    echo "    xsub_connect = \"$(both 7105)\""
    echo "    xpub_connect = \"$(both 7106)\""
    echo "cli"
    echo "    cert = \"$keys/admin.cert_secret\""
    echo "    tenant = \"0730\""
} >"$cfg"

# start SERVER SERVICE: run samskab-SERVICE on that server
start() {
    local ns=$A; [ "$1" = B ] && ns=$B
    SAMSKAB_SERVICE=$2 SAMSKAB_CONFIG=$cfg ip netns exec "$ns" "$bin/samskab-$2" \
        >>"$logs/$1-$2.log" 2>&1 &
    pids[$1/$2]=$!
}
# stop SERVER SERVICE: kill -9, as a crash or a power cut would
stop() { { kill -KILL "${pids[$1/$2]}"; wait "${pids[$1/$2]}"; } 2>/dev/null; unset "pids[$1/$2]"; }
# on SERVER CLI-ARGS...: the CLI on that server, a call 1.5 s and one retry
on() {
    local ns=$A; [ "$1" = B ] && ns=$B; shift
    ip netns exec "$ns" "$sk" --config "$cfg" --timeout 1500 --retries 1 "$@"
}
# up SERVER SERVICE: it answers its ping on its own server within 20 s
up() {
    local ns=$A; [ "$1" = B ] && ns=$B
    for _ in $(seq 1 40); do
        ip netns exec "$ns" env "SAMSKAB_${2^^}_CONNECT=tcp://127.0.0.1:$(port_of "$2")" \
            "$sk" --config "$cfg" --timeout 500 --retries 0 ping "$2" >/dev/null 2>&1 && return 0
        sleep 0.5
    done
    echo "not ok - $2 on server $1 did not start"; tail -n 5 "$logs/$1-$2.log" | sed 's/^/#   /'
    return 1
}
port_of() { case $1 in registry) echo 7101 ;; vote) echo 7102 ;; match) echo 7103 ;; notify) echo 7104 ;; esac; }
# said: the error the CLI printed, for the log
said() { sed 's/^/#   the CLI said: /' "$err" | head -n 2; }
# fast NAME SECONDS COMMAND...: COMMAND succeeds within SECONDS
fast() {
    local name=$1 limit=$2; shift 2
    local t0=$SECONDS
    if "$@" >"$out" 2>"$err" && [ $((SECONDS - t0)) -le "$limit" ]; then
        echo "ok - $name"
    else
        echo "not ok - $name (status $?, $((SECONDS - t0)) s)"; sed 's/^/#   /' "$err" "$out" | head -5
    fi
}

start A registry; start A vote
up A registry && up A vote || exit 1 # the migrations run once, on A
start B registry; start B vote; start B match; start B notify
for s in registry vote match notify; do up B "$s" || exit 1; done
echo "ok - two servers: PostgreSQL, registry and vote on A; match, notify, registry and vote on B"

# Phase 1: everything up; the CLI on either server
run=$$
check "CLI on A: a new association" 0 "Tofaneforening $run" -- on A association add --name "Tofaneforening $run"
check "CLI on B: the association is listed" 0 "Tofaneforening $run" -- on B association list
check "CLI on B: a new citizen budget" 0 "Budget $run" -- on B budget create --name "Budget $run" --amount 100000
check "CLI on A: the budget is listed" 0 "Budget $run" -- on A budget list
check "CLI on A: match answers from B" 0 "" -- on A speeddate list
eventually "CLI on A: notify on B logged the association's event" "Tofaneforening $run" -- \
    on A events tail --service notify --from 0 --topic registry.association.

# Phase 1b: server A's services fall silent (SIGSTOP: their connections
# stay open, nothing answers, nothing resets): the CLI on B, and on A, gets
# its answers from B's instances within the budget of a timeout and a retry
# (1.5 s each), again and again; match and notify, only on B, go on. Then
# SIGCONT: A's instances answer again, on their own.
silent() { kill "-$1" "${pids[A/registry]}" "${pids[A/vote]}"; }
silent STOP
fast "A silent: CLI on B adds an association through B" 4 on B association add --name "Stille $run"
fast "A silent: CLI on B lists it" 4 on B association list --json
grep -q "Stille $run" "$out" && echo "ok - the association added with A silent is there" ||
    echo "not ok - the association added with A silent is missing"
fast "A silent: CLI on A lists the budgets through B" 4 on A budget list
fast "A silent: CLI on B creates a budget" 4 on B budget create --name "Stillebudget $run" --amount 5000
# Each ping answered by B's instance (the reply names its process)
for i in 1 2 3; do
    for s in registry vote; do
        fast "A silent: CLI on B, ping $s ($i)" 4 on B ping $s
        grep -qw "${pids[B/$s]}" "$out" && echo "ok - answered by $s on B" ||
            { echo "not ok - ping $s not answered by B's instance (pid ${pids[B/$s]})"; sed 's/^/#   /' "$out"; }
    done
done
fast "A silent: CLI on A, match answers from B" 4 on A speeddate list
eventually "A silent: notify logs the new association" "Stille $run" -- \
    on B events tail --service notify --from 0 --topic registry.association.
silent CONT
up A registry && echo "ok - SIGCONT: registry on A answers again" || true
up A vote && echo "ok - SIGCONT: vote on A answers again" || true
# A's instances serve requests again (spread over both): a run of calls
# from A, each within the budget
for i in 1 2 3 4; do fast "A back: CLI on A lists associations ($i)" 4 on A association list; done

# Phase 1c: server A falls silent as a whole: its end of the cable goes
# down, packets to it are lost (no reset), PostgreSQL included. The CLI on
# B gets pings from B's instances within the budget, and a clear error
# within it for what needs the database, which lives only on A; the CLI on
# A works on A alone (registry and vote with the database), with a clear
# error naming both servers for match and notify, which live only on B.
# Then the cable is back and so is everything.
ip -n "$A" link set "$A" down
for s in registry vote match notify; do fast "A cut off: CLI on B, ping $s" 4 on B ping $s; done
# A call that needs the database: the service gives up on the silent
# connection after tcp_user_timeout (4 s, common/sk_db.h) and says so; one
# attempt of 8 s lets that answer through
slow() { local ns=$B; shift; ip netns exec "$ns" "$sk" --config "$cfg" --timeout 8000 --retries 0 "$@"; }
clear_within() {
    local name=$1 limit=$2; shift 2
    local t0=$SECONDS
    check "$name" 1 "database is not available" -- "$@"
    [ $((SECONDS - t0)) -le "$limit" ] && echo "ok - $name: within $limit s ($((SECONDS - t0)) s)" ||
        echo "not ok - $name: took $((SECONDS - t0)) s, more than $limit"
}
clear_within "A cut off: CLI on B, adding an association fails clearly" 8 \
    slow B association add --name "Afskåret $run"
said
clear_within "A cut off: CLI on B, listing budgets fails clearly" 8 slow B budget list
clear_within "A cut off: CLI on B, listing associations fails clearly" 8 slow B association list
fast "A cut off: CLI on A lists associations through A" 4 on A association list
check "A cut off: CLI on A, match fails with an error naming both servers" 1 \
    "match.*$ipa:7103.*$ipb:7103" -- on A speeddate list
said
for s in registry vote match notify; do fast "A cut off: CLI on B, ping $s after the failed calls" 4 on B ping $s; done
ip -n "$A" link set "$A" up
eventually "cable back: CLI on B lists associations" "Stille $run" -- on B association list
fast "cable back: CLI on B creates a budget" 4 on B budget create --name "Tilbage $run" --amount 5000

# Phase 2: server A's services die (PostgreSQL stays): nothing is lost to
# the CLI on either server, and no call waits more than one timeout
stop A registry; stop A vote
fast "A's services down: CLI on A adds an association through B" 4 \
    on A association add --name "Eftertanke $run"
fast "A's services down: CLI on B lists it" 4 on B association list --json
grep -q "Eftertanke $run" "$out" && echo "ok - the association added with A's services down is there" ||
    echo "not ok - the association added with A's services down is missing"
fast "A's services down: CLI on A lists the budgets through B" 4 on A budget list
fast "A's services down: CLI on B creates a budget" 4 on B budget create --name "Nødbudget $run" --amount 5000
eventually "A's services down: notify logs the new association" "Eftertanke $run" -- \
    on B events tail --service notify --from 0 --topic registry.association.

# Phase 3: A's PostgreSQL stops too: the services on B still answer a
# ping; everything that needs the data fails with a clear error
runuser -u postgres -- "$PGBIN/pg_ctl" -D "$pg" -m fast -w stop >/dev/null
check "PostgreSQL down: registry on B still answers a ping" 0 "" -- on B ping registry
check "PostgreSQL down: adding an association fails clearly" 1 "database is not available" -- \
    on B association add --name "Aldrig $run"
check "PostgreSQL down: listing budgets fails clearly" 1 "database is not available" -- on A budget list
said
check "PostgreSQL down: notify's log fails clearly" 1 "database is not available" -- \
    on A events tail --service notify --from 0

# Phase 4: A is back, B's services die: registry and vote answer from A;
# match and notify, only on B, fail with an error naming both servers
ip netns exec "$A" runuser -u postgres -- "$PGBIN/pg_ctl" -D "$pg" -w -l "$pg/server.log" \
    -o "-c listen_addresses='$ipa' -c unix_socket_directories='$pg'" start >/dev/null
start A registry; start A vote
up A registry && up A vote || exit 1
for s in registry vote match notify; do stop B "$s"; done
eventually "B's services down: CLI on B lists associations through A" "Eftertanke $run" -- \
    on B association list
fast "B's services down: CLI on B lists budgets through A" 4 on B budget list
check "B's services down: match fails with an error naming both servers" 1 \
    "match.*$ipa:7103.*$ipb:7103" -- on A speeddate list
said
check "B's services down: notify fails with an error naming both servers" 1 \
    "notify.*$ipa:7104.*$ipb:7104" -- on A events tail --service notify --from 0
check "B's services down: the events come from the registry's outbox instead" 0 "Eftertanke $run" -- \
    on A events tail --from 0 --topic registry.association.
