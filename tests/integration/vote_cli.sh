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

# A citizen budget through the CLI, create to published, in an area of
# the municipality (the registry's)
check "an area" 0 '"id"' -- $sk --json area add "Vestbyen $$"
area=$(json 'd["id"]')
check "an area that is not the municipality's is refused, naming it" 1 'area "Atlantis" is not an area of municipality 0730 (its areas: ' -- \
    $sk budget create --name "Atlantis $$" --amount 1000 --area Atlantis
check "nor one of another municipality, by number" 1 "is not an area of municipality 0730" -- \
    $sk budget create --name "Atlantis $$" --amount 1000 --area 999999
check "create" 0 '"id"' -- $sk --json budget create --name "Bolbro bestemmer $$" --amount 300000 \
    --pool "store:200000" --pool "små:100000" --max-choices 2 --voting-from 2026-09-06 --area "vestbyen $$"
id=$(json 'd["id"]')
is "the area by the registry's name" "d['area'] == 'Vestbyen $$'"
check "an area by its number" 0 '"id"' -- $sk --json budget create --name "Nummer $$" --amount 1000 --area "$area"
is "is stored by name" "d['area'] == 'Vestbyen $$'"
check "an association's idea names an association of the municipality" 1 "association 999999 is not a party of municipality 0730" -- \
    $sk budget idea "$id" --title "Bane" --proposer association --association 999999
check "a volunteer is no association" 0 '"id"' -- $sk --json volunteer add --name "Frivillig $$" --consent yes
firma=$(json 'd["id"]')
check "and is refused as one" 1 "association $firma is not a party of municipality 0730" -- \
    $sk budget idea "$id" --title "Bane" --proposer association --association "$firma"
