#!/usr/bin/env bash
# Last test of `make memcheck`: stop the services that ran under valgrind
# and read its verdict on each.
top=$(cd "$(dirname "$0")/../.." && pwd)
"$top/deploy/local/stack.sh" services-down "$SAMSKAB_VAR"
for s in $("$top/deploy/local/stack.sh" services "$SAMSKAB_VAR"); do
    log=$SAMSKAB_VAR/valgrind-$s.log
    if [ ! -s "$log" ]; then echo "not ok - valgrind $s: no log"; continue; fi
    if grep -q "ERROR SUMMARY: 0 errors" "$log"; then echo "ok - valgrind samskab-$s: no errors"
    else echo "not ok - valgrind samskab-$s:"; grep -A3 "ERROR SUMMARY\|Invalid\|definitely" "$log" | head -30 | sed 's/^/#   /'; fi
done
