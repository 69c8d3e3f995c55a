#!/usr/bin/env bash
# The selftests (make's SELFTESTS) built with AddressSanitizer and
# UndefinedBehaviorSanitizer (make asan-selftests, which make test runs
# first): no invalid access, no undefined behaviour, no leak. Each prints
# its own TAP lines, prefixed "asan".
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 1
list=build/asan/selftests
if [ ! -s "$list" ]; then
    echo "not ok - asan selftests: no $list (make asan-selftests)"
    exit 1
fi
export ASAN_OPTIONS=halt_on_error=1:detect_leaks=1
export LSAN_OPTIONS=suppressions=$top/tests/asan/lsan.supp:print_suppressions=0
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
rc=0
for t in $(cat "$list"); do
    "$t" 2>&1 | sed "s/^ok - /ok - asan /; s/^not ok - /not ok - asan /"
    s=${PIPESTATUS[0]}
    if [ "$s" -ne 0 ]; then
        echo "not ok - asan $(basename "$t"): exit status $s"
        rc=1
    fi
done
exit "$rc"
