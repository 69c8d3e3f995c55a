#!/usr/bin/env bash
# make test-alone: each case of each C integration test alone, against a
# fresh database (the services stopped, samskab dropped and made again, the
# services started: they migrate it), so that no case lives on an earlier
# one's data. The programs come in SAMSKAB_ALONE (make sets it); run
# through tests/run.sh. One line per case: "ok - alone PROGRAM CASE".
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 1
pgbin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
psql_() { "$pgbin/psql" -h "$SAMSKAB_VAR/pg" -U postgres -d postgres -qAt -v ON_ERROR_STOP=1 "$@"; }
port=$(sed -n 's/.*endpoint = "tcp:\/\/127.0.0.1:\([0-9]*\)".*/\1/p' "$SAMSKAB_CONFIG" | head -n 1)
logs=$SAMSKAB_VAR/logs/alone
mkdir -p "$logs"
for prog in ${SAMSKAB_ALONE:-}; do
    name=$(basename "$prog")
    for case in $("$prog" -l | grep -v '^#'); do
        deploy/local/stack.sh services-down "$SAMSKAB_VAR"
        psql_ -c "DROP DATABASE IF EXISTS samskab WITH (FORCE)" -c "CREATE DATABASE samskab OWNER samskab"
        if ! deploy/local/stack.sh up "$SAMSKAB_VAR" $((port - 1)) >"$logs/$name-$case.stack" 2>&1; then
            echo "not ok - alone $name $case: the stack did not start"
            continue
        fi
        log=$logs/$name-$case.log
        "$prog" "$case" >"$log" 2>&1
        rc=$?
        if [ "$rc" -eq 0 ] && ! grep -q '^not ok' "$log"; then
            echo "ok - alone $name $case"
        else
            echo "not ok - alone $name $case: status $rc (log: $log)"
            grep -E '^not ok|^#' "$log" | head -10 | sed 's/^/#   /'
        fi
    done
done
