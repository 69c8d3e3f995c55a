#!/usr/bin/env bash
# Functions outside tests/ longer than 100 lines (from the line with the
# name to the closing brace) whose comment above does not say why:
# "Long because: ...". Prints one line per such function and "ok" when
# there is none.
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 1
limit=${SAMSKAB_LONGFN_LIMIT:-100}
dirs=
for d in common lib services clients deploy bench; do [ -d "$d" ] && dirs="$dirs $d"; done
# shellcheck disable=SC2086
files=$(find $dirs -name '*.c' | sort)
# The house style puts a definition's name at column 0 and its braces alone
# at column 0; the comment above it ends on the line above its return type.
# shellcheck disable=SC2086
awk -v limit="$limit" '
    FNR == 1 { comment = ""; incomment = 0; prev1 = ""; prev2 = ""; name = ""; start = 0 }
    {
        line = $0
    }
    start == 0 && line ~ /^\/\*/ { comment = ""; incomment = 1 }
    start == 0 && incomment { comment = comment " " line; if (line ~ /\*\//) incomment = 0; next }
    start == 0 && line ~ /^\/\// { comment = (prevcomment ? comment " " : "") line; prevcomment = 1; prev2 = prev1; prev1 = line; next }
    start == 0 && line ~ /^[A-Za-z_][A-Za-z0-9_]* *\(/ && prev1 !~ /^$/ {
        name = line; sub(/ *\(.*/, "", name); namel = FNR; kept = comment
    }
    start == 0 && line == "{" && name != "" { start = namel; next }
    start && line == "}" {
        n = FNR - start + 1
        if (n > limit && kept !~ /Long because:/)
            printf "%s:%d: %s: %d lines\n", FILENAME, start, name, n
        start = 0; name = ""; comment = ""; count++
        next
    }
    start == 0 && line ~ /^$/ { comment = ""; prevcomment = 0 }
    start == 0 && line !~ /^\/\// { prevcomment = 0 }
    { prev2 = prev1; prev1 = line }
' $files >"${TMPDIR:-/tmp}/longfn.$$"
n=$(wc -l <"${TMPDIR:-/tmp}/longfn.$$")
if [ "$n" -eq 0 ]; then
    echo "ok - no function over $limit lines without \"Long because:\" in its comment"
else
    sed 's/^/#   /' "${TMPDIR:-/tmp}/longfn.$$"
    echo "not ok - $n functions over $limit lines without \"Long because:\" in their comment"
fi
rm -f "${TMPDIR:-/tmp}/longfn.$$"
[ "$n" -eq 0 ]
