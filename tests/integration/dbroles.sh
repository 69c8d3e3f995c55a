#!/usr/bin/env bash
# The runtime database role (setting "db") must not be able to switch
# row-level security off: a service refuses to start when it is a
# superuser, has BYPASSRLS or is a member of the tables' owner (it could
# SET ROLE to it), saying so; the owner itself is accepted with a warning
# (an older one-role installation, doc/DECISIONS.md "Two database roles").
# Each service is started beside the running stack on the stack's
# configuration with only "db" changed (and, when it starts, its endpoint).
. "$(dirname "$0")/lib.sh"
var=$SAMSKAB_VAR
pg=$(readlink -f "$var/pg")
psql_() { "$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)/psql" -h "$pg" -U postgres -d samskab -qAt -v ON_ERROR_STOP=1 "$@"; }
psql_ -q -c "SET client_min_messages = warning" -c "DROP ROLE IF EXISTS samskab_bypass" -c "DROP ROLE IF EXISTS samskab_member" \
    -c "CREATE ROLE samskab_bypass LOGIN BYPASSRLS" -c "CREATE ROLE samskab_member LOGIN IN ROLE samskab" ||
    echo "not ok - roles for the test"
trap 'psql_ -c "DROP ROLE IF EXISTS samskab_bypass" -c "DROP ROLE IF EXISTS samskab_member"; rm -rf "$tmp"' EXIT
port=$(( $(sed -n 's/.*endpoint = "tcp:\/\/127.0.0.1:\([0-9]*\)".*/\1/p' "$var/samskab.cfg" | head -n 1) + 40 ))

# as SERVICE ROLE COMMAND...: run the service with requests as ROLE
as() {
    local s=$1 role=$2 env; shift 2
    env=SAMSKAB_$(echo "$s" | tr a-z A-Z)_DB
    env "$env=host=$pg dbname=samskab user=$role" SAMSKAB_SERVICE=$s SAMSKAB_CONFIG="$var/samskab.cfg" "$@"
}
for s in match vote; do
    for role in postgres samskab_bypass samskab_member; do
        check "$s: requests as $role are refused" 1 \
            "requests must not run as role \"$role\": it can bypass row-level security" -- \
            as $s $role timeout 30 "$SAMSKAB_BIN/samskab-$s"
        grep -q "HINT: set \"db\" to a login role of its own" "$err" "$out" && echo "ok - $s: $role: a hint" || echo "not ok - $s: $role: no hint"
    done
    # The owner: a warning, and it starts (stopped by timeout, status 124)
    check "$s: requests as the owner start with a warning" 124 \
        "requests run as \"samskab\", the owner of schema \"$s\", which could switch row-level security off" -- \
        as $s samskab env "SAMSKAB_$(echo "$s" | tr a-z A-Z)_ENDPOINT=tcp://127.0.0.1:$port" \
        timeout 5 "$SAMSKAB_BIN/samskab-$s"
done
# The stack's own role is none of these
check "the stack's request role is not refused" 0 "" -- grep -q 'user=samskab_app' "$var/samskab.cfg"
