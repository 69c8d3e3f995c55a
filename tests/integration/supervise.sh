#!/usr/bin/env bash
# Supervision against the running stack (issue #17): a service started while
# PostgreSQL is down waits for it with backoff and says so, once, then
# serves; the stack starts a service (and samskab-web) that dies (kill -9) again, and leaves
# one stopped with SIGTERM stopped; repeated warnings are one line a window.
. "$(dirname "$0")/lib.sh"
var=$SAMSKAB_VAR
stack="$SAMSKAB_TOP/deploy/local/stack.sh"
ping() { $sk --timeout 1000 --retries 0 ping "$1"; }

# The stack restarts match after kill -9, as systemd's Restart=on-failure
# restarted NAME PIDFILE LOG WHAT -- PROBE...: NAME killed with kill -9 is
# started again by the stack (a new pid, PROBE answers WHAT), and its log
# says why
restarted() {
    local name=$1 pidfile=$2 log=$3 what=$4 old new
    shift 5
    old=$(cat "$pidfile")
    kill -KILL "$old"
    eventually "$name answers again after kill -9" "$what" -- "$@"
    new=$(cat "$pidfile")
    if [ "$new" != "$old" ] && kill -0 "$new" 2>/dev/null; then
        echo "ok - a new $name process ($old killed, $new running)"
    else
        echo "not ok - $name was not started again: pid $old, now $new"
    fi
    check "the stack's log says why it restarted $name" 0 "exited with status 137; restarting" -- \
        tail -n 50 "$log"
}
restarted match "$var/match.pid" "$var/match.log" match -- ping match
# samskab-web too
url=$("$stack" web-url "$var")
restarted samskab-web "$var/web.pid" "$var/web.log" 200 -- curl -s -o /dev/null -w "%{http_code}" "$url"

# registry, started while PostgreSQL is down: it waits past the 10 s after
# which it used to exit, says so, and serves once PostgreSQL is back
reg=$(cat "$var/registry.pid")
kill -TERM "$reg"
for _ in $(seq 1 100); do kill -0 "$reg" 2>/dev/null || break; sleep 0.1; done
sleep 1.5
if [ "$(cat "$var/registry.pid")" = "$reg" ]; then
    echo "ok - a registry stopped with SIGTERM is not started again"
else
    echo "not ok - the stack restarted registry after SIGTERM: $(cat "$var/registry.pid")"
fi
if [ -f "$var/registry.supervisor.pid" ]; then
    echo "not ok - the ended supervisor left registry.supervisor.pid naming no process"
else
    echo "ok - the ended supervisor removed its pid file"
fi
"$stack" pg-stop "$var" >/dev/null 2>&1
lines=$(wc -l <"$var/registry.log")
SAMSKAB_SERVICE=registry SAMSKAB_CONFIG=$var/samskab.cfg "$SAMSKAB_BIN/samskab-registry" >>"$var/registry.log" 2>&1 &
pid=$!
echo "$pid" >"$var/registry.pid"
sleep 13
if kill -0 "$pid" 2>/dev/null; then
    echo "ok - registry still waits for PostgreSQL after 13 s"
else
    echo "not ok - registry exited while PostgreSQL was down"
fi
tail -n +"$((lines + 1))" "$var/registry.log" >"$tmp/waiting"
check "it says it is waiting, with the backoff" 0 "waiting for the database" -- cat "$tmp/waiting"
# At most 5 s between attempts: 13 s of it is a handful of lines, not one
# per attempt of 200 ms
n=$(grep -c "could not connect to the database" "$tmp/waiting")
if [ "$n" -ge 1 ] && [ "$n" -le 3 ]; then
    echo "ok - $n lines about the failed connections in 13 s"
else
    echo "not ok - $n lines about the failed connections in 13 s"; sed 's/^/#   /' "$tmp/waiting" | head -20
fi
"$stack" pg-start "$var" >/dev/null 2>&1
for _ in $(seq 1 30); do ping registry >/dev/null 2>&1 && break; sleep 0.5; done
check "registry serves once PostgreSQL is back" 0 "registry" -- ping registry
check "and says how long it waited" 0 "the database accepts connections after" -- \
    tail -n +"$((lines + 1))" "$var/registry.log"
