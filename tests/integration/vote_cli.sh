#!/usr/bin/env bash
# samskab budget ... end to end against the running stack (tests/run.sh):
# the service's tally of an imported Pabulib file equals samskab-tally's on
# the same file, for every rule; export gives a file samskab-tally reads
# the same way; the results chart is well-formed SVG; a whole citizen
# budget from create to published through the CLI.
. "$(dirname "$0")/lib.sh"
tally=$SAMSKAB_BIN/samskab-tally
data=$pabulib

# same SERVICE_JSON TALLY_JSON: winners in order, votes, costs, exact
# prices; every project's votes, score and selection, the winners first
same() {
    python3 - "$1" "$2" <<'PY'
import json, sys
from fractions import Fraction as F
s = json.load(open(sys.argv[1])); t = json.load(open(sys.argv[2]))
assert len(s["pools"]) == 1, "one pool"
p = s["pools"][0]
got = [(w["code"], w["votes"], str(w["cost"]), w.get("price_exact"), w["greedy_completion"]) for w in p["winners"]]
want = [(w["project_id"], w["votes"], w["cost"], w.get("price_exact"), w.get("greedy_completion", False)) for w in t["winners"]]
every = {e["code"]: (e["votes"], F(e["score"]) if e.get("score") else None, e["selected"]) for e in p["projects"]}
all_t = {a["project_id"]: (a["votes"], F(a["score"]) if "score" in a else None, a["selected"]) for a in t["all_projects"]}
order = [e["selected"] for e in p["projects"]]
if got != want or str(p["total_cost"]) != t["total_cost"] or s["voters"] != t["voters"]:
    print("#   service:", got, p["total_cost"], s["voters"])
    print("#   tally:  ", want, t["total_cost"], t["voters"])
    sys.exit(1)
if every != all_t or order != sorted(order, reverse=True) or [e["code"] for e in p["projects"][:len(got)]] != [g[0] for g in got]:
    print("#   every project, service:", sorted(every.items())[:8])
    print("#   every project, tally:  ", sorted(all_t.items())[:8])
    sys.exit(1)
PY
}

# import FILE, then for each rule: set it, tally, compare with samskab-tally
compare() {
    local file=$1; shift
    local name; name="import $(basename "$file" .pb) $$"
    check "import $(basename "$file")" 0 '"process"' -- $sk --json budget import "$file" --name "$name"
    local id; id=$(json 'd["process"]')
    for rule in "$@"; do
        $sk budget settings "$id" --rule "$rule" >/dev/null 2>"$err" || { echo "not ok - settings $rule"; continue; }
        # a long wait: MES runs slowly under make memcheck's valgrind
        $sk --timeout 300000 --json budget tally "$id" >"$tmp/service.json" 2>"$err"
        $tally --json --rule "$rule" "$file" >"$tmp/tally.json" 2>>"$err"
        if same "$tmp/service.json" "$tmp/tally.json"; then
            echo "ok - $(basename "$file") $rule: the service's tally equals samskab-tally's"
        else
            echo "not ok - $(basename "$file") $rule: the service's tally differs from samskab-tally's"
        fi
    done
    last_id=$id
}

compare "$data/toy_completion.pb" greedy mes mes-add1 mes-add1-greedy phragmen
compare "$data/toy_ties.pb" greedy mes phragmen
compare "$data/Switzerland_Zurich_D10.pb" greedy mes mes-add1 phragmen
compare "$data/US_Stanford_Dataset_PB_Rochester_NY_2019_vote_rankings.pb" greedy mes
compare "$data/Hungary_Budapest_2022_VIII_Jozsefvaros.pb" greedy greedy-threshold mes mes-add1-greedy phragmen

