#!/usr/bin/env bash
# samskab-tally against the Pabulib reference results.
#  1. every expected/NAME.json x every rule in it: "selected" and
#     "total_cost" (when the reference has one) must match exactly;
#  2. every tests/unit/tally-bad/*.pb must exit 2 with "FILE:LINE:" in its
#     message (the line is given in the file's first line: "# line N");
#  3. every holdout file x every rule: exit 0, well-formed JSON, and for
#     mes-add1 a total cost within the budget.
# Prints one TAP-style line per check.
set -u
repo=$(cd "$(dirname "$0")/../.." && pwd)
shared=${SAMSKAB_SHARED:-$repo/../shared}
data=$shared/data/pabulib
bin=$repo/bin/samskab-tally
rules="greedy greedy-card greedy-threshold mes mes-card mes-add1 mes-add1-greedy phragmen"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

if [ ! -x "$bin" ]; then
    echo "not ok - build: $bin missing (make bin/samskab-tally)"
    exit 1
fi
if [ ! -d "$data/expected" ]; then
    echo "not ok - data: $data/expected missing (set SAMSKAB_SHARED)"
    exit 1
fi

# 1. expected results
for exp in "$data"/expected/*.json; do
    name=$(basename "$exp" .json)
    pb=$data/$name.pb
    for rule in $(python3 -c 'import json,sys; print(" ".join(json.load(open(sys.argv[1]))["results"]))' "$exp"); do
        out=$tmp/out.json
        if ! "$bin" --rule "$rule" --json "$pb" >"$out" 2>"$tmp/err"; then
            echo "not ok - $name $rule: exit status $?: $(head -c 300 "$tmp/err")"
            continue
        fi
        python3 - "$exp" "$rule" "$out" "$name" <<'EOF'
import json, sys
exp, rule, out, name = sys.argv[1:]
want = json.load(open(exp))["results"][rule]
try:
    got = json.load(open(out))
except ValueError as e:
    print(f"not ok - {name} {rule}: output is not JSON: {e}")
    sys.exit(0)
problems = []
if got.get("selected") != want["winners_sorted"]:
    problems.append(f"got {got.get('selected')} want {want['winners_sorted']}")
if "total_cost" in want and got.get("total_cost") != want["total_cost"]:
    problems.append(f"total_cost got {got.get('total_cost')} want {want['total_cost']}")
if got.get("selected") != sorted(got.get("selected", []), key=lambda s: s.encode()):
    problems.append("selected not in byte order")
if problems:
    print(f"not ok - {name} {rule}: " + "; ".join(problems))
else:
    print(f"ok - {name} {rule}")
EOF
    done
done

# 2. malformed files
for bad in "$repo"/tests/unit/tally-bad/*.pb; do
    [ -e "$bad" ] || continue
    name=$(basename "$bad")
    line=$(head -n 1 "$bad" | sed -n 's/^# line \([0-9]*\).*/\1/p')
    "$bin" --rule mes --json "$bad" >"$tmp/out" 2>"$tmp/err"
    rc=$?
    msg=$(head -c 300 "$tmp/err")
    if [ "$rc" -ne 2 ]; then
        echo "not ok - bad $name: exit status $rc, want 2: $msg"
    elif [ -n "$line" ] && ! grep -q "^samskab-tally: .*$name:$line: " "$tmp/err"; then
        echo "not ok - bad $name: message lacks \"$name:$line: \": $msg"
    elif [ -s "$tmp/out" ]; then
        echo "not ok - bad $name: wrote to stdout"
    else
        echo "ok - bad $name"
    fi
done

# Usage errors: exit 2 with a message.
check_usage() {
    local label=$1; shift
    "$bin" "$@" >"$tmp/out" 2>"$tmp/err"
    local rc=$?
    if [ "$rc" -eq 2 ] && [ -s "$tmp/err" ]; then
        echo "ok - usage $label"
    else
        echo "not ok - usage $label: exit status $rc"
    fi
}
check_usage "no arguments"
check_usage "no rule" "$data/toy_ties.pb"
check_usage "bad rule" --rule nonesuch "$data/toy_ties.pb"
check_usage "no file" --rule mes
check_usage "unknown option" --rule mes --frobnicate "$data/toy_ties.pb"
check_usage "missing file" --rule mes "$tmp/does-not-exist.pb"
check_usage "directory" --rule mes "$tmp"

# 3. holdout files: no answers, but sound output.
for pb in "$data"/holdout/*.pb; do
    [ -e "$pb" ] || continue
    name=$(basename "$pb" .pb)
    for rule in $rules; do
        if ! "$bin" --rule "$rule" --json "$pb" >"$tmp/out" 2>"$tmp/err"; then
            echo "not ok - holdout $name $rule: exit status $?: $(head -c 300 "$tmp/err")"
            continue
        fi
        python3 - "$tmp/out" "$name" "$rule" <<'EOF'
import json, sys
from fractions import Fraction
out, name, rule = sys.argv[1:]
try:
    got = json.load(open(out))
except ValueError as e:
    print(f"not ok - holdout {name} {rule}: output is not JSON: {e}")
    sys.exit(0)
problems = []
for key in ("rule", "selected", "total_cost", "budget"):
    if key not in got:
        problems.append(f"missing {key}")
if not problems:
    cost = sum(Fraction(w["cost"]) for w in got["winners"])
    if Fraction(got["total_cost"]) != cost:
        problems.append("total_cost is not the sum of the winners' costs")
    if Fraction(got["total_cost"]) > Fraction(got["budget"]):
        problems.append(f"total_cost {got['total_cost']} over budget {got['budget']}")
    if sorted(got["selected"], key=lambda s: s.encode()) != got["selected"]:
        problems.append("selected not in byte order")
if problems:
    print(f"not ok - holdout {name} {rule}: " + "; ".join(problems))
else:
    print(f"ok - holdout {name} {rule}")
EOF
    done
done
