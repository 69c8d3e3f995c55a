#!/usr/bin/env bash
# cppcheck over the tree: no warning, performance, portability or style
# finding. A false positive is silenced where it stands, with its reason:
#   // cppcheck-suppress ID ; why it is wrong here
# variableScope is off: a command's tables (options, columns) stand together
# at the top of its function, and a declaration may open its block.
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 1
dirs=
for d in common lib services clients deploy bench tests; do [ -d "$d" ] && dirs="$dirs $d"; done
incs=$(find $dirs -name '*.h' -printf '-I%h\n' | sort -u)
# lib/NAME headers are included by folder ("tally/tally.h")
[ -d lib ] && incs="-Ilib $incs"
cache=$top/build/cppcheck
mkdir -p "$cache"
# shellcheck disable=SC2086
cppcheck -q -j2 --std=c11 --enable=warning,performance,portability,style \
    --error-exitcode=1 --inline-suppr --suppress=missingIncludeSystem --suppress=variableScope \
    -D_GNU_SOURCE \
    --cppcheck-build-dir="$cache" --template='#   {file}:{line}: {severity} {id}: {message}' \
    $incs $dirs 2>"$cache/report"
rc=$?
if [ "$rc" -eq 0 ] && [ ! -s "$cache/report" ]; then
    echo "ok - cppcheck: no finding in$dirs"
else
    cat "$cache/report"
    echo "not ok - cppcheck: $(grep -c '^#   ' "$cache/report") findings (status $rc)"
fi
