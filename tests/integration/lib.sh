# The helpers every CLI end-to-end script shares. Source it first:
#   . "$(dirname "$0")/lib.sh"
# It sets sk (the samskab CLI in $SAMSKAB_BIN, which tests/run.sh exports), tmp (a folder removed on exit), out and err
# (the last command's output), and pabulib (the shared Pabulib data).
set -u
sk=$SAMSKAB_BIN/samskab
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
out=$tmp/out err=$tmp/err
pabulib=${SAMSKAB_PABULIB:-${SAMSKAB_SHARED:-$SAMSKAB_TOP/../shared}/data/pabulib}

# check NAME WANT_STATUS GREP -- COMMAND...: status and a line of output
check() {
    local name=$1 want=$2 pattern=$3; shift 4
    "$@" >"$out" 2>"$err"
    local rc=$?
    if [ "$rc" -ne "$want" ]; then
        echo "not ok - $name: exit status $rc, want $want"; sed 's/^/#   /' "$err" "$out" | head -20
    elif [ -n "$pattern" ] && ! grep -q -- "$pattern" "$out" "$err"; then
        echo "not ok - $name: no \"$pattern\" in output"; sed 's/^/#   /' "$out" "$err" | head -20
    else
        echo "ok - $name"
    fi
}

# eventually NAME GREP -- COMMAND...: the output shows GREP within 10 s
eventually() {
    local name=$1 pattern=$2; shift 3
    for _ in $(seq 1 100); do
        "$@" >"$out" 2>"$err" && grep -q -- "$pattern" "$out" && { echo "ok - $name"; return; }
        sleep 0.1
    done
    echo "not ok - $name: no \"$pattern\" in output"; sed 's/^/#   /' "$out" "$err" | head -20
}

# json PYTHON-EXPR: print the expression over the JSON in $out (as d)
json() { python3 -c "import json,sys; d=json.load(open('$out')); print($1)"; }

# is NAME PYTHON-EXPR: the expression over the JSON in $out (as d) is true
is() {
    if [ "$(json "bool($2)" 2>&1)" = True ]; then
        echo "ok - $1"
    else
        echo "not ok - $1: $2 is false for:"; head -c 600 "$out" | sed 's/^/#   /'; echo
    fi
}

# Waits until the clock minute has at least 25 s left: samskab-web's rate
# limits count per clock minute, so a burst that must meet its limit
# starts early enough in a minute not to be split across two.
minute_room() {
    while [ "$((10#$(date +%S)))" -ge 35 ]; do sleep 1; done
}

# notify_to_sink: notify as the stack configures it, mailing to the stack's
# SMTP sink (a suite before may have restarted it with its own receiver);
# sets mail to the folder the sink writes each message to
notify_to_sink() {
    local stack=$SAMSKAB_TOP/deploy/local/stack.sh pidf=$SAMSKAB_VAR/notify.pid
    mail=$("$stack" mail-dir "$SAMSKAB_VAR")
    kill -TERM "$(cat "$pidf")" 2>/dev/null
    for _ in $(seq 1 100); do kill -0 "$(cat "$pidf")" 2>/dev/null || break; sleep 0.1; done
    rm -f "$pidf"
    "$stack" services-up "$SAMSKAB_VAR" >/dev/null || echo "not ok - notify restarts"
}