# Export the last import: samskab-tally reads it and finds the same winners
check "export as .pb" 0 "wrote" -- $sk budget export "$last_id" "$tmp/export.pb"
check "the export has no receipts" 1 "" -- grep -qE '[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}' "$tmp/export.pb"
$sk --json budget results "$last_id" >"$tmp/service.json"
$tally --json --rule phragmen "$tmp/export.pb" >"$tmp/tally.json" 2>"$err"
if same "$tmp/service.json" "$tmp/tally.json"; then echo "ok - the exported file tallies as the service did"
else echo "not ok - the exported file tallies differently"; sed 's/^/#   /' "$err"; fi
check "a chart with long non-ASCII titles" 0 "wrote" -- $sk budget results "$last_id" --svg "$tmp/long.svg"
check "is well-formed SVG (titles cut between characters)" 0 "" -- python3 -c "
import xml.etree.ElementTree as E; E.parse('$tmp/long.svg')"
check "a malformed .pb is refused with its line" 1 "pb:" -- $sk budget import "$data/README.md"

# A citizen budget through the CLI, create to published
check "create" 0 '"id"' -- $sk --json budget create --name "Bolbro bestemmer $$" --amount 300000 \
    --pool "store:200000" --pool "små:100000" --max-choices 2 --voting-from 2026-09-06
id=$(json 'd["id"]')
check "show" 0 "små" -- $sk budget show "$id"
check "a bad pool is a usage error" 2 "NAME:BUDGET" -- $sk budget create --name X --amount 1 --pool nope
check "a budget with room for a pool" 0 '"id"' -- $sk --json budget create --name "Puljer $$" --amount 100000 --pool "a:50000"
pid=$(json 'd["id"]')
check "budget pool adds a pool" 0 "ekstra" -- $sk budget pool "$pid" --name ekstra --budget 50000
check "a pool over the amount is refused" 1 "" -- $sk budget pool "$pid" --name for-meget --budget 1
check "project in a pool" 0 "Bevægelsespark" -- $sk budget project "$id" --title "Bevægelsespark" --cost 150000 --pool store
p1=$(python3 -c "print(1)" >/dev/null; $sk --json budget projects "$id" | python3 -c "import json,sys; print(json.load(sys.stdin)[-1]['id'])")
check "second project" 0 "Bænke" -- $sk budget project "$id" --title "Bænke" --cost 20000 --pool små
p2=$($sk --json budget projects "$id" | python3 -c "import json,sys; print(json.load(sys.stdin)[-1]['id'])")
check "budget show prints its projects readably" 0 "" -- $sk budget show "$id"
if grep -q '\.\.\., \.\.\.' "$out"; then echo "not ok - nested values print as ..., ..."; sed 's/^/#   /' "$out"
elif grep -q '^projects:$' "$out" && grep -qE 'Bænke +20000' "$out"; then echo "ok - projects as a table of their own, with title and cost"
else echo "not ok - projects not shown as a table"; sed 's/^/#   /' "$out"; fi
check "codes as CSV" 0 "wrote 3 codes" -- $sk budget codes "$id" --count 3 --label hall --csv "$tmp/codes.csv"
check "the CSV has a header and three codes, ;-separated for Danish Excel" 0 "" -- test "$(tr -d '\r' <"$tmp/codes.csv" | grep -cE '^[0-9]+;[0-9]+;[0-9];[0-9A-Z]{5}-[0-9A-Z]{5}$')" = 3
check "the CSV is UTF-8 with a BOM, like export csv" 0 "" -- test "$(head -c 3 "$tmp/codes.csv" | od -An -tx1 | tr -d ' ')" = efbbbf
code=$(sed -n 2p "$tmp/codes.csv" | cut -d';' -f4 | tr -d '\r')
check "printable list" 0 "Keep this list safe" -- $sk budget codes "$id" --count 2 --label letters
check "an idea" 0 '"id"' -- $sk --json budget idea "$id" --title "Tænk hvis vi havde en hundeskov" --contact-email borger@example.dk
idea=$(json 'd["id"]')
check "ideas list" 0 "hundeskov" -- $sk budget ideas "$id"
check "rejecting needs a reason" 1 'missing required field "reason"' -- $sk budget idea-reject "$idea"
check "reject with a reason" 0 "rejected" -- $sk budget idea-reject "$idea" --reason "ingen egnet grund"
check "a development meeting" 0 "37" -- $sk budget meeting "$id" --held-on 2026-08-20 --title "Aften 1" --attendance 37
check "cast before voting is refused" 1 'not "voting"' -- $sk budget cast "$id" --code "$code" --projects "$p1"
check "open voting" 0 "voting" -- $sk budget phase "$id" voting
check "cast" 0 "receipt" -- $sk --json budget cast "$id" --code "$code" --projects "$p1,$p2"
receipt=$(json 'd["receipt"]')
check "cast again is refused" 1 "already been used" -- $sk budget cast "$id" --code "$code" --projects "$p2"
check "paper ballot entered" 0 '"paper"' -- $sk --json budget paper "$id" --projects "$p2"
paper=$(json 'd["paper"]')
check "the same member cannot confirm" 1 "second member" -- $sk budget paper-confirm "$id" --paper "$paper" --projects "$p2"
check "another member confirms" 0 "receipt" -- env SAMSKAB_CLI_CERT="$SAMSKAB_VAR/keys/staff-0730.cert_secret" \
    $sk budget paper-confirm "$id" --paper "$paper" --projects "$p2"