check "an association of the municipality" 0 '"id"' -- $sk --json association add --name "Forening $$"
forening=$(json 'd["id"]')
check "proposes an idea" 0 '"id"' -- $sk --json budget idea "$id" --title "Bane" --proposer association --association "$forening"
check "show" 0 "små" -- $sk budget show "$id"
check "a bad pool is a usage error" 2 "NAME:BUDGET" -- $sk budget create --name X --amount 1 --pool nope
check "a budget with room for a pool" 0 '"id"' -- $sk --json budget create --name "Puljer $$" --amount 100000 --pool "a:50000"
pid=$(json 'd["id"]')
check "budget pool adds a pool" 0 "ekstra" -- $sk budget pool "$pid" --name ekstra --budget 50000
check "a pool over the amount is refused" 1 "" -- $sk budget pool "$pid" --name for-meget --budget 1
# Corrections before the vote, and input checks
check "dates out of order are refused" 1 "dates out of order" -- $sk budget create --name "Bagvendt $$" --amount 1000 --voting-from 2026-09-06 --voting-until 2026-09-01
check "a budget to correct" 0 '"id"' -- $sk --json budget create --name "Rettelser $$" --amount 100000 --pool "små:40000" --voting-from 2026-09-06
cid=$(json 'd["id"]')
check "a pool with a project cost range" 0 "25.000 kr." -- $sk budget pool "$cid" --name store --budget 60000 --min-cost 25000 --max-cost 60000
check "a range upside down is refused" 1 "above its maximum" -- $sk budget pool "$cid" --name x --budget 0 --min-cost 5 --max-cost 4
check "a project at 0 kr. is refused" 1 "more than 0 kr., not 0 kr." -- $sk budget project "$cid" --title "Gratis" --cost 0 --pool små
check "a project under its pool's minimum is refused, in kroner" 1 "project cost 20.000 kr. is outside its pool's range of 25.000 kr. to 60.000 kr." -- $sk budget project "$cid" --title "Lille" --cost 20000 --pool store
check "a cost with a decimal comma is refused" 2 'needs whole kroner, not "12,5": a comma starts øre' -- $sk budget project "$cid" --title "Komma" --cost 12,5 --pool store
check "a cost in groups that are not of three is refused" 2 'needs whole kroner such as 12.500' -- $sk budget project "$cid" --title "Punktum" --cost 30.00 --pool store
check "a project in the range, its cost written the Danish way" 0 '"id"' -- $sk --json budget project "$cid" --title "Legeplads" --cost "30.000 kr." --pool store
is "the cost is 30.000 kr." "d['cost'] == 30000"
cp1=$(json 'd["id"]')
check "a cost corrected to 0 is refused" 1 "more than 0 kr." -- $sk budget project-update "$cid" --project "$cp1" --cost 0
check "a project corrected and moved to another pool" 0 "" -- sh -c "$sk --json budget project-update $cid --project $cp1 --title 'Ny legeplads' --cost 35.000 --pool små >'$out' && python3 -c \"
import json; d = json.load(open('$out'))
assert (d['title'], d['cost'], d['pool']) == ('Ny legeplads', 35000, 'små'), d\""
check "a project of another budget is not found" 1 "does not exist in citizen budget" -- $sk budget project-update "$id" --project "$cp1" --title X
check "withdraw a project" 0 "withdrawn" -- $sk budget project-withdraw "$cid" --project "$cp1"
check "it is gone" 0 "" -- sh -c "test \"\$($sk --json budget projects $cid)\" = '[]'"
check "dates changed before voting" 0 "2026-09-20" -- $sk budget settings "$cid" --voting-until 2026-09-20
check "dates out of order with those stored are refused" 1 "dates out of order" -- $sk budget settings "$cid" --voting-until 2026-09-01
check "an idea with a phone number" 0 '"id"' -- $sk --json budget idea "$cid" --title "Bænke" --contact-phone 12345678
check "archive a budget that never voted" 0 "archived" -- $sk budget archive "$cid"
check "its proposers' contacts are erased" 0 "" -- sh -c "$sk --json budget ideas $cid | python3 -c \"
import json, sys; d = json.load(sys.stdin)
assert d and all(i.get('contact_phone') is None for i in d), d\""
check "an archived budget does not open voting" 1 "archived" -- $sk budget phase "$cid" voting
check "nor changes its dates" 1 "archived" -- $sk budget settings "$cid" --voting-until 2026-09-21
check "archived budgets are listed by phase" 0 "Rettelser $$" -- $sk budget list --phase archived
check "project in a pool" 0 "Bevægelsespark" -- $sk budget project "$id" --title "Bevægelsespark" --cost 150000 --pool store
p1=$(python3 -c "print(1)" >/dev/null; $sk --json budget projects "$id" | python3 -c "import json,sys; print(json.load(sys.stdin)[-1]['id'])")
check "second project" 0 "Bænke" -- $sk budget project "$id" --title "Bænke" --cost 20000 --pool små
p2=$($sk --json budget projects "$id" | python3 -c "import json,sys; print(json.load(sys.stdin)[-1]['id'])")
check "a project that will not fit beside the winner" 0 "Skaterbane" -- $sk budget project "$id" --title "Skaterbane" --cost 100000 --pool store
check "budget show prints its projects readably" 0 "" -- $sk budget show "$id"
if grep -q '\.\.\., \.\.\.' "$out"; then echo "not ok - nested values print as ..., ..."; sed 's/^/#   /' "$out"
elif grep -q '^projects:$' "$out" && grep -qE 'Bænke +20.000 kr.' "$out"; then echo "ok - projects as a table of their own, with title and cost"
else echo "not ok - projects not shown as a table"; sed 's/^/#   /' "$out"; fi
check "codes as CSV" 0 "wrote 3 codes" -- $sk budget codes "$id" --count 3 --label hall --csv "$tmp/codes.csv"
check "the CSV has a header and three codes, ;-separated for Danish Excel" 0 "" -- test "$(tr -d '\r' <"$tmp/codes.csv" | grep -cE '^[0-9]+;[0-9]+;[0-9];[0-9A-Z]{5}-[0-9A-Z]{5}$')" = 3
check "the CSV header is Danish" 0 "" -- test "$(head -n 1 "$tmp/codes.csv" | tr -d '\r' | sed 's/^\xef\xbb\xbf//')" = "borgerbudget;pakke;nummer;kode"
check "the codes CSV is the owner's alone (mode 600)" 0 "" -- test "$(stat -c %a "$tmp/codes.csv")" = 600
check "the CSV is UTF-8 with a BOM, like export csv" 0 "" -- test "$(head -c 3 "$tmp/codes.csv" | od -An -tx1 | tr -d ' ')" = efbbbf
code=$(sed -n 2p "$tmp/codes.csv" | cut -d';' -f4 | tr -d '\r')
check "printable list, in Danish for the people who hand it out" 0 "Hver kode kan stemme én gang. Opbevar listen sikkert" -- $sk budget codes "$id" --count 2 --label letters
check "the Danish list counts its codes" 0 ': 2 stemmekoder$' -- $sk budget codes "$id" --count 2 --label letters
check "in English with --lang en" 0 "Each code votes once. Keep this list safe" -- $sk budget codes "$id" --count 1 --label letters --lang en
check "one code, in the singular" 0 ': 1 voter code$' -- $sk budget codes "$id" --count 1 --label letters --lang en
check "an idea" 0 '"id"' -- $sk --json budget idea "$id" --title "Tænk hvis vi havde en hundeskov" --contact-email borger@example.dk
idea=$(json 'd["id"]')
check "an idea with a text longer than a column" 0 '"id"' -- $sk --json budget idea "$id" --title "Bænke" \
    --text "Flere bænke langs åen, så ældre kan hvile sig på turen fra centret og ned til havnen"
