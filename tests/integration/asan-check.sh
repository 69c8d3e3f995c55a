#!/usr/bin/env bash
# Last test of `make asan`: stop the sanitized services (LeakSanitizer
# reports at exit) and fail on any sanitizer report: the files every
# sanitized program wrote under var/asan-reports (ASAN_OPTIONS and
# UBSAN_OPTIONS log_path), and any report in the services' logs.
top=$(cd "$(dirname "$0")/../.." && pwd)
# Each service must stop on SIGTERM by itself: LeakSanitizer reports only
# at a normal exit
for pidf in "$SAMSKAB_VAR"/*.pid; do
    [ -f "$pidf" ] || continue
    s=$(basename "$pidf" .pid) pid=$(cat "$pidf")
    kill -TERM "$pid" 2>/dev/null || { echo "not ok - asan $s: not running at the end"; continue; }
    for _ in $(seq 1 300); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$pid" 2>/dev/null; then
        echo "not ok - asan $s: still running 30 s after SIGTERM"
    else
        echo "ok - asan $s: stopped on SIGTERM"
    fi
done
"$top/deploy/local/stack.sh" services-down "$SAMSKAB_VAR"
reports=$top/var/asan-reports
n=0
for f in "$reports"/*; do
    [ -s "$f" ] || continue
    n=$((n + 1))
    echo "#   $f:"
    grep -m 12 -E 'ERROR|SUMMARY|runtime error|#[0-9] ' "$f" | sed 's/^/#     /'
done
if [ "$n" -eq 0 ]; then echo "ok - asan: no sanitizer report"; else echo "not ok - asan: $n sanitizer reports"; fi
for log in "$SAMSKAB_VAR"/*.log; do
    s=$(basename "$log" .log)
    if grep -qE 'runtime error|AddressSanitizer|LeakSanitizer' "$log"; then
        echo "not ok - asan $s.log:"
        grep -m 5 -E 'runtime error|AddressSanitizer|LeakSanitizer' "$log" | sed 's/^/#   /'
    else
        echo "ok - asan $s.log: no sanitizer report"
    fi
done