check "batches" 0 "hall" -- $sk budget batches "$id"
check "close" 0 "closed" -- $sk budget phase "$id" closed
check "receipt lookup" 0 "$p1" -- $sk budget receipt "$id" "$receipt"
check "ballot list" 0 "$receipt" -- $sk budget ballots "$id"
check "publishing needs a tally" 1 "tallied" -- $sk budget phase "$id" published
check "tally" 0 "Bevægelsespark" -- $sk budget tally "$id"
check "results chart" 0 "wrote" -- $sk budget results "$id" --svg "$tmp/results.svg"
check "the chart is well-formed SVG naming the winner" 0 "" -- python3 -c "
import xml.etree.ElementTree as E, sys
t = E.parse('$tmp/results.svg')
assert t.getroot().tag.endswith('svg')
assert 'Bevægelsespark' in open('$tmp/results.svg', encoding='utf-8').read()"
check "publish" 0 "published" -- $sk budget phase "$id" published
check "opened, closed, published events" 0 "" -- sh -c "$sk --json events tail --service vote --topic vote. >'$tmp/ev' 2>&1; grep -q vote.process.opened '$tmp/ev' && grep -q vote.process.closed '$tmp/ev' && grep -q vote.results.published '$tmp/ev'"

# Workshop polls: results at once
check "approval poll" 0 '"id"' -- $sk --json poll create --title "Hvad gør vi først?" --meeting "Madborgerskab dag 4" \
    --option "Fællesspisning" --option "Havedag" --option "Cykelværksted"
poll=$(json 'd["id"]')
for c in 1,2 2 2,3 1; do $sk poll vote "$poll" --choices "$c" >/dev/null || echo "not ok - poll vote $c"; done
check "an option number out of range is refused" 1 "option number from 1 to 3" -- $sk poll vote "$poll" --choices 4
check "an option twice is refused" 1 "at most once" -- $sk poll vote "$poll" --choices 2,2
check "approval results at once" 0 "" -- sh -c "$sk --json poll results $poll >'$out' && python3 -c \"
import json; d = json.load(open('$out'))
assert d['winner'] == 'Havedag', d
assert [s['approvals'] for s in d['standings']] == [3, 2, 1], d
assert d['votes'] == 4 and d['open']\""
check "close the poll" 0 "winner: Havedag" -- $sk poll close "$poll"
check "a closed poll takes no votes" 1 "is closed" -- $sk poll vote "$poll" --choices 1
check "ranked poll" 0 '"id"' -- $sk --json poll create --title "Rækkefølge" --kind ranked --option A --option B --option C
poll=$(json 'd["id"]')
for c in 1,2,3 2,1 2,3,1; do $sk poll vote "$poll" --choices "$c" >/dev/null || echo "not ok - poll vote $c"; done
check "ranked results: Borda points and first preferences" 0 "" -- sh -c "$sk --json poll results $poll >'$out' && python3 -c \"
import json; d = json.load(open('$out'))
s = {x['option']: (x['borda'], x['first']) for x in d['standings']}
assert d['winner'] == 'B' and s == {'A': (3, 1), 'B': (5, 2), 'C': (1, 0)}, d\""
check "poll list" 0 "Rækkefølge" -- $sk poll list