check "ideas list" 0 "hundeskov" -- $sk budget ideas "$id"
check "shows an idea's text whole, without --json" 0 "ned til havnen$" -- $sk budget ideas "$id"
check "rejecting needs a reason" 1 'missing required field "reason"' -- $sk budget idea-reject "$idea"
check "reject with a reason" 0 "rejected" -- $sk budget idea-reject "$idea" --reason "ingen egnet grund"
check "staff's own idea is shown at once" 0 "shown" -- $sk budget ideas "$id"
check "idea-update edits personal data out" 0 "En hundeskov ved åen" -- $sk budget idea-update "$idea" --title "En hundeskov ved åen"
check "idea-hide" 0 "hidden" -- $sk budget idea-hide "$idea"
check "idea-show" 0 "shown" -- $sk budget idea-show "$idea"
check "idea-forget erases its words" 0 '"hidden"' -- $sk --json budget idea-forget "$idea"
is "no title, text or contact left" "d['title'] == '' and d['text'] is None and d['contact_email'] is None and d['visibility'] == 'hidden'"
check "a forgotten idea is not shown again" 1 "has been forgotten" -- $sk budget idea-show "$idea"
check "a development meeting" 0 "37" -- $sk budget meeting "$id" --held-on 2026-08-20 --title "Aften 1" --attendance 37
check "cast before voting is refused" 1 'not "voting"' -- $sk budget cast "$id" --code "$code" --projects "$p1"
check "open voting" 0 "voting" -- $sk budget phase "$id" voting
check "projects are not corrected once voting opened" 1 'cannot change a project' -- $sk budget project-update "$id" --project "$p1" --cost 1
check "nor withdrawn" 1 'cannot withdraw a project' -- $sk budget project-withdraw "$id" --project "$p1"
check "cast" 0 "receipt" -- $sk --json budget cast "$id" --code "$code" --projects "$p1,$p2"
receipt=$(json 'd["receipt"]')
check "cast again is refused" 1 "already been used" -- $sk budget cast "$id" --code "$code" --projects "$p2"
check "staff see the batch sizes of casts: one cast, one batch of one" 0 "" -- $sk --json budget cast-batches "$id"
is "one batch of one" "d == [{'size': 1, 'batches': 1}]"
check "cast-batches as a table" 0 "^SIZE  *BATCHES" -- $sk budget cast-batches "$id"
check "an auditor does not see the batch sizes" 1 "may not call vote.ballot.batches" -- env SAMSKAB_CLI_CERT="$SAMSKAB_VAR/keys/auditor-0730.cert_secret" \
    $sk budget cast-batches "$id"
