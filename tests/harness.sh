#!/usr/bin/env bash
# Run test programs and scripts; each prints TAP-style lines "ok - NAME" or
# "not ok - NAME: why". A program that exits non-zero without reporting a
# failure counts as one failure. Prints the totals as "N passed, N failed".
# usage: harness.sh LOGDIR CMD...
set -u
logdir=$1; shift
mkdir -p "$logdir"
passed=0 failed=0
for cmd in "$@"; do
    name=$(basename "$cmd")
    log="$logdir/$name.log"
    start=$(date +%s)
    "$cmd" >"$log" 2>&1
    rc=$?
    p=$(grep -c '^ok ' "$log")
    f=$(grep -c '^not ok ' "$log")
    if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
        echo "not ok - $name exited with status $rc" >>"$log"
        f=1
    fi
    passed=$((passed + p)); failed=$((failed + f))
    printf '%-40s %4d passed %3d failed  %3ds\n' "$name" "$p" "$f" "$(( $(date +%s) - start ))"
    if [ "$f" -ne 0 ]; then grep '^not ok ' "$log" | sed 's/^/    /'; echo "    (log: $log)"; tail -n 20 "$log" | sed 's/^/    | /'; fi
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
