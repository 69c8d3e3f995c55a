#!/usr/bin/env bash
# The selftests under valgrind: no invalid access, no leak. `make memcheck`
# runs the integration suite against services under valgrind as well.
top=$(cd "$(dirname "$0")/../.." && pwd)
valgrind --quiet --error-exitcode=1 --leak-check=full --errors-for-leak-kinds=definite \
    "$top/build/tests/selftest" | sed 's/^ok - /ok - valgrind /; s/^not ok - /not ok - valgrind /'
exit "${PIPESTATUS[0]}"