check "paper ballot entered" 0 '"paper"' -- $sk --json budget paper "$id" --projects "$p2"
paper=$(json 'd["paper"]')
check "the same member cannot confirm" 1 "second member" -- $sk budget paper-confirm "$id" --paper "$paper" --projects "$p2"
check "another member confirms" 0 "receipt" -- env SAMSKAB_CLI_CERT="$SAMSKAB_VAR/keys/staff-0730.cert_secret" \
    $sk budget paper-confirm "$id" --paper "$paper" --projects "$p2"
check "batches" 0 "hall" -- $sk budget batches "$id"
# Closing and publishing cannot be undone: they say what they will do and
# ask for the id again (new-user trial); --yes for scripts
ask="python3 $(dirname "$0")/tty_answer.py"
# asks NAME ID PHASE ACT NOT_DONE STAYS TEXT...: budget phase ID PHASE
# without --yes and without a terminal is a usage error; at a prompt it
# says each TEXT, and a mistyped id does nothing (NOT_DONE is said, the
# budget stays in phase STAYS)
asks() {
    local name=$1 b=$2 phase=$3 act=$4 not_done=$5 stays=$6 text
    shift 6
    check "$name without --yes and without a terminal is a usage error" 2 "give --yes to $act without asking" -- \
        $sk budget phase "$b" "$phase" </dev/null
    for text in "$@"; do
        check "$name says: $text" 1 "$text" -- $ask "$((b + 1))" $sk budget phase "$b" "$phase"
    done
    check "$name: a mistyped id does nothing" 1 "not confirmed: $not_done" -- $ask "$((b + 1))" $sk budget phase "$b" "$phase"
    check "$name: the budget after a mistyped id" 0 "" -- $sk --json budget show "$b"
    is "$name: the budget is still in phase $stays" "d['phase'] == '$stays'"
}
until=$(TZ=Europe/Copenhagen date -d '+3 days' +%F)
check "a budget that votes 3 days more" 0 '"id"' -- $sk --json budget create --name "Tidlig lukning $$" --amount 1000 --voting-until "$until"
early=$(json 'd["id"]')
check "its project" 0 "Bænk" -- $sk budget project "$early" --title "Bænk" --cost 500
ep=$($sk --json budget projects "$early" | python3 -c "import json,sys; print(json.load(sys.stdin)[0]['id'])")
check "its voting opens" 0 "voting" -- $sk budget phase "$early" voting
check "its codes" 0 '"codes"' -- $sk --json budget codes "$early" --count 2
ecode=$(json 'd["codes"][0]')
check "one votes" 0 "receipt" -- $sk budget cast "$early" --code "$ecode" --projects "$ep"
asks "closing" "$early" closed "close the vote" "the vote is still open" voting \
    "now, 3 days before its planned last day, $until" "1 voter code has been used to vote"
check "the id typed again closes" 0 "closed" -- $ask "$early" $sk budget phase "$early" closed
check "a budget closed already is not asked about" 1 'is in phase "closed"' -- $ask "$early" $sk budget phase "$early" closed
check "the budget closed early" 0 "" -- $sk --json budget show "$early"
today=$(TZ=Europe/Copenhagen date +%F)
is "records when voting ran, the plan kept beside" \
    "d['voting_opened'] == '$today' and d['voting_closed'] == '$today' and d['voting_until'] == '$until'"
