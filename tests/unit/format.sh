#!/usr/bin/env bash
# The tree is in the house style (.clang-format): `make format` fixes it.
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 1
n=0 bad=0
for f in $(git ls-files '*.c' '*.h' 2>/dev/null || find common lib services clients deploy tests bench -name '*.[ch]'); do
    n=$((n + 1))
    if ! clang-format --dry-run --Werror "$f" >/dev/null 2>&1; then
        echo "# $f is not formatted (make format)"
        bad=$((bad + 1))
    fi
done
if [ "$bad" -eq 0 ]; then echo "ok - $n files formatted"; else echo "not ok - $bad of $n files need make format"; fi