check "close" 0 "closed" -- $sk budget phase "$id" closed --yes
check "after the close staff still see each batch's use" 0 "" -- sh -c "$sk --json budget batches $id >'$out' && python3 -c \"
import json; d = {b['label']: b for b in json.load(open('$out'))}
assert d['hall']['used'] == 1 and d['letters']['used'] == 0, d\""
check "an auditor sees the batches but not their use" 0 "" -- sh -c "env SAMSKAB_CLI_CERT=$SAMSKAB_VAR/keys/auditor-0730.cert_secret $sk --json budget batches $id >'$out' && python3 -c \"
import json; d = json.load(open('$out'))
assert d and all(b['used'] is None and b['revoked'] is None for b in d), d\""
check "receipt lookup" 0 "$p1" -- $sk budget receipt "$id" "$receipt"
check "ballot list" 0 "$receipt" -- $sk budget ballots "$id"
# Paper ballots after the close: only in a late count, recorded and shown
staff2="env SAMSKAB_CLI_CERT=$SAMSKAB_VAR/keys/staff-0730.cert_secret"
check "a paper after the close is refused" 1 "late count" -- $sk budget paper "$id" --projects "$p2"
check "a late count needs a reason" 2 "reason" -- $sk budget late-count "$id"
check "staff open a late count" 0 "opened_by" -- $sk budget late-count "$id" --reason "en kasse fundet i hallen"
check "a late paper ballot" 0 '"paper"' -- $sk --json budget paper "$id" --projects "$p1,$p2"
paper=$(json 'd["paper"]')
check "the confirmer sees the entry's number, not its projects" 0 "" -- sh -c "$staff2 $sk --json budget papers $id >'$out' && python3 -c \"
import json; d = json.load(open('$out'))
assert [(e['paper'], e['projects'], e['mine']) for e in d] == [($paper, None, False)], d\""
check "the member who keyed it sees its projects" 0 "$p1" -- $sk budget papers "$id"
check "confirmed in another order: an approval ballot is a set" 0 "receipt" -- $staff2 $sk budget paper-confirm "$id" --paper "$paper" --projects "$p2,$p1"
check "a mistyped paper" 0 '"paper"' -- $sk --json budget paper "$id" --projects "$p1"
paper=$(json 'd["paper"]')
check "a tally while one entry waits is refused, in the singular" 1 "1 paper ballot of citizen budget $id waits for a second staff member" -- $sk budget tally "$id"
check "discarding needs a reason" 2 "reason" -- $staff2 $sk budget paper-discard "$id" --paper "$paper"
check "discarded with a reason" 0 "tastet forkert" -- $staff2 $sk budget paper-discard "$id" --paper "$paper" --reason "tastet forkert"
check "a discarded entry cannot be confirmed" 1 "not waiting" -- $staff2 $sk budget paper-confirm "$id" --paper "$paper" --projects "$p1"
check "publishing needs a tally" 1 "tallied" -- $sk budget phase "$id" published --yes
check "tally (the discarded entry does not hold it up)" 0 "Bevægelsespark" -- $sk budget tally "$id"
check "the tally's pool line reads amounts as 150.000 kr." 0 "pool store: budget 200.000 kr., spent 150.000 kr., remaining 50.000 kr." -- $sk budget tally "$id"
check "and so do the results" 0 "pool små: budget 100.000 kr., spent 20.000 kr., remaining 80.000 kr." -- $sk budget results "$id"
check "the results show the late count and who opened it" 0 "late count: 1 paper ballot added after the close" -- $sk budget results "$id"
# Trial counts leave the official rule and results alone
check "a trial count with another rule" 0 "TRIAL COUNT" -- $sk budget tally "$id" --trial --rule mes
check "the trial says so and names its rule" 0 '"trial":true' -- $sk --json budget tally "$id" --trial --rule phragmen
check "a rule without --trial is refused" 1 "trial count" -- $sk budget tally "$id" --rule mes
check "an unknown trial rule is refused" 1 'unknown rule "nope"' -- $sk budget tally "$id" --trial --rule nope
check "after trials the official rule and results stand" 0 "" -- sh -c "$sk --json budget show $id >'$out' && $sk --json budget results $id >'$tmp/res' && python3 -c \"
import json; d = json.load(open('$out')); r = json.load(open('$tmp/res'))
assert d['rule'] == 'greedy' and d['tallied_rule'] == 'greedy', d
assert r['rule'] == 'greedy' and 'trial' not in r, r\""
# A paper confirmed after the tally makes the results stale: no publishing
check "a second late paper" 0 '"paper"' -- $sk --json budget paper "$id" --projects "$p2"
paper=$(json 'd["paper"]')
check "confirmed" 0 "receipt" -- $staff2 $sk budget paper-confirm "$id" --paper "$paper" --projects "$p2"
check "stale results are not published" 1 "changed since the last official tally" -- $sk budget phase "$id" published --yes
check "stale results: no question, the reason and the tally to run" 1 "samskab budget tally $id" -- $ask "$id" $sk budget phase "$id" published
check "the reason" 1 "has not been tallied with its current rule" -- $ask "$id" $sk budget phase "$id" published
check "tally again" 0 "late count: 2 paper ballots" -- $sk budget tally "$id"
check "results chart" 0 "wrote" -- $sk budget results "$id" --svg "$tmp/results.svg"
check "the chart is well-formed SVG naming the winner" 0 "" -- python3 -c "
import xml.etree.ElementTree as E, sys
t = E.parse('$tmp/results.svg')
assert t.getroot().tag.endswith('svg')
assert 'Bevægelsespark' in open('$tmp/results.svg', encoding='utf-8').read()"
check "the chart speaks Danish: title, text alternative, amounts as 150.000 kr., one scale" 0 "" -- python3 -c "
import xml.etree.ElementTree as E
ns = {'s': 'http://www.w3.org/2000/svg'}
r = E.parse('$tmp/results.svg').getroot()
title, desc = r.find('s:title', ns), r.find('s:desc', ns)
assert r.get('role') == 'img' and title is not None and desc is not None, 'title and desc'
assert title.text.endswith(': resultater'), title.text
assert 'Bevægelsespark (2 stemmer, 150.000 kr.)' in desc.text and 'Bænke' in desc.text, desc.text
assert 'budget 200.000 kr., brugt 150.000 kr., tilbage 50.000 kr. Valgt: ' in desc.text, desc.text
assert 'kr..' not in desc.text, ('one full stop after an amount', desc.text)
bars = [b for b in r.iter('{http://www.w3.org/2000/svg}rect') if b.get('class') == 'votes']
assert len(bars) == 2 and all(b.find('s:title', ns) is not None for b in bars), 'bar titles'
votes = [int(b.find('s:title', ns).text.split(': ')[1].split(' ')[0]) for b in bars]
per_vote = {round(float(b.get('width')) / v, 3) for b, v in zip(bars, votes)}
assert len(per_vote) == 1, ('one scale across pools', votes, per_vote)"
check "the chart in English" 0 "wrote" -- $sk budget results "$id" --svg "$tmp/results-en.svg" --lang en
check "says DKK 150,000 and results" 0 "" -- sh -c "grep -q 'DKK 150,000' '$tmp/results-en.svg' && grep -q ': results</title>' '$tmp/results-en.svg'"
asks "publishing" "$id" published "publish the results" "nothing was published" closed \
    "the official tally with rule greedy (not a trial count)" \
    "pool store: Bevægelsespark (150.000 kr.); 150.000 kr. of 200.000 kr."
check "publish names the rule and results it publishes" 0 "" -- sh -c "$sk --json budget phase $id published --yes >'$out' && python3 -c \"
import json; d = json.load(open('$out'))
assert d['phase'] == 'published' and d['results']['rule'] == 'greedy', d
assert d['results']['pools'][0]['winners'][0]['title'] == 'Bevægelsespark', d\""
touch "$tmp/afile"
check "a file where the folder should be is refused" 2 "is a file, not a folder" -- $sk budget export "$id" "$tmp/afile"
check "export to a new folder: one .pb per pool, no double slash" 0 "wrote [0-9]* bytes to $tmp/pb/$id-store.pb" -- $sk budget export "$id" "$tmp/pb/"
check "the folder is made the owner's alone (mode 700)" 0 "" -- test "$(stat -c %a "$tmp/pb")" = 700
check "--pool with a folder writes that pool only" 0 "$id-små.pb" -- $sk budget export "$id" "$tmp/pb-one" --pool små
check "one file" 0 "" -- test "$(ls "$tmp/pb-one" | wc -l)" = 1
check "two files, META as Pabulib's checker expects, selected 1 for the winners only" 0 "" -- python3 -c "
import glob
files = sorted(glob.glob('$tmp/pb/$id-*.pb'))
assert len(files) == 2, files
store = open('$tmp/pb/$id-store.pb', encoding='utf-8').read()
for line in ('rule;greedy', 'subunit;store', 'unit;Randers', 'district;Vestbyen $$',
             # voting was planned from 6 September, and ran today
             'date_begin;$(TZ=Europe/Copenhagen date +%d.%m.%Y)', 'date_end;$(TZ=Europe/Copenhagen date +%d.%m.%Y)',
             'project_id;cost;votes;selected;name', 'p1;150000;2;1;Bevægelsespark'):
    assert line in store.splitlines(), (line, store)
losers = [l for l in store.splitlines() if l.endswith(';Skaterbane')]
assert len(losers) == 1 and losers[0].split(';')[3] == '0', (losers, store)"
check "samskab-tally reads the exported pool" 0 '"p1"' -- $tally --json --rule greedy "$tmp/pb/$id-store.pb"
check "samskab-tally without --rule takes the file's rule" 0 "^rule: *greedy$" -- $tally "$tmp/pb/$id-store.pb"
check "and prints each winner's title and amounts in kroner beside its code" 0 "p1 .* 150.000 kr\. .*Bevægelsespark" -- $tally "$tmp/pb/$id-store.pb"
check "the budget in kroner too" 0 "^budget: *200.000 kr\.$" -- $tally "$tmp/pb/$id-store.pb"
$tally --json --rule greedy "$tmp/pb/$id-store.pb" >"$tmp/t.json" 2>"$err"
check "samskab-tally selects exactly the rows marked selected" 0 "" -- python3 -c "
import json
text = open('$tmp/pb/$id-store.pb', encoding='utf-8').read()
rows = text.split('PROJECTS\\n')[1].split('VOTES')[0].splitlines()[1:]
marked = sorted(r.split(';')[0] for r in rows if r.split(';')[3] == '1')
won = sorted(w['project_id'] for w in json.load(open('$tmp/t.json'))['winners'])
assert marked == won and len(rows) == 2, (marked, won, rows)"
check "samskab-tally takes Pabulib's rule names" 0 "" -- sh -c "$tally --json --rule equalshares '$data/toy_ties.pb' >'$tmp/a.json' && $tally --json --rule mes '$data/toy_ties.pb' >'$tmp/b.json' && python3 -c \"
import json; a = json.load(open('$tmp/a.json')); b = json.load(open('$tmp/b.json'))
assert a['winners'] == b['winners'], (a, b)\""
check "a trial count after publication" 0 "TRIAL COUNT" -- $sk budget tally "$id" --trial --rule mes
check "leaves the published results" 0 "rule greedy" -- $sk budget results "$id"
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
check "a poll with two winners and three participants" 0 '"id"' -- $sk --json poll create --title "To vindere" \
    --option A --option B --option C --option D --winners 2 --max-participants 3
poll=$(json 'd["id"]')
for c in 2,3 3 2,1; do $sk poll vote "$poll" --choices "$c" >/dev/null || echo "not ok - poll vote $c"; done
check "a fourth participant is refused" 1 "all have voted" -- $sk poll vote "$poll" --choices 4
check "the poll names two winners" 0 "winners: B, C" -- $sk poll results "$poll"
check "in JSON too" 0 "" -- sh -c "$sk --json poll results $poll >'$out' && python3 -c \"
import json; d = json.load(open('$out'))
assert d['winners'] == ['B', 'C'] and d['winner'] == 'B' and d['votes'] == 3, d\""
check "a poll cannot pick all its options" 1 "picks at most 1 of them" -- $sk poll create --title X --option A --option B --winners 2
